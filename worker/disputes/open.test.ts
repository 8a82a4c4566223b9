import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispute } from '../../core/api/disputes';
import {
  admin,
  available,
  carrierMode,
  count,
  distributor,
  type ErrorBody,
  expectLedgerSound,
  getSale,
  h,
  manager,
  northManager,
  open,
  opened,
  otherShop,
  reconcileTwice,
  refunds,
  sell,
  setUpDisputes,
  shop,
} from '../../test/support/disputes';
import { checkLedger } from '../ledger/check';
import { DISPUTE_DUE_MS, getDispute } from './service';

/**
 * Issue 12: opening a dispute over the API (evidence, idempotency, one open dispute per
 * sale, bad input), the automatic paths of the simulator's numbers, and who sees which.
 */
beforeAll(setUpDisputes);
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
    carrierMode.statusSays = { status: 'not_found' };
    let dispute: Dispute;
    let other: Dispute;
    try {
      dispute = await opened(sale.id, 'not_received');
      // Another reason waits for a person, whatever the carrier says.
      other = await opened((await sell('0712345694')).id, 'wrong_number');
    } finally {
      carrierMode.statusSays = undefined;
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
