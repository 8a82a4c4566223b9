import fc from 'fast-check';
import { expect } from 'vitest';
import { createSale } from '../../worker/sales/service';
import {
  type Attempt,
  afterRequest,
  attempt,
  commissionOf,
  type Model,
  numberOf,
  OPERATORS,
  rejectionOf,
  type SaleSpec,
  Step,
  sameBody,
  settleInModel,
} from './ledger-model';
import { CARRIER_TIMEOUT_MS, RETAILERS, snapshot, type World } from './ledger-world';

function outOfRange(world: World, spec: SaleSpec) {
  const { MIN_SALE, MAX_SALE } = world.deps.config;
  const outside = spec.amount < MIN_SALE || spec.amount > MAX_SALE;
  return outside ? { status: 422, code: 'amount_out_of_range' } : undefined;
}

/** The rejection a new key gets (DESIGN 4 and 8: limits, then funds), or undefined for a sale. */
function rejectionFor(m: Model, world: World, spec: SaleSpec) {
  const short = m.wallets[spec.retailer]!.available < spec.amount;
  return (
    outOfRange(world, spec) ?? (short ? { status: 402, code: 'insufficient_funds' } : undefined)
  );
}

/** A sale that was held: into the model, settled as far as its carrier call went. */
function recordSale(m: Model, spec: SaleSpec, id: string, createdAt: number) {
  const sale = {
    id,
    retailer: spec.retailer,
    amount: spec.amount,
    commission: commissionOf(spec.operator, spec.amount),
    suffix: spec.suffix,
    status: 'unknown' as const,
    createdAt,
  };
  m.sales.push(sale);
  m.keys.set(`${spec.retailer}\n${spec.key}`, { request: spec, saleId: id });
  const wallet = m.wallets[spec.retailer]!;
  wallet.available -= spec.amount;
  wallet.held += spec.amount;
  const final = afterRequest(spec.suffix);
  if (final === 'succeeded' || final === 'failed') settleInModel(m, sale, final);
}

/**
 * POST /api/v1/sales as the service sees it, once or twice at the same moment with the
 * same key and body. `resend` picks a key already used and sends its first body again.
 */
export class Sell extends Step {
  private sent?: SaleSpec;

  constructor(
    readonly request: SaleSpec | { resend: number },
    readonly twice: boolean,
  ) {
    super();
  }

  override check(m: Readonly<Model>) {
    return !('resend' in this.request) || m.keys.size > 0;
  }

  /** A fresh copy per run, so that a counterexample shows what its own run sent. */
  [fc.cloneMethod]() {
    return new Sell(this.request, this.twice);
  }

  protected async act(m: Model, world: World) {
    const spec =
      'resend' in this.request
        ? [...m.keys.values()][this.request.resend % m.keys.size]!.request
        : this.request;
    this.sent = spec;
    const id = `${spec.retailer}\n${spec.key}`;
    const known = m.keys.get(id);
    const rejection = known ? undefined : rejectionFor(m, world, spec);
    const before = known || rejection ? await snapshot(world) : undefined;
    const createdAt = m.now;
    const calls = Array.from({ length: this.twice ? 2 : 1 }, () =>
      attempt(
        createSale(world.deps, RETAILERS[spec.retailer]!.id, spec.key, {
          msisdn: numberOf(spec),
          amount: spec.amount,
        }),
      ),
    );
    const results = await Promise.all(calls);
    // The carrier answers or times out; the step ends once its settlement is written.
    await world.elapse(CARRIER_TIMEOUT_MS);
    m.now += CARRIER_TIMEOUT_MS;

    if (known) {
      for (const result of results) {
        if (!sameBody(known.request, spec)) {
          expect(rejectionOf(result)).toBe('422 idempotency_key_reused');
        } else if ('saleId' in known) {
          // The sale as it stands now; only a succeeded sale shows its commission.
          const sale = m.sales.find((s) => s.id === known.saleId)!;
          const commission = sale.status === 'succeeded' ? sale.commission : 0;
          expect(result.ok && result.value).toMatchObject({
            replayed: true,
            sale: { id: sale.id, status: sale.status, commission },
          });
        } else {
          const { status, code } = known.rejection;
          expect(rejectionOf(result)).toBe(`${status} ${code} replayed`);
        }
      }
      expect(await snapshot(world), 'a replayed or reused key changes nothing').toEqual(before);
      return;
    }

    // Exactly one call answers first-hand; a concurrent one replays it or is told to wait.
    const waited = (r: Attempt<unknown>) =>
      !r.ok && rejectionOf(r) === '409 idempotency_in_progress';
    const firstHand = results.filter((r) =>
      r.ok ? !r.value.replayed : !waited(r) && !rejectionOf(r).endsWith(' replayed'),
    );
    expect(firstHand).toHaveLength(1);
    const first = firstHand[0]!;
    const others = results.filter((r) => r !== first);

    if (rejection) {
      const expected = `${rejection.status} ${rejection.code}`;
      expect(rejectionOf(first)).toBe(expected);
      for (const other of others) {
        expect([`${expected} replayed`, '409 idempotency_in_progress']).toContain(
          rejectionOf(other),
        );
      }
      m.keys.set(id, { request: spec, rejection });
      // The rejection sticks to the key; nothing else is written.
      const after = await snapshot(world);
      expect({ ...after, keys: before!.keys }, 'a rejected sale moves no money').toEqual(before);
      expect(after.keys).toHaveLength(before!.keys.length + 1);
      return;
    }

    if (!first.ok) throw first.error;
    const sale = first.value.sale;
    const final = afterRequest(spec.suffix);
    expect(sale).toMatchObject({
      amount: spec.amount,
      msisdn: `${OPERATORS[spec.operator]!.e164}${spec.suffix}`,
    });
    // SALE_WAIT_MS is 0: the answer may come before the carrier's.
    expect(['pending', final]).toContain(sale.status);
    for (const other of others) {
      if (other.ok) expect(other.value).toMatchObject({ replayed: true, sale: { id: sale.id } });
      else expect(rejectionOf(other)).toBe('409 idempotency_in_progress');
    }
    recordSale(m, spec, sale.id, createdAt);
  }

