import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { addDays, dayIn, dayStart } from '../../core/day';
import { sales, users } from '../../db/schema';
import { checkSecret } from '../auth/service';
import type { Caller, Channel } from '../caller';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { violationOf } from '../ledger/violation';
import { outletZone } from '../regions/zones';
import { parseMsisdn } from '../sales/phone';
import { outletLimits, sell } from '../sales/service';
import type { SaleView } from '../sales/view';
import { requestStock } from '../stock/requests';
import { getWallet } from '../wallets/service';
import type { Refusal } from './texts';

/**
 * The channel layer of USSD and SMS (DESIGN 6, issue 10): the outlet found by its
 * phone, then the same services the app calls (the lockout, the wallet, the sales),
 * with the caller passed as a value. Nothing here knows a screen or a command.
 */

export type Outlet = typeof users.$inferSelect;

/**
 * The active retailer whose phone this is, or undefined (the caller is told how to
 * register): a deactivated outlet is refused on USSD and SMS like a stranger (issue 11).
 */
export async function outletByPhone(deps: Deps, phone: string): Promise<Outlet | undefined> {
  let e164: string;
  try {
    e164 = parseMsisdn(phone, deps.config.DEFAULT_COUNTRY).e164;
  } catch {
    return undefined;
  }
  const [user] = await deps.db.select().from(users).where(eq(users.phone, e164));
  return user?.role === 'retailer' && user.active === 1 ? user : undefined;
}

export const callerOf = (outlet: Outlet, channel: Channel): Caller => ({
  id: outlet.id,
  role: outlet.role,
  channel,
});

export type PinCheck = { ok: true } | { ok: false; lockedUntil?: number };

/**
 * The PIN, counted toward the same lockout as the app's logins (worker/auth/service.ts):
 * a locked outlet learns until when.
 */
export async function checkPin(deps: Deps, outlet: Outlet, pin: string, channel: Channel) {
  try {
    await checkSecret(deps, outlet, pin, channel);
    return { ok: true } as PinCheck;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code !== 'account_locked') return { ok: false } as PinCheck;
    const [row] = await deps.db
      .select({ lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, outlet.id));
    return { ok: false, lockedUntil: row?.lockedUntil ?? deps.clock.now() } as PinCheck;
  }
}

export const balance = (deps: Deps, outlet: Outlet) => getWallet(deps, outlet.id);

/**
 * Today's succeeded sales (DESIGN 8): count, total and the commission they earned, the
 * day in the outlet's region's zone where it has one (issue 11), else TIMEZONE.
 */
export async function today(deps: Deps, outlet: Outlet) {
  const zone = (await outletLimits(deps, outlet.id)).timezone;
  const day = dayIn(deps.clock.now(), zone);
  const rows = await deps.db
    .select({ amount: sales.amount, commission: sales.commission })
    .from(sales)
    .where(
      and(
        eq(sales.retailerId, outlet.id),
        eq(sales.status, 'succeeded'),
        gte(sales.createdAt, dayStart(day, zone)),
        lt(sales.createdAt, dayStart(addDays(day, 1), zone)),
      ),
    );
  return {
    count: rows.length,
    total: rows.reduce((sum, r) => sum + r.amount, 0),
    commission: rows.reduce((sum, r) => sum + r.commission, 0),
  };
}

export interface ShortSale {
  id: string;
  msisdn: string;
  amount: number;
  status: SaleView['status'];
}

/** The outlet's last `n` sales, newest first (DESIGN 6 menu 4). */
export async function lastSales(deps: Deps, outlet: Outlet, n = 3): Promise<ShortSale[]> {
  return deps.db
    .select({ id: sales.id, msisdn: sales.msisdn, amount: sales.amount, status: sales.status })
    .from(sales)
    .where(eq(sales.retailerId, outlet.id))
    .orderBy(desc(sales.id))
    .limit(n);
}

export type SaleResult =
  | { ok: true; sale: SaleView; replayed: boolean }
  | { ok: false; refusal: Refusal };

const REFUSALS: readonly Refusal[] = [
  'insufficient_funds',
  'outlet_frozen',
  'amount_out_of_range',
  'daily_limit_exceeded',
  'invalid_msisdn',
  'unknown_operator',
];

/**
 * A sale over USSD or SMS: the app's sale service with the channel's key (`ussd:<sessionId>`,
 * `sms:<id>`) and USSD_WAIT_MS. A refusal comes back as a value for the screen; a
 * request with the same key still being written (a gateway's resend at the same
 * moment) is waited for, so both answers name the one sale.
 */
export async function channelSale(
  deps: Deps,
  caller: Caller,
  key: string,
  request: { msisdn: string; amount: number },
): Promise<SaleResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await sell(deps, caller, key, request, { waitMs: deps.config.USSD_WAIT_MS });
      return { ok: true, ...answer };
    } catch (error) {
      if (error instanceof AppError) {
        if (error.code === 'idempotency_in_progress' && attempt < 50) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        const refusal = REFUSALS.find((r) => r === error.code);
        if (refusal) return { ok: false, refusal };
        if (error.code === 'product_mismatch' || error.code === 'unknown_product')
          return { ok: false, refusal: 'unknown_operator' };
      }
      if (violationOf(error) === 'busy') return { ok: false, refusal: 'busy' };
      throw error;
    }
  }
}

/** A lock's end as the outlet reads it: HH:MM in its zone (its region's, else TIMEZONE). */
export const clockTime = async (deps: Deps, outlet: Pick<Outlet, 'id'>, ms: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: await outletZone(deps, outlet.id),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);

/** Stores the outlet's language for USSD and SMS. */
export async function setLocale(deps: Deps, caller: Caller, locale: string) {
  await deps.writer.write([
    { sql: 'UPDATE users SET locale = ? WHERE id = ?', args: [locale, caller.id] },
  ]);
}

export type StockResult =
  | { ok: true; request: { id: string; amount: number } }
  | { ok: false; why: 'pending' | 'no_distributor' | 'busy' };

/**
 * A stock request over USSD or SMS (DESIGN 6 menu 6, `STOCK`): the app's service with the
 * channel's key (`ussd:<sessionId>`, `sms:<id>`), so a gateway's resend asks once.
 */
export async function channelStockRequest(
  deps: Deps,
  caller: Caller,
  key: string,
  amount: number,
): Promise<StockResult> {
  try {
    const { request } = await requestStock(deps, caller, key, { amount });
    return { ok: true, request };
  } catch (error) {
    if (error instanceof AppError && error.code === 'stock_request_pending')
      return { ok: false, why: 'pending' };
    if (error instanceof AppError && error.code === 'no_distributor')
      return { ok: false, why: 'no_distributor' };
    if (violationOf(error) === 'busy') return { ok: false, why: 'busy' };
    throw error;
  }
}
