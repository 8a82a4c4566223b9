import { msg, str } from '@lit/localize';
import { dateTime, money, operatorName, statusLabel } from '../shared/labels';
import type { Entry } from './history';

/** The receipt as text, to share (Web Share or the clipboard) in the shopkeeper's language. */
export function receiptText(entry: Entry, shop: string): string {
  const lines = [
    msg(str`Airload receipt — ${shop}`),
    msg(
      str`${money(entry.amount, entry.currency)} airtime to ${entry.msisdn} (${operatorName(entry.operator)})`,
    ),
    msg(str`Status: ${statusLabel(entry.status)}`),
    dateTime(entry.createdAt),
    // A dispute gave the money back (DESIGN 11): the receipt must not read as a sale that stands.
    ...(entry.refunded
      ? [msg(str`Refunded ${dateTime(entry.refunded)}: the amount went back to the shop's wallet.`)]
      : []),
    entry.saleId ? msg(str`Ref: ${entry.saleId}`) : msg('Ref: given when the sale is sent'),
  ];
  return lines.join('\n');
}
