import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * The schema holds the invariants (STYLE "Data"): a wallet that cannot go negative,
 * one sale per idempotency key, each hold posted or voided at most once, transfers
 * that are never edited. Times are integer epoch milliseconds; money is integer
 * minor units.
 */

export { ROLES, type Role } from '../core/api/enums';

import { ROLES } from '../core/api/enums';

export { SALE_STATUSES, type SaleStatus } from '../core/api/enums';

import { SALE_STATUSES } from '../core/api/enums';

export const ACCOUNT_KINDS = [
  'wallet',
  'commission',
  'settlement',
  'funding',
  'commission_pool',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const TRANSFER_KINDS = [
  'hold',
  'post',
  'void',
  'commission',
  'funding',
  'reversal',
  'commission_reversal',
  'stock',
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

const inList = (values: readonly string[]) =>
  sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);

export const regions = sqliteTable('regions', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  /**
   * The region's own IANA zone where it differs from the deployment's TIMEZONE (DESIGN 8,
   * issue 11): its outlets' sale days and daily limits count in it; null is TIMEZONE.
   */
  timezone: text('timezone'),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    role: text('role', { enum: ROLES }).notNull(),
    name: text('name').notNull(),
    /** E.164, for retailers and distributors (PIN login). */
    phone: text('phone').unique(),
    /** For staff (password login). */
    email: text('email').unique(),
    /** PIN or password, hashed by the KDF in worker/auth/kdf.ts. */
    secretHash: text('secret_hash').notNull(),
    regionId: text('region_id').references(() => regions.id),
    distributorId: text('distributor_id'),
    /** A frozen outlet cannot sell or transfer (DESIGN 7); the database refuses it. */
    frozen: integer('frozen').notNull().default(0),
    /** Wrong PINs or passwords in a row, across every channel (DESIGN 7). */
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: integer('locked_until'),
    /** Per-outlet limits; null means the deployment's default (MIN_SALE, MAX_SALE, DAILY_LIMIT). */
    minSale: integer('min_sale'),
    maxSale: integer('max_sale'),
    dailyLimit: integer('daily_limit'),
    /** The outlet's location (DESIGN 10): set by the first visit accurate to 50 m, or by an admin. */
    lat: real('lat'),
    lng: real('lng'),
    /**
     * The outlet's visit-code secret (DESIGN 10 "Proof of presence", core/visit-code.ts),
     * hex; a trigger gives every new user one, and range triggers guard lat/lng
     * (migration visit_secrets: a CHECK here would make drizzle-kit rebuild the table).
     */
    visitSecret: text('visit_secret'),

    /** The outlet's language on USSD and SMS (issue 10): 'en', 'sw', 'zh'; null is English. */
    locale: text('locale'),
    createdAt: integer('created_at').notNull(),
    /**
     * Last contact on any channel (issue 9 `not_seen`): set in the login, refresh and
     * sale-hold writes that happen anyway, never by a write of its own.
     */
    lastSeenAt: integer('last_seen_at'),
    /**
     * 0 once an admin deactivates the user (issue 11): its sessions end in that write, and
     * every channel refuses its logins (app, refresh, USSD, SMS). No CHECK: drizzle-kit
     * would rebuild the table (and drop its triggers) for one; only PATCH /users writes it.
     */
    active: integer('active').notNull().default(1),
  },
  (t) => [
    check('users_role', sql`${t.role} in ${inList(ROLES)}`),
    check('users_login', sql`${t.phone} is not null or ${t.email} is not null`),
    check('users_frozen', sql`${t.frozen} in (0, 1)`),
    check(
      'users_limits',
      sql`coalesce(${t.minSale}, 1) > 0 and coalesce(${t.maxSale}, 1) > 0 and coalesce(${t.dailyLimit}, 0) >= 0`,
    ),
  ],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    /** Null for the system accounts (settlement, funding, commission pool). */
    userId: text('user_id').references(() => users.id),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    currency: text('currency').notNull(),
    /** 1 for wallets: debits may never exceed credits (TigerBeetle's debits_must_not_exceed_credits). */
    noOverdraft: integer('no_overdraft').notNull().default(0),
    debitsPosted: integer('debits_posted').notNull().default(0),
    creditsPosted: integer('credits_posted').notNull().default(0),
    debitsPending: integer('debits_pending').notNull().default(0),
    creditsPending: integer('credits_pending').notNull().default(0),
  },
  (t) => [
    uniqueIndex('accounts_user_kind').on(t.userId, t.kind),
    check('accounts_kind', sql`${t.kind} in ${inList(ACCOUNT_KINDS)}`),
    check(
      'accounts_non_negative',
      sql`${t.debitsPosted} >= 0 and ${t.creditsPosted} >= 0 and ${t.debitsPending} >= 0 and ${t.creditsPending} >= 0`,
    ),
    // DESIGN 3: the database itself refuses a write that overdraws a wallet.
    check(
      'wallet_not_overdrawn',
      sql`${t.noOverdraft} = 0 or ${t.debitsPosted} + ${t.debitsPending} <= ${t.creditsPosted}`,
    ),
  ],
);

