import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispute } from '../../core/api/disputes';
import type { ReconciliationReport } from '../../core/api/reports';
import type { Sale } from '../../core/api/sales';
import { dayIn } from '../../core/day';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';
import { SYSTEM_ACTOR } from '../audit/entry';
import type { CarrierGateway } from '../carrier/gateway';
import { checkLedger } from '../ledger/check';
import { getOutlet } from '../outlets/service';
import { reconcile } from '../sales/reconcile';
import { applyReversal } from '../sales/reversal';
import { DISPUTE_DUE_MS, getDispute } from './service';

/**
 * Issue 12: disputes over the API. Opening (evidence, idempotency, one open dispute per
 * sale), the automatic paths of the simulator's numbers, scope by role, resolution, and
 * the money: a refund is new transfers only, once, and the ledger check passes.
 */

let h: Harness;
let shop: string;
let otherShop: string;
let distributor: string;
let manager: string;
let northManager: string;
let admin: string;
let key = 0;
/** When true the carrier refuses every reversal (the airtime was used), so a refund is dispute_losses'. */
let refuseReversals = false;
/** What the carrier says of a sale's status instead of the simulator, when set. */
let statusSays: Awaited<ReturnType<CarrierGateway['status']>> | undefined;

interface ErrorBody {
  error: { code: string };
}

async function sell(msisdn: string, amount = 10_000, token = shop): Promise<Sale> {
  const res = await h.sell(token, `dispute-sale-${++key}`, { msisdn, amount });
  expect(res.status).toBe(201);
  return (await res.json()) as Sale;
}

const open = (saleId: string, body: unknown, k = `dispute-${++key}`, token = shop) =>
  h.call('POST', `/api/v1/sales/${saleId}/disputes`, {
    token,
    body,
    headers: { 'idempotency-key': k },
  });

async function opened(saleId: string, reason = 'wrong_number'): Promise<Dispute> {
  const res = await open(saleId, { reason, note: 'customer says so' });
  expect(res.status).toBe(201);
  return (await res.json()) as Dispute;
}

const resolve = (id: string, body: unknown, token = manager) =>
  h.call('POST', `/api/v1/disputes/${id}/resolve`, { token, body });

const getSale = async (id: string) =>
  (await (await h.call('GET', `/api/v1/sales/${id}`, { token: shop })).json()) as Sale;

const available = async () =>
  ((await (await h.call('GET', '/api/v1/wallet', { token: shop })).json()) as { available: number })
    .available;

const count = async (sql: string, ...args: string[]) =>
  Number((await h.database.client.execute({ sql, args })).rows[0]!.n);

const refunds = (saleId: string) =>
  count(
    `SELECT count(*) AS n FROM transfers WHERE sale_id = ? AND kind IN ('reversal', 'dispute_refund')`,
    saleId,
  );

async function expectLedgerSound() {
  await h.settled();
  expect(await checkLedger(h.database.client, h.simulator.credited())).toEqual([]);
}

/** Settles a 902/903 sale the way reconciliation does: two runs RECONCILE_AFTER_MS apart. */
async function reconcileTwice() {
  await h.settled();
  h.clock.advance(h.config.RECONCILE_AFTER_MS);
  await reconcile(h.deps);
  h.clock.advance(h.config.RECONCILE_AFTER_MS);
  await reconcile(h.deps);
}

