import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { sales, smsMessages, users } from '../../db/schema';
import { money, textsFor } from '../channel/texts';
import type { Deps } from '../deps';
import { receiptText } from '../receipts/service';
import { saleView } from '../sales/view';
import { smsGatewayOf } from './gateway';

/**
 * Outgoing SMS through the `sms_messages` table (DESIGN 6, issue 10). A sale's receipts
 * are queued by a trigger in the write that settles it (migration 0006_sms_receipts), so the request
 * path and reconciliation cannot both queue one. A sender takes queued rows with a
 * compare-and-set (status queued -> sending under its claim), so two senders at once
 * never send one twice; what a crash leaves queued, the next run sends.
 */

const BATCH = 50;

interface Flusher {
  running?: Promise<void>;
  again: boolean;
}
const flushers = new WeakMap<Deps, Flusher>();

/**
 * Sends what is queued, in the background (deps.background). Called after a write that
 * may have queued receipts; a call while a run is under way makes that run go again.
 */
export function kickOutbox(deps: Deps): void {
  let flusher = flushers.get(deps);
  if (!flusher) {
    flusher = { again: false };
    flushers.set(deps, flusher);
  }
  if (flusher.running) {
    flusher.again = true;
    return;
  }
  const f = flusher;
  const run = (async () => {
    try {
      do {
        f.again = false;
        while ((await flushOutbox(deps)) === BATCH) {}
      } while (f.again);
    } finally {
      f.running = undefined;
    }
  })().catch((error) => console.error('sms outbox failed', error));
  f.running = run;
  deps.background(run);
}

type Claimed = {
  message: typeof smsMessages.$inferSelect;
  sale: typeof sales.$inferSelect | null;
  outlet: { name: string; locale: string | null } | null;
};

/** The text of a receipt: the customer's as the app's receipt, the outlet's in its language. */
function receiptFor({ message, sale, outlet }: Claimed, timeZone: string): string {
  if (message.body) return message.body;
  if (!sale) return '';
  const view = saleView(sale);
  if (message.audience === 'customer') {
    if (sale.status === 'succeeded') return receiptText(view, timeZone);
    return `Airload: ${money(sale.amount, sale.currency)} airtime to ${sale.msisdn} was not sent. Ref ${sale.id}`;
  }
  const t = textsFor(outlet?.locale);
  return t.outletReceipt(
    sale.id,
    sale.msisdn,
    money(sale.amount, sale.currency),
    t.status[sale.status],
  );
}

/** One batch: claim up to BATCH queued messages, send them, record each outcome. */
export async function flushOutbox(deps: Deps): Promise<number> {
  const claim = uuidv7();
  const now = deps.clock.now();
  await deps.writer.write([
    {
      sql: `UPDATE sms_messages SET status = 'sending', claim = ?, updated_at = ?
            WHERE id IN (SELECT id FROM sms_messages WHERE status = 'queued' ORDER BY created_at LIMIT ?)`,
      args: [claim, now, BATCH],
    },
  ]);
  const claimed: Claimed[] = await deps.db
    .select({
      message: smsMessages,
      sale: sales,
      outlet: { name: users.name, locale: users.locale },
    })
    .from(smsMessages)
    .leftJoin(sales, eq(sales.id, smsMessages.saleId))
    .leftJoin(users, eq(users.id, sales.retailerId))
    .where(eq(smsMessages.claim, claim));
  if (claimed.length === 0) return 0;
  const gateway = smsGatewayOf(deps);
  const outcomes = await Promise.all(
    claimed.map(async (c) => {
      const text = receiptFor(c, deps.config.TIMEZONE);
      try {
        const { id } = await gateway.send(c.message.toNumber, text);
        return { id: c.message.id, text, providerId: id, failure: null };
      } catch (error) {
        return { id: c.message.id, text, providerId: null, failure: String(error).slice(0, 200) };
      }
    }),
  );
  const at = deps.clock.now();
  await deps.writer.write(
    outcomes.map((o) => ({
      sql: `UPDATE sms_messages SET status = ?, body = ?, provider_id = ?, failure = ?, updated_at = ?
            WHERE id = ?`,
      args: [o.failure ? 'failed' : 'sent', o.text, o.providerId, o.failure, at, o.id],
    })),
  );
  return claimed.length;
}

/**
 * A reply to an SMS command (DESIGN 6): sent at once through the gateway and recorded,
 * so its delivery report has a row to land on. Never carries the PIN.
 */
export async function sendReply(deps: Deps, to: string, text: string): Promise<void> {
  let providerId: string | null = null;
  let failure: string | null = null;
  try {
    providerId = (await smsGatewayOf(deps).send(to, text)).id;
  } catch (error) {
    failure = String(error).slice(0, 200);
  }
  const now = deps.clock.now();
  await deps.writer.write([
    {
      sql: `INSERT INTO sms_messages (id, audience, to_number, body, status, provider_id, failure,
              created_at, updated_at) VALUES (?, 'reply', ?, ?, ?, ?, ?, ?, ?)`,
      args: [uuidv7(), to, text, failure ? 'failed' : 'sent', providerId, failure, now, now],
    },
  ]);
}

/** Africa's Talking's delivery statuses, to the message's own. */
const DELIVERY: Record<string, 'delivered' | 'failed' | undefined> = {
  Success: 'delivered',
  Failed: 'failed',
  Rejected: 'failed',
  Expired: 'failed',
};

/** POST /sms/delivery: the provider's word on a message it sent. True when it named one of ours. */
export async function recordDelivery(
  deps: Deps,
  report: { id: string; status: string; failureReason?: string | undefined },
): Promise<boolean> {
  const status = DELIVERY[report.status];
  if (!status) return false;
  const [result] = await deps.writer.write([
    {
      sql: `UPDATE sms_messages SET status = ?, failure = ?, updated_at = ?
            WHERE provider_id = ? AND status IN ('sent', 'delivered', 'failed')`,
      args: [
        status,
        status === 'failed' ? (report.failureReason ?? report.status).slice(0, 200) : null,
        deps.clock.now(),
        report.id,
      ],
    },
  ]);
  return result?.rowsAffected === 1;
}
