import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
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

export const ROLES = ['retailer', 'distributor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SALE_STATUSES = ['pending', 'unknown', 'succeeded', 'failed', 'reversed'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

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
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

const inList = (values: readonly string[]) =>
  sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);

export const regions = sqliteTable('regions', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
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
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('users_role', sql`${t.role} in ${inList(ROLES)}`),
    check('users_login', sql`${t.phone} is not null or ${t.email} is not null`),
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

/** Commission plan: basis points per product, or per operator when no product rate exists. */
export const commissionRates = sqliteTable(
  'commission_rates',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').references(() => products.id),
    operator: text('operator'),
    bps: integer('bps').notNull(),
  },
  (t) => [
    check('commission_rates_bps', sql`${t.bps} between 0 and 10000`),
    check(
      'commission_rates_target',
      sql`(${t.productId} is null) <> (${t.operator} is null)`,
    ),
    uniqueIndex('commission_rates_product').on(t.productId),
    uniqueIndex('commission_rates_operator').on(t.operator),
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
    updatedAt: integer('updated_at').notNull(),
    /** Reconciliation asks the carrier about a pending/unknown sale only after this time. */
    resolveAfter: integer('resolve_after').notNull(),
  },
  (t) => [
    index('sales_retailer').on(t.retailerId, t.id),
    index('sales_open').on(t.status, t.resolveAfter),
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
    check(
      'idempotency_keys_outcome',
      sql`(${t.saleId} is null) <> (${t.rejectionCode} is null)`,
    ),
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
