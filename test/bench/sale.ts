import { v7 as uuidv7 } from 'uuid';
import type { AuditEntry } from '../../worker/audit/chain';
import { type NewSale, saleDay } from '../../worker/ledger/statements';

/** What the host stores for the request; its value does not change the cost of the write. */
const REQUEST_HASH = 'f'.repeat(64);

/**
 * One succeeding sale as the host writes it (worker/ledger/statements.ts): KES 10.00 to
 * '0712345678' with Safaricom's 6% commission, rounded down, as the host computes it.
 */
export function benchSale(retailerId: string, idempotencyKey: string): NewSale {
  const now = Date.now();
  return {
    id: uuidv7(),
    retailerId,
    idempotencyKey,
    requestHash: REQUEST_HASH,
    msisdn: '+254712345678',
    amount: 1_000,
    currency: 'KES',
    productId: 'safaricom-airtime',
    operator: 'safaricom',
    commission: 60,
    channel: 'app',
    now,
    resolveAfter: now + 15_000,
    // The daily limit is a per-outlet business rule, not what is measured here.
    dailyLimit: Number.MAX_SAFE_INTEGER,
    // DESIGN 8's default TIMEZONE.
    ...saleDay(now, 'Africa/Nairobi'),
  };
}

/** The audit entry the host appends with every hold (worker/sales/service.ts). */
export const saleAudit = (sale: NewSale): AuditEntry => ({
  at: sale.now,
  actorId: sale.retailerId,
  actorRole: 'retailer',
  action: 'sale',
  channel: sale.channel,
  subject: sale.id,
  detail: { msisdn: sale.msisdn, amount: sale.amount },
});
