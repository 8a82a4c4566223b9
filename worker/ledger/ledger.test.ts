import type { InArgs } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness';
import { checkLedger } from './check';
import { holdSale, postSale, saleDay, voidSale } from './statements';
import { violationOf } from './violation';

let h: Harness;
/** Sale ids by outcome, all of retailer u-ret-101. */
const sale = { succeeded: '', failed: '', unknown: '' };

beforeAll(async () => {
  h = await createHarness();
  const token = await h.login('+254700000101');
  for (const [outcome, msisdn] of [
    ['succeeded', '0712345678'],
    ['failed', '0712345901'],
    ['unknown', '0712345902'],
  ] as const) {
    const res = await h.sell(token, `ledger-${outcome}`, { msisdn, amount: 10_000 });
    const body = (await res.json()) as { id: string; status: string };
    expect(body.status).toBe(outcome);
    sale[outcome] = body.id;
  }
  await h.settled();
});
afterAll(() => h.close());

const run = (sql: string, args: InArgs = []) => h.database.client.execute({ sql, args });

/** The error a statement is refused with; fails the test if it is accepted. */
async function refusal(sql: string, args: InArgs = []): Promise<unknown> {
  try {
    await run(sql, args);
  } catch (error) {
    return error;
  }
  throw new Error(`accepted: ${sql}`);
}

/** Everything a refused write must leave as it was. */
async function snapshot() {
  const rows = async (sql: string) => JSON.stringify((await run(sql)).rows);
  return {
    accounts: await rows('SELECT * FROM accounts ORDER BY id'),
    transfers: await rows('SELECT * FROM transfers ORDER BY id'),
    sales: await rows('SELECT id, status, updated_at FROM sales ORDER BY id'),
    keys: await h.count('idempotency_keys'),
  };
}

async function holdOf(saleId: string) {
  const result = await run(`SELECT * FROM transfers WHERE sale_id = ? AND kind = 'hold'`, [saleId]);
  const row = result.rows[0]!;
  return { id: Number(row.id), amount: Number(row.amount), debit: String(row.debit_account_id) };
}

async function availableOf(account: string) {
  const result = await run(
    'SELECT credits_posted - debits_posted - debits_pending AS available FROM accounts WHERE id = ?',
    [account],
  );
  return Number(result.rows[0]!.available);
}

const insertTransfer = `INSERT INTO transfers
  (debit_account_id, credit_account_id, amount, kind, sale_id, pending_id, reference, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 0)`;

