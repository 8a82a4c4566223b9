/** The deployment's system accounts: their balances may go negative, a wallet's may not. */
export const SYSTEM_ACCOUNTS = {
  /** What Airload owes the carriers for airtime sold (holds credit it, reversals debit it). */
  settlement: 'sys:settlement',
  /** Where wallet money comes from: cash deposits and stock purchases. */
  funding: 'sys:funding',
  /** Pays retailers' commission. */
  commissionPool: 'sys:commission_pool',
  /** Pays a dispute refunded without the carrier's reversal (DESIGN 11); goes negative by what it paid. */
  disputeLosses: 'sys:dispute_losses',
} as const;

export const walletAccountId = (userId: string) => `wallet:${userId}`;
export const commissionAccountId = (userId: string) => `commission:${userId}`;
