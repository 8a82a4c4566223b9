/**
 * The one error type of the app (STYLE "Requests"): a stable code, an HTTP status and
 * a message for people. `app.onError` turns it into `{ "error": { "code", "message" } }`.
 * Every code is listed in ERRORS, which the OpenAPI document is built from.
 */

import { ERRORS, type ErrorCode, type ErrorStatus } from '../core/errors';

// The codes, statuses and words live in core/errors.ts (one source for the server and
// the web apps, DESIGN 10).
export { ERRORS, type ErrorCode, type ErrorStatus };

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    /** Set when this is the stored rejection of an earlier request with the same key. */
    readonly replayed = false,
  ) {
    super(message);
  }

  toJSON() {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The error for `code`, with its registered status and a message (the registered one by default). */
export const appError = (code: ErrorCode, message?: string): AppError =>
  new AppError(ERRORS[code][0], code, message ?? ERRORS[code][1]);

export const notFound = (what: string) => appError('not_found', `${what} not found`);
