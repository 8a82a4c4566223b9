import { saleCommission } from '../../core/commission';
import type { Product } from '../shared/types';

/**
 * What the confirmation shows and the sale then sends (issue 9): the product found for
 * the number, its operator, and the commission by the server's own rule (core/). The
 * sale carries `product`, so a stale product list on the phone cannot show one thing
 * while the server charges another: the server answers product_mismatch instead.
 */
export interface SaleQuote {
  product: string;
  operator: string;
  commission: number;
}

export const quoteSale = (product: Product, amount: number): SaleQuote => ({
  product: product.id,
  operator: product.operator,
  commission: saleCommission(
    { bps: product.commission_bps, slabs: product.commission_slabs },
    amount,
  ),
});