export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    operator: text('operator').notNull(),
    name: text('name').notNull(),
    /** JSON array of national-number prefixes served by this operator, e.g. ["70","71"]. */
    prefixes: text('prefixes').notNull(),
    /** JSON array of suggested amounts (minor units) for the sell screen. */
    denominations: text('denominations').notNull(),
    active: integer('active').notNull().default(1),
  },
  (t) => [uniqueIndex('products_operator').on(t.operator)],
);

/**
 * Commission plans as versions (issue 11): a version applies from `effective_from` (epoch
 * ms) until the next one; a sale takes the rate of the version in force when it is made
 * and keeps it (`sales.commission`). `rates` is JSON, read by core/commission.ts:
 * `[{ product_id | operator, bps, slabs?: [{ up_to, bps }] }]`. Versions are never edited.
 */
export const commissionPlans = sqliteTable(
  'commission_plans',
  {
    version: integer('version').primaryKey(),
    effectiveFrom: integer('effective_from').notNull(),
    rates: text('rates').notNull(),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('commission_plans_effective').on(t.effectiveFrom, t.version),
    check('commission_plans_version', sql`${t.version} > 0`),
    check('commission_plans_effective_from', sql`${t.effectiveFrom} >= 0`),
    check('commission_plans_rates', sql`json_valid(${t.rates})`),
  ],
);

export const sales = sqliteTable(
  'sales',
  {
    /** UUIDv7: sortable by time, also the carrier's key for this sale. */
    id: text('id').primaryKey(),
    retailerId: text('retailer_id')
      .notNull()
      .references(() => users.id),
    msisdn: text('msisdn').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    operator: text('operator').notNull(),
    status: text('status', { enum: SALE_STATUSES }).notNull(),
    /** Commission credited when the sale succeeds, fixed when the sale is made. */
    commission: integer('commission').notNull(),
    channel: text('channel').notNull().default('app'),
    carrierRef: text('carrier_ref'),
    failureCode: text('failure_code'),
    createdAt: integer('created_at').notNull(),
    /**
     * The sale's calendar day in TIMEZONE (DESIGN 8), fixed when it is made: the
     * outlet_days row it counted on, so a void or reversal releases that same row.
     */
    day: text('day'),
    updatedAt: integer('updated_at').notNull(),
    /** Reconciliation asks the carrier about a pending/unknown sale only after this time. */
    resolveAfter: integer('resolve_after').notNull(),
    /**
     * When reconciliation first heard `not_found` for the sale (issue 14 item 8): it voids
     * only on a second `not_found` at least RECONCILE_AFTER_MS later, as a lagging carrier
     * report could otherwise refund a delivered top-up.
     */
    notFoundAt: integer('not_found_at'),
    /**
     * When the shop asked the carrier to reverse this succeeded sale and no answer has
     * settled it yet (issue 14: a lost reversal answer). Reconciliation asks the carrier
     * about it RECONCILE_AFTER_MS later and reverses only on its word `reversed`; a
     * `succeeded` answer clears it (the top-up stands). Kept after the sale is reversed.
     */
    reversalAskedAt: integer('reversal_asked_at'),
  },
  (t) => [
    index('sales_retailer').on(t.retailerId, t.id),
    // Covers the last-N-sales scan of `high_failure_rate` (worker/flags) without the table.
    index('sales_retailer_time').on(t.retailerId, t.createdAt, t.status),
    // An outlet's open sales (`stuck_sales`): only pending and unknown sales are in it.
    index('sales_open_retailer')
      .on(t.retailerId, t.createdAt)
      .where(sql`${t.status} in ('pending', 'unknown')`),
    // Today's sales per outlet and number (`repeat_number`), one day at a time.
    index('sales_day').on(t.day, t.retailerId, t.msisdn),
    index('sales_open').on(t.status, t.resolveAfter),
    // Reversals whose answer was lost, for reconciliation: only those are in it.
    index('sales_reversal_open')
      .on(t.reversalAskedAt)
      .where(sql`${t.status} = 'succeeded' and ${t.reversalAskedAt} is not null`),
    check('sales_amount', sql`${t.amount} > 0`),
    check('sales_commission', sql`${t.commission} >= 0 and ${t.commission} <= ${t.amount}`),
    check('sales_status', sql`${t.status} in ${inList(SALE_STATUSES)}`),
  ],
);

