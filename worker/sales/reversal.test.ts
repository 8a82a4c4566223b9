import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';
import { reconcile } from './reconcile';
import { applyReversal } from './reversal';
import type { SaleView } from './view';

interface Wallet {
  available: number;
  held: number;
  commission: number;
}
interface ErrorBody {
  error: { code: string; message: string };
}
interface StatementLine {
  kind: string;
  amount: number;
  available_change: number;
  sale: { id: string; status: string; commission: number } | null;
}

let h: Harness;
let token: string;
let other: string;
let key = 0;

async function sell(msisdn: string, amount = 10_000) {
  const res = await h.sell(token, `reversal-${++key}`, { msisdn, amount });
  expect(res.status).toBe(201);
  return (await res.json()) as SaleView;
}

const reverse = (saleId: string, as = token) =>
  h.call('POST', `/api/v1/sales/${saleId}/reversal`, { token: as });

const wallet = async () =>
  (await (await h.call('GET', '/api/v1/wallet', { token })).json()) as Wallet;

const transfersOf = async (saleId: string, kind: string) =>
  Number(
    (
      await h.database.client.execute({
        sql: 'SELECT count(*) AS n FROM transfers WHERE sale_id = ? AND kind = ?',
        args: [saleId, kind],
      })
    ).rows[0]!.n,
  );

async function expectLedgerSound() {
  await h.settled();
  expect(await checkLedger(h.database.client, h.simulator.credited())).toEqual([]);
}

beforeAll(async () => {
  h = await createHarness();
  token = await h.login('+254700000101');
  other = await h.login('+254700000102');
});
afterAll(() => h.close());

describe('POST /api/v1/sales/:id/reversal', () => {
  let sale: SaleView;
  let before: Wallet;

  beforeAll(async () => {
    before = await wallet();
    sale = await sell('0712345678');
    expect(sale).toMatchObject({ status: 'succeeded', commission: 600 });
  });

  it('reverses a succeeded sale: money back, commission taken back, carrier told', async () => {
    expect(await wallet()).toEqual({
      ...before,
      available: before.available - 10_000,
      commission: before.commission + 600,
    });

    const res = await reverse(sale.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(await res.json()).toMatchObject({ id: sale.id, status: 'reversed', commission: 0 });
    expect(await wallet()).toEqual(before);
    expect(h.simulator.credited().find((c) => c.saleId === sale.id)?.status).toBe('reversed');
    expect(await transfersOf(sale.id, 'reversal')).toBe(1);
    expect(await transfersOf(sale.id, 'commission_reversal')).toBe(1);
    await expectLedgerSound();
  });

  it('answers a repeated reversal with the reversed sale and moves no money again', async () => {
    const res = await reverse(sale.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(await res.json()).toMatchObject({ id: sale.id, status: 'reversed' });
    expect(await transfersOf(sale.id, 'reversal')).toBe(1);
    expect(await transfersOf(sale.id, 'commission_reversal')).toBe(1);
    expect(await wallet()).toEqual(before);
    await expectLedgerSound();
  });

  it('shows the reversal on the wallet statement', async () => {
    const res = await h.call('GET', '/api/v1/wallet/statement?limit=5', { token });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: StatementLine[] };
    const lines = items.filter((line) => line.sale?.id === sale.id);
    expect(lines.map((line) => line.kind)).toEqual(['reversal', 'post', 'hold']);
    expect(lines[0]).toMatchObject({
      kind: 'reversal',
      amount: 10_000,
      available_change: 10_000,
      sale: { id: sale.id, status: 'reversed', commission: 0 },
    });
  });

  it('refuses to reverse a failed sale with 422 sale_not_reversible', async () => {
    const failed = await sell('0712345901');
    expect(failed.status).toBe('failed');
    const atStart = await wallet();
    const res = await reverse(failed.id);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.code).toBe('sale_not_reversible');
    expect(await transfersOf(failed.id, 'reversal')).toBe(0);
    expect(await wallet()).toEqual(atStart);
    await expectLedgerSound();
  });

  it('refuses to reverse a sale whose outcome is still unknown', async () => {
    const unknown = await sell('0712345903');
    expect(unknown.status).toBe('unknown');
    const res = await reverse(unknown.id);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.code).toBe('sale_not_reversible');
    await expectLedgerSound();
  });

  it("answers 404 for another retailer's sale and leaves it alone", async () => {
    const mine = await sell('0712345678', 5_000);
    const res = await reverse(mine.id, other);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
    expect(await transfersOf(mine.id, 'reversal')).toBe(0);
    expect(h.simulator.credited().find((c) => c.saleId === mine.id)?.status).toBe('succeeded');
    const still = (await (
      await h.call('GET', `/api/v1/sales/${mine.id}`, { token })
    ).json()) as SaleView;
    expect(still.status).toBe('succeeded');
  });
});

