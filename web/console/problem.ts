import { msg } from '@lit/localize';
import { type ErrorCode, isErrorCode } from '../../core/errors';
import { NetworkError } from '../shared/api';
import { ERROR_WORDS } from '../shared/labels';

/**
 * What went wrong, in the manager's language (issue 9 §2 "Languages"): the words of the
 * API's error codes (core/errors.ts, the one list of them) that the manager's screens
 * meet, beside the ones both apps share (web/shared/labels.ts); an unknown code shows the
 * server's own message. Kept out of the shared table so the shop's bundle does not carry them.
 */
const WORDS: Partial<Record<ErrorCode, () => string>> = {
  forbidden: () => msg('This account may not do that.', { id: 'error.forbidden' }),
  not_found: () => msg('Not found: it may be outside your region.', { id: 'error.not_found' }),
  invalid_query: () => msg('Check the filters: one of them is not valid.', { id: 'error.query' }),
  invalid_request: () => msg('Check what you entered: it is not valid.', { id: 'error.request' }),
  unauthenticated: () => msg('Your session has ended: log in again.', { id: 'error.session' }),
  invalid_token: () => msg('Your session has ended: log in again.', { id: 'error.session' }),
  rate_limited: () => msg('Too many attempts: wait a moment and try again.', { id: 'error.rate' }),
  invalid_photo: () => msg('The photo must be a JPEG of at most 300 KB.', { id: 'error.photo' }),
  invalid_visit_time: () =>
    msg('The visit’s time is in the future or too long ago: check the phone’s clock.', {
      id: 'error.visit_time',
    }),
  idempotency_in_progress: () =>
    msg('Still being processed: try again in a moment.', { id: 'error.in_progress' }),
  carrier_unavailable: () => msg('The carrier did not answer: try again.', { id: 'error.carrier' }),
  // A distributor's money (issue 11): its stock transfers and approvals.
  insufficient_funds: () =>
    msg('Your wallet does not have enough money for this: fund it and try again.', {
      id: 'error.console_funds',
    }),
  stock_request_decided: () =>
    msg('This request was already answered.', { id: 'error.stock_decided' }),
  no_distributor: () => msg('This outlet has no distributor.', { id: 'error.no_distributor' }),
  shutting_down: () =>
    msg('The server is restarting: try again in a moment.', { id: 'error.shutting_down' }),
  phone_taken: () => msg('Someone already has this phone number.', { id: 'error.phone_taken' }),
  email_taken: () => msg('Someone already has this email.', { id: 'error.email_taken' }),
  region_exists: () => msg('A region of this name exists.', { id: 'error.region_exists' }),
  region_change_not_supported: () =>
    msg('A user cannot move to another region.', { id: 'error.region_change' }),
  product_exists: () =>
    msg('A product with this id or operator exists.', { id: 'error.product_exists' }),
  account_deactivated: () =>
    msg('This account has been deactivated.', { id: 'error.account_deactivated' }),
};

/** An error as the manager reads it: a thrown ApiError/NetworkError or a queued visit's SendError. */
export function problemText(error: unknown): string {
  if (error instanceof NetworkError) {
    return msg('Could not reach Airload. Check the connection and try again.');
  }
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  const words =
    typeof code === 'string' && isErrorCode(code) ? (WORDS[code] ?? ERROR_WORDS[code]) : undefined;
  return words?.() ?? (typeof message === 'string' ? message : String(error));
}
