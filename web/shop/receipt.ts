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
    entry.saleId ? msg(str`Ref: ${entry.saleId}`) : msg('Ref: given when the sale is sent'),
  ];
  return lines.join('\n');
}
