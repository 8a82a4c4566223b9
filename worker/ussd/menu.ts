import { parseAmount } from '../../core/money';
import type { SaleStatus } from '../../db/schema';
import {
  LOCALES,
  type Locale,
  money,
  numberTail,
  type Refusal,
  refTail,
  TEXTS,
  type Texts,
} from '../channel/texts';
import { AppError } from '../errors';
import { parseMsisdn } from '../sales/phone';
import type { Product } from '../sales/products';
import { resolveProduct } from '../sales/products';
import { con, end, pages, type Reply } from './screen';

/**
 * The USSD menu of DESIGN 6 as a pure function (issue 10): the session's state and the
 * newest input give the next screen, or an action for the channel layer to run and a
 * function from its outcome to the screen. No I/O, no clock, no HTTP: the session
 * store (./session.ts) keeps the state between requests.
 *
 * A feature is one entry of MENU and its screens: disputes (`5`) and stock requests
 * (`6`) join it when they exist; until then the main menu lists only what works.
 */

export type MenuState =
  | { at: 'main'; locale: Locale; page?: number }
  | { at: 'language'; locale: Locale }
  | { at: 'sell_number'; locale: Locale }
  | { at: 'sell_amount'; locale: Locale; msisdn: string; operator: string }
  | { at: 'sell_pin'; locale: Locale; msisdn: string; operator: string; amount: number }
  | { at: 'pin'; locale: Locale; want: 'balance' | 'today' | 'last' }
  | { at: 'list'; locale: Locale; pages: string[]; page: number }
  | { at: 'stock_amount'; locale: Locale }
  | { at: 'stock_pin'; locale: Locale; amount: number }
  | { at: 'over'; locale: Locale };

/** What the screens need to know of the outlet and the deployment. */
export interface MenuContext {
  shop: string;
  currency: string;
  country: string;
  products: Product[];
}

export type Action =
  | { kind: 'sell'; pin: string; msisdn: string; amount: number }
  | { kind: 'balance' | 'today' | 'last'; pin: string }
  | { kind: 'language'; locale: Locale }
  | { kind: 'stock'; pin: string; amount: number };

interface SaleLine {
  id: string;
  msisdn: string;
  amount: number;
  status: SaleStatus;
}

export type Outcome =
  | { kind: 'wrong_pin' }
  | { kind: 'locked'; until: string }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'sale'; sale: SaleLine }
  | { kind: 'balance'; available: number; held: number; commission: number }
  | { kind: 'today'; count: number; total: number; commission: number }
  | { kind: 'last'; sales: SaleLine[] }
  | { kind: 'stock'; request: { id: string; amount: number } }
  | { kind: 'stock_refused'; why: 'pending' | 'no_distributor' | 'busy' }
  | { kind: 'done' };

export interface Shown {
  state: MenuState;
  reply: Reply;
}

export type Step = Shown | { action: Action; after: (outcome: Outcome) => Shown };

/** Shop names are cut to this on a screen header, so the longest name still fits. */
export const SHOP_MAX = 24;

const shortShop = (shop: string) =>
  [...shop].length > SHOP_MAX ? `${[...shop].slice(0, SHOP_MAX - 1).join('')}.` : shop;

interface MenuEntry {
  key: string;
  label: (t: Texts) => string;
  start: (locale: Locale, ctx: MenuContext) => Shown;
}

const askPin = (locale: Locale, want: 'balance' | 'today' | 'last'): Shown => ({
  state: { at: 'pin', locale, want },
  reply: con(TEXTS[locale].askPin, TEXTS[locale].back),
});

