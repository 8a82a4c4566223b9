import { eq } from 'drizzle-orm';
import { transfers, users } from '../../db/schema';
import { auditEntry } from '../audit/entry';
import type { AuthUser } from '../auth/middleware';
import { canAccessUser } from '../auth/scope';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { type CsvField, toCsv } from '../http/csv';
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

/** Most transfers GET /stock-transfers answers (and its CSV carries), newest first. */
export const TRANSFER_LIST_MAX = 500;

/** GET /stock-transfers: the distributor's own stock transfers, each with its retailer. */
export async function listTransfers(deps: Deps, distributorId: string) {
  const { rows } = await deps.client.execute({
    sql: `SELECT t.id, a.user_id AS retailer_id, u.name AS retailer_name, t.amount, t.reference,
            t.created_at
          FROM transfers t JOIN accounts a ON a.id = t.credit_account_id
          JOIN users u ON u.id = a.user_id
          WHERE t.debit_account_id = ? AND t.kind = 'stock'
          ORDER BY t.id DESC LIMIT ?`,
    args: [walletAccountId(distributorId), TRANSFER_LIST_MAX],
  });
  return rows.map((r) => {
    const reference = String(r.reference ?? '');
    return {
      id: Number(r.id),
      retailer_id: String(r.retailer_id),
      retailer_name: String(r.retailer_name),
      amount: Number(r.amount),
      currency: deps.config.CURRENCY,
      request_id: reference.startsWith('stock-request:')
        ? reference.slice('stock-request:'.length)
        : null,
      created_at: new Date(Number(r.created_at)).toISOString(),
    };
  });
}

export type TransferLine = Awaited<ReturnType<typeof listTransfers>>[number];

const TRANSFER_FIELDS: CsvField<TransferLine>[] = [
  { label: 'id', value: (t) => t.id },
  { label: 'created_at', value: (t) => t.created_at },
  { label: 'retailer_id', value: (t) => t.retailer_id },
  { label: 'retailer_name', value: (t) => t.retailer_name },
  { label: 'amount', value: (t) => t.amount },
  { label: 'currency', value: (t) => t.currency },
  { label: 'request_id', value: (t) => t.request_id },
];

/** GET /stock-transfers/export.csv (issue 11: CSV where a screen lists money). */
export const transfersCsv = (rows: readonly TransferLine[]) => toCsv(rows, TRANSFER_FIELDS);
