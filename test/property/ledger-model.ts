import type fc from 'fast-check';
import { expect } from 'vitest';
import type { SaleStatus } from '../../db/schema';
import { AppError } from '../../worker/errors';
import { checkLedger } from '../../worker/ledger/check';
import { getWallet } from '../../worker/wallets/service';
import { type ModelDispute, verifyDisputes } from './ledger-disputes';
import {
  OPENING_BALANCE,
  RECONCILE_AFTER_MS,
  RETAILERS,
  SLOW_MS,
  type World,
} from './ledger-world';

/**
 * What the ledger should hold after each step, computed without the database: the
 * carrier simulator's behaviour by number suffix (DESIGN 4) makes every outcome
 * knowable, so every balance is known exactly.
 */

export const SUFFIXES = ['901', '902', '903', '904', '905', '123'] as const;
export type Suffix = (typeof SUFFIXES)[number];

/** Kenyan number prefixes of three operators and their commission plans (db/seed.ts). */
export const OPERATORS = [
  { prefix: '0712345', e164: '+254712345', bps: 600 },
  { prefix: '0733123', e164: '+254733123', bps: 500 },
  { prefix: '0771234', e164: '+254771234', bps: 400 },
] as const;

export interface ModelSale {
  id: string;
  retailer: number;
  amount: number;
  commission: number;
  suffix: Suffix;
  status: SaleStatus;
  createdAt: number;
  /** When reconciliation first heard `not_found` (903); issue 14 item 8. */
  notFoundAt?: number;
}

/** A sale request: who sells, under which key, to which number, how much. */
export interface SaleSpec {
  retailer: number;
  key: string;
  operator: number;
  suffix: Suffix;
  amount: number;
}

export const numberOf = (spec: SaleSpec) => `${OPERATORS[spec.operator]!.prefix}${spec.suffix}`;
export const sameBody = (a: SaleSpec, b: SaleSpec) =>
  a.operator === b.operator && a.suffix === b.suffix && a.amount === b.amount;

/** What a key was first sent with, and the answer that sticks to it. */
export type KeyState =
  | { request: SaleSpec; saleId: string }
  | { request: SaleSpec; rejection: { status: number; code: string } };

export interface Model {
  /** Milliseconds since the world opened, on Airload's clock and the carrier's alike. */
  now: number;
  wallets: Array<{ available: number; held: number; commission: number }>;
  /** By `${retailer}\n${key}`. */
  keys: Map<string, KeyState>;
  sales: ModelSale[];
  fundings: Map<string, { retailer: number; amount: number }>;
  /** Issue 12 (./ledger-disputes.ts). */
  disputes: ModelDispute[];
}

/**
 * One step of a sequence: act on the services and on the model, then verify
 * everything. `act` compares with the model as it stood before the step.
 */
export abstract class Step implements fc.AsyncCommand<Model, World> {
  check(_m: Readonly<Model>): boolean {
    return true;
  }

  async run(m: Model, world: World): Promise<void> {
    await this.act(m, world);
    await verify(m, world);
    await verifyDisputes(m, world);
  }

  protected abstract act(m: Model, world: World): Promise<void>;
  abstract toString(): string;
}

export const initialModel = (): Model => ({
  now: 0,
  wallets: RETAILERS.map(() => ({ available: OPENING_BALANCE, held: 0, commission: 0 })),
  keys: new Map(),
  sales: [],
  fundings: new Map(),
  disputes: [],
});

/** DESIGN's plan: the operator's percentage, rounded down to the minor unit. */
export const commissionOf = (operator: number, amount: number) =>
  Math.floor((amount * OPERATORS[operator]!.bps) / 10_000);

/** Where the sale stands once its request's carrier call has answered or timed out. */
export function afterRequest(suffix: Suffix): SaleStatus {
  if (suffix === '901' || suffix === '905') return 'failed';
  if (suffix === '902' || suffix === '903' || suffix === '904') return 'unknown';
  return 'succeeded';
}

/** Reconciliation asks about open sales only once their resolve_after has passed. */
export const isDue = (m: Model, sale: ModelSale) =>
  (sale.status === 'pending' || sale.status === 'unknown') &&
  sale.createdAt + RECONCILE_AFTER_MS <= m.now;