const MENU: MenuEntry[] = [
  {
    key: '1',
    label: (t) => t.menu.sell,
    start: (locale) => ({
      state: { at: 'sell_number', locale },
      reply: con(TEXTS[locale].askNumber, TEXTS[locale].cancel),
    }),
  },
  { key: '2', label: (t) => t.menu.balance, start: (locale) => askPin(locale, 'balance') },
  { key: '3', label: (t) => t.menu.today, start: (locale) => askPin(locale, 'today') },
  { key: '4', label: (t) => t.menu.last, start: (locale) => askPin(locale, 'last') },
  // DESIGN 6 menu 6, DESIGN 12: amount (major units), then the PIN.
  {
    key: '6',
    label: (t) => t.stock.menu,
    start: (locale, ctx) => ({
      state: { at: 'stock_amount', locale },
      reply: con(TEXTS[locale].stock.askAmount(ctx.currency), TEXTS[locale].cancel),
    }),
  },
  { key: '0', label: (t) => t.menu.language, start: (locale) => languageScreen(locale) },
];

/** The main menu, paged when a language's labels do not fit one screen. */
export function mainMenu(locale: Locale, ctx: MenuContext, page = 0): Shown {
  const t = TEXTS[locale];
  const lines = MENU.map((entry) => `${entry.key} ${entry.label(t)}`);
  const all = pages(`Airload ${shortShop(ctx.shop)}`, lines, t.more, '');
  const index = Math.min(page, all.length - 1);
  return { state: { at: 'main', locale, page: index }, reply: con(all[index]!) };
}

function languageScreen(locale: Locale): Shown {
  const t = TEXTS[locale];
  const lines = LOCALES.map((l, i) => `${i + 1} ${TEXTS[l].name}`);
  return { state: { at: 'language', locale }, reply: con(t.chooseLanguage, ...lines, t.back) };
}

const over = (locale: Locale, reply: Reply): Shown => ({ state: { at: 'over', locale }, reply });

/** After a PIN: a wrong one asks again (it counted toward the lockout); a lock ends the session. */
function pinRefused(state: MenuState, outcome: Outcome): Shown | undefined {
  const t = TEXTS[state.locale];
  if (outcome.kind === 'wrong_pin')
    return {
      state,
      reply: con(t.wrongPin, t.askPin, state.at === 'pin' ? t.back : t.cancel),
    };
  if (outcome.kind === 'locked') return over(state.locale, end(t.locked(outcome.until)));
  return undefined;
}

function saleLines(t: Texts, sales: SaleLine[], currency: string): string[] {
  return sales.map(
    (s, i) =>
      `${i + 1}) ${refTail(s.id)} ${numberTail(s.msisdn)} ${money(s.amount, currency)} ${t.status[s.status]}`,
  );
}

function shown(state: MenuState, outcome: Outcome, ctx: MenuContext): Shown {
  const refused = pinRefused(state, outcome);
  if (refused) return refused;
  const { locale } = state;
  const t = TEXTS[locale];
  const m = (amount: number) => money(amount, ctx.currency);
  switch (outcome.kind) {
    case 'refused':
      return over(locale, end(t.refused(t.refusals[outcome.refusal])));
    case 'sale': {
      const s = outcome.sale;
      const open = s.status === 'pending' || s.status === 'unknown';
      const lines = [t.sale(s.id, s.msisdn, m(s.amount), t.status[s.status])];
      return over(locale, end(...lines, ...(open ? [t.pending(s.id)] : [])));
    }
    case 'balance':
      return over(
        locale,
        end(t.balance(m(outcome.available), m(outcome.held), m(outcome.commission))),
      );
    case 'today':
      return over(locale, end(t.today(outcome.count, m(outcome.total), m(outcome.commission))));
    case 'last': {
      if (outcome.sales.length === 0) return over(locale, end(t.noSales));
      const lines = saleLines(t, outcome.sales, ctx.currency);
      const list = pages(t.last, lines, t.more, t.back);
      if (list.length === 1) return over(locale, end(t.last, ...lines));
      return { state: { at: 'list', locale, pages: list, page: 0 }, reply: con(list[0]!) };
    }
    case 'stock':
      return over(
        locale,
        end(t.stock.sent(refTail(outcome.request.id), m(outcome.request.amount))),
      );
    case 'stock_refused':
      return over(locale, end(t.stock.refused[outcome.why]));
    default:
      return mainMenu(locale, ctx);
  }
}

const run = (state: MenuState, action: Action, ctx: MenuContext): Step => ({
  action,
  after: (outcome) => shown(state, outcome, ctx),
});

