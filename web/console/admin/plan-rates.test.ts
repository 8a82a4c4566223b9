import { describe, expect, it } from 'vitest';
import { ratesOf, rowOf } from './plan-rates';

describe('the plan editor’s rows', () => {
  it('reads slabs in major units and writes them back the same', () => {
    const rates = ratesOf([{ target: 'operator:safaricom', bps: '500', slabs: '1000:400' }], 'KES');
    expect(rates).toEqual([
      { operator: 'safaricom', bps: 500, slabs: [{ up_to: 100_000, bps: 400 }] },
    ]);
    expect(rowOf({ product_id: 'a', bps: 1, slabs: [{ up_to: 100_050, bps: 2 }] }, 'KES')).toEqual({
      target: 'product:a',
      bps: '1',
      slabs: '1000.50:2',
    });
  });

  it('names the first row that is not valid', () => {
    expect(
      ratesOf(
        [
          { target: 'operator:a', bps: '1', slabs: '' },
          { target: 'x', bps: '1', slabs: '' },
        ],
        'KES',
      ),
    ).toBe(1);
    expect(ratesOf([{ target: 'operator:a', bps: '1.5', slabs: '' }], 'KES')).toBe(0);
    expect(ratesOf([{ target: 'operator:a', bps: '1', slabs: '10:x' }], 'KES')).toBe(0);
  });
});
