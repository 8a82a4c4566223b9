import { describe, expect, it } from 'vitest';
import { productFor } from '../../core/products';
import type { Product } from '../shared/types';
import { checkCustomerNumber } from './phone';

const product = (id: string, operator: string, prefixes: string[]): Product => ({
  id,
  operator,
  name: id,
  prefixes,
  denominations: [5_000],
  commission_bps: 500,
  active: true,
});
// The demo catalogue's shape (db/seed.ts): Safaricom owns 74x but Airtel 750-756.
const products = [
  product('safaricom-airtime', 'safaricom', ['70', '71', '72', '740', '741', '79']),
  product('airtel-airtime', 'airtel', ['73', '750', '751', '78']),
  product('telkom-airtime', 'telkom', ['77']),
];

describe('customer number', () => {
  it('reads a local or international Kenyan mobile number and finds its operator', () => {
    for (const input of ['0712345678', '+254712345678', '0712 345 678', '254712345678']) {
      const check = checkCustomerNumber(input, 'KE', products);
      expect(check).toMatchObject({ ok: true, e164: '+254712345678', national: '712345678' });
      if (check.ok) expect(check.product.operator).toBe('safaricom');
    }
    const airtel = checkCustomerNumber('0733123456', 'KE', products);
    expect(airtel.ok && airtel.product.operator).toBe('airtel');
  });

  it('refuses a number that is not a valid mobile number', () => {
    for (const input of ['0712', '07123456789', 'hello', '0201234567']) {
      expect(checkCustomerNumber(input, 'KE', products)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(checkCustomerNumber('  ', 'KE', products)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses a valid number no product serves', () => {
    expect(checkCustomerNumber('0110123456', 'KE', products)).toEqual({
      ok: false,
      reason: 'no_operator',
    });
  });

  it('takes the longest matching prefix, as the server does', () => {
    const overlapping = [product('a', 'a', ['7']), product('b', 'b', ['75'])];
    expect(productFor(overlapping, '750000000')?.id).toBe('b');
    expect(productFor(overlapping, '712345678')?.id).toBe('a');
    expect(productFor(overlapping, '612345678')).toBeUndefined();
  });
});