describe('the ledger schema', () => {
  it('refuses a hold bigger than the wallet has available', async () => {
    const available = await availableOf('wallet:u-ret-101');
    const before = await snapshot();
    const error = await refusal(insertTransfer, [
      'wallet:u-ret-101',
      'sys:settlement',
      available + 1,
      'hold',
      null,
      null,
      null,
    ]);
    expect(String(error)).toMatch(/wallet_not_overdrawn/);
    expect(violationOf(error)).toBe('insufficient_funds');
    expect(await snapshot()).toEqual(before);
  });

  it('lets a hold take exactly what is available, and not one unit more', async () => {
    const available = await availableOf('wallet:u-ret-103');
    const hold = ['wallet:u-ret-103', 'sys:settlement', available, 'hold', null, null, null];
    await run(insertTransfer, hold);
    expect(await availableOf('wallet:u-ret-103')).toBe(0);
    const error = await refusal(insertTransfer, [...hold.slice(0, 2), 1, ...hold.slice(3)]);
    expect(violationOf(error)).toBe('insufficient_funds');
    expect(await checkLedger(h.database.client)).toEqual([]);
  });

  it('refuses a whole sale through the writer when its hold would overdraw', async () => {
    const before = await snapshot();
    const now = h.clock.now();
    const write = h.deps.writer.write(
      holdSale({
        id: 'sale-too-big',
        retailerId: 'u-ret-102',
        idempotencyKey: 'too-big',
        requestHash: 'hash',
        msisdn: '+254712345678',
        amount: (await availableOf('wallet:u-ret-102')) + 1,
        currency: 'KES',
        productId: 'safaricom-airtime',
        dailyLimit: 10_000_000_000,
        operator: 'safaricom',
        commission: 0,
        channel: 'app',
        now,
        resolveAfter: now,
        ...saleDay(now, h.config.TIMEZONE),
      }),
    );
    await expect(write).rejects.toThrow(/wallet_not_overdrawn/);
    // The sale row and its key went in before the hold: they are rolled back with it.
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to edit or delete a transfer', async () => {
    const before = await snapshot();
    for (const sql of [
      'UPDATE transfers SET amount = amount + 1 WHERE id = 1',
      `UPDATE transfers SET kind = 'void' WHERE kind = 'post'`,
      'DELETE FROM transfers WHERE id = 1',
      'DELETE FROM transfers',
    ]) {
      expect(String(await refusal(sql))).toMatch(/transfers_immutable/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a second post of a hold, or a void after a post', async () => {
    const hold = await holdOf(sale.succeeded);
    const before = await snapshot();
    for (const kind of ['post', 'void']) {
      const error = await refusal(insertTransfer, [
        hold.debit,
        'sys:settlement',
        hold.amount,
        kind,
        sale.succeeded,
        hold.id,
        null,
      ]);
      expect(violationOf(error)).toBe('already_settled');
    }
    // The sale service's own statements are refused the same way.
    const now = h.clock.now();
    await expect(h.deps.writer.write(postSale(sale.succeeded, 'again', now))).rejects.toThrow(
      /sale_transition_refused/,
    );
    await expect(h.deps.writer.write(voidSale(sale.succeeded, 'late', now))).rejects.toThrow(
      /sale_transition_refused/,
    );
    await expect(h.deps.writer.write(postSale(sale.failed, 'late', now))).rejects.toThrow(
      /sale_transition_refused/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an illegal change of sale status', async () => {
    const before = await snapshot();
    for (const [id, status] of [
      [sale.failed, 'succeeded'],
      [sale.failed, 'pending'],
      [sale.failed, 'reversed'],
      [sale.succeeded, 'pending'],
      [sale.succeeded, 'failed'],
      [sale.succeeded, 'unknown'],
      [sale.unknown, 'pending'],
      [sale.unknown, 'reversed'],
    ]) {
      const error = await refusal('UPDATE sales SET status = ? WHERE id = ?', [status!, id!]);
      expect(String(error)).toMatch(/sale_transition_refused/);
      expect(violationOf(error)).toBe('already_settled');
    }
    expect(String(await refusal('DELETE FROM sales WHERE id = ?', [sale.failed]))).toMatch(
      /sales_kept/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a post or void that does not match its hold', async () => {
    const hold = await holdOf(sale.unknown);
    const before = await snapshot();
    for (const [kind, amount, credit] of [
      ['post', hold.amount + 1, 'sys:settlement'],
      ['post', hold.amount - 1, 'sys:settlement'],
      ['void', hold.amount - 1, 'sys:settlement'],
      ['post', hold.amount, 'wallet:u-ret-102'],
    ] as const) {
      const error = await refusal(insertTransfer, [
        hold.debit,
        credit,
        amount,
        kind,
        sale.unknown,
        hold.id,
        null,
      ]);
      expect(String(error)).toMatch(/settle_mismatch/);
    }
    expect(await snapshot()).toEqual(before);
    // The hold is still open, and settles normally.
    await h.deps.writer.write(postSale(sale.unknown, 'ref-902', h.clock.now()));
    expect(await checkLedger(h.database.client)).toEqual([]);
  });
});

describe('violationOf', () => {
  it('names the invariant of each refused write', async () => {
    const duplicateKey = await refusal(
      `INSERT INTO idempotency_keys
         (retailer_id, key, request_hash, rejection_status, rejection_code, rejection_message, created_at)
       VALUES ('u-ret-101', 'ledger-succeeded', 'x', 402, 'insufficient_funds', 'no', 0)`,
    );
    expect(String(duplicateKey)).toMatch(/UNIQUE/);
    expect(violationOf(duplicateKey)).toBe('duplicate_key');

    const duplicateReference = await refusal(insertTransfer, [
      'sys:funding',
      'wallet:u-ret-101',
      1,
      'funding',
      null,
      null,
      'demo-seed-u-ret-101',
    ]);
    expect(violationOf(duplicateReference)).toBe('duplicate_reference');

    const secondHold = await refusal(insertTransfer, [
      'wallet:u-ret-101',
      'sys:settlement',
      500,
      'hold',
      sale.succeeded,
      null,
      null,
    ]);
    expect(violationOf(secondHold)).toBe('already_settled');
  });

  it('reads the constraint through an sqld replica wrapping the error', () => {
    const wrapped = (inner: string) =>
      new Error(`PROXY_ERROR: error executing a request on the primary: ${inner}`);
    expect(
      violationOf(wrapped('SQLITE_CONSTRAINT: CHECK constraint failed: wallet_not_overdrawn')),
    ).toBe('insufficient_funds');
    expect(violationOf(wrapped('SQLITE_CONSTRAINT: sale_transition_refused'))).toBe(
      'already_settled',
    );
    expect(violationOf(wrapped('UNIQUE constraint failed: transfers.pending_id'))).toBe(
      'already_settled',
    );
    expect(
      violationOf(
        wrapped('UNIQUE constraint failed: idempotency_keys.retailer_id, idempotency_keys.key'),
      ),
    ).toBe('duplicate_key');
    expect(violationOf(wrapped('UNIQUE constraint failed: transfers.reference'))).toBe(
      'duplicate_reference',
    );
    // The name may be only in the cause, as the HTTP client sometimes reports it.
    const outer = new Error('SERVER_ERROR: request failed', {
      cause: new Error('CHECK constraint failed: wallet_not_overdrawn'),
    });
    expect(violationOf(outer)).toBe('insufficient_funds');
    expect(violationOf('SQLITE_BUSY: database is locked')).toBe('busy');
  });

  it('names nothing for an error that is not an invariant', () => {
    expect(violationOf(new Error('SQLITE_IOERR: disk I/O error'))).toBeNull();
    expect(violationOf(new Error('no such table: transfer'))).toBeNull();
    expect(violationOf(undefined)).toBeNull();
  });
});
