import type { Sale } from '../shared/types';

/** A succeeded Safaricom sale of KES 100.00 as the server shows it, for the web unit tests. */
export const aSale = (over: Partial<Sale> = {}): Sale => ({
  id: '0190-sale',
  msisdn: '+254712345678',
  amount: 10_000,
  currency: 'KES',
  status: 'succeeded',
  commission: 600,
  product: 'safaricom-airtime',
  operator: 'safaricom',
  failure_code: null,
  created_at: '2025-01-01T00:00:00.000Z',
  ...over,
});
