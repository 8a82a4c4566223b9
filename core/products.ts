/**
 * Which product serves a number, and what a sale of it earns (DESIGN 10: one source for
 * the device and the server). Pure: no DOM, Node or Hono; worker/sales and the shop's
 * sell screen both call these, so the operator and commission the shopkeeper confirms
 * are the ones the server charges.
 */

export interface Prefixed {
  readonly prefixes: readonly string[];
}

/** Whether the product's prefixes cover the national number (without country code). */
export const serves = (product: Prefixed, nationalNumber: string): boolean =>
  product.prefixes.some((prefix) => nationalNumber.startsWith(prefix));

/** The product whose longest prefix matches the national number, or undefined. */
export function productFor<P extends Prefixed>(
  products: readonly P[],
  nationalNumber: string,
): P | undefined {
  let best: { product: P; length: number } | undefined;
  for (const product of products) {
    for (const prefix of product.prefixes) {
      if (nationalNumber.startsWith(prefix) && prefix.length > (best?.length ?? 0)) {
        best = { product, length: prefix.length };
      }
    }
  }
  return best?.product;
}

/**
 * Commission in minor units for a rate in basis points. Rounding rule: round down
 * (toward zero) to the minor unit, so the sum paid never exceeds the plan's
 * percentage of what was sold.
 */
export const commissionFor = (amount: number, bps: number): number =>
  Math.floor((amount * bps) / 10_000);
