/**
 * Every error code the API answers, with its HTTP status and its words (DESIGN 7: the
 * body of every 4xx is `{ "error": { "code", "message" } }`). One source: the server
 * throws these (worker/errors.ts), the OpenAPI document lists them, and the web apps key
 * their translated words by the same codes (web/shared/labels.ts).
 */

export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 503;

export const ERRORS = {
  invalid_request: [400, 'The request is not valid'],
  invalid_json: [400, 'The body is not valid JSON'],
  invalid_query: [400, 'The query parameters are not valid'],
  invalid_idempotency_key: [400, 'Send an Idempotency-Key of 1-255 characters [A-Za-z0-9._:-]'],
  invalid_msisdn: [400, 'Not a valid phone number'],
  invalid_photo: [400, 'The photo must be a JPEG data URL of at most 300 KB'],
  invalid_visit_time: [400, 'recorded_at is in the future or too long ago'],
  unknown_product: [400, 'No such product'],
  unknown_operator: [400, 'No operator serves this number'],
  product_mismatch: [400, 'The product does not serve this number'],
  unauthenticated: [401, 'Log in first: Authorization: Bearer <token>'],
  invalid_token: [401, 'The token is invalid, expired or revoked; log in again'],
  invalid_credentials: [401, 'Wrong phone number, PIN, email or password'],
  gateway_unauthorized: [401, 'This callback needs ?secret= with the gateway secret'],
  insufficient_funds: [402, 'The wallet cannot pay for this'],
  forbidden: [403, 'This account may not do that'],
  outlet_frozen: [403, 'This outlet is frozen: it cannot sell or transfer'],
  account_deactivated: [403, 'This account has been deactivated'],
  not_found: [404, 'Not found'],
  idempotency_in_progress: [409, 'A request with this key is still being processed; try again'],
  // Onboarding and the catalog (issue 11).
  phone_taken: [409, 'A user with this phone number exists'],
  email_taken: [409, 'A user with this email exists'],
  region_exists: [409, 'A region with this name exists'],
  region_change_not_supported: [409, 'A user never moves between regions (DESIGN 2)'],
  product_exists: [409, 'A product with this id or operator exists'],
  stock_request_pending: [409, 'This outlet already has a stock request waiting for an answer'],
  no_distributor: [409, 'This outlet has no distributor to ask for stock'],
  stock_request_decided: [409, 'This stock request was already approved or rejected'],
  body_too_large: [413, 'The body is too large'],
  unsupported_media_type: [415, 'Send the body as application/json'],
  idempotency_key_reused: [422, 'This Idempotency-Key was used for another request'],
  amount_out_of_range: [422, 'The amount is outside this outlet’s per-sale limits'],
  daily_limit_exceeded: [422, 'This sale would pass the outlet’s daily limit'],
  reference_reused: [422, 'This reference was used for another funding'],
  sale_not_reversible: [422, 'Only a succeeded sale can be reversed'],
  reversal_refused: [422, 'The carrier refused the reversal'],
  receipt_unavailable: [422, 'Only a succeeded sale has a receipt to send'],
  account_locked: [423, 'Too many wrong attempts: this account is locked for a while'],
  rate_limited: [429, 'Too many attempts; wait and try again'],
  carrier_unavailable: [503, 'The carrier did not answer; try again'],
  shutting_down: [503, 'The server is stopping; try again in a moment'],
} as const satisfies Record<string, readonly [ErrorStatus, string]>;

export type ErrorCode = keyof typeof ERRORS;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code);
