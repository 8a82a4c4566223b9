import { eq } from 'drizzle-orm';
import { transfers, users } from '../../db/schema';
import { auditEntry } from '../audit/entry';
import type { AuthUser } from '../auth/middleware';
import { canAccessUser } from '../auth/scope';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { walletAccountId } from '../ledger/accounts';
import { stockTransfer } from '../ledger/statements';
import { violationOf } from '../ledger/violation';

export interface StockRequest {
  retailer_id: string;
  amount: number;
}

type Sender = Pick<AuthUser, 'id' | 'role'>;

/** The key's transfer is stored under this reference (transfers.reference is UNIQUE). */
const referenceOf = (distributorId: string, key: string) => `stock:${distributorId}:${key}`;

/** The transfer a key already made, or 422 when the key was used for another request. */
async function answerForKey(deps: Deps, sender: Sender, reference: string, request: StockRequest) {
  const [row] = await deps.db.select().from(transfers).where(eq(transfers.reference, reference));
  if (!row) return undefined;
  if (
    row.kind !== 'stock' ||
    row.debitAccountId !== walletAccountId(sender.id) ||
    row.creditAccountId !== walletAccountId(request.retailer_id) ||
    row.amount !== request.amount
  ) {
    throw appError('idempotency_key_reused', 'This Idempotency-Key was used for another transfer');
  }
  return {
    id: row.id,
    retailer_id: request.retailer_id,
    amount: row.amount,
    currency: deps.config.CURRENCY,
    created_at: new Date(row.createdAt).toISOString(),
  };
}

async function retailerInScope(deps: Deps, sender: Sender, retailerId: string): Promise<boolean> {
  if (!(await canAccessUser(deps, sender, retailerId))) return false;
  const [row] = await deps.db
    .select({ role: users.role })
    .from(users)
    .where(eq(users.id, retailerId));
  return row?.role === 'retailer';
}

/**
 * POST /api/v1/stock-transfers (DESIGN 1): a distributor moves wallet stock to a
 * retailer under it, in one atomic write with its audit entry. Idempotent by the
 * distributor's Idempotency-Key. A refusal (insufficient funds, frozen) writes nothing
 * and does not stick: the same key may be tried again once the wallet can pay.
 */
export async function transferStock(
  deps: Deps,
  sender: Sender,
  key: string,
  request: StockRequest,
) {
  const reference = referenceOf(sender.id, key);
  const known = await answerForKey(deps, sender, reference, request);
  if (known) return { transfer: known, replayed: true };
  if (!(await retailerInScope(deps, sender, request.retailer_id))) throw notFound('Retailer');

  try {
    await deps.writer.write(
      stockTransfer(sender.id, request.retailer_id, request.amount, reference, deps.clock.now()),
      [
        auditEntry(deps, sender, 'stock_transfer', 'app', request.retailer_id, {
          amount: request.amount,
          key,
        }),
      ],
    );
  } catch (error) {
    const violation = violationOf(error);
    if (violation === 'insufficient_funds' || violation === 'outlet_frozen')
      throw appError(violation);
    // The same key raced in from another request: its transfer is the answer.
    if (violation === 'duplicate_reference') {
      const answer = await answerForKey(deps, sender, reference, request);
      if (answer) return { transfer: answer, replayed: true };
    }
    throw error;
  }
  const made = await answerForKey(deps, sender, reference, request);
  return { transfer: made!, replayed: false };
}