/**
 * One row per (retailer, Idempotency-Key), kept as long as the sale (DESIGN 4). A key
 * either names its sale or the rejection that sticks to it, never both.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    retailerId: text('retailer_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    saleId: text('sale_id')
      .unique()
      .references(() => sales.id),
    rejectionStatus: integer('rejection_status'),
    rejectionCode: text('rejection_code'),
    rejectionMessage: text('rejection_message'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.retailerId, t.key] }),
    check('idempotency_keys_outcome', sql`(${t.saleId} is null) <> (${t.rejectionCode} is null)`),
  ],
);

export const transfers = sqliteTable(
  'transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    debitAccountId: text('debit_account_id')
      .notNull()
      .references(() => accounts.id),
    creditAccountId: text('credit_account_id')
      .notNull()
      .references(() => accounts.id),
    amount: integer('amount').notNull(),
    kind: text('kind', { enum: TRANSFER_KINDS }).notNull(),
    saleId: text('sale_id').references(() => sales.id),
    /** For `post` and `void`: the hold they settle. */
    pendingId: integer('pending_id'),
    /** For fundings: the admin's reference (a deposit slip, a stock purchase). */
    reference: text('reference').unique(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    // A hold is posted or voided exactly once, never both.
    uniqueIndex('transfers_pending').on(t.pendingId),
    // At most one hold, commission, reversal ... per sale.
    uniqueIndex('transfers_sale_kind').on(t.saleId, t.kind),
    index('transfers_debit').on(t.debitAccountId, t.id),
    index('transfers_credit').on(t.creditAccountId, t.id),
    check('transfers_amount', sql`${t.amount} > 0`),
    check('transfers_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check('transfers_kind', sql`${t.kind} in ${inList(TRANSFER_KINDS)}`),
    check(
      'transfers_two_phase',
      sql`(${t.kind} in ('post', 'void')) = (${t.pendingId} is not null)`,
    ),
  ],
);

/**
 * Each outlet's sales per day in TIMEZONE (DESIGN 8). `total` is checked against its
 * daily limit inside the same write as the hold, so that two sales at once cannot both
 * pass the limit. The other counts are the per-day aggregates the back office reads
 * (issue 9: charts, month, flags), kept by the same ledger writes that move the sale:
 * `count`/`total` the sales not failed or reversed, `failed` those that were,
 * `commission` what was credited net of reversals, `night` the sales made 00:00-05:00.
 */
export const outletDays = sqliteTable(
  'outlet_days',
  {
    retailerId: text('retailer_id')
      .notNull()
      .references(() => users.id),
    day: text('day').notNull(),
    total: integer('total').notNull(),
    dailyLimit: integer('daily_limit').notNull(),
    count: integer('count').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    commission: integer('commission').notNull().default(0),
    night: integer('night').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.retailerId, t.day] }),
    check('daily_limit_not_exceeded', sql`${t.total} >= 0 and ${t.total} <= ${t.dailyLimit}`),
  ],
);

/**
 * One row per PIN or password lockout (DESIGN 7), written by the failed login that
 * locked the account, in the same write: the history behind the `pin_lockouts` flag.
 */
export const lockouts = sqliteTable(
  'lockouts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    at: integer('at').notNull(),
  },
  (t) => [index('lockouts_user').on(t.userId, t.at)],
);

/** Refresh sessions: an access token names its session, so revoking the session ends the token. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the refresh token; the token itself is never stored. */
    refreshHash: text('refresh_hash').notNull().unique(),
    channel: text('channel').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/**
 * Append-only audit log (DESIGN 7): who did what, when, from which channel. Each entry
 * carries the hash of the previous one, so an edit anywhere breaks the chain.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: integer('at').notNull(),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    channel: text('channel').notNull(),
    subject: text('subject'),
    /** JSON. */
    detail: text('detail').notNull(),
    prevHash: text('prev_hash').notNull().unique(),
    hash: text('hash').notNull().unique(),
  },
  // By subject too: an outlet's trail (GET /audit/outlets/:id) is what it did or what
  // was done to it, found through both indexes rather than a scan of the whole log.
  (t) => [
    index('audit_log_actor').on(t.actorId, t.seq),
    index('audit_log_subject').on(t.subject, t.seq),
  ],
);

