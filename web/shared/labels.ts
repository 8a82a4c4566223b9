import { msg } from '@lit/localize';
import { type ErrorCode, isErrorCode } from '../../core/errors';
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

/**
 * The words for the API's error codes (core/errors.ts, the one list of them), in the
 * user's language; a code with no words here shows the server's own message.
 */
export const ERROR_WORDS: Partial<Record<ErrorCode, () => string>> = {
  insufficient_funds: () => msg('The wallet does not have enough money for this sale.'),
  amount_out_of_range: () => msg('The amount is outside the per-sale limits.'),
  daily_limit_exceeded: () => msg("This sale would pass today's limit."),
  invalid_msisdn: () => msg('The customer number is not valid.'),
  outlet_frozen: () => msg('This outlet is frozen and cannot sell.'),
  unknown_operator: () => msg('No operator serves this number.'),
  unknown_product: () => msg('No operator serves this number.'),
  dispute_open: () =>
    msg('This sale already has a dispute that is not decided yet.', { id: 'error.dispute_open' }),
  dispute_closed: () =>
    msg('This dispute is already decided or withdrawn.', { id: 'error.dispute_closed' }),
  sale_not_disputable: () =>
    msg('This sale cannot be disputed: wait for its final status.', {
      id: 'error.sale_not_disputable',
    }),
  product_mismatch: () =>
    msg('The operators have changed since the app last heard: check the number and sell again.'),
};

/** The words for an error code, if the app has its own. */
export const wordsFor = (code: string | undefined): string | undefined =>
  code !== undefined && isErrorCode(code) ? ERROR_WORDS[code]?.() : undefined;

/** Why a sale was refused, in the shopkeeper's language where the code is known. */
export const refusal = (error: SendError | undefined): string =>
  wordsFor(error?.code) ?? msg('The server refused this sale.');
