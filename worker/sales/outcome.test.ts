import { describe, expect, it } from 'vitest';
import { type CarrierAnswer, type Settlement, settlementOf } from './outcome';

/** Issue 14 item 9: every carrier answer, on either path, and what it does to the sale. */
const TABLE: [CarrierAnswer, Settlement][] = [
  // A top-up's answer (the request path).
  [
    { status: 'succeeded', carrierRef: 'ref-1' },
    { action: 'post', carrierRef: 'ref-1' },
  ],
  [
    { status: 'declined', reason: 'barred' },
    { action: 'void', failureCode: 'carrier_declined' },
  ],
  [
    { status: 'unavailable', reason: 'down' },
    { action: 'void', failureCode: 'carrier_unavailable' },
  ],
  // A status answer (reconciliation).
  [{ status: 'processing' }, { action: 'wait' }],
  [
    { status: 'failed', reason: 'no' },
    { action: 'void', failureCode: 'carrier_failed' },
  ],
  [{ status: 'not_found' }, { action: 'void', failureCode: 'carrier_not_received' }],
  [{ status: 'reversed' }, { action: 'void', failureCode: 'carrier_reversed' }],
];

describe('what a carrier answer does to a sale', () => {
  for (const [answer, settlement] of TABLE) {
    it(`${answer.status} -> ${settlement.action}${'failureCode' in settlement ? ` ${settlement.failureCode}` : ''}`, () => {
      expect(settlementOf(answer)).toEqual(settlement);
    });
  }

  it('gives each kind of failure its own code', () => {
    const codes = TABLE.map(([a]) => settlementOf(a))
      .filter((s) => s.action === 'void')
      .map((s) => s.failureCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
