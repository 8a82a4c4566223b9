import { eq } from 'drizzle-orm';
import { transfers, users } from '../../db/schema';
import { type Actor, auditEntry } from '../audit/entry';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { walletAccountId } from '../ledger/accounts';
import { fundWallet } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { parseMsisdn } from '../sales/phone';

export interface FundingRequest {
  phone: string;
  amount: number;
  reference: string;
}

async function existing(deps: Deps, request: FundingRequest, walletId: string) {
  const [row] = await deps.db
    .select()
    .from(transfers)
    .where(eq(transfers.reference, request.reference));
  if (!row) return undefined;
  if (row.creditAccountId !== walletId || row.amount !== request.amount || row.kind !== 'funding') {
    throw appError('reference_reused', 'This reference was used for another funding');
  }
  return row;
}

/**
 * POST /api/v1/admin/fundings: a cash deposit or a stock purchase credits a wallet
 * from the funding account. Idempotent by reference: the same funding again is
 * answered, not applied twice.
 */
export async function fundWalletByPhone(deps: Deps, actor: Actor, request: FundingRequest) {
  const phone = parseMsisdn(request.phone, deps.config.DEFAULT_COUNTRY).e164;
  const [user] = await deps.db.select().from(users).where(eq(users.phone, phone));
  if (!user || (user.role !== 'retailer' && user.role !== 'distributor')) throw notFound('Wallet');
  const walletId = walletAccountId(user.id);

  let replayed = true;
  let row = await existing(deps, request, walletId);
  if (!row) {
    try {
      await deps.writer.write(
        fundWallet(user.id, request.amount, request.reference, deps.clock.now()),
        [
          auditEntry(deps, actor, 'funding', 'app', user.id, {
            amount: request.amount,
            reference: request.reference,
          }),
        ],
      );
      replayed = false;
    } catch (error) {
      if (violationOf(error) !== 'duplicate_reference') throw error;
    }
    row = await existing(deps, request, walletId);
  }
  return {
    replayed,
    funding: {
      id: row!.id,
      phone,
      amount: row!.amount,
      reference: request.reference,
      currency: deps.config.CURRENCY,
      created_at: new Date(row!.createdAt).toISOString(),
    },
  };
}
