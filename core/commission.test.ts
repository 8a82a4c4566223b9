import { describe, expect, it } from 'vitest';
import {
  bpsFor,
  type PlanVersion,
  planAt,
  planProblem,
  rateFor,
  saleCommission,
} from './commission';

const safaricom = { id: 'safaricom-airtime', operator: 'safaricom' };
const airtel = { id: 'airtel-airtime', operator: 'airtel' };

describe('commission plans', () => {
  const v1: PlanVersion = {
    version: 1,
    effective_from: 0,
    rates: [{ operator: 'safaricom', bps: 600 }],
  };
  const v2: PlanVersion = {
    version: 2,
    effective_from: 1_000,
    rates: [
      { operator: 'safaricom', bps: 500, slabs: [{ up_to: 100_000, bps: 400 }] },
      { product_id: 'airtel-airtime', bps: 300 },
      { operator: 'airtel', bps: 900 },
    ],
  };

  it('picks the version in force at an instant, the newer on a tie', () => {
    expect(planAt([v1, v2], 999)?.version).toBe(1);
    expect(planAt([v2, v1], 1_000)?.version).toBe(2);
    expect(planAt([v1, { ...v2, effective_from: 0 }], 5)?.version).toBe(2);
    expect(planAt([v2], 10)).toBeUndefined();
  });

  it('rates a product by its own rate before its operator’s', () => {
    expect(rateFor(v2, airtel)?.bps).toBe(300);
    expect(rateFor(v2, safaricom)?.bps).toBe(500);
    expect(rateFor(v2, { id: 'x', operator: 'telkom' })).toBeUndefined();
  });

  it('rates the whole sale by the slab its amount falls in: 4 % up to KES 1,000, 5 % above', () => {
    const rate = rateFor(v2, safaricom);
    expect(bpsFor(rate, 100_000)).toBe(400);
    expect(bpsFor(rate, 100_001)).toBe(500);
    expect(saleCommission(rate, 100_000)).toBe(4_000);
    expect(saleCommission(rate, 200_000)).toBe(10_000);
    expect(saleCommission(undefined, 200_000)).toBe(0);
  });

  it('refuses rates with no target or two, a target rated twice, and falling slabs', () => {
    expect(planProblem(v2.rates)).toBeUndefined();
    expect(planProblem([{ bps: 1 }])).toMatch(/product_id or an operator/);
    expect(planProblem([{ operator: 'a', product_id: 'b', bps: 1 }])).toMatch(/not both/);
    expect(
      planProblem([
        { operator: 'a', bps: 1 },
        { operator: 'a', bps: 2 },
      ]),
    ).toMatch(/two rates/);
    const slabs = [
      { up_to: 10, bps: 1 },
      { up_to: 10, bps: 2 },
    ];
    expect(planProblem([{ operator: 'a', bps: 1, slabs }])).toMatch(/must rise/);
  });
});
