import type { InStatement } from '@libsql/client';
import { v7 as uuidv7 } from 'uuid';
import type { RefundSource } from '../../core/api/disputes';
import type { DisputeStatus } from '../../core/api/enums';
import type { AuditEntry } from '../audit/chain';
import { auditEntry } from '../audit/entry';
import { money } from '../channel/texts';
import type { Deps } from '../deps';
import { reverseSale } from '../ledger/statements';
import type { SaleRow } from '../sales/view';
import { moveDispute, queueOutletSms, refundFromLosses, type Who } from './statements';
import { disputeTextsFor } from './texts';

export interface DisputeRef {
  id: string;
  saleId: string;
  retailerId: string;
}

/** The amount a refund from `source` gives back to the wallet: only new transfers count. */
const refundAmount = (sale: SaleRow, source: RefundSource) => (source === 'void' ? 0 : sale.amount);

/** The money of a refund from `source`: none for a sale voided or reversed before. */
function moneyStatements(sale: SaleRow, source: RefundSource, now: number): InStatement[] {
  if (source === 'dispute_losses') return refundFromLosses(sale.id, sale.retailerId, now);
  if (source === 'carrier_reversal' && sale.status === 'succeeded')
    return reverseSale(sale.id, now);
  return [];
}

/**
 * A dispute's final status as one write's statements and audit entry (DESIGN 11): the
 * status change and its history entry first (a dispute closed meanwhile refuses the whole
 * write), the refund's transfers, and the outlet's SMS. `source` says where a refund's
 * money comes from; a `carrier_reversal` of a sale still succeeded is the reversal's own
 * transfers (worker/ledger/statements.ts reverseSale), of a sale reversed already none.
 */
export function finalStatements(
  deps: Deps,
  dispute: DisputeRef,
  sale: SaleRow,
  who: Who,
  outcome: Extract<DisputeStatus, 'refunded' | 'rejected'>,
  options: { note: string | null; source?: RefundSource; outletLocale?: string | null },
): { statements: InStatement[]; audit: AuditEntry[] } {
  const now = deps.clock.now();
  const refund =
    outcome === 'refunded' && options.source
      ? { source: options.source, amount: refundAmount(sale, options.source) }
      : undefined;
  const t = disputeTextsFor(options.outletLocale);
  const sms = t.resolved(
    sale.id,
    t.status[outcome],
    refund?.amount ? money(refund.amount, sale.currency) : '',
  );
  return {
    statements: [
      ...moveDispute(
        {
          disputeId: dispute.id,
          saleId: sale.id,
          status: outcome,
          note: options.note,
          now,
          ...(refund ? { refund } : {}),
        },
        who,
      ),
      ...(refund ? moneyStatements(sale, refund.source, now) : []),
      queueOutletSms(uuidv7(), dispute.retailerId, sms, now),
    ],
    audit: [
      auditEntry(deps, who, `dispute_${outcome}`, who.channel, dispute.retailerId, {
        dispute_id: dispute.id,
        sale_id: sale.id,
        ...(refund ? { source: refund.source, amount: refund.amount } : {}),
      }),
    ],
  };
}

/** The automatic refund at opening (DESIGN 11): from the sale's void, or from dispute_losses. */
export const refundStatements = (
  deps: Deps,
  dispute: DisputeRef,
  sale: SaleRow,
  who: Who,
  options: { note: string; source: RefundSource; outletLocale?: string | null },
) => finalStatements(deps, dispute, sale, who, 'refunded', options);