beforeAll(async () => {
  h = await createHarness();
  const sim = h.simulator;
  const carrier: CarrierGateway = {
    topup: (r, t) => sim.topup(r, t),
    status: async (id, t) => statusSays ?? sim.status(id, t),
    reverse: async (id, t) =>
      refuseReversals ? { status: 'refused', reason: 'airtime used' } : sim.reverse(id, t),
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
});
afterAll(() => h.close());

describe('opening a dispute', () => {
  it('answers 201 with the carrier’s evidence, the sale’s history, due_at 48 h later and one history entry', async () => {
    const sale = await sell('0712345678');
    const dispute = await opened(sale.id);
    expect(dispute).toMatchObject({
      sale_id: sale.id,
      outlet_id: 'u-ret-101',
      reason: 'wrong_number',
      status: 'open',
      note: 'customer says so',
      overdue: false,
      resolution: null,
    });
    expect(Date.parse(dispute.due_at) - Date.parse(dispute.opened_at)).toBe(DISPUTE_DUE_MS);
    expect(dispute.evidence.carrier.status).toBe('succeeded');
    expect(dispute.evidence.carrier.reference).toEqual(expect.any(String));
    expect(dispute.evidence.sale.history.map((s) => s.status)).toEqual(['pending', 'succeeded']);
    expect(dispute.history).toEqual([
      expect.objectContaining({ status: 'open', actor_id: 'u-ret-101', channel: 'app' }),
    ]);
    expect((await getSale(sale.id)).dispute).toEqual({ id: dispute.id, status: 'open' });
    const audit = await count(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'dispute_open' AND detail LIKE ?`,
      `%${dispute.id}%`,
    );
    expect(audit).toBe(1);
  });

  it('replays the stored answer for the same key and body, and refuses the key with another body (422)', async () => {
    const sale = await sell('0712345679');
    const first = await open(sale.id, { reason: 'other' }, 'same-key');
    expect(first.status).toBe(201);
    const again = await open(sale.id, { reason: 'other' }, 'same-key');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as Dispute).id).toBe(((await first.json()) as Dispute).id);
    const before = await h.count('disputes');
    const other = await open(sale.id, { reason: 'wrong_number' }, 'same-key');
    expect(other.status).toBe(422);
    expect(((await other.json()) as ErrorBody).error.code).toBe('idempotency_key_reused');
    expect(await h.count('disputes')).toBe(before);
  });

  it('refuses a second open dispute on the sale (409 dispute_open) and writes nothing', async () => {
    const sale = await sell('0712345680');
    await opened(sale.id);
    const before = await h.count('disputes');
    const res = await open(sale.id, { reason: 'other' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.code).toBe('dispute_open');
    expect(await h.count('disputes')).toBe(before);
  });

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const sale = await sell('0712345681');
    const before = await h.count('disputes');
    const cases: [unknown, Record<string, string>, number, string][] = [
      [{ reason: 'bored' }, { 'idempotency-key': 'k1' }, 400, 'invalid_request'],
      [{ reason: 'other', extra: 1 }, { 'idempotency-key': 'k2' }, 400, 'invalid_request'],
      [
        { reason: 'other', note: 'x'.repeat(501) },
        { 'idempotency-key': 'k3' },
        400,
        'invalid_request',
      ],
      [{ reason: 'other' }, {}, 400, 'invalid_idempotency_key'],
    ];
    for (const [body, headers, status, code] of cases) {
      const res = await h.call('POST', `/api/v1/sales/${sale.id}/disputes`, {
        token: shop,
        body,
        headers,
      });
      expect(res.status).toBe(status);
      expect(((await res.json()) as ErrorBody).error.code).toBe(code);
    }
    const foreign = await open(sale.id, { reason: 'other' }, 'k4', otherShop);
    expect(foreign.status).toBe(404);
    const staff = await open(sale.id, { reason: 'other' }, 'k5', manager);
    expect(staff.status).toBe(403);
    expect(await h.count('disputes')).toBe(before);
  });

  it('refuses a sale whose outcome is unknown yet (422 sale_not_disputable)', async () => {
    const sale = await sell('0712345902');
    expect(sale.status).toBe('unknown');
    const res = await open(sale.id, { reason: 'not_received' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.code).toBe('sale_not_disputable');
    await reconcileTwice();
  });
});

describe('automatic resolution (DESIGN 11)', () => {
  it('refunds a not_received dispute at once when the carrier never received the top-up (903)', async () => {
    const sale = await sell('0712345903');
    await reconcileTwice();
    expect((await getSale(sale.id)).status).toBe('failed');
    const wallet = await available();
    const dispute = await opened(sale.id, 'not_received');
    expect(dispute.status).toBe('refunded');
    expect(dispute.evidence.carrier.status).toBe('not_found');
    expect(dispute.resolution).toMatchObject({
      outcome: 'refunded',
      by: null,
      source: 'void',
      amount: 0,
    });
    expect(dispute.history.map((e) => [e.status, e.actor_role])).toEqual([
      ['open', 'retailer'],
      ['refunded', 'system'],
    ]);
    // The void gave the money back already: nothing moves twice.
    expect(await available()).toBe(wallet);
    expect(await refunds(sale.id)).toBe(0);
    await expectLedgerSound();
  });

  it('refunds from dispute_losses at once a succeeded sale the carrier now says it never credited', async () => {
    const sale = await sell('0712345693');
    const before = await available();
    statusSays = { status: 'not_found' };
    let dispute: Dispute;
    let other: Dispute;
    try {
      dispute = await opened(sale.id, 'not_received');
      // Another reason waits for a person, whatever the carrier says.
      other = await opened((await sell('0712345694')).id, 'wrong_number');
    } finally {
      statusSays = undefined;
    }
    expect(other.status).toBe('open');
    expect(dispute.status).toBe('refunded');
    expect(dispute.resolution).toMatchObject({ source: 'dispute_losses', amount: sale.amount });
    expect(await available()).toBe(before + sale.amount - 10_000);
    expect(await getSale(sale.id)).toMatchObject({ status: 'succeeded', commission: 0 });
    expect(await refunds(sale.id)).toBe(1);
    await h.settled();
    expect(await checkLedger(h.database.client)).toEqual([]);
  });

  it('keeps a not_received dispute open on a sale the carrier credited', async () => {
    const sale = await sell('0712345682');
    const dispute = await opened(sale.id, 'not_received');
    expect(dispute.status).toBe('open');
    expect(dispute.evidence.carrier.status).toBe('succeeded');
  });

  it('shows a late-applied top-up (902) as credited in the evidence, and stays open', async () => {
    const sale = await sell('0712346902');
    await reconcileTwice();
    expect((await getSale(sale.id)).status).toBe('succeeded');
    const dispute = await opened(sale.id, 'not_received');
    expect(dispute.status).toBe('open');
    expect(dispute.evidence.carrier).toMatchObject({
      status: 'succeeded',
      reference: expect.any(String),
    });
    expect(dispute.evidence.sale.history.map((s) => s.status)).toEqual(['pending', 'succeeded']);
  });
});

describe('who sees which disputes', () => {
  let dispute: Dispute;
  beforeAll(async () => {
    dispute = await opened((await sell('0712345683')).id);
  });

  it('shows the shop its own, the distributor its retailers’, the manager its region’s and the admin all', async () => {
    for (const token of [shop, distributor, manager, admin]) {
      const res = await h.call('GET', `/api/v1/disputes/${dispute.id}`, { token });
      expect(res.status).toBe(200);
      const list = await h.call('GET', '/api/v1/disputes?limit=100', { token });
      const ids = ((await list.json()) as { items: Dispute[] }).items.map((d) => d.id);
      expect(ids).toContain(dispute.id);
    }
  });

  it('answers 404 to another shop and to the manager of another region, and lists none to them', async () => {
    for (const token of [otherShop, northManager]) {
      const res = await h.call('GET', `/api/v1/disputes/${dispute.id}`, { token });
      expect(res.status).toBe(404);
      const list = await h.call('GET', '/api/v1/disputes?limit=100', { token });
      expect(((await list.json()) as { items: Dispute[] }).items).toEqual([]);
    }
  });

  it('filters by status, lists open ones first, and refuses a bad status (400)', async () => {
    const res = await h.call('GET', '/api/v1/disputes?status=open&limit=100', { token: manager });
    const items = ((await res.json()) as { items: Dispute[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((d) => d.status === 'open')).toBe(true);
    const all = (
      (await (await h.call('GET', '/api/v1/disputes?limit=100', { token: admin })).json()) as {
        items: Dispute[];
      }
    ).items;
    const firstFinal = all.findIndex((d) => d.status !== 'open' && d.status !== 'investigating');
    const lastOpen = all
      .map((d) => d.status === 'open' || d.status === 'investigating')
      .lastIndexOf(true);
    expect(firstFinal === -1 || lastOpen < firstFinal).toBe(true);
    const bad = await h.call('GET', '/api/v1/disputes?status=lost', { token: manager });
    expect(bad.status).toBe(400);
  });

  it('marks a dispute past due_at as overdue', async () => {
    // Through the service: 48 h on, every token of this file would have expired.
    const asManager = { id: 'u-manager', role: 'manager' } as const;
    expect((await getDispute(h.deps, asManager, dispute.id)).overdue).toBe(false);
    h.clock.advance(DISPUTE_DUE_MS + 1);
    try {
      expect((await getDispute(h.deps, asManager, dispute.id)).overdue).toBe(true);
    } finally {
      h.clock.advance(-(DISPUTE_DUE_MS + 1));
    }
  });
});

describe('resolving', () => {
  it('lets only the manager of the outlet’s region or an admin resolve, with a note', async () => {
    const dispute = await opened((await sell('0712345684')).id);
    expect((await resolve(dispute.id, { outcome: 'rejected', note: 'x' }, shop)).status).toBe(403);
    expect(
      (await resolve(dispute.id, { outcome: 'rejected', note: 'x' }, distributor)).status,
    ).toBe(403);
    expect(
      (await resolve(dispute.id, { outcome: 'rejected', note: 'x' }, northManager)).status,
    ).toBe(404);
    expect((await resolve(dispute.id, { outcome: 'rejected' })).status).toBe(400);
    expect((await resolve(dispute.id, { outcome: 'rejected', note: '  ' })).status).toBe(400);
    expect((await resolve(dispute.id, { outcome: 'lost', note: 'x' })).status).toBe(400);
    const res = await resolve(dispute.id, { outcome: 'rejected', note: 'delivered, per carrier' });
    expect(res.status).toBe(200);
    const resolved = (await res.json()) as Dispute;
    expect(resolved.status).toBe('rejected');
    expect(resolved.resolution).toMatchObject({
      outcome: 'rejected',
      by: 'u-manager',
      note: 'delivered, per carrier',
    });
    const again = await resolve(
      dispute.id,
      { outcome: 'refunded', note: 'changed my mind' },
      admin,
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.code).toBe('dispute_closed');
    await h.settled();
    const sms = await count(
      `SELECT count(*) AS n FROM sms_messages WHERE audience = 'outlet' AND to_number = '+254700000101' AND body LIKE ?`,
      `%${dispute.sale_id}%rejected%`,
    );
    expect(sms).toBe(1);
  });

  it('refunds through the carrier’s reversal when the carrier reverses: the sale is reversed, once', async () => {
    const sale = await sell('0712345685');
    const dispute = await opened(sale.id);
    const before = await available();
    const res = await resolve(dispute.id, { outcome: 'refunded', note: 'wrong number, reversed' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Dispute).resolution).toMatchObject({
      source: 'carrier_reversal',
      amount: sale.amount,
    });
    expect(await available()).toBe(before + sale.amount);
    const after = await getSale(sale.id);
    expect(after).toMatchObject({
      status: 'reversed',
      commission: 0,
      dispute: { status: 'refunded' },
    });
    expect(after.refunded_at).toEqual(expect.any(String));
    expect(await refunds(sale.id)).toBe(1);
    await expectLedgerSound();
  });

  it('refunds from dispute_losses when the carrier refuses the reversal, and the sale cannot be reversed after', async () => {
    const sale = await sell('0712345686');
    const dispute = await opened(sale.id);
    const before = await available();
    refuseReversals = true;
    try {
      const res = await resolve(
        dispute.id,
        { outcome: 'refunded', note: 'carrier refused' },
        admin,
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as Dispute).resolution).toMatchObject({
        source: 'dispute_losses',
        amount: sale.amount,
      });
    } finally {
      refuseReversals = false;
    }
    expect(await available()).toBe(before + sale.amount);
    const after = await getSale(sale.id);
    expect(after).toMatchObject({ status: 'succeeded', commission: 0 });
    expect(after.refunded_at).toEqual(expect.any(String));
    const losses = await h.database.client.execute(
      `SELECT debits_posted FROM accounts WHERE id = 'sys:dispute_losses'`,
    );
    expect(Number(losses.rows[0]!.debits_posted)).toBeGreaterThanOrEqual(sale.amount);
    const reversal = await h.call('POST', `/api/v1/sales/${sale.id}/reversal`, { token: shop });
    expect(reversal.status).toBe(422);
    // Its receipt says it was refunded (the airtime was delivered, so it still has one).
    const receipt = await h.call('POST', `/api/v1/sales/${sale.id}/receipt-sms`, { token: shop });
    expect(receipt.status).toBe(200);
    expect(((await receipt.json()) as { text: string }).text).toMatch(/ REFUNDED\.$/);
    expect(await refunds(sale.id)).toBe(1);
    // A new dispute on a refunded sale is refused: it cannot be refunded twice.
    expect((await open(sale.id, { reason: 'other' })).status).toBe(422);
    await expectLedgerSound();
  });
});

describe('refund races (issue 12): exactly one refund, and the ledger check passes', () => {
  it('two staff resolving at once: one refunds, the other gets 409', async () => {
    const sale = await sell('0712345687');
    const dispute = await opened(sale.id);
    const answers = await Promise.all([
      resolve(dispute.id, { outcome: 'refunded', note: 'manager' }),
      resolve(dispute.id, { outcome: 'refunded', note: 'admin' }, admin),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await refunds(sale.id)).toBe(1);
    await expectLedgerSound();
  });

  it('two staff resolving at once from dispute_losses: one refund', async () => {
    const sale = await sell('0712345688');
    const dispute = await opened(sale.id);
    refuseReversals = true;
    try {
      const answers = await Promise.all([
        resolve(dispute.id, { outcome: 'refunded', note: 'manager' }),
        resolve(dispute.id, { outcome: 'refunded', note: 'admin' }, admin),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    } finally {
      refuseReversals = false;
    }
    expect(await refunds(sale.id)).toBe(1);
    await expectLedgerSound();
  });

  it('a resolution racing the shop’s reversal: one refund, and the dispute is refunded', async () => {
    const sale = await sell('0712345689');
    const dispute = await opened(sale.id);
    const before = await available();
    const [resolved, reversed] = await Promise.all([
      resolve(dispute.id, { outcome: 'refunded', note: 'race' }),
      h.call('POST', `/api/v1/sales/${sale.id}/reversal`, { token: shop }),
    ]);
    expect(resolved.status).toBe(200);
    expect(reversed.status).toBe(200);
    expect(((await resolved.json()) as Dispute).status).toBe('refunded');
    expect(await refunds(sale.id)).toBe(1);
    expect(await available()).toBe(before + sale.amount);
    await expectLedgerSound();
  });
});

describe('a refund from dispute_losses racing the carrier’s reversal (reconciliation’s write)', () => {
  it('lets one of them through, whichever wins: one refund, and the ledger check passes', async () => {
    const sale = await sell('0712345692');
    const dispute = await opened(sale.id);
    const before = await available();
    refuseReversals = true;
    let answers: [Response, boolean];
    try {
      answers = await Promise.all([
        resolve(dispute.id, { outcome: 'refunded', note: 'race with reconciliation' }),
        // What reconciliation writes when the carrier's status says `reversed` (issue 14).
        applyReversal(
          h.deps,
          { id: sale.id, amount: sale.amount, askedAt: h.clock.now() },
          { action: 'reverse' },
          { actor: SYSTEM_ACTOR, channel: 'system' },
        ),
      ]);
    } finally {
      refuseReversals = false;
    }
    const [resolved, reversed] = answers;
    expect(resolved.status).toBe(200);
    const after = (await resolved.json()) as Dispute;
    expect(after.status).toBe('refunded');
    // The reversal won: the refund is its money and nothing new moved; else dispute_losses paid.
    expect(after.resolution?.source).toBe(reversed ? 'carrier_reversal' : 'dispute_losses');
    expect(await refunds(sale.id)).toBe(1);
    expect(await available()).toBe(before + sale.amount);
    await h.settled();
    expect(await checkLedger(h.database.client)).toEqual([]);
  });
});

describe('withdrawing and investigating', () => {
  it('lets the shop withdraw its own open dispute once', async () => {
    const dispute = await opened((await sell('0712345690')).id);
    const path = `/api/v1/disputes/${dispute.id}/withdraw`;
    expect((await h.call('POST', path, { token: otherShop, body: {} })).status).toBe(404);
    expect((await h.call('POST', path, { token: manager, body: {} })).status).toBe(403);
    const res = await h.call('POST', path, { token: shop, body: { note: 'customer found it' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Dispute).status).toBe('withdrawn');
    expect((await h.call('POST', path, { token: shop, body: {} })).status).toBe(409);
    expect((await resolve(dispute.id, { outcome: 'refunded', note: 'late' })).status).toBe(409);
  });

  it('moves a dispute to investigating when a manager picks it up; again is no change', async () => {
    const dispute = await opened((await sell('0712345691')).id);
    const path = `/api/v1/disputes/${dispute.id}/investigate`;
    expect((await h.call('POST', path, { token: shop, body: {} })).status).toBe(403);
    expect((await h.call('POST', path, { token: northManager, body: {} })).status).toBe(404);
    const first = (await (
      await h.call('POST', path, { token: manager, body: {} })
    ).json()) as Dispute;
    expect(first.status).toBe('investigating');
    const again = await h.call('POST', path, { token: admin, body: {} });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Dispute).history.map((e) => e.status)).toEqual([
      'open',
      'investigating',
    ]);
    const res = await resolve(dispute.id, { outcome: 'rejected', note: 'checked' });
    expect(((await res.json()) as Dispute).history.map((e) => e.status)).toEqual([
      'open',
      'investigating',
      'rejected',
    ]);
  });
});

describe('many_disputes and the reconciliation report', () => {
  it('raises many_disputes at 3 disputes opened in 30 days, naming the count', async () => {
    const flags = async (id: string) =>
      (await getOutlet(h.deps, { id: 'u-admin', role: 'admin' }, id)).flags;
    expect((await flags('u-ret-102')).map((f) => f.code)).not.toContain('many_disputes');
    const many = (await flags('u-ret-101')).find((f) => f.code === 'many_disputes');
    const opened = await count(
      `SELECT count(*) AS n FROM disputes WHERE retailer_id = 'u-ret-101'`,
    );
    expect(opened).toBeGreaterThanOrEqual(3);
    expect(many?.reason).toBe(`${opened} disputes opened in the last 30 days`);
  });

  it('counts the day’s disputes by reason and outcome, and what dispute_losses paid', async () => {
    const day = dayIn(h.clock.now(), h.config.TIMEZONE);
    const res = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}`, { token: admin });
    expect(res.status).toBe(200);
    const { disputes } = (await res.json()) as ReconciliationReport;
    const rows = await h.database.client.execute(
      `SELECT reason, status, refund_source, refund_amount FROM disputes`,
    );
    const of = (k: 'reason' | 'status', v: string) => rows.rows.filter((r) => r[k] === v).length;
    expect(disputes.opened).toBe(rows.rows.length);
    expect(disputes.by_reason.wrong_number).toBe(of('reason', 'wrong_number'));
    expect(disputes.by_reason.not_received).toBe(of('reason', 'not_received'));
    expect(disputes.by_outcome.refunded).toBe(of('status', 'refunded'));
    expect(disputes.by_outcome.rejected).toBe(of('status', 'rejected'));
    expect(disputes.resolved.withdrawn).toBe(of('status', 'withdrawn'));
    const losses = rows.rows.filter((r) => r.refund_source === 'dispute_losses');
    expect(disputes.refunded_from_dispute_losses).toEqual({
      count: losses.length,
      total: losses.reduce((t, r) => t + Number(r.refund_amount), 0),
    });
    expect(disputes.refunded_from_dispute_losses.count).toBeGreaterThan(0);
    const north = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}`, {
      token: northManager,
    });
    expect(((await north.json()) as ReconciliationReport).disputes.opened).toBe(0);
    const csv = await h.call('GET', `/api/v1/reports/reconciliation?day=${day}&format=csv`, {
      token: admin,
    });
    expect(await csv.text()).toContain('dispute_losses_refunded');
  });
});
