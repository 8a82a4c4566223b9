import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../channel/texts';
import {
  type MenuContext,
  type MenuState,
  next,
  type Outcome,
  type Shown,
  type Step,
  start,
} from './menu';
import { render, SCREEN_MAX } from './screen';
import { type StoredSession, turnOf } from './session';

/** Issue 10: the menu as a pure function, every path of DESIGN 6's table, no HTTP. */

const products = [
  { id: 'safaricom-airtime', operator: 'safaricom', prefixes: ['70', '71', '72'], bps: 600 },
];
const ctx: MenuContext = { shop: 'Demo Shop 101', currency: 'KES', country: 'KE', products };
/** The longest shop name the schema allows is any: the header cuts it. */
const longest: MenuContext = {
  ...ctx,
  shop: 'Duka la Mama Wanjiku na Watoto Wake Wote wa Kijiji '.repeat(3),
};

const shown = (step: Step): Shown => {
  if ('action' in step) throw new Error(`expected a screen, got action ${step.action.kind}`);
  return step;
};
const action = (step: Step) => {
  if (!('action' in step)) throw new Error(`expected an action, got ${step.reply.text}`);
  return step;
};
/** Walks inputs from the main menu; returns the last step. */
function walk(inputs: string[], locale: Locale = 'en', c = ctx): Step {
  let state: MenuState = start(locale, c).state;
  let step: Step = start(locale, c);
  for (const input of inputs) {
    step = next(state, input, c);
    if ('action' in step) return step;
    state = step.state;
  }
  return step;
}
const fits = (s: Shown) =>
  expect(render(s.reply).length, render(s.reply)).toBeLessThanOrEqual(SCREEN_MAX);

const BIG = 99_999_999_999_99; // the largest amount parseAmount takes, in minor units
const bigSale = {
  id: '01a2336d-56e2-7742-a61d-c287c67a49f2',
  msisdn: '+254712345678',
  amount: BIG,
  status: 'reversed' as const,
};

