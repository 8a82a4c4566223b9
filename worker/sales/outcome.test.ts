import { describe, expect, it } from 'vitest';
import type { ReverseOutcome, TopupStatus } from '../carrier/gateway';
import {
  type CarrierAnswer,
  type NotFoundSighting,
  type ReversalSettlement,
  reversalSettlementOf,
  type Settlement,
  settlementOf,
} from './outcome';

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
  // Issue 14 item 8: the first not_found is only noted.
  [{ status: 'not_found' }, { action: 'note_not_found' }],
  [{ status: 'reversed' }, { action: 'void', failureCode: 'carrier_reversed' }],
];

describe('what a carrier answer does to a sale', () => {
  for (const [answer, settlement] of TABLE) {
    it(`${answer.status} -> ${settlement.action}${'failureCode' in settlement ? ` ${settlement.failureCode}` : ''}`, () => {
      expect(settlementOf(answer)).toEqual(settlement);
    });
  }

  // Issue 14 item 8: a second not_found voids only RECONCILE_AFTER_MS after the first.
  const sightings: [NotFoundSighting, Settlement][] = [
    [{ at: null, now: 5_000, afterMs: 1_000 }, { action: 'note_not_found' }],
    [{ at: 4_001, now: 5_000, afterMs: 1_000 }, { action: 'wait' }],
    [
      { at: 4_000, now: 5_000, afterMs: 1_000 },
      { action: 'void', failureCode: 'carrier_not_received', notFoundBy: 4_000 },
    ],
  ];
  for (const [sighting, settlement] of sightings) {
    it(`not_found first seen at ${sighting.at}, now ${sighting.now} -> ${settlement.action}`, () => {
      expect(settlementOf({ status: 'not_found' }, sighting)).toEqual(settlement);
    });
  }

  it('gives each kind of failure its own code', () => {
    const codes = TABLE.map(([a]) => settlementOf(a, { at: 0, now: 1, afterMs: 1 }))
      .filter((s) => s.action === 'void')
      .map((s) => s.failureCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

/**
 * Issue 14: a reversal the shop asked for, by the carrier's answer to it or, when that
 * answer was lost, by the sale's status. Only `reversed` moves money.
 */
const REVERSALS: [ReverseOutcome | TopupStatus, ReversalSettlement][] = [
  // The reversal's own answer (the request path).
  [{ status: 'reversed' }, { action: 'reverse' }],
  [{ status: 'refused', reason: 'used' }, { action: 'cancel' }],
  // The sale's status (reconciliation of a lost answer).
  [{ status: 'succeeded', carrierRef: 'ref-1' }, { action: 'cancel' }],
  [{ status: 'processing' }, { action: 'wait' }],
  [{ status: 'not_found' }, { action: 'wait' }],
  [{ status: 'failed', reason: 'no' }, { action: 'wait' }],
];

describe('what a carrier answer does to a reversal', () => {
  for (const [answer, settlement] of REVERSALS) {
    it(`${answer.status} -> ${settlement.action}`, () => {
      expect(reversalSettlementOf(answer)).toEqual(settlement);
    });
  }
});
