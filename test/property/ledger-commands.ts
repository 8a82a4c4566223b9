import fc from 'fast-check';
import { expect } from 'vitest';
import { fundWalletByPhone } from '../../worker/admin/fundings';
import type { Actor } from '../../worker/audit/entry';
import type { CarrierGateway } from '../../worker/carrier/gateway';
import { type ReconcileReport, reconcile } from '../../worker/sales/reconcile';
import { reverseSale } from '../../worker/sales/reversal';
import { openDisputeStep, resolveDisputeStep } from './ledger-disputes';
import {
  afterReconcile,
  attempt,
  isDue,
  type Model,
  OPERATORS,
  rejectionOf,
  reverseInModel,
  Step,
  SUFFIXES,
  settleInModel,
} from './ledger-model';
import { Sell, SellPair } from './ledger-sales';
import { RETAILERS, snapshot, type World } from './ledger-world';

/**
 * Airload's clock and the carrier's move on: carrier timeouts fire and 904s complete at
 * the carrier, but nothing in the ledger changes by itself (verify compares it all).
 */
class Elapse extends Step {
  constructor(readonly ms: number) {
    super();
  }

  protected async act(m: Model, world: World) {
    await world.elapse(this.ms);
    m.now += this.ms;
  }

  toString() {
    return `elapse(${this.ms} ms)`;
  }
}

/** One reconciliation run, or two at once with the carrier's answers in an order fast-check picks. */
class Reconcile extends Step {
  constructor(readonly scheduler?: fc.Scheduler) {
    super();
  }

  protected async act(m: Model, world: World) {
    const due = m.sales.filter((sale) => isDue(m, sale));
    const settlements = due.map((sale) => ({ sale, to: afterReconcile(m, sale) }));
    let reports: ReconcileReport[];
    if (this.scheduler) {
      const s = this.scheduler;
      const carrier: CarrierGateway = {
        topup: (request, timeoutMs) => world.simulator.topup(request, timeoutMs),
        reverse: (saleId, timeoutMs) => world.simulator.reverse(saleId, timeoutMs),
        report: (from, to, timeoutMs) => world.simulator.report(from, to, timeoutMs),
        status: (saleId, timeoutMs) =>
          s.schedule(world.simulator.status(saleId, timeoutMs), saleId),
      };
      const deps = { ...world.deps, carrier };
      reports = await s.waitFor(
        Promise.all([reconcile(deps, 1_000, 2), reconcile(deps, 1_000, 2)]),
      );
      // A sale the other run settled first is checked but not counted.
      for (const report of reports) {
        expect(report.posted + report.voided + report.open).toBeLessThanOrEqual(report.checked);
        expect(report.checked).toBeLessThanOrEqual(due.length);
      }
      const total = (k: 'posted' | 'voided') => reports[0]![k] + reports[1]![k];
      expect({ posted: total('posted'), voided: total('voided') }).toEqual({
        posted: settlements.filter((x) => x.to === 'succeeded').length,
        voided: settlements.filter((x) => x.to === 'failed').length,
      });
    } else {
      reports = [await reconcile(world.deps)];
      expect(reports[0]).toEqual({
        checked: due.length,
        posted: settlements.filter((x) => x.to === 'succeeded').length,
        voided: settlements.filter((x) => x.to === 'failed').length,
        open: settlements.filter((x) => x.to === undefined).length,
        // The model's numbers lose no reversal answer (no 906): none is left to settle.
        reversed: 0,
      });
    }
    await world.settled();
    for (const { sale, to } of settlements) {
      if (to) settleInModel(m, sale, to);
      else if (sale.suffix === '903') sale.notFoundAt ??= m.now;
    }
  }

  toString() {
    // The scheduler's report says in which order the carrier's answers came.
    const order = String(this.scheduler).replace(/\s*\n\s*/g, ' ');
    return this.scheduler ? `reconcile twice at once(${order})` : 'reconcile()';
  }
}

/** A reversal by the sale's own retailer or by another one, once or twice at once. */
class Reverse extends Step {
  constructor(
    readonly index: number,
    readonly byOwner: boolean,
    readonly twice: boolean,
  ) {
    super();
  }

  override check(m: Readonly<Model>) {
    return m.sales.length > 0;
  }

  protected async act(m: Model, world: World) {
    const sale = m.sales[this.index % m.sales.length]!;
    const retailer = this.byOwner ? sale.retailer : (sale.retailer + 1) % RETAILERS.length;
    const reversible = this.byOwner && sale.status === 'succeeded';
    const before = reversible ? undefined : await snapshot(world);
    const calls = Array.from({ length: this.twice ? 2 : 1 }, () =>
      attempt(reverseSale(world.deps, RETAILERS[retailer]!.id, sale.id)),
    );
    const results = await Promise.all(calls);
    await world.settled();
    if (!this.byOwner) {
      // A retailer sees only its own sales (DESIGN 7).
      for (const result of results) expect(rejectionOf(result)).toBe('404 not_found');
    } else if (sale.status !== 'succeeded' && sale.status !== 'reversed') {
      for (const result of results) expect(rejectionOf(result)).toBe('422 sale_not_reversible');
    } else {
      for (const result of results) {
        expect(result.ok && result.value.sale).toMatchObject({ id: sale.id, status: 'reversed' });
      }
      // Asking again answers with the reversed sale; exactly one call did the reversal.
      const fresh = results.filter((r) => r.ok && !r.value.replayed).length;
      expect(fresh).toBe(reversible ? 1 : 0);
    }
    if (reversible) {
      reverseInModel(m, sale);
    } else {
      const after = await snapshot(world);
      expect(after, 'a refused or repeated reversal changes nothing').toEqual(before);
    }
  }

