/**
 * Commission plans as versions (issue 11, DESIGN 12), one rule for the device and the
 * server: the version in force at an instant, the rate it gives a product (the product's
 * own, else its operator's), and the slab an amount falls in. A slab rates the whole sale
 * by its amount: `{ bps: 500, slabs: [{ up_to: 100_000, bps: 400 }] }` is 4 % for a sale of
 * up to KES 1,000.00 and 5 % above. Pure: no DOM, Node or Hono.
 */

import { commissionFor } from './products';

export interface Slab {
  /** The largest amount (minor units, included) this slab's rate applies to. */
  readonly up_to: number;
  readonly bps: number;
}

export interface Rate {
  readonly product_id?: string | undefined;
  readonly operator?: string | undefined;
  /** The rate above the last slab, or of every amount when there are no slabs. */
  readonly bps: number;
  /** Ascending by `up_to`. */
  readonly slabs?: readonly Slab[] | undefined;
}

export interface PlanVersion {
  readonly version: number;
  /** Epoch milliseconds. */
  readonly effective_from: number;
  readonly rates: readonly Rate[];
}

/** The version in force at `at`: the latest `effective_from` not after it (the higher version on a tie). */
export function planAt<P extends PlanVersion>(plans: readonly P[], at: number): P | undefined {
  let best: P | undefined;
  for (const plan of plans) {
    if (plan.effective_from > at) continue;
    if (
      !best ||
      plan.effective_from > best.effective_from ||
      (plan.effective_from === best.effective_from && plan.version > best.version)
    )
      best = plan;
  }
  return best;
}

/** The rate a plan gives a product: the product's own, else its operator's, else none. */
export const rateFor = (
  plan: Pick<PlanVersion, 'rates'> | undefined,
  product: { id: string; operator: string },
): Rate | undefined =>
  plan?.rates.find((r) => r.product_id === product.id) ??
  plan?.rates.find((r) => r.product_id === undefined && r.operator === product.operator);

/** Basis points for a sale of `amount` under `rate` (0 without one). */
export function bpsFor(rate: Rate | undefined, amount: number): number {
  if (!rate) return 0;
  for (const slab of rate.slabs ?? []) if (amount <= slab.up_to) return slab.bps;
  return rate.bps;
}

/** The commission a sale of `amount` earns under `rate`, in minor units (rounded down). */
export const saleCommission = (rate: Rate | undefined, amount: number): number =>
  commissionFor(amount, bpsFor(rate, amount));

/** What is wrong with a plan's rates, or undefined: one target each, slabs ascending, bps 0-10,000. */
export function planProblem(rates: readonly Rate[]): string | undefined {
  const seen = new Set<string>();
  for (const [i, rate] of rates.entries()) {
    if ((rate.product_id === undefined) === (rate.operator === undefined))
      return `rates.${i}: name a product_id or an operator, not both`;
    const key = rate.product_id !== undefined ? `p:${rate.product_id}` : `o:${rate.operator}`;
    if (seen.has(key)) return `rates.${i}: ${key.slice(2)} has two rates`;
    seen.add(key);
    let last = 0;
    for (const [j, slab] of (rate.slabs ?? []).entries()) {
      if (slab.up_to <= last) return `rates.${i}.slabs.${j}: up_to must rise`;
      last = slab.up_to;
    }
  }
  return undefined;
}
