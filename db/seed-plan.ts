import { addDays, dayIn, dayStart } from '../core/day';

/**
 * The demo history's sales, planned in memory before db/seed-history.ts writes them:
 * each outlet's profile shapes its 90 days so that one DESIGN 10 flag is raised.
 */

export const HISTORY_DAYS = 90;
const HOUR = 3_600_000;

/** Which DESIGN 10 flag an outlet is shaped to raise; `normal` raises none but visit_overdue. */
export type Profile =
  | 'normal'
  | 'repeat'
  | 'spike'
  | 'failure'
  | 'night'
  | 'dormant'
  | 'not_seen'
  | 'low_float'
  | 'stuck'
  | 'lockouts'
  | 'visit_far'
  | 'visited'
  /** Normal sales, three of them disputed in the last 30 days (`many_disputes`, issue 12). */
  | 'disputes';

/** mulberry32: a small seeded PRNG, so the same seed gives the same history. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}
export type Rng = ReturnType<typeof prng>;

export interface PlannedSale {
  at: number;
  msisdn: string;
  amount: number;
  outcome: 'succeeded' | 'failed' | 'pending';
}

const AMOUNTS = [5_000, 10_000, 10_000, 20_000, 20_000, 50_000];
export const msisdn = (rng: Rng) => `+25471${String(rng.int(10_000_000)).padStart(7, '0')}`;

/** The sales one outlet made, shaped by its profile, all before `now`. */
export function planSales(profile: Profile, rng: Rng, now: number, tz: string): PlannedSale[] {
  const today = dayIn(now, tz);
  const out: PlannedSale[] = [];
  const failPct = profile === 'failure' ? 40 : 3;
  const lastDay = profile === 'dormant' ? -12 : profile === 'not_seen' ? -5 : 0;
  for (let d = -HISTORY_DAYS + 1; d <= lastDay; d++) {
    const start = dayStart(addDays(today, d), tz);
    const night = profile === 'night' && d > -10;
    const n = night ? 3 : 1 + rng.int(3);
    for (let i = 0; i < n; i++) {
      const hour = night ? rng.int(5) : 8 + rng.int(12);
      const at = start + hour * HOUR + rng.int(HOUR);
      if (at >= now - 60_000) continue;
      out.push({
        at,
        msisdn: msisdn(rng),
        amount: AMOUNTS[rng.int(AMOUNTS.length)]!,
        outcome: rng.int(100) < failPct ? 'failed' : 'succeeded',
      });
    }
  }
  // Today's burst goes between midnight and now, whatever the hour the host starts.
  const midnight = dayStart(today, tz);
  const burst = (count: number, sale: (i: number) => Omit<PlannedSale, 'at'>) => {
    const step = Math.max(1, Math.floor((now - midnight) / (count + 1)));
    for (let i = 0; i < count; i++) out.push({ at: midnight + (i + 1) * step, ...sale(i) });
  };
  if (profile === 'repeat') {
    const number = msisdn(rng);
    burst(6, () => ({ msisdn: number, amount: 10_000, outcome: 'succeeded' }));
  }
  if (profile === 'spike') {
    burst(12, () => ({ msisdn: msisdn(rng), amount: 50_000, outcome: 'succeeded' }));
  }
  if (profile === 'stuck') {
    out.push({ at: now - 2 * HOUR, msisdn: msisdn(rng), amount: 20_000, outcome: 'pending' });
  }
  return out.sort((a, b) => a.at - b.at);
}