/** What reconciliation settles a due sale as now, or undefined while the carrier is still processing. */
export function afterReconcile(m: Model, sale: ModelSale): 'succeeded' | 'failed' | undefined {
  if (!isDue(m, sale)) return undefined;
  // A 903 fails only on a second not_found RECONCILE_AFTER_MS after the first (issue 14 item 8).
  if (sale.suffix === '903')
    return sale.notFoundAt !== undefined && sale.notFoundAt + RECONCILE_AFTER_MS <= m.now
      ? 'failed'
      : undefined;
  if (sale.suffix === '904' && sale.createdAt + SLOW_MS > m.now) return undefined;
  return 'succeeded';
}

export function settleInModel(m: Model, sale: ModelSale, status: 'succeeded' | 'failed') {
  const wallet = m.wallets[sale.retailer]!;
  wallet.held -= sale.amount;
  if (status === 'failed') wallet.available += sale.amount;
  else wallet.commission += sale.commission;
  sale.status = status;
}

export function reverseInModel(m: Model, sale: ModelSale) {
  const wallet = m.wallets[sale.retailer]!;
  wallet.available += sale.amount;
  wallet.commission -= sale.commission;
  sale.status = 'reversed';
}

/** A call's value or its error, so that concurrent calls can be judged together. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const attempt = <T>(promise: Promise<T>): Promise<Attempt<T>> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/** The AppError a call threw, as `status code` (plus ` replayed`), for readable failures. */
export function rejectionOf<T>(result: Attempt<T>): string {
  if (result.ok) return `no error: ${JSON.stringify(result.value)}`;
  const error = result.error;
  if (!(error instanceof AppError)) throw error;
  return `${error.status} ${error.code}${error.replayed ? ' replayed' : ''}`;
}

const rowsOf = async (world: World, sql: string) =>
  (await world.client.execute(sql)).rows.map((r) => Object.values(r).join(' '));

/**
 * The checks after every step: the ledger's own invariants (worker/ledger/check.ts,
 * including what the carrier credited), then the database against the model.
 */
export async function verify(m: Model, world: World) {
  expect(await checkLedger(world.client, world.simulator.credited())).toEqual([]);

  // Holds only on pending/unknown sales: a settled sale has no open hold.
  expect(
    await rowsOf(
      world,
      `SELECT s.id, s.status FROM transfers h JOIN sales s ON s.id = h.sale_id
       WHERE h.kind = 'hold' AND s.status NOT IN ('pending', 'unknown')
         AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.pending_id = h.id)`,
    ),
  ).toEqual([]);

  // Every balance as the model has it (available as DESIGN 3 defines it).
  const wallets = RETAILERS.map((r, i) => {
    const { available, held, commission } = m.wallets[i]!;
    return `${r.id} ${available} ${held} ${commission}`;
  });
  expect(
    await rowsOf(
      world,
      `SELECT w.user_id, w.credits_posted - w.debits_posted - w.debits_pending, w.debits_pending,
              c.credits_posted - c.debits_posted
       FROM accounts w JOIN accounts c ON c.user_id = w.user_id AND c.kind = 'commission'
       WHERE w.kind = 'wallet' ORDER BY w.user_id`,
    ),
  ).toEqual(wallets);

  const sales = m.sales.map((s) => `${s.id} ${RETAILERS[s.retailer]!.id} ${s.amount} ${s.status}`);
  const storedSales = await rowsOf(world, 'SELECT id, retailer_id, amount, status FROM sales');
  expect(storedSales.sort()).toEqual(sales.sort());

  // At most one sale per key, and each key keeps the answer it was first given.
  const keys = [...m.keys].map(([id, state]) => {
    const [retailer, key] = id.split('\n');
    const outcome = 'saleId' in state ? `${state.saleId} ` : ` ${state.rejection.code}`;
    return `${RETAILERS[Number(retailer)]!.id} ${key} ${outcome}`;
  });
  const stored = await rowsOf(
    world,
    `SELECT retailer_id, key, coalesce(sale_id, ''), coalesce(rejection_code, '') FROM idempotency_keys`,
  );
  expect(stored.sort()).toEqual(keys.sort());
}

/** GET /api/v1/wallet's answer for each retailer, against the model (once per sequence: it is slow). */
export async function verifyWallets(m: Model, world: World) {
  for (const [i, retailer] of RETAILERS.entries()) {
    const wallet = await getWallet(world.deps, retailer.id);
    expect(wallet, `wallet of retailer ${i}`).toEqual({ ...m.wallets[i], currency: 'KES' });
  }
}