// The fixed checklist of a visit (DESIGN 10), one integer boolean column each: core's list.
export { VISIT_CHECKLIST, type VisitChecklistItem } from '../core/api/enums';

/** Largest photo a visit keeps (DESIGN 10): 300 KB of JPEG, stored as its data URL. */
export const VISIT_PHOTO_MAX_BYTES = 300 * 1024;
const PHOTO_MAX_CHARS = 'data:image/jpeg;base64,'.length + Math.ceil(VISIT_PHOTO_MAX_BYTES / 3) * 4;

const bool = (name: string) => integer(name).notNull();

/**
 * A manager's visit to an outlet (DESIGN 10, issue 9): where it was recorded, the
 * checklist, and whether the shop's visit code confirmed it. One row per
 * (manager, Idempotency-Key), so a queued visit sent twice is kept once.
 */
export const visits = sqliteTable(
  'visits',
  {
    /** UUIDv7. */
    id: text('id').primaryKey(),
    outletId: text('outlet_id')
      .notNull()
      .references(() => users.id),
    managerId: text('manager_id')
      .notNull()
      .references(() => users.id),
    idempotencyKey: text('idempotency_key').notNull(),
    /** SHA-256 of the request body: the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    lat: real('lat').notNull(),
    lng: real('lng').notNull(),
    accuracyM: real('accuracy_m').notNull(),
    /** When the manager recorded it on the device (epoch ms); may be long before it arrived. */
    recordedAt: integer('recorded_at').notNull(),
    receivedAt: integer('received_at').notNull(),
    brandingVisible: bool('branding_visible'),
    priceListShown: bool('price_list_shown'),
    floatSufficient: bool('float_sufficient'),
    recordsKept: bool('records_kept'),
    pinPrivate: bool('pin_private'),
    noComplaints: bool('no_complaints'),
    note: text('note'),
    /** `data:image/jpeg;base64,...`, at most VISIT_PHOTO_MAX_BYTES of JPEG. */
    photo: text('photo'),
    /** 1 when the shop's visit code matched (proof of presence). */
    shopConfirmed: integer('shop_confirmed').notNull(),
    /** Metres from the outlet's location; null when the outlet had none. */
    distanceM: integer('distance_m'),
  },
  (t) => [
    uniqueIndex('visits_manager_key').on(t.managerId, t.idempotencyKey),
    index('visits_outlet_time').on(t.outletId, t.recordedAt),
    check('visits_lat', sql`${t.lat} between -90 and 90`),
    check('visits_lng', sql`${t.lng} between -180 and 180`),
    check('visits_accuracy', sql`${t.accuracyM} > 0`),
    check(
      'visits_checklist',
      sql`${t.brandingVisible} in (0, 1) and ${t.priceListShown} in (0, 1) and ${t.floatSufficient} in (0, 1) and ${t.recordsKept} in (0, 1) and ${t.pinPrivate} in (0, 1) and ${t.noComplaints} in (0, 1)`,
    ),
    check('visits_shop_confirmed', sql`${t.shopConfirmed} in (0, 1)`),
    check('visits_distance', sql`coalesce(${t.distanceM}, 0) >= 0`),
    check(
      'visits_photo',
      // No semicolon in the SQL: drizzle-kit splits statements on it.
      sql`${t.photo} is null or (${t.photo} like 'data:image/jpeg%base64,%' and length(${t.photo}) <= ${sql.raw(String(PHOTO_MAX_CHARS))})`,
    ),
    check('visits_note', sql`coalesce(length(${t.note}), 0) <= 2000`),
  ],
);

/**
 * The audit chain's signed head (issue 14): one row, moved in the same write as every
 * keyed append. Entries from `keyed_from` on are HMAC-keyed with AUDIT_KEY; the ones
 * before are the unkeyed chain of a database from before the key. `seq` is also the
 * number of entries (the chain numbers from 1 without gaps, which the verifier checks).
 */
