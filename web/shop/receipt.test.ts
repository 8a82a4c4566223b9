import { describe, expect, it } from 'vitest';
import { dateTime } from '../shared/labels';
import type { Entry } from './history';
import { receiptText } from './receipt';

const entry: Entry = {
  ref: 's-1',
  saleId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  msisdn: '+254712345678',
  amount: 12_345,
  currency: 'KES',
  operator: 'safaricom',
  commission: 740,
  status: 'succeeded',
  createdAt: Date.UTC(2025, 5, 15, 9, 30),
};

describe('receipt text', () => {
  it('names the shop, the amount, the number, the operator, the status and the reference', () => {
    const text = receiptText(entry, 'Demo Shop 101');
    expect(text).toContain('Demo Shop 101');
    expect(text.replace(/\s/g, ' ')).toContain('KES 123.45 airtime to +254712345678 (Safaricom)');
    expect(text).toContain('Status: Succeeded');
    expect(text).toContain('Ref: 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    // A receipt tells the customer what they got, not what the shop earned.
    expect(text).not.toContain('7.40');
  });

  it('says a queued sale has no reference yet', () => {
    const text = receiptText({ ...entry, saleId: undefined, status: 'queued' }, 'Shop');
    expect(text).toContain('Status: Queued');
    expect(text).toContain('Ref: given when the sale is sent');
  });

  it('says a refunded sale was refunded, and when', () => {
    const refunded = Date.UTC(2025, 5, 16, 8, 0);
    const text = receiptText({ ...entry, refunded }, 'Shop');
    expect(text).toContain(
      `Refunded ${dateTime(refunded)}: the amount went back to the shop's wallet.`,
    );
    expect(receiptText(entry, 'Shop')).not.toContain('Refunded');
  });
});
