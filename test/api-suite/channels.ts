import { describe, expect, it } from 'vitest';
import { inboundSms, overHttp, screen, ussd } from '../channels/support';
import { SUITE_ENV, type Target } from './target';

/**
 * The USSD and SMS gateways' view of a host (DESIGN 6, issue 10): Africa's Talking's
 * callbacks over HTTP, with the gateway secret, and the SMS the host sent through its
 * provider (the stack's local fake of Africa's Talking).
 */
export class Gateways {
  private serial = 0;
  private readonly run = Date.now().toString(36);

  constructor(private readonly target: () => Target) {}

  private get host() {
    return overHttp(this.target().url);
  }

  /** A session id or message id no other run of the suite used. */
  newId(what: string) {
    return `AT${what}_suite_${this.run}_${++this.serial}`;
  }

  /** One USSD request; its answer, checked to be a screen. */
  async dial(sessionId: string, phone: string, text: string): Promise<string> {
    return screen(await ussd(this.host, sessionId, phone, text, SECRET));
  }

  /** The requests of one session one after another; their screens. */
  async session(sessionId: string, phone: string, texts: string[]): Promise<string[]> {
    const screens: string[] = [];
    for (const text of texts) screens.push(await this.dial(sessionId, phone, text));
    return screens;
  }

  /** An incoming SMS; the host answers `OK` whatever it says (DESIGN 6). */
  async text(id: string, from: string, text: string): Promise<void> {
    const res = await inboundSms(this.host, id, from, text, SECRET);
    expect([res.status, await res.text()]).toEqual([200, 'OK']);
  }

  /** An incoming SMS, and the first SMS the host sends back to its sender after it. */
  async command(text: string, from: string, id = this.newId('Xid')): Promise<string> {
    const after = this.target().sms.received.length;
    await this.text(id, from, text);
    return this.nextTo(from, after);
  }

  /** The first SMS to `to` from the `after`-th message the provider received on. */
  async nextTo(to: string, after: number): Promise<string> {
    const { received, waitFor } = this.target().sms;
    const m = await waitFor((m) => m.to === to && received.indexOf(m) >= after);
    return m.message;
  }

  /** The SMS to `to` naming sale `saleId` that `match` accepts, awaited (receipts go in the background). */
  async receipt(to: string, saleId: string, match: RegExp = /./): Promise<string> {
    const m = await this.target().sms.waitFor(
      (m) => m.to === to && m.message.includes(saleId) && match.test(m.message),
    );
    return m.message;
  }

  /** The sales an Idempotency-Key made (`ussd:<sessionId>`, `sms:<id>`), from the database. */
  async salesOfKey(key: string) {
    const rows = await this.target().database.execute({
      sql: `SELECT s.id, s.channel, s.status, s.amount, s.msisdn FROM idempotency_keys k
            JOIN sales s ON s.id = k.sale_id WHERE k.key = ?`,
      args: [key],
    });
    return rows.rows.map((r) => ({
      id: String(r.id),
      channel: String(r.channel),
      status: String(r.status),
      amount: Number(r.amount),
      msisdn: String(r.msisdn),
    }));
  }

  /** The receipts queued for a sale, by audience: one row each, whoever settled it (DESIGN 6). */
  async receiptsOf(saleId: string) {
    const rows = await this.target().database.execute({
      sql: 'SELECT audience FROM sms_messages WHERE sale_id = ? ORDER BY audience',
      args: [saleId],
    });
    return rows.rows.map((r) => String(r.audience));
  }
}

const SECRET = `?secret=${SUITE_ENV.GATEWAY_SECRET}`;
export const SHOP = '+254700000101';

/** What holds for every channel sale once the USSD and SMS tests have run. */
export function channelLedgerTests(target: () => Target) {
  const gateways = new Gateways(target);

  describe('gateway callbacks', () => {
    it('answer 401 without ?secret= when GATEWAY_SECRET is set', async () => {
      const bare = overHttp(target().url);
      expect((await ussd(bare, gateways.newId('Uid'), SHOP, '')).status).toBe(401);
      expect((await inboundSms(bare, gateways.newId('Xid'), SHOP, 'BAL 1357')).status).toBe(401);
      expect((await ussd(bare, gateways.newId('Uid'), SHOP, '', '?secret=wrong')).status).toBe(401);
    });
  });

  describe('channel sales in the ledger', () => {
    it('records every USSD and SMS sale with its channel, its hold and its audit entry', async () => {
      const rows = await target().database.execute(
        `SELECT k.key, s.channel, a.channel AS audited,
                (SELECT count(*) FROM transfers t WHERE t.sale_id = s.id AND t.kind = 'hold') AS holds
         FROM idempotency_keys k JOIN sales s ON s.id = k.sale_id
         LEFT JOIN audit_log a ON a.action = 'sale' AND a.subject = s.id
         WHERE k.key LIKE 'ussd:%' OR k.key LIKE 'sms:%'`,
      );
      expect(rows.rows.length).toBeGreaterThanOrEqual(4);
      const wrong = rows.rows
        .map((r) => [String(r.key).split(':')[0], r.channel, r.audited, Number(r.holds)])
        .filter(([prefix, channel, audited, holds]) => {
          return channel !== prefix || audited !== prefix || holds !== 1;
        });
      expect(wrong).toEqual([]);
    });
  });
}
