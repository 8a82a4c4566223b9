import type { DisputeReason, DisputeStatus } from '../../core/api/enums';
import type { Caller } from '../caller';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { violationOf } from '../ledger/violation';
import { openDispute } from './service';
import type { DisputeRefusal } from './texts';

export type ChannelDispute =
  | { ok: true; saleId: string; status: DisputeStatus }
  | { ok: false; refusal: DisputeRefusal };

const REFUSALS: readonly DisputeRefusal[] = ['dispute_open', 'sale_not_disputable', 'not_found'];

/**
 * A dispute over USSD or SMS (DESIGN 6): the app's dispute service with the channel's key
 * (`ussd:<sessionId>`, `sms:<id>`), a refusal as a value for the screen or the reply.
 */
export async function channelDispute(
  deps: Deps,
  caller: Caller,
  key: string,
  saleId: string,
  reason: DisputeReason,
): Promise<ChannelDispute> {
  try {
    const { dispute } = await openDispute(deps, caller, saleId, key, { reason });
    return { ok: true, saleId, status: dispute.status };
  } catch (error) {
    const refusal = REFUSALS.find((r) => error instanceof AppError && r === error.code);
    if (refusal) return { ok: false, refusal };
    if (violationOf(error) === 'busy') return { ok: false, refusal: 'busy' };
    throw error;
  }
}

/**
 * The outlet's sale whose reference ends in `tail` (the 6 characters receipts and
 * `LAST` show, worker/channel/texts.ts refTail), among its last 200 sales; the newest
 * when two share it.
 */
export async function saleByRefTail(
  deps: Deps,
  outletId: string,
  tail: string,
): Promise<string | undefined> {
  const { rows } = await deps.client.execute({
    sql: `SELECT id FROM (SELECT id FROM sales WHERE retailer_id = ? ORDER BY id DESC LIMIT 200)
          WHERE upper(replace(id, '-', '')) LIKE ? ORDER BY id DESC LIMIT 1`,
    args: [outletId, `%${tail.toUpperCase()}`],
  });
  return rows[0] ? String(rows[0].id) : undefined;
}