describe('the USSD menu', () => {
  it('starts at the main menu with only what works: 1 to 4, 6 stock and 0 language', () => {
    const text = start('en', ctx).reply.text;
    expect(text).toMatch(
      /^Airload Demo Shop 101\n1 Sell airtime\n2 Balance\n3 .*\n4 .*\n6 Request stock\n0 Language$/,
    );
    expect(text).not.toMatch(/^5 /m);
    expect(start('en', ctx).reply.end).toBe(false);
  });

  it('sells: number, amount in major units, a read-back with the operator, then the PIN', () => {
    expect(shown(walk(['1'])).reply.text).toContain("Customer's phone number");
    expect(shown(walk(['1', '0712345678'])).reply.text).toContain('Amount in KES');
    const confirm = shown(walk(['1', '0712345678', '100.5']));
    expect(confirm.reply.text).toContain('Sell KES 100.50 to +254712345678 (Safaricom)?');
    expect(confirm.state).toMatchObject({
      at: 'sell_pin',
      amount: 10_050,
      msisdn: '+254712345678',
    });
    const sell = action(walk(['1', '0712345678', '100.5', '1357']));
    expect(sell.action).toEqual({
      kind: 'sell',
      pin: '1357',
      msisdn: '+254712345678',
      amount: 10_050,
    });
    const done = sell.after({
      kind: 'sale',
      sale: { ...bigSale, amount: 10_050, status: 'succeeded' },
    });
    expect(done.reply.end).toBe(true);
    expect(done.reply.text).toContain(bigSale.id);
    expect(done.reply.text).toContain('Status: sent');
  });

  it('says a sale the carrier has not answered is pending and that an SMS follows', () => {
    const sell = action(walk(['1', '0712345904', '100', '1357']));
    const done = sell.after({
      kind: 'sale',
      sale: { ...bigSale, amount: 10_000, status: 'pending' },
    });
    expect(done.reply.text).toMatch(/pending[\s\S]*SMS/);
  });

  it('takes a number or an amount with a * in it as one input, and asks again for a bad one', () => {
    const bad = shown(walk(['1', '07*12']));
    expect(bad.state.at).toBe('sell_number');
    expect(bad.reply.text).toContain('Not a valid number');
    const amount = shown(walk(['1', '0712345678', '1*0']));
    expect(amount.state.at).toBe('sell_amount');
    expect(shown(walk(['1', '0712345678', '1.234'])).reply.text).toContain('Not a valid amount');
  });

  it('cancels with 0 at every step of a sale, selling nothing', () => {
    for (const inputs of [
      ['1', '0'],
      ['1', '0712345678', '0'],
      ['1', '0712345678', '100', '0'],
    ]) {
      const s = shown(walk(inputs));
      expect(s.reply).toEqual({ end: true, text: 'Cancelled. Nothing was sold.' });
    }
  });

  it('asks the PIN before a balance, today or the last sales, and 0 goes back', () => {
    for (const [key, kind] of [
      ['2', 'balance'],
      ['3', 'today'],
      ['4', 'last'],
    ] as const) {
      expect(shown(walk([key])).reply.text).toContain('Enter PIN');
      expect(action(walk([key, '1357'])).action).toEqual({ kind, pin: '1357' });
      expect(shown(walk([key, '0'])).state.at).toBe('main');
    }
    const b = action(walk(['2', '1357'])).after({
      kind: 'balance',
      available: 5_000_000,
      held: 10_000,
      commission: 600,
    });
    expect(b.reply.text).toBe('Available KES 50,000.00\nHeld KES 100.00\nCommission KES 6.00');
    const t = action(walk(['3', '1357'])).after({
      kind: 'today',
      count: 2,
      total: 20_000,
      commission: 1_200,
    });
    expect(t.reply.text).toBe('Today: 2 sales\nTotal KES 200.00\nCommission KES 12.00');
  });

  it('asks again after a wrong PIN (it counted), and ends a locked outlet with until when', () => {
    const wrong = action(walk(['2', '0000'])).after({ kind: 'wrong_pin' });
    expect(wrong.reply.end).toBe(false);
    expect(wrong.state.at).toBe('pin');
    expect(wrong.reply.text).toContain('Wrong PIN');
    const again = action(next(wrong.state, '1357', ctx));
    expect(again.action).toEqual({ kind: 'balance', pin: '1357' });
    const locked = action(walk(['1', '0712345678', '100', '0000'])).after({
      kind: 'locked',
      until: '14:35',
    });
    expect(locked.reply).toEqual({ end: true, text: 'Too many wrong PINs. Locked until 14:35.' });
  });

  it('ends a refused sale with the reason', () => {
    const frozen = action(walk(['1', '0712345678', '100', '1357'])).after({
      kind: 'refused',
      refusal: 'outlet_frozen',
    });
    expect(frozen.reply).toEqual({ end: true, text: 'Not sold: this outlet is frozen.' });
  });

  it('shows the last 3 sales with reference tail, number tail, amount and status', () => {
    const last = action(walk(['4', '1357'])).after({
      kind: 'last',
      sales: [{ ...bigSale, amount: 10_000, status: 'succeeded' }],
    });
    expect(last.reply).toEqual({
      end: true,
      text: 'Last sales:\n1) C67A49F2 *5678 KES 100.00 sent'.replace('C67A49F2', '7A49F2'),
    });
    const none = action(walk(['4', '1357'])).after({ kind: 'last', sales: [] });
    expect(none.reply.text).toBe('No sales yet.');
  });

  it('pages a list that does not fit: 98 more, 0 back, 0 on the first page to the main menu', () => {
    const sales = [bigSale, bigSale, bigSale];
    const first = action(walk(['4', '1357'], 'sw')).after({ kind: 'last', sales });
    expect(first.reply.end).toBe(false);
    expect(first.reply.text).toContain('98 Zaidi');
    fits(first);
    const second = shown(next(first.state, '98', ctx));
    expect(second.reply.text).not.toBe(first.reply.text);
    fits(second);
    const back = shown(next(second.state, '0', ctx));
    expect(back.reply.text).toBe(first.reply.text);
    expect(shown(next(back.state, '0', ctx)).state.at).toBe('main');
  });

  it('switches language with 0 at the main menu', () => {
    const languages = shown(walk(['0']));
    expect(languages.reply.text).toBe(
      'Language:\n1 English\n2 Kiswahili\n3 Zhongwen (Chinese)\n0 Back',
    );
    const pick = action(next(languages.state, '2', ctx));
    expect(pick.action).toEqual({ kind: 'language', locale: 'sw' });
    expect(pick.after({ kind: 'done' }).reply.text).toContain('1 Uza muda wa maongezi');
    expect(shown(next(languages.state, '0', ctx)).state.at).toBe('main');
  });

  it('answers a wrong choice with the same menu and a note', () => {
    const s = shown(walk(['7']));
    expect(s.state.at).toBe('main');
    expect(s.reply.text).toMatch(/^Choose a number/);
  });

  it('fits every screen of every language in 182 characters, at the longest shop name and amounts', () => {
    const outcomes: Outcome[] = [
      { kind: 'wrong_pin' },
      { kind: 'locked', until: '23:59' },
      { kind: 'sale', sale: { ...bigSale, status: 'pending' } },
      { kind: 'sale', sale: { ...bigSale, status: 'unknown' } },
      { kind: 'balance', available: BIG, held: BIG, commission: BIG },
      { kind: 'today', count: 999_999, total: BIG, commission: BIG },
      { kind: 'last', sales: [bigSale, bigSale, bigSale] },
      ...(
        [
          'insufficient_funds',
          'outlet_frozen',
          'amount_out_of_range',
          'daily_limit_exceeded',
          'invalid_msisdn',
          'unknown_operator',
          'busy',
        ] as const
      ).map((refusal) => ({ kind: 'refused', refusal }) as Outcome),
    ];
    const paths = [
      [],
      ['0'],
      ['7'],
      ['0', '9'],
      ['1'],
      ['1', 'x'],
      ['1', '0712345678'],
      ['1', '0712345678', 'x'],
      ['1', '0712345678', '99999999999.99'],
      ['1', '0'],
      ['2'],
      ['3'],
      ['4'],
    ];
    for (const locale of LOCALES) {
      for (const path of paths) fits(shown(walk(path, locale, longest)));
      for (const [steps, outcome] of outcomes.map(
        (o) =>
          [
            o.kind === 'sale' || o.kind === 'refused' || o.kind === 'locked'
              ? ['1', '0712345678', '99999999999.99', '1357']
              : ['4', '1357'],
            o,
          ] as const,
      )) {
        const result = action(walk(steps, locale, longest)).after(outcome);
        fits(result);
        if (result.state.at === 'list')
          for (const page of result.state.pages)
            expect(page.length + 4).toBeLessThanOrEqual(SCREEN_MAX);
      }
    }
  });

  it('writes English and Kiswahili screens in plain GSM-7', () => {
    const gsm = /^[A-Za-z0-9 \n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;
    for (const locale of ['en', 'sw'] as const) {
      for (const path of [
        [],
        ['0'],
        ['1'],
        ['1', '0712345678'],
        ['1', '0712345678', '100'],
        ['2'],
        ['1', '0'],
      ])
        expect(shown(walk(path, locale)).reply.text).toMatch(gsm);
    }
  });
});

describe('the newest input of a session', () => {
  const mac = (text: string) => `mac(${text})`;
  const stored = (
    text: string,
    state: MenuState = { at: 'sell_number', locale: 'en' },
  ): StoredSession => ({
    state,
    inputLength: text.length,
    inputMac: mac(text),
    reply: { end: false, text: 'stored' },
    history: [[mac(''), { end: false, text: 'earlier' }]],
    expiresAt: 1_000,
  });
  const at = (text: string, isNew = text === '') => ({
    isNew,
    input: text.slice(text.lastIndexOf('*') + 1),
    path: text,
  });

  it('is what follows the text answered last, * and all', () => {
    expect(turnOf(stored('1'), at('1*07*12'), mac, 0)).toEqual({ kind: 'input', input: '07*12' });
    expect(turnOf(stored(''), at('1'), mac, 0)).toEqual({ kind: 'input', input: '1' });
  });

  it('replays the stored screen for the same text, an earlier one, a duplicate start, or a session that is over', () => {
    expect(turnOf(stored('1*0712'), at('1*0712'), mac, 0)).toEqual({
      kind: 'replay',
      reply: { end: false, text: 'stored' },
    });
    expect(turnOf(stored('1*0712'), at('', true), mac, 0)).toMatchObject({ kind: 'replay' });
    expect(turnOf(stored('1*0712'), at(''), mac, 0)).toMatchObject({ kind: 'replay' });
    expect(turnOf(stored('1', { at: 'over', locale: 'en' }), at('1*5'), mac, 0)).toMatchObject({
      kind: 'replay',
    });
  });

  it('tells an expired session, or one never started, that it expired', () => {
    expect(turnOf(stored('1'), at('1*2'), mac, 1_000)).toEqual({ kind: 'expired' });
    expect(turnOf(undefined, at('1*2'), mac, 0)).toEqual({ kind: 'expired' });
    expect(turnOf(undefined, at(''), mac, 0)).toEqual({ kind: 'start' });
  });
});

describe('the USSD stock request (menu 6)', () => {
  it('asks the amount in major units, reads it back, then takes the PIN as the action', () => {
    expect(shown(walk(['6'])).reply.text).toContain('Stock amount in KES');
    expect(shown(walk(['6', 'abc'])).reply.text).toContain('Not a valid amount');
    expect(shown(walk(['6', '0'])).reply).toEqual({
      end: true,
      text: 'Cancelled. Nothing was sold.',
    });
    const confirm = shown(walk(['6', '2500.50']));
    expect(confirm.reply.text).toContain('KES 2,500.50');
    expect(confirm.state).toMatchObject({ at: 'stock_pin', amount: 250_050 });
    expect(shown(walk(['6', '2500', '0'])).reply.end).toBe(true);
    const step = action(walk(['6', '2500', '1357']));
    expect(step.action).toEqual({ kind: 'stock', pin: '1357', amount: 250_000 });
  });

  it('ends with the request reference, or says why not; a wrong PIN asks again', () => {
    const step = action(walk(['6', '2500', '1357']));
    const sent = step.after({
      kind: 'stock',
      request: { id: '01a2336d-56e2-7742-a61d-c287c67a49f2', amount: 250_000 },
    });
    expect(sent.reply).toEqual({
      end: true,
      text: 'Stock request 7A49F2 for KES 2,500.00 sent. We will SMS you the answer.',
    });
    expect(step.after({ kind: 'stock_refused', why: 'pending' }).reply.text).toContain(
      'already have a stock request',
    );
    const again = step.after({ kind: 'wrong_pin' });
    expect([again.reply.end, again.state.at]).toEqual([false, 'stock_pin']);
  });

  it('fits every stock screen of every language in 182 characters', () => {
    for (const locale of LOCALES) {
      for (const path of [['6'], ['6', 'x'], ['6', '99999999999.99']])
        fits(shown(walk(path, locale, longest)));
      const step = action(walk(['6', '99999999999.99', '1357'], locale, longest));
      for (const outcome of [
        { kind: 'stock', request: { id: bigSale.id, amount: BIG } },
        { kind: 'stock_refused', why: 'pending' },
        { kind: 'stock_refused', why: 'busy' },
        { kind: 'stock_refused', why: 'no_distributor' },
        { kind: 'wrong_pin' },
      ] as Outcome[])
        fits(step.after(outcome));
    }
  });
});
