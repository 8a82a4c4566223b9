import {
  balance,
  callerOf,
  channelSale,
  channelStockRequest,
  checkPin,
  clockTime,
  lastSales,
  type Outlet,
  outletByPhone,
  setLocale,
  today,
} from '../channel/service';
import { isLocale, type Locale, TEXTS } from '../channel/texts';
import type { Deps } from '../deps';
import { channelDispute } from '../disputes/channel';
import { cachedProducts } from '../sales/products';
import type { UssdRequest } from './gateway';
import { type Action, type MenuContext, next, type Outcome, type Shown, start } from './menu';
import { end, type Reply } from './screen';
import { advanceSession, createSession, inputMac, loadSession, turnOf } from './session';

/**
 * One USSD request (DESIGN 6, issue 10), whatever the gateway: the outlet by its phone,
 * the session from the database, the menu's next screen for the newest input, and the
 * action it asks for, run through the channel layer with the caller
 * `{ id, role, channel: 'ussd' }`. A sale's Idempotency-Key is `ussd:<sessionId>`.
 */
export async function handleUssd(deps: Deps, request: UssdRequest): Promise<Reply> {
  const outlet = await outletByPhone(deps, request.msisdn);
  if (!outlet) return end(TEXTS.en.notOutlet);
  const locale: Locale = isLocale(outlet.locale) ? outlet.locale : 'en';
  const macOf = (text: string) => inputMac(deps.jwtSecret, request.sessionId, text);

  const loaded = await loadSession(deps, request.sessionId);
  // A session id is one phone's: another number naming it is answered as a stranger's.
  const stored = loaded && loaded.userId === outlet.id ? loaded.session : undefined;
  if (loaded && !stored) return end(TEXTS[locale].expired);
  const turn = turnOf(stored, request, macOf, deps.clock.now());
  if (turn.kind === 'replay') return turn.reply;
  if (turn.kind === 'expired') return end(TEXTS[locale].expired);

  const ctx: MenuContext = {
    shop: outlet.name,
    currency: deps.config.CURRENCY,
    country: deps.config.DEFAULT_COUNTRY,
    products: await cachedProducts(deps),
  };
  const base = { sessionId: request.sessionId, userId: outlet.id };

  if (turn.kind === 'start' || !stored) {
    const first = start(locale, ctx);
    const text = request.path ?? '';
    const write = { ...base, ...first, text, mac: macOf(text) };
    if (await createSession(deps, write)) return first.reply;
    return (await current(deps, request.sessionId)) ?? first.reply;
  }

  const step = next(stored.state, turn.input, ctx);
  const shown: Shown =
    'action' in step ? step.after(await perform(deps, outlet, request, step.action)) : step;
  // A gateway without the whole path: the stored inputs are a chain of the inputs so far.
  const text = request.path ?? `${stored.inputMac}*${turn.input}`;
  const write = { ...base, ...shown, text, mac: macOf(text) };
  if (await advanceSession(deps, write, stored)) return shown.reply;
  // Another request of this session moved it first (a resend at the same moment):
  // its screen is the answer, so both name the same sale.
  return (await current(deps, request.sessionId)) ?? shown.reply;
}

async function current(deps: Deps, sessionId: string): Promise<Reply | undefined> {
  return (await loadSession(deps, sessionId))?.session.reply;
}

/** Runs what the menu asked for; the PIN first, before money moves or anything is shown. */
async function perform(
  deps: Deps,
  outlet: Outlet,
  request: UssdRequest,
  action: Action,
): Promise<Outcome> {
  const caller = callerOf(outlet, 'ussd');
  if (action.kind === 'language') {
    await setLocale(deps, caller, action.locale);
    return { kind: 'done' };
  }
  // The PIN of menu 5 was checked before its sales were shown (./dispute-menu.ts).
  if (action.kind === 'dispute') {
    const result = await channelDispute(
      deps,
      caller,
      `ussd:${request.sessionId}`,
      action.saleId,
      action.reason,
    );
    return result.ok
      ? { kind: 'dispute_opened', saleId: result.saleId, status: result.status }
      : { kind: 'dispute_refused', refusal: result.refusal };
  }
  const pin = await checkPin(deps, outlet, action.pin, 'ussd');
  if (!pin.ok) {
    return pin.lockedUntil !== undefined
      ? { kind: 'locked', until: await clockTime(deps, outlet, pin.lockedUntil) }
      : { kind: 'wrong_pin' };
  }
  switch (action.kind) {
    case 'balance':
      return { kind: 'balance', ...(await balance(deps, outlet)) };
    case 'today':
      return { kind: 'today', ...(await today(deps, outlet)) };
    case 'last':
      return { kind: 'last', sales: await lastSales(deps, outlet) };
    case 'stock': {
      const result = await channelStockRequest(
        deps,
        caller,
        `ussd:${request.sessionId}`,
        action.amount,
      );
      return result.ok
        ? { kind: 'stock', request: result.request }
        : { kind: 'stock_refused', why: result.why };
    }
    case 'dispute_sales':
      return { kind: 'dispute_sales', sales: await lastSales(deps, outlet) };
    case 'sell': {
      const result = await channelSale(deps, caller, `ussd:${request.sessionId}`, {
        msisdn: action.msisdn,
        amount: action.amount,
      });
      return result.ok
        ? { kind: 'sale', sale: result.sale }
        : { kind: 'refused', refusal: result.refusal };
    }
  }
}