describe('a reversal whose answer is lost (issue 14)', () => {
  const saleNow = async (id: string) =>
    (await (await h.call('GET', `/api/v1/sales/${id}`, { token })).json()) as SaleView;
  const askedAt = async (id: string) =>
    (
      await h.database.client.execute({
        sql: 'SELECT reversal_asked_at AS at FROM sales WHERE id = ?',
        args: [id],
      })
    ).rows[0]!.at;
  /** Reconciliation is run by the harness clock; the reversal is due RECONCILE_AFTER_MS after it was asked. */
  const makeDue = () => h.clock.advance(h.config.RECONCILE_AFTER_MS);

  it('returns the money once reconciliation hears the carrier reversed it (906)', async () => {
    const before = await wallet();
    const sale = await sell('0712345906');
    expect(sale.status).toBe('succeeded');

    const res = await reverse(sale.id);
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorBody).error.code).toBe('carrier_unavailable');
    // The carrier took the airtime back; the ledger waits for its word, not a guess.
    expect(h.simulator.credited().find((c) => c.saleId === sale.id)?.status).toBe('reversed');
    expect((await saleNow(sale.id)).status).toBe('succeeded');
    expect(await transfersOf(sale.id, 'reversal')).toBe(0);
    expect(await askedAt(sale.id)).not.toBeNull();

    // Not before the carrier had RECONCILE_AFTER_MS to bring its reports up to date.
    expect((await reconcile(h.deps)).reversed).toBe(0);
    expect((await saleNow(sale.id)).status).toBe('succeeded');

    makeDue();
    const [first, second] = await Promise.all([reconcile(h.deps), reconcile(h.deps)]);
    expect(first!.reversed + second!.reversed).toBe(1);
    expect(await saleNow(sale.id)).toMatchObject({ status: 'reversed', commission: 0 });
    expect(await wallet()).toEqual(before);
    expect(await transfersOf(sale.id, 'reversal')).toBe(1);
    expect(await transfersOf(sale.id, 'commission_reversal')).toBe(1);
    await expectLedgerSound();

    // Never twice: another run, a late settlement, or the shop asking again move nothing.
    expect((await reconcile(h.deps)).reversed).toBe(0);
    const late = await applyReversal(
      h.deps,
      { id: sale.id, amount: sale.amount, askedAt: Number(await askedAt(sale.id)) },
      { action: 'reverse' },
      { actor: { id: null, role: 'system' }, channel: 'system' },
    );
    expect(late).toBe(false);
    const again = await reverse(sale.id);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await transfersOf(sale.id, 'reversal')).toBe(1);
    expect(await wallet()).toEqual(before);
    await expectLedgerSound();

    const audit = await h.database.client.execute({
      sql: `SELECT actor_role FROM audit_log WHERE action = 'reversal' AND subject = ?`,
      args: [sale.id],
    });
    expect(audit.rows.map((r) => r.actor_role)).toEqual(['system']);
  });

  it('keeps the sale and its money when the carrier never got the reversal (907)', async () => {
    const sale = await sell('0712345907');
    const before = await wallet();
    const res = await reverse(sale.id);
    expect(res.status).toBe(503);
    expect(h.simulator.credited().find((c) => c.saleId === sale.id)?.status).toBe('succeeded');

    makeDue();
    expect((await reconcile(h.deps)).reversed).toBe(0);
    expect((await saleNow(sale.id)).status).toBe('succeeded');
    expect(await askedAt(sale.id)).toBeNull();
    expect(await transfersOf(sale.id, 'reversal')).toBe(0);
    // (An earlier test's 903 sale was voided by the same run: its hold went back.)
    const after = await wallet();
    expect(after.available + after.held).toBe(before.available + before.held);
    expect(after.commission).toBe(before.commission);
    await expectLedgerSound();
  });

  it('leaves a reversal asked again meanwhile to its own answer', async () => {
    const sale = await sell('0712345907');
    await reverse(sale.id);
    const first = Number(await askedAt(sale.id));
    makeDue();
    await reverse(sale.id);
    const second = Number(await askedAt(sale.id));
    expect(second).toBeGreaterThan(first);
    // A run that read the first request clears only that one.
    await applyReversal(
      h.deps,
      { id: sale.id, amount: sale.amount, askedAt: first },
      { action: 'cancel' },
      { actor: { id: null, role: 'system' }, channel: 'system' },
    );
    expect(Number(await askedAt(sale.id))).toBe(second);
  });
});
