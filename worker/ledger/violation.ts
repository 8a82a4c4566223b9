/**
 * Which invariant a rejected write ran into. Matched on the message, not the error
 * class or code: the embedded client, the HTTP client and an sqld replica (which wraps
 * the primary's error as "PROXY_ERROR: ...") all carry the constraint's name in it.
 */
export type Violation =
  | 'insufficient_funds'
  | 'daily_limit_exceeded'
  | 'outlet_frozen'
  | 'duplicate_key'
  | 'duplicate_visit_key'
  | 'already_settled'
  | 'duplicate_reference'
  | 'duplicate_phone'
  | 'duplicate_email'
  | 'duplicate_region'
  | 'duplicate_product'
  | 'duplicate_stock_request'
  | 'duplicate_decision_key'
  | 'stock_request_decided'
  | 'busy';

const patterns: Array<[RegExp, Violation]> = [
  [/wallet_not_overdrawn/, 'insufficient_funds'],
  [/daily_limit_not_exceeded/, 'daily_limit_exceeded'],
  [/outlet_frozen/, 'outlet_frozen'],
  [/idempotency_keys\.retailer_id|idempotency_keys\.key/, 'duplicate_key'],
  [
    /sale_transition_refused|transfers\.pending_id|transfers\.sale_id, transfers\.kind/,
    'already_settled',
  ],
  [/transfers\.reference/, 'duplicate_reference'],
  [/visits\.manager_id, visits\.idempotency_key/, 'duplicate_visit_key'],
  [/users\.phone/, 'duplicate_phone'],
  [/users\.email/, 'duplicate_email'],
  [/regions\.name/, 'duplicate_region'],
  [/products\.id|products\.operator/, 'duplicate_product'],
  // Either of a retailer's UNIQUE indexes (its key, its one pending request): the service reads which.
  [/stock_requests\.retailer_id/, 'duplicate_stock_request'],
  [/stock_decision_keys\.actor_id/, 'duplicate_decision_key'],
  // A decision that lost the race: its transfer or SMS found no request decided by it (worker/stock/requests.ts).
  [
    /NOT NULL constraint failed: (transfers\.amount|sms_messages\.to_number)/,
    'stock_request_decided',
  ],
  [/SQLITE_BUSY|database is locked/i, 'busy'],
];

export function violationOf(error: unknown): Violation | null {
  const message =
    error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  for (const [pattern, violation] of patterns) if (pattern.test(message)) return violation;
  return null;
}
