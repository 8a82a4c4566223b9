/**
 * The one error type of the app (STYLE "Requests"): a stable code, an HTTP status and
 * a message for people. `app.onError` turns it into `{ "error": { "code", "message" } }`.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
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

export const badRequest = (code: string, message: string) => new AppError(400, code, message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
