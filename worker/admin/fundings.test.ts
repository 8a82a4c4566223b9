import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FUNDING } from '../../db/seed';
import { createHarness, type Harness } from '../../test/support/harness';
import { checkLedger } from '../ledger/check';

let h: Harness;
let admin: string;
let retailer: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.login('admin@demo.airload');
  retailer = await h.login('+254700000101');
});
afterAll(() => h.close());

const fund = (body: unknown, token = admin) =>
  h.call('POST', '/api/v1/admin/fundings', { token, body });

const available = async (token: string) =>
  ((await (await h.call('GET', '/api/v1/wallet', { token })).json()) as { available: number })
    .available;

const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

describe('admin fundings', () => {
  it('credits the wallet and answers 201 with the funding', async () => {
    const before = await available(retailer);
    const res = await fund({ phone: '0700000101', amount: 250_000, reference: 'slip-0001' });
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(await res.json()).toMatchObject({
      phone: '+254700000101',
      amount: 250_000,
      reference: 'slip-0001',
      currency: 'KES',
    });
    expect(await available(retailer)).toBe(before + 250_000);
  });

  it('answers the same funding again without applying it twice', async () => {
    const body = { phone: '+254700000101', amount: 70_000, reference: 'slip-0002' };
    const first = await fund(body);
    expect(first.status).toBe(201);
    const firstBody: unknown = await first.json();
    const transfers = await h.count('transfers');
    const balance = await available(retailer);

    // The same funding, with the phone typed in local form this time.
    for (const phone of ['+254700000101', '0700000101']) {
      const again = await fund({ ...body, phone });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(firstBody);
    }
    expect(await h.count('transfers')).toBe(transfers);
    expect(await available(retailer)).toBe(balance);
  });

  it('applies two identical fundings sent at once only once', async () => {
    const body = { phone: '0700000102', amount: 33_000, reference: 'slip-0003' };
    const transfers = await h.count('transfers');
    const answers = await Promise.all([fund(body), fund(body)]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 201]);
    expect(await h.count('transfers')).toBe(transfers + 1);
  });

  it('refuses a reference used for another amount or another wallet', async () => {
    const body = { phone: '0700000101', amount: 10_000, reference: 'slip-0004' };
    expect((await fund(body)).status).toBe(201);
    const transfers = await h.count('transfers');
    const balance = await available(retailer);

    const otherAmount = await fund({ ...body, amount: 10_001 });
    expect(otherAmount.status).toBe(422);
    expect(await errorCode(otherAmount)).toBe('reference_reused');
    const otherWallet = await fund({ ...body, phone: '0700000103' });
    expect(otherWallet.status).toBe(422);
    expect(await errorCode(otherWallet)).toBe('reference_reused');
    // A seed funding's reference cannot be taken over either.
    const seedReference = await fund({ ...body, reference: 'demo-seed-u-ret-101' });
    expect(seedReference.status).toBe(422);

    expect(await h.count('transfers')).toBe(transfers);
    expect(await available(retailer)).toBe(balance);
  });

  it('answers 404 for a phone with no wallet', async () => {
    const transfers = await h.count('transfers');
    for (const [i, phone] of ['0700000999', '+254700000999', '0712345678'].entries()) {
      const res = await fund({ phone, amount: 10_000, reference: `slip-nobody-${i}` });
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('not_found');
    }
    expect(await h.count('transfers')).toBe(transfers);
  });

  it('funds a distributor wallet', async () => {
    const distributor = await h.login('+254700000201');
    const res = await fund({ phone: '0700000201', amount: 1_000, reference: 'slip-0005' });
    expect(res.status).toBe(201);
    expect(await available(distributor)).toBe(DEMO_FUNDING + 1_000);
  });

  it('forbids retailers, distributors and managers to fund', async () => {
    const others = [
      retailer,
      await h.login('+254700000201'),
      await h.login('manager@demo.airload'),
    ];
    const transfers = await h.count('transfers');
    const balance = await available(retailer);
    for (const token of others) {
      const res = await fund(
        { phone: '0700000101', amount: 1_000_000, reference: 'slip-self-service' },
        token,
      );
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('forbidden');
    }
    expect((await fund({ phone: '0700000101', amount: 1, reference: 'x' }, '')).status).toBe(401);
    expect(await h.count('transfers')).toBe(transfers);
    expect(await available(retailer)).toBe(balance);
  });

  it('keeps the postings summing to zero', async () => {
    expect(await checkLedger(h.database.client)).toEqual([]);
    const sums = await h.database.client.execute(
      `SELECT sum(credits_posted) - sum(debits_posted) AS net FROM accounts`,
    );
    expect(Number(sums.rows[0]!.net)).toBe(0);
  });
});
