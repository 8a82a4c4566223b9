import fc from 'fast-check';
import { expect } from 'vitest';
import type { DisputeReason } from '../../core/api/enums';
import { resolveDispute } from '../../worker/disputes/resolve';
import { openDispute } from '../../worker/disputes/service';
import { attempt, type Model, rejectionOf, reverseInModel, Step } from './ledger-model';
import { RETAILERS, snapshot, type World } from './ledger-world';

/**
 * Disputes as steps of the ledger's model-based property (issue 12): opening one on a
 * sale (once, or twice at once with one key, as an outbox resend does) and resolving it
 * (by two staff at once, too). A refund moves money only as the model says: the
 * carrier's reversal of a succeeded sale, nothing for a sale voided or reversed before;
 * the invariants (worker/ledger/check.ts and verifyDisputes) are checked after every step.
 */

export interface ModelDispute {
  id: string;
  saleId: string;
  status: 'open' | 'refunded' | 'rejected';
}

const ADMIN = { id: 'u-prop-admin', role: 'admin', channel: 'app' } as const;
let keys = 0;

export class OpenDispute extends Step {
  constructor(
    readonly index: number,
    readonly reason: DisputeReason,
    readonly twice: boolean,
    /** Pick among settled sales only (mostly), so that disputes open often enough to resolve. */
    readonly settledOnly: boolean,
  ) {
    super();
  }

  private pool(m: Readonly<Model>) {
    return this.settledOnly
      ? m.sales.filter((s) => s.status !== 'pending' && s.status !== 'unknown')
      : m.sales;
  }

  override check(m: Readonly<Model>) {
    return this.pool(m).length > 0;
  }

  protected async act(m: Model, world: World) {
    const pool = this.pool(m);
    const sale = pool[this.index % pool.length]!;
    const caller = { id: RETAILERS[sale.retailer]!.id, role: 'retailer', channel: 'app' } as const;
    const key = `dispute-${++keys}`;
    const open = m.disputes.find((d) => d.saleId === sale.id && d.status === 'open');
    const refunded = m.disputes.some((d) => d.saleId === sale.id && d.status === 'refunded');
    const settled = sale.status !== 'pending' && sale.status !== 'unknown';
    const before = await snapshot(world);
    const results = await Promise.all(
      Array.from({ length: this.twice ? 2 : 1 }, () =>
        attempt(openDispute(world.deps, caller, sale.id, key, { reason: this.reason })),
      ),
    );
    await world.settled();
    // Money never moves on opening here: the simulator says a failed sale failed (a
    // not_received dispute is refunded from its void) and a succeeded one succeeded.
    expect(await snapshot(world), 'opening a dispute moves no money here').toMatchObject({
      transfers: before.transfers,
      accounts: before.accounts,
    });
    if (!settled || refunded) {
      for (const r of results) expect(rejectionOf(r)).toBe('422 sale_not_disputable');
      return;
    }
    if (open) {
      for (const r of results) expect(rejectionOf(r)).toBe('409 dispute_open');
      return;
    }
    const ids = results.map((r) => (r.ok ? r.value.dispute.id : rejectionOf(r)));
    expect(new Set(ids).size, `one dispute for one key: ${ids}`).toBe(1);
    const auto = this.reason === 'not_received' && sale.status === 'failed';
    const status = auto ? 'refunded' : 'open';
    for (const r of results) expect(r.ok && r.value.dispute.status).toBe(status);
    m.disputes.push({ id: ids[0]!, saleId: sale.id, status });
  }

  toString() {
    const which = this.settledOnly ? 'settled sale' : 'sale';
    return `openDispute${this.twice ? ' twice at once' : ''}(${which} #${this.index}, ${this.reason})`;
  }
}

export class ResolveDispute extends Step {
  constructor(
    readonly index: number,
    readonly outcome: 'refunded' | 'rejected',
    readonly twice: boolean,
    /** Pick among open disputes only (mostly); else any, a final one answering 409. */
    readonly openOnly: boolean,
  ) {
    super();
  }

  private pool(m: Readonly<Model>) {
    return this.openOnly ? m.disputes.filter((d) => d.status === 'open') : m.disputes;
  }

  override check(m: Readonly<Model>) {
    return this.pool(m).length > 0;
  }

  protected async act(m: Model, world: World) {
    const pool = this.pool(m);
    const dispute = pool[this.index % pool.length]!;
    const sale = m.sales.find((s) => s.id === dispute.saleId)!;
    const request = { outcome: this.outcome, note: 'property' };
    const results = await Promise.all(
      Array.from({ length: this.twice ? 2 : 1 }, () =>
        attempt(resolveDispute(world.deps, ADMIN, dispute.id, request)),
      ),
    );
    await world.settled();
    if (dispute.status !== 'open') {
      for (const r of results) expect(rejectionOf(r)).toBe('409 dispute_closed');
      return;
    }
    const answers = results.map((r) => (r.ok ? r.value.status : rejectionOf(r))).sort();
    expect(answers).toEqual(this.twice ? ['409 dispute_closed', this.outcome] : [this.outcome]);
    dispute.status = this.outcome;
    // The simulator reverses a succeeded sale: the refund is the carrier's reversal, once.
    if (this.outcome === 'refunded' && sale.status === 'succeeded') reverseInModel(m, sale);
  }

  toString() {
    const which = this.openOnly ? 'open dispute' : 'dispute';
    return `resolve${this.twice ? ' twice at once' : ''}(${which} #${this.index}, ${this.outcome})`;
  }
}

/** After every step: the disputes as the model has them, one open per sale, one refund per sale. */
export async function verifyDisputes(m: Model, world: World) {
  const rows = async (sql: string) =>
    (await world.client.execute(sql)).rows.map((r) => Object.values(r).join(' '));
  expect(
    (await rows('SELECT id, sale_id, status FROM disputes')).sort(),
    'every dispute as the model has it',
  ).toEqual(m.disputes.map((d) => `${d.id} ${d.saleId} ${d.status}`).sort());
  expect(
    await rows(`SELECT sale_id FROM disputes WHERE status IN ('open', 'investigating')
                GROUP BY sale_id HAVING count(*) > 1`),
  ).toEqual([]);
  expect(
    await rows(`SELECT sale_id FROM transfers WHERE kind IN ('reversal', 'dispute_refund')
                GROUP BY sale_id HAVING count(*) > 1`),
  ).toEqual([]);
  // Each dispute's history ends at its status, and the sale points at its latest dispute.
  expect(
    await rows(`SELECT d.id FROM disputes d WHERE d.status <> (SELECT e.status FROM dispute_events e
                WHERE e.dispute_id = d.id ORDER BY e.id DESC LIMIT 1)`),
  ).toEqual([]);
}

const reason = fc.constantFrom<DisputeReason>('wrong_number', 'not_received', 'other');

const mostly = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false));

export const openDisputeStep = fc
  .record({ index: fc.nat(40), reason, twice: fc.boolean(), settledOnly: mostly })
  .map((d) => new OpenDispute(d.index, d.reason, d.twice, d.settledOnly));

export const resolveDisputeStep = fc
  .record({
    index: fc.nat(10),
    outcome: fc.constantFrom<'refunded' | 'rejected'>('refunded', 'rejected'),
    twice: fc.boolean(),
    openOnly: mostly,
  })
  .map((d) => new ResolveDispute(d.index, d.outcome, d.twice, d.openOnly));