  toString() {
    const who = this.byOwner ? 'its retailer' : 'another retailer';
    return `reverse${this.twice ? ' twice at once' : ''}(sale #${this.index}, by ${who})`;
  }
}

const ADMIN: Actor = { id: 'u-prop-admin', role: 'admin' };

/** An admin's funding, idempotent by reference; once or twice at the same moment. */
class Fund extends Step {
  constructor(
    readonly retailer: number,
    readonly amount: number,
    readonly reference: string,
    readonly twice: boolean,
  ) {
    super();
  }

  protected async act(m: Model, world: World) {
    const known = m.fundings.get(this.reference);
    const before = known ? await snapshot(world) : undefined;
    const phone = RETAILERS[this.retailer]!.phone;
    const request = { phone, amount: this.amount, reference: this.reference };
    const results = await Promise.all(
      Array.from({ length: this.twice ? 2 : 1 }, () =>
        attempt(fundWalletByPhone(world.deps, ADMIN, request)),
      ),
    );
    if (!known) {
      // Applied once: a concurrent repeat is answered as a replay.
      const replayed = results.map((r) => r.ok && r.value.replayed);
      expect(replayed.sort()).toEqual(this.twice ? [false, true] : [false]);
      for (const result of results) {
        expect(result.ok && result.value.funding).toMatchObject({ amount: this.amount });
      }
      m.fundings.set(this.reference, { retailer: this.retailer, amount: this.amount });
      m.wallets[this.retailer]!.available += this.amount;
      return;
    }
    for (const result of results) {
      if (known.retailer === this.retailer && known.amount === this.amount) {
        expect(result.ok && result.value).toMatchObject({ replayed: true });
      } else {
        expect(rejectionOf(result)).toBe('422 reference_reused');
      }
    }
    expect(await snapshot(world), 'a repeated or refused funding changes nothing').toEqual(before);
  }

  toString() {
    const twice = this.twice ? ' twice at once' : '';
    return `fund${twice}(retailer ${this.retailer}, ${this.amount}, ${this.reference})`;
  }
}

const retailer = fc.integer({ min: 0, max: RETAILERS.length - 1 });
/** Mostly ordinary amounts, one the whole opening balance; a few below the minimum or above the maximum. */
const amount = fc.constantFrom(500, 1_250, 4_999, 9_000, 10_000, 15_000, 499, 1_000_001);

const key = fc.constantFrom('k1', 'k2', 'k3', 'k4');
const body = {
  operator: fc.integer({ min: 0, max: OPERATORS.length - 1 }),
  suffix: fc.constantFrom(...SUFFIXES),
  amount,
};

const sell = fc
  .record({ spec: fc.record({ retailer, key, ...body }), twice: fc.boolean() })
  .map(({ spec, twice }) => new Sell(spec, twice));

const sellPair = fc
  .tuple(fc.record({ retailer, key, ...body }), fc.record({ key, ...body }))
  .map(([a, b]) => new SellPair(a, b));

const resend = fc
  .record({ resend: fc.nat(20), twice: fc.boolean() })
  .map(({ resend, twice }) => new Sell({ resend }, twice));

const reverse = fc
  .record({
    index: fc.nat(40),
    byOwner: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false)),
    twice: fc.boolean(),
  })
  .map((r) => new Reverse(r.index, r.byOwner, r.twice));

const fund = fc
  .record({
    retailer,
    amount: fc.constantFrom(1_000, 7_500, 20_000),
    reference: fc.constantFrom('ref-1', 'ref-2', 'ref-3'),
    twice: fc.boolean(),
  })
  .map((f) => new Fund(f.retailer, f.amount, f.reference, f.twice));

/** Steps, weighted towards sales; shrinking drops steps and simplifies each. */
export const ledgerCommands = (maxCommands: number) =>
  fc.commands(
    [
      fc.oneof(
        { arbitrary: sell, weight: 4 },
        { arbitrary: resend, weight: 2 },
        { arbitrary: sellPair, weight: 1 },
        { arbitrary: fc.constantFrom(30, 60, 100, 200).map((ms) => new Elapse(ms)), weight: 2 },
        { arbitrary: fc.constant(null).map(() => new Reconcile()), weight: 1 },
        { arbitrary: fc.scheduler().map((s) => new Reconcile(s)), weight: 1 },
        { arbitrary: reverse, weight: 2 },
        { arbitrary: fund, weight: 1 },
        { arbitrary: openDisputeStep, weight: 3 },
        { arbitrary: resolveDisputeStep, weight: 3 },
      ),
    ],
    { maxCommands, size: 'max' },
  );