export const auditCheckpoints = sqliteTable(
  'audit_checkpoints',
  {
    id: integer('id').primaryKey(),
    seq: integer('seq').notNull(),
    headHash: text('head_hash').notNull(),
    keyedFrom: integer('keyed_from').notNull(),
    at: integer('at').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [check('audit_checkpoints_one', sql`${t.id} = 1`)],
);

/**
 * USSD sessions (DESIGN 6), keyed by the gateway's sessionId so that any isolate or
 * process can answer the next request. Only an HMAC of the inputs so far is kept
 * (they hold the PIN), with the screen answered to them, so a resend gets it again.
 */
export const ussdSessions = sqliteTable(
  'ussd_sessions',
  {
    sessionId: text('session_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** JSON: the menu's state (worker/ussd/menu.ts), never a PIN. */
    state: text('state').notNull(),
    /** Length and HMAC of the gateway's whole `text` answered last. */
    inputLength: integer('input_length').notNull(),
    inputMac: text('input_mac').notNull(),
    /** The reply to that text, `CON ...` or `END ...`. */
    reply: text('reply').notNull(),
    /** JSON [[mac, reply], ...]: the few replies before, for a late resend. */
    history: text('history').notNull(),
    updatedAt: integer('updated_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('ussd_sessions_expiry').on(t.expiresAt)],
);

export const SMS_AUDIENCES = ['customer', 'outlet', 'reply'] as const;
export const SMS_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const;

/**
 * Outgoing SMS (DESIGN 6). A sale's receipts are queued by a trigger in the same write
 * that gives the sale its final status (migration 0006_sms_receipts), one per (sale, audience):
 * the request path and reconciliation cannot both queue one.
 */
export const smsMessages = sqliteTable(
  'sms_messages',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id').references(() => sales.id),
    audience: text('audience', { enum: SMS_AUDIENCES }).notNull(),
    toNumber: text('to_number').notNull(),
    /** Set when sent (receipts are worded at send time, in the outlet's language). */
    body: text('body'),
    status: text('status', { enum: SMS_STATUSES }).notNull(),
    /** The sender that took the message off the queue. */
    claim: text('claim'),
    providerId: text('provider_id').unique(),
    failure: text('failure'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('sms_messages_sale_audience').on(t.saleId, t.audience),
    index('sms_messages_status').on(t.status, t.createdAt),
    index('sms_messages_claim').on(t.claim),
    check('sms_messages_audience', sql`${t.audience} in ${inList(SMS_AUDIENCES)}`),
    check('sms_messages_status', sql`${t.status} in ${inList(SMS_STATUSES)}`),
  ],
);

export { STOCK_REQUEST_STATUSES, type StockRequestStatus } from '../core/api/enums';

import { STOCK_REQUEST_STATUSES } from '../core/api/enums';

/**
 * A retailer's request for stock from its distributor (DESIGN 12, issue 11): maker-checker.
 * One pending request per retailer (a partial UNIQUE index, not a read); one row per
 * (retailer, Idempotency-Key), so a queued request sent twice is kept once. An approval
 * moves the request out of `pending` with a guarded UPDATE and makes its stock transfer
 * (reference `stock-request:<id>`, UNIQUE) in the same write; `decision` is that write's
 * own nonce, which the transfer and the decision key read back, so a write that lost the
 * race to another approver finds no amount and is refused whole (worker/stock/requests.ts).
 */
export const stockRequests = sqliteTable(
  'stock_requests',
  {
    /** UUIDv7. */
    id: text('id').primaryKey(),
    retailerId: text('retailer_id')
      .notNull()
      .references(() => users.id),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    amount: integer('amount').notNull(),
    note: text('note'),
    status: text('status', { enum: STOCK_REQUEST_STATUSES }).notNull(),
    channel: text('channel').notNull(),
    createdAt: integer('created_at').notNull(),
    decidedAt: integer('decided_at'),
    decidedBy: text('decided_by').references(() => users.id),
    decision: text('decision'),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('stock_requests_key').on(t.retailerId, t.idempotencyKey),
    uniqueIndex('stock_requests_one_pending').on(t.retailerId).where(sql`${t.status} = 'pending'`),
    index('stock_requests_status').on(t.status, t.createdAt),
    check('stock_requests_amount', sql`${t.amount} > 0`),
    check('stock_requests_status', sql`${t.status} in ${inList(STOCK_REQUEST_STATUSES)}`),
    check('stock_requests_note', sql`coalesce(length(${t.note}), 0) <= 500`),
    check('stock_requests_reason', sql`coalesce(length(${t.reason}), 0) <= 500`),
    check(
      'stock_requests_decided',
      sql`(${t.status} = 'pending') = (${t.decidedAt} is null and ${t.decidedBy} is null)`,
    ),
  ],
);

/**
 * One row per (approver, Idempotency-Key) of an approval (DESIGN 12): the request it
 * approved, or the rejection that sticks to the key (DESIGN 4's rule: a 402 stays a 402).
 */
export const stockDecisionKeys = sqliteTable(
  'stock_decision_keys',
  {
    actorId: text('actor_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    requestId: text('request_id')
      .notNull()
      .references(() => stockRequests.id),
    rejectionStatus: integer('rejection_status'),
    rejectionCode: text('rejection_code'),
    rejectionMessage: text('rejection_message'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] })],
);
