import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';
import { reverseSale } from '../ledger/statements';
import { violationOf } from '../ledger/violation';
import { moveDispute, openDispute, refundFromLosses } from './statements';

/**
 * Issue 12's invariants are the database's, not the service's: written straight to the
 * writer, a second refund of a sale, a refund of a sale that is not succeeded, a second
 * open dispute and a move out of a final status are each refused, and nothing moves.
 */

let h: Harness;
let token: string;
let serial = 0;
const who = { id: 'u-ret-101', role: 'retailer', channel: 'app' };

async function sale(msisdn = '0712345678') {
  const res = await h.sell(token, `invariant-${++serial}`, { msisdn, amount: 10_000 });
  return ((await res.json()) as { id: string; status: string }).id;
}

function dispute(saleId: string) {
  const id = `inv-dispute-${++serial}`;
  const now = h.clock.now();
  const statements = openDispute(
    {
      ...{ id, saleId, retailerId: 'u-ret-101', reason: 'other', note: null, channel: 'app' },
      ...{ idempotencyKey: id, requestHash: 'h', evidence: '{}', now, dueAt: now + 1 },
    },
    who,
  );
  return { id, statements };
}

const refused = async (statements: Parameters<Harness['deps']['writer']['write']>[0]) => {
  const before = await h.count('transfers');
  const error = await h.deps.writer.write(statements).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(await h.count('transfers')).toBe(before);
  return violationOf(error);
};

beforeAll(async () => {
  h = await createHarness();
  token = await h.login('+254700000101');
});
afterAll(async () => {
  await h.settled();
  expect(await checkLedger(h.database.client, h.simulator.credited())).toEqual([]);
  await h.close();
});

describe('the database refuses', () => {
  it('a dispute refund of a sale reversed already, and a reversal of a sale refunded already', async () => {
    const reversed = await sale();
    await h.deps.writer.write(reverseSale(reversed, h.clock.now()));
    await h.simulator.reverse(reversed, 1_000);
    expect(await refused(refundFromLosses(reversed, 'u-ret-101', h.clock.now()))).toBe(
      'already_settled',
    );
    const refunded = await sale();
    await h.deps.writer.write(refundFromLosses(refunded, 'u-ret-101', h.clock.now()));
    expect(await refused(refundFromLosses(refunded, 'u-ret-101', h.clock.now()))).toBe(
      'already_settled',
    );
    expect(await refused(reverseSale(refunded, h.clock.now()))).toBe('already_settled');
    // The refund stands as a dispute's: give it one, so the ledger check agrees.
    const d = dispute(refunded);
    await h.deps.writer.write([
      ...d.statements,
      ...moveDispute(
        {
          ...{ disputeId: d.id, saleId: refunded, status: 'refunded', note: null },
          now: h.clock.now(),
          refund: { source: 'dispute_losses', amount: 10_000 },
        },
        who,
      ),
    ]);
  });

  it('a dispute refund of a failed sale (its hold was released already)', async () => {
    const failed = await sale('0712345901');
    expect(await refused(refundFromLosses(failed, 'u-ret-101', h.clock.now()))).toBe(
      'already_settled',
    );
  });

  it('a second open dispute on a sale, and any move out of a final status', async () => {
    const id = await sale();
    const first = dispute(id);
    await h.deps.writer.write(first.statements);
    expect(await refused(dispute(id).statements)).toBe('dispute_open');
    const move = (status: 'rejected' | 'investigating' | 'refunded') =>
      moveDispute({ disputeId: first.id, saleId: id, status, note: null, now: h.clock.now() }, who);
    await h.deps.writer.write(move('rejected'));
    expect(await refused(move('investigating'))).toBe('dispute_closed');
    expect(await refused(move('rejected'))).toBe('dispute_closed');
    // Closed, the sale may be disputed again.
    await h.deps.writer.write(dispute(id).statements);
  });
});
