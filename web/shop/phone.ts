import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import type { Product } from '../shared/types';

/**
 * The customer's number on the sell screen (DESIGN 5): checked with libphonenumber's
 * mobile metadata (airtime goes to mobiles; the smallest metadata that still checks the
 * digits), and its operator found by the products' prefixes, by the same
 * longest-prefix rule as the server (worker/sales/products.ts). Loaded lazily with
 * the sell screen, so the first screen does not carry the metadata.
 */

export type NumberCheck =
  | { ok: true; e164: string; national: string; display: string; product: Product }
  | { ok: false; reason: 'empty' | 'invalid' | 'no_operator' };

export function productFor(national: string, products: readonly Product[]): Product | undefined {
  let best: { product: Product; length: number } | undefined;
  for (const product of products) {
    for (const prefix of product.prefixes) {
      if (national.startsWith(prefix) && prefix.length > (best?.length ?? 0)) {
        best = { product, length: prefix.length };
      }
    }
  }
  return best?.product;
}

export function checkCustomerNumber(
  input: string,
  country: string,
  products: readonly Product[],
): NumberCheck {
  if (input.trim() === '') return { ok: false, reason: 'empty' };
  const number = parsePhoneNumberFromString(input, country as CountryCode);
  if (!number?.isValid()) return { ok: false, reason: 'invalid' };
  const product = productFor(number.nationalNumber, products);
  if (!product) return { ok: false, reason: 'no_operator' };
  return {
    ok: true,
    e164: number.number,
    national: number.nationalNumber,
    display: number.formatNational(),
    product,
  };
}
