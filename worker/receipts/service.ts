import { localTimeIn } from '../../core/day';
import { formatMoneyText } from '../../core/money';
import type { Deps } from '../deps';
import { appError } from '../errors';
import { outletZone } from '../regions/zones';
import { getSale } from '../sales/service';
import type { SaleView } from '../sales/view';
import { smsGatewayOf } from '../sms/gateway';

/** The receipt's amount: the ISO code (SMS has no room for symbols), plain spaces. */
export const formatMoney = formatMoneyText;

/**
 * The customer's receipt: one SMS (at most 160 characters for any sale), its time as
 * the shop's clock reads it, in the outlet's zone (its region's, else TIMEZONE: DESIGN 8,
 * issue 11).
 */
export function receiptText(sale: SaleView, timeZone: string): string {
  const at = localTimeIn(Date.parse(sale.created_at), timeZone);
  // Issue 12: the receipt of a sale a dispute refunded says so.
  const refunded = sale.refunded_at ? ' REFUNDED.' : '';
  return `Airload: ${formatMoney(sale.amount, sale.currency)} airtime sent to ${sale.msisdn} on ${at}. Ref ${sale.id}${refunded}`;
}

/**
 * POST /api/v1/sales/:id/receipt-sms (issue 4): the receipt of one of the retailer's
 * own succeeded sales, to the number that received the airtime and no other.
 */
export async function sendReceiptSms(deps: Deps, retailerId: string, saleId: string) {
  const sale = await getSale(deps, retailerId, saleId);
  if (sale.status !== 'succeeded') {
    throw appError('receipt_unavailable', `A ${sale.status} sale has no receipt to send`);
  }
  const text = receiptText(sale, await outletZone(deps, retailerId));
  const { id } = await smsGatewayOf(deps).send(sale.msisdn, text);
  return { id, to: sale.msisdn, text };
}