/** The first screen of a session. */
export const start = (locale: Locale, ctx: MenuContext): Shown => mainMenu(locale, ctx);

/** The next screen (or action) for the newest input of a session. */
export function next(state: MenuState, raw: string, ctx: MenuContext): Step {
  const input = raw.trim();
  const { locale } = state;
  const t = TEXTS[locale];
  const cancelled = () => over(locale, end(t.cancelled));
  switch (state.at) {
    case 'main': {
      if (input === '98') return mainMenu(locale, ctx, (state.page ?? 0) + 1);
      const entry = MENU.find((e) => e.key === input);
      if (input === '0' && (state.page ?? 0) > 0) return mainMenu(locale, ctx, 0);
      if (!entry) return withNote(mainMenu(locale, ctx, state.page), t.badChoice);
      return entry.start(locale, ctx);
    }
    case 'language': {
      if (input === '0') return mainMenu(locale, ctx);
      const chosen = LOCALES[Number(input) - 1];
      if (!/^\d$/.test(input) || !chosen) return withNote(languageScreen(locale), t.badChoice);
      return { action: { kind: 'language', locale: chosen }, after: () => mainMenu(chosen, ctx) };
    }
    case 'sell_number': {
      if (input === '0') return cancelled();
      try {
        const msisdn = parseMsisdn(input, ctx.country);
        const product = resolveProduct(ctx.products, msisdn.national, undefined);
        return {
          state: { at: 'sell_amount', locale, msisdn: msisdn.e164, operator: product.operator },
          reply: con(t.askAmount(ctx.currency), t.cancel),
        };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const why = error.code === 'unknown_operator' ? t.refusals.unknown_operator : '';
        return { state, reply: con(...[why, t.badNumber, t.cancel].filter(Boolean)) };
      }
    }
    case 'sell_amount': {
      if (input === '0') return cancelled();
      const amount = parseAmount(input, ctx.currency);
      if (amount === undefined || amount <= 0) return { state, reply: con(t.badAmount, t.cancel) };
      const operator = state.operator.charAt(0).toUpperCase() + state.operator.slice(1);
      return {
        state: { ...state, at: 'sell_pin', amount },
        reply: con(t.confirm(state.msisdn, money(amount, ctx.currency), operator), t.cancel),
      };
    }
    case 'sell_pin': {
      if (input === '0') return cancelled();
      return run(
        state,
        { kind: 'sell', pin: input, msisdn: state.msisdn, amount: state.amount },
        ctx,
      );
    }
    case 'pin': {
      if (input === '0') return mainMenu(locale, ctx);
      return run(state, { kind: state.want, pin: input }, ctx);
    }
    case 'list': {
      if (input === '98' && state.page < state.pages.length - 1) {
        const page = state.page + 1;
        return { state: { ...state, page }, reply: con(state.pages[page]!) };
      }
      if (input === '0') {
        if (state.page === 0) return mainMenu(locale, ctx);
        const page = state.page - 1;
        return { state: { ...state, page }, reply: con(state.pages[page]!) };
      }
      return { state, reply: con(state.pages[state.page]!) };
    }
    case 'stock_amount': {
      if (input === '0') return over(locale, end(t.cancelled));
      const amount = parseAmount(input, ctx.currency);
      if (amount === undefined || amount <= 0) return { state, reply: con(t.badAmount, t.cancel) };
      return {
        state: { at: 'stock_pin', locale, amount },
        reply: con(t.stock.confirm(money(amount, ctx.currency)), t.cancel),
      };
    }
    case 'stock_pin': {
      if (input === '0') return over(locale, end(t.cancelled));
      return run(state, { kind: 'stock', pin: input, amount: state.amount }, ctx);
    }
    case 'over':
      return over(locale, end(t.expired));
  }
}

/** A screen with a short note above it (a wrong choice), still within one screen. */
function withNote(screen: Shown, note: string): Shown {
  const text = `${note}\n${screen.reply.text}`;
  return [...text].length <= 178 ? { ...screen, reply: { ...screen.reply, text } } : screen;
}
