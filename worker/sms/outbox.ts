import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { regions, sales, smsMessages, users } from '../../db/schema';
import { money, textsFor } from '../channel/texts';
import type { Deps } from '../deps';
import { receiptText } from '../receipts/service';
import { zoneOr } from '../regions/zones';
import { saleView } from '../sales/view';
import { smsGatewayOf } from './gateway';

/**
 * Outgoing SMS through the `sms_messages` table (DESIGN 6, issue 10). A sale's receipts
 * are queued by a trigger in the write that settles it (migration 0006_sms_receipts), so the request
 * path and reconciliation cannot both queue one. A sender takes queued rows with a
 * compare-and-set (status queued -> sending under its claim), so two senders at once
 * never send one twice; what a crash leaves queued, the next run sends, and what it
 * leaves claimed, a run after LEASE_MS.
 */

const BATCH = 50;

/**
 * How long one run may take on later kicks. A run lives in the background of the request
 * that started it: on Workers that request's ctx.waitUntil, which the runtime ends about
 * 30 s after its answer, and with it whatever the run was doing. Under steady traffic
 * every settled sale kicks again, so an open-ended run would outlive it; instead a kick
 * after RUN_MS starts a run of its own, in its own request (the claims keep two runs
 * from sending one message twice). What a run leaves queued, the next kick sends.
 */
export const RUN_MS = 10_000;

/**
 * How long a claim holds. A run that claimed messages and then ended before it recorded
 * them (its waitUntil cut off, the isolate or host gone, its read of the claim behind
 * the write) would otherwise leave them `sending` for ever; after LEASE_MS the next run
 * (a kick, or reconciliation's) takes them again. A receipt may then go twice in a rare
 * crash, rather than never.
 */
export const LEASE_MS = 60_000;

interface Flusher {
  running?: Promise<void>;
  again: boolean;
  startedAt: number;
}
const flushers = new WeakMap<Deps, Flusher>();

/**
 * Sends what is queued, in the background (deps.background). Called after a write that
 * may have queued receipts; a call while a young run is under way makes that run go again.
 */
export function kickOutbox(deps: Deps): void {
  const now = deps.clock.now();
  const current = flushers.get(deps);
  if (current?.running && now - current.startedAt < RUN_MS) {
    current.again = true;
    return;
  }
  const f: Flusher = { again: false, startedAt: now };
  flushers.set(deps, f);
  const young = () => deps.clock.now() - f.startedAt < RUN_MS;
  const run = (async () => {
    try {
      do {
        f.again = false;
        while ((await flushOutbox(deps)) === BATCH && young()) {}
      } while (f.again && young());
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
  /** The outlet's region's zone, null for TIMEZONE. */
  zone: string | null;
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
            WHERE id IN (SELECT id FROM sms_messages
                         WHERE status = 'queued' OR (status = 'sending' AND updated_at < ?)
                         ORDER BY created_at LIMIT ?)`,
      args: [claim, now, now - LEASE_MS, BATCH],
    },
  ]);
  const claimed: Claimed[] = await deps.db
    .select({
      message: smsMessages,
      sale: sales,
      outlet: { name: users.name, locale: users.locale },
      zone: regions.timezone,
    })
    .from(smsMessages)
    .leftJoin(sales, eq(sales.id, smsMessages.saleId))
    .leftJoin(users, eq(users.id, sales.retailerId))
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(eq(smsMessages.claim, claim));
  if (claimed.length === 0) return 0;
  const gateway = smsGatewayOf(deps);
  const outcomes = await Promise.all(
    claimed.map(async (c) => {
      const text = receiptFor(c, zoneOr(c.zone, deps.config));
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
