import { inArray } from 'drizzle-orm';
import { accounts } from '../../db/schema';
import type { Deps } from '../deps';
import { commissionAccountId, walletAccountId } from '../ledger/accounts';

/** GET /api/v1/wallet (DESIGN 8). Commission accrues in its own account, not in the wallet. */
export async function getWallet(deps: Deps, userId: string) {
  const rows = await deps.db
    .select()
    .from(accounts)
    .where(inArray(accounts.id, [walletAccountId(userId), commissionAccountId(userId)]));
  const wallet = rows.find((a) => a.kind === 'wallet');
  const commission = rows.find((a) => a.kind === 'commission');
  return {
    available: wallet ? wallet.creditsPosted - wallet.debitsPosted - wallet.debitsPending : 0,
    held: wallet?.debitsPending ?? 0,
    commission: commission ? commission.creditsPosted - commission.debitsPosted : 0,
    currency: deps.config.CURRENCY,
  };
}

/** How each kind of transfer changes the wallet's available balance. */
const availableChange = (kind: string, amount: number, debit: boolean): number => {
  if (kind === 'post') return 0; // the hold already took it from available
  if (kind === 'void') return amount; // the hold gives it back
  return debit ? -amount : amount;
};

/**
 * GET /api/v1/wallet/statement: the wallet's transfers, newest first, each with its
 * sale and that sale's commission. Two index range scans (debit side, credit side)
 * merged, so a page costs the same with a thousand transfers or a million.
 */
export async function getStatement(deps: Deps, userId: string, limit: number, cursor?: number) {
  const wallet = walletAccountId(userId);
  const before = cursor ?? Number.MAX_SAFE_INTEGER;
  const result = await deps.client.execute({
    sql: `SELECT t.id, t.kind, t.amount, t.debit_account_id, t.reference, t.created_at,
                 s.id AS sale_id, s.msisdn, s.status, s.commission
          FROM (
            SELECT * FROM (SELECT id FROM transfers WHERE debit_account_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3)
            UNION ALL
            SELECT * FROM (SELECT id FROM transfers WHERE credit_account_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3)
          ) page
          JOIN transfers t ON t.id = page.id
          LEFT JOIN sales s ON s.id = t.sale_id
          ORDER BY t.id DESC LIMIT ?3`,
    args: [wallet, before, limit],
  });
  const items = result.rows.map((r) => {
    const amount = Number(r.amount);
    const debit = r.debit_account_id === wallet;
    return {
      id: Number(r.id),
      kind: String(r.kind),
      amount,
      available_change: availableChange(String(r.kind), amount, debit),
      reference: r.reference === null ? null : String(r.reference),
      created_at: new Date(Number(r.created_at)).toISOString(),
      sale:
        r.sale_id === null
          ? null
          : {
              id: String(r.sale_id),
              msisdn: String(r.msisdn),
              status: String(r.status),
              commission: r.status === 'succeeded' ? Number(r.commission) : 0,
            },
    };
  });
  return { items, next_cursor: items.length === limit ? items[items.length - 1]!.id : null };
}
