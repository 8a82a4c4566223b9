import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FLAG_CODES, type FlagCode } from '../../../core/flags';
import { setLitLocale } from '../../shared/locale';
import { flagReason } from './flag-reasons';
import type { Flag } from './types';

/** Issue 9 §2 "Languages": a flag's reason in Chinese names the server's numbers. */

// The values worker/flags/reasons.ts sends with each code (its tests pin the keys).
const VALUES: Record<FlagCode, Flag['values'][]> = {
  repeat_number: [{ count: 7, msisdn: '+254712345678' }],
  sales_spike: [{ total: 1_234_500, count: 12, factor: 3, median: 20_000, days: 14 }],
  high_failure_rate: [{ failed: 11, count: 50, percent: 22 }],
  night_sales: [{ night: 13, count: 40, days: 7, percent: 33 }],
  dormant: [{ days: 9 }, { opened_days: 12 }],
  not_seen: [{ days: 4 }, { opened_days: 8 }],
  low_float: [{ available: 5_000, median: 90_000, days: 14 }],
  stuck_sales: [{ count: 2, minutes: 60 }],
  pin_lockouts: [{ count: 3, days: 7 }],
  many_disputes: [{ count: 4, days: 30 }],
  visit_far: [{ distance_m: 250 }, { accuracy_m: 140 }],
  visit_overdue: [{ days: 31 }, { opened_days: 45 }],
};

const flag = (code: FlagCode, values: Flag['values']): Flag => ({
  code,
  reason: `the server's words for ${code}`,
  since: null,
  ...(values && { values }),
});

describe('flag reasons', () => {
  // @lit/localize announces a change of language on `window`; node has none.
  beforeAll(() => vi.stubGlobal('window', new EventTarget()));
  afterAll(async () => {
    await setLitLocale('en');
    vi.unstubAllGlobals();
  });

  it('are the server’s English words in English', () => {
    expect(flagReason(flag('dormant', { days: 9 }), 'KES')).toBe("the server's words for dormant");
  });

  it('say every code’s numbers in Chinese, each variant its own words', async () => {
    await setLitLocale('zh-CN');
    const seen = new Set<string>();
    for (const code of FLAG_CODES) {
      for (const values of VALUES[code]) {
        const words = flagReason(flag(code, values), 'KES');
        expect(words, code).toMatch(/[\u4e00-\u9fff]/);
        expect(words, code).not.toMatch(/undefined|NaN|server/);
        for (const [key, value] of Object.entries(values ?? {})) {
          // Money is formatted (12,345.00); counts, days and metres appear as they are.
          if (!['total', 'median', 'available'].includes(key))
            expect(words).toContain(String(value));
        }
        seen.add(words);
      }
    }
    expect(seen.size).toBe(Object.values(VALUES).flat().length);
    expect(
      flagReason(flag('low_float', { available: 5_000, median: 90_000, days: 14 }), 'KES'),
    ).toMatch(/50\.00.*900\.00/);
  });

  it('fall back to the server’s words for a flag without values', async () => {
    await setLitLocale('zh-CN');
    expect(flagReason(flag('dormant', undefined), 'KES')).toBe("the server's words for dormant");
  });
});
