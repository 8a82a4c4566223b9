import { expect } from 'vitest';
import type { Dispute } from '../../core/api/disputes';
import type { Sale } from '../../core/api/sales';
import type { CarrierGateway } from '../../worker/carrier/gateway';
import { checkLedger } from '../../worker/ledger/check';
import { reconcile } from '../../worker/sales/reconcile';
import { createHarness, type Harness } from './harness';
import { addUsers } from './users';

/**
 * The world of the dispute tests (issue 12, worker/disputes/*.test.ts): a harness with
 * the demo data, a manager of another region, a token per caller, and a carrier that a
 * test can make refuse reversals or answer a status of its choosing. One per test file
 * (each file is its own module instance).
 */

export let h: Harness;
export let shop: string;
export let otherShop: string;
export let distributor: string;
export let manager: string;
export let northManager: string;
export let admin: string;
let key = 0;
/** refuseReversals: the carrier refuses every reversal (the airtime was used), so a refund is dispute_losses'. */
export const carrierMode: {
  refuseReversals: boolean;
  /** What the carrier says of a sale's status instead of the simulator, when set. */
  statusSays?: Awaited<ReturnType<CarrierGateway['status']>>;
} = { refuseReversals: false };

export interface ErrorBody {
  error: { code: string };
}

export async function sell(msisdn: string, amount = 10_000, token = shop): Promise<Sale> {
  const res = await h.sell(token, `dispute-sale-${++key}`, { msisdn, amount });
  expect(res.status).toBe(201);
  return (await res.json()) as Sale;
}

export const open = (saleId: string, body: unknown, k = `dispute-${++key}`, token = shop) =>
  h.call('POST', `/api/v1/sales/${saleId}/disputes`, {
    token,
    body,
    headers: { 'idempotency-key': k },
  });

export async function opened(saleId: string, reason = 'wrong_number'): Promise<Dispute> {
  const res = await open(saleId, { reason, note: 'customer says so' });
  expect(res.status).toBe(201);
  return (await res.json()) as Dispute;
}

export const resolve = (id: string, body: unknown, token = manager) =>
  h.call('POST', `/api/v1/disputes/${id}/resolve`, { token, body });

export const getSale = async (id: string) =>
  (await (await h.call('GET', `/api/v1/sales/${id}`, { token: shop })).json()) as Sale;

export const available = async () =>
  ((await (await h.call('GET', '/api/v1/wallet', { token: shop })).json()) as { available: number })
    .available;

export const count = async (sql: string, ...args: string[]) =>
  Number((await h.database.client.execute({ sql, args })).rows[0]!.n);

export const refunds = (saleId: string) =>
  count(
    `SELECT count(*) AS n FROM transfers WHERE sale_id = ? AND kind IN ('reversal', 'dispute_refund')`,
    saleId,
  );

export async function expectLedgerSound() {
  await h.settled();
  expect(await checkLedger(h.database.client, h.simulator.credited())).toEqual([]);
}

/** Settles a 902/903 sale the way reconciliation does: two runs RECONCILE_AFTER_MS apart. */
export async function reconcileTwice() {
  await h.settled();
  h.clock.advance(h.config.RECONCILE_AFTER_MS);
  await reconcile(h.deps);
  h.clock.advance(h.config.RECONCILE_AFTER_MS);
  await reconcile(h.deps);
}

/** The harness and the callers of a dispute test file; call in its beforeAll. */
export async function setUpDisputes() {
  h = await createHarness();
  const sim = h.simulator;
  const carrier: CarrierGateway = {
    topup: (r, t) => sim.topup(r, t),
    status: async (id, t) => carrierMode.statusSays ?? sim.status(id, t),
    reverse: async (id, t) =>
      carrierMode.refuseReversals
        ? { status: 'refused', reason: 'airtime used' }
        : sim.reverse(id, t),
    report: (f, to, t) => sim.report(f, to, t),
    credited: () => sim.credited(),
  };
  h.deps.carrier = carrier;
  await addUsers(
    h,
    [
      {
        id: 'u-mgr-north',
        role: 'manager',
        name: 'North',
        email: 'north@test.airload',
        regionId: 'r-north',
      },
    ],
    [{ sql: `INSERT INTO regions (id, name) VALUES ('r-north', 'North')`, args: [] }],
  );
  [shop, otherShop, distributor, manager, northManager, admin] = await Promise.all([
    h.login('+254700000101'),
    h.login('+254700000102'),
    h.login('+254700000201'),
    h.login('manager@demo.airload'),
    h.login('north@test.airload'),
    h.login('admin@demo.airload'),
  ]);
}
