import { describe, expect, it } from 'vitest';
import { formatMoney as format, parseAmount, toDecimal } from './money';

/** Intl puts a no-break space between code and number. */
const formatMoney = (...args: Parameters<typeof format>) => format(...args).replace(/\s/g, ' ');

describe('money on the device', () => {
  it('formats minor units in the currency and the language', () => {
    expect(formatMoney(12_345, 'KES', 'en')).toBe('KES 123.45');
    expect(formatMoney(500, 'KES', 'en')).toBe('KES 5.00');
    expect(formatMoney(5_000_000, 'KES', 'zh-CN')).toMatch(/50,000\.00/);
    expect(formatMoney(1_500, 'UGX', 'en')).toBe('UGX 1,500');
  });

  it('keeps every digit of large amounts', () => {
    expect(toDecimal(123_456_789_012_345, 'KES')).toBe('1234567890123.45');
    expect(toDecimal(7, 'KES')).toBe('0.07');
    expect(toDecimal(-250, 'KES')).toBe('-2.50');
  });

  it('reads what the shopkeeper typed into minor units', () => {
    expect(parseAmount('100', 'KES')).toBe(10_000);
    expect(parseAmount('100.5', 'KES')).toBe(10_050);
    expect(parseAmount(' 1,000.05 ', 'KES')).toBe(100_005);
    expect(parseAmount('0.1', 'KES')).toBe(10);
    expect(parseAmount('1500', 'UGX')).toBe(1_500);
  });

  it('refuses what is not an amount in the currency', () => {
    for (const text of ['', 'abc', '1.234', '-5', '1e3', '12.3.4']) {
      expect(parseAmount(text, 'KES')).toBeUndefined();
    }
    expect(parseAmount('15.5', 'UGX')).toBeUndefined();
  });
});
