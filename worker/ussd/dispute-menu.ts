import type { DisputeReason, DisputeStatus, SaleStatus } from '../../core/api/enums';
import {
  LOCALES,
  type Locale,
  money,
  numberTail,
  refTail,
  TEXTS,
  type Texts,
} from '../channel/texts';
import { type DisputeRefusal, disputeTextsFor, REASON_BY_CHOICE } from '../disputes/texts';
import { con, end, type Reply } from './screen';

/**
 * Menu `5` of DESIGN 6 (issue 12): PIN -> pick one of the last 3 sales -> reason, then
 * the dispute opens (worker/disputes/service.ts, key `ussd:<sessionId>`). Pure, like
 * ./menu.ts, which holds one entry for it and hands its states and outcomes here. The
 * PIN is checked before the sales are shown; the state keeps sale ids, never the PIN,
 * and the final step opens the dispute for the outlet whose PIN this session checked.
 */

export type DisputeState =
  | { at: 'dispute_pin'; locale: Locale }
  | { at: 'dispute_pick'; locale: Locale; saleIds: string[]; screen: string }
  | { at: 'dispute_reason'; locale: Locale; saleId: string };

export type DisputeAction =
  | { kind: 'dispute_sales'; pin: string }
  | { kind: 'dispute'; saleId: string; reason: DisputeReason };

interface Line {
  id: string;
  msisdn: string;
  amount: number;
  status: SaleStatus;
}

export type DisputeOutcome =
  | { kind: 'dispute_sales'; sales: Line[] }
  | { kind: 'dispute_opened'; saleId: string; status: DisputeStatus }
  | { kind: 'dispute_refused'; refusal: DisputeRefusal };

export interface DisputeShown {
  state: DisputeState | { at: 'over'; locale: Locale };
  reply: Reply;
}

export type DisputeStep =
  | DisputeShown
  | { action: DisputeAction; after: (outcome: DisputeOutcome) => DisputeShown };

/** The dispute words of the language whose shared table is `t` (for the main menu's label). */
export const disputeLabel = (t: Texts) => disputeTextsFor(LOCALES.find((l) => TEXTS[l] === t)).menu;

export const startDispute = (locale: Locale): DisputeShown => ({
  state: { at: 'dispute_pin', locale },
  reply: con(TEXTS[locale].askPin, TEXTS[locale].back),
});

const over = (locale: Locale, reply: Reply): DisputeShown => ({
  state: { at: 'over', locale },
  reply,
});

/** The screen after the outcome of a dispute action (the PIN's refusals are ./menu.ts's). */
export function disputeShown(
  locale: Locale,
  outcome: DisputeOutcome,
  currency: string,
): DisputeShown {
  const t = TEXTS[locale];
  const d = disputeTextsFor(locale);
  switch (outcome.kind) {
    case 'dispute_sales': {
      if (outcome.sales.length === 0) return over(locale, end(t.noSales));
      const lines = outcome.sales.map(
        (s, i) => `${i + 1}) ${refTail(s.id)} ${numberTail(s.msisdn)} ${money(s.amount, currency)}`,
      );
      const screen = [d.pickSale, ...lines, t.back].join('\n');
      return {
        state: { at: 'dispute_pick', locale, saleIds: outcome.sales.map((s) => s.id), screen },
        reply: con(screen),
      };
    }
    case 'dispute_opened':
      return over(locale, end(d.opened(refTail(outcome.saleId), d.status[outcome.status])));
    case 'dispute_refused':
      return over(locale, end(d.refused[outcome.refusal]));
  }
}

/** The next step of a dispute state for `input`; undefined: back to the main menu. */
export function disputeNext(
  state: DisputeState,
  input: string,
  currency: string,
): DisputeStep | undefined {
  const { locale } = state;
  const t = TEXTS[locale];
  const d = disputeTextsFor(locale);
  switch (state.at) {
    case 'dispute_pin':
      if (input === '0') return undefined;
      return {
        action: { kind: 'dispute_sales', pin: input },
        after: (outcome) => disputeShown(locale, outcome, currency),
      };
    case 'dispute_pick': {
      if (input === '0') return undefined;
      const saleId = /^\d$/.test(input) ? state.saleIds[Number(input) - 1] : undefined;
      if (!saleId) return { state, reply: con(`${t.badChoice}\n${state.screen}`) };
      return { state: { at: 'dispute_reason', locale, saleId }, reply: con(d.askReason, t.back) };
    }
    case 'dispute_reason': {
      if (input === '0') return undefined;
      const reason = REASON_BY_CHOICE[input];
      if (!reason) return { state, reply: con(t.badChoice, d.askReason, t.back) };
      return {
        action: { kind: 'dispute', saleId: state.saleId, reason },
        after: (outcome) => disputeShown(locale, outcome, currency),
      };
    }
  }
}
