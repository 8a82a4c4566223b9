import { msg } from '@lit/localize';
import { formatMoney } from '../../core/money';
import { getLocale } from './locale';
import type { SendError } from './outbox/retry';
import type { SaleStatus } from './types';

/** A sale's status as a user sees it: on the server, or still in the device's outbox. */
export type DisplayStatus = 'queued' | 'sending' | SaleStatus;

/** Words shown in several screens, in the current language. */

export function statusLabel(status: DisplayStatus): string {
  switch (status) {
    case 'queued':
      return msg('Queued', { id: 'status.queued' });
    case 'sending':
      return msg('Sending', { id: 'status.sending' });
    case 'pending':
      return msg('Pending', { id: 'status.pending' });
    case 'unknown':
      return msg('Unknown', { id: 'status.unknown' });
    case 'succeeded':
      return msg('Succeeded', { id: 'status.succeeded' });
    case 'failed':
      return msg('Failed', { id: 'status.failed' });
    case 'reversed':
      return msg('Reversed', { id: 'status.reversed' });
  }
}

export const operatorName = (operator: string): string =>
  operator ? operator.charAt(0).toUpperCase() + operator.slice(1) : msg('Unknown operator');

export const money = (amount: number, currency: string): string =>
  formatMoney(amount, currency, getLocale());

export const dateTime = (ms: number): string =>
  new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

export const time = (ms: number): string =>
  new Intl.DateTimeFormat(getLocale(), { timeStyle: 'short' }).format(ms);

export const dayName = (day: string): string =>
  new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium' }).format(new Date(`${day}T12:00:00`));

/** Why a sale was refused, in the shopkeeper's language where the code is known. */
export function refusal(error: SendError | undefined): string {
  switch (error?.code) {
    case 'insufficient_funds':
      return msg('The wallet does not have enough money for this sale.');
    case 'amount_out_of_range':
      return msg('The amount is outside the per-sale limits.');
    case 'daily_limit_exceeded':
      return msg("This sale would pass today's limit.");
    case 'invalid_msisdn':
      return msg('The customer number is not valid.');
    case 'outlet_frozen':
      return msg('This outlet is frozen and cannot sell.');
    case 'unknown_operator':
    case 'unknown_product':
    case 'product_mismatch':
      return msg('No operator serves this number.');
    default:
      return msg('The server refused this sale.');
  }
}
