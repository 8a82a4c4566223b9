import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness';
import type { Deps } from '../deps';
import { LoggingSmsGateway } from './gateway';
import { flushOutbox, kickOutbox, LEASE_MS, RUN_MS } from './outbox';

/**
 * Issue 10 on the Workers host: a run of the outbox lives in the ctx.waitUntil of the
 * request that started it, so later kicks may not keep it going for ever.
 */

const h = await createHarness();
afterAll(() => h.close());

/** A gateway whose sends wait until `open()`, so that a run stays under way. */
function gatedGateway() {
  const inner = new LoggingSmsGateway(() => {});
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    sent: inner.sent,
    open,
    send: async (to: string, text: string) => {
      await gate;
      return inner.send(to, text);
    },
  };
}

let serial = 0;
async function queue(to: string) {
  const now = h.clock.now();
  await h.database.client.execute({
    sql: `INSERT INTO sms_messages (id, audience, to_number, body, status, created_at, updated_at)
          VALUES (?, 'reply', ?, 'hello', 'queued', ?, ?)`,
    args: [`outbox-test-${++serial}`, to, now, now],
  });
}

describe('the SMS outbox', () => {
  it('lets a kick during a young run make it go again, and starts a run of its own after RUN_MS', async () => {
    const gateway = gatedGateway();
    const runs: Promise<unknown>[] = [];
    const deps: Deps = { ...h.deps, sms: gateway, background: (work) => runs.push(work) };
    await queue('+254712340001');
    kickOutbox(deps);
    kickOutbox(deps);
    expect(runs).toHaveLength(1);

    h.clock.advance(RUN_MS + 1);
    await queue('+254712340002');
    kickOutbox(deps);
    // In its own request's background: the first run's may end before it is done.
    expect(runs).toHaveLength(2);

    gateway.open();
    await Promise.all(runs);
    expect(gateway.sent.map((m) => m.to).sort()).toEqual(['+254712340001', '+254712340002']);
    const left = await h.database.client.execute(
      "SELECT count(*) AS n FROM sms_messages WHERE id LIKE 'outbox-test-%' AND status <> 'sent'",
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  it('sends again what a run claimed and never recorded, once its lease is over', async () => {
    const gateway = new LoggingSmsGateway(() => {});
    const deps: Deps = { ...h.deps, sms: gateway };
    await queue('+254712340003');
    // A run claims it, then dies before it sends or records anything.
    await h.database.client.execute({
      sql: `UPDATE sms_messages SET status = 'sending', claim = 'dead-run', updated_at = ?
            WHERE status = 'queued'`,
      args: [h.clock.now()],
    });
    await flushOutbox(deps);
    expect(gateway.sent).toEqual([]);

    h.clock.advance(LEASE_MS + 1);
    await flushOutbox(deps);
    expect(gateway.sent.map((m) => m.to)).toEqual(['+254712340003']);
    const left = await h.database.client.execute(
      `SELECT count(*) AS n FROM sms_messages WHERE status IN ('queued', 'sending')`,
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