  toString() {
    const spec = 'resend' in this.request ? this.sent : this.request;
    const what = spec
      ? `retailer ${spec.retailer}, ${spec.key}, ${numberOf(spec)}, ${spec.amount}`
      : '?';
    const resend = 'resend' in this.request ? `resend #${this.request.resend}: ` : '';
    return `${resend}sell${this.twice ? ' twice at once' : ''}(${what})`;
  }
}

/**
 * Two new keys of one retailer at the same moment, which may not both fit in the
 * wallet: the database, not a read before the write, decides which is held (DESIGN 3).
 */
export class SellPair extends Step {
  constructor(
    readonly first: SaleSpec,
    readonly second: Omit<SaleSpec, 'retailer'>,
  ) {
    super();
  }

  private specs(): [SaleSpec, SaleSpec] {
    return [this.first, { ...this.second, retailer: this.first.retailer }];
  }

  override check(m: Readonly<Model>) {
    const [a, b] = this.specs();
    return (
      a.key !== b.key &&
      !m.keys.has(`${a.retailer}\n${a.key}`) &&
      !m.keys.has(`${b.retailer}\n${b.key}`)
    );
  }

  protected async act(m: Model, world: World) {
    const specs = this.specs();
    const retailer = RETAILERS[this.first.retailer]!.id;
    const available = m.wallets[this.first.retailer]!.available;
    const createdAt = m.now;
    const results = await Promise.all(
      specs.map((spec) =>
        attempt(
          createSale(world.deps, retailer, spec.key, {
            msisdn: numberOf(spec),
            amount: spec.amount,
          }),
        ),
      ),
    );
    await world.elapse(CARRIER_TIMEOUT_MS);
    m.now += CARRIER_TIMEOUT_MS;

    const held = results.map((r, i) => (r.ok ? specs[i]!.amount : 0));
    specs.forEach((spec, i) => {
      const result = results[i]!;
      const limit = outOfRange(world, spec);
      if (result.ok) {
        expect(limit).toBeUndefined();
        expect(result.value).toMatchObject({ replayed: false, sale: { amount: spec.amount } });
        recordSale(m, spec, result.value.sale.id, createdAt);
        return;
      }
      const rejection = limit ?? { status: 402, code: 'insufficient_funds' };
      expect(rejectionOf(result)).toBe(`${rejection.status} ${rejection.code}`);
      // Refused for funds only when it could not fit beside the other one's hold.
      if (!limit) expect(spec.amount).toBeGreaterThan(available - held[1 - i]!);
      m.keys.set(`${spec.retailer}\n${spec.key}`, { request: spec, rejection });
    });
    // Both held only when both fit, or one was refunded (declined) before the other's hold.
    const refunded = specs.some((spec) => afterRequest(spec.suffix) === 'failed');
    if (!refunded) expect(held[0]! + held[1]!).toBeLessThanOrEqual(available);
  }

  toString() {
    const [a, b] = this.specs();
    const what = (s: SaleSpec) => `${s.key}, ${numberOf(s)}, ${s.amount}`;
    return `sell pair at once(retailer ${a.retailer}: ${what(a)} | ${what(b)})`;
  }
}
