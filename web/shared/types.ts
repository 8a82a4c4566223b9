/** The API's shapes (README "API", DESIGN 8) as the app uses them. Money is integer minor units. */

export type SaleStatus = 'pending' | 'unknown' | 'succeeded' | 'failed' | 'reversed';

export interface Sale {
  id: string;
  msisdn: string;
  amount: number;
  currency: string;
  status: SaleStatus;
  commission: number;
  product: string | null;
  operator: string;
  failure_code: string | null;
  created_at: string;
  updated_at?: string;
}

export interface Wallet {
  available: number;
  held: number;
  commission: number;
  currency: string;
}

export interface Profile {
  id: string;
  role: string;
  name: string;
  phone: string | null;
  currency: string;
  country: string;
  limits: { min_sale: number; max_sale: number };
}

export interface Product {
  id: string;
  operator: string;
  name: string;
  prefixes: string[];
  denominations: number[];
  commission_bps: number;
}

/** `{ error: { code, message } }`, the body of every 4xx (DESIGN 7). */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export const isSale = (value: unknown): value is Sale => {
  if (typeof value !== 'object' || value === null) return false;
  const sale = value as Record<string, unknown>;
  return (
    typeof sale.id === 'string' &&
    typeof sale.msisdn === 'string' &&
    typeof sale.amount === 'number' &&
    typeof sale.status === 'string'
  );
};

export const errorOf = (body: unknown): { code: string; message: string } | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Partial<ApiErrorBody>).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return undefined;
  return { code: error.code, message: error.message };
};
