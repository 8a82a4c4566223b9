import { describe, expect, it } from 'vitest';
import { path, saleIdIn } from '../channels/support';
import { Gateways, SHOP } from './channels';
import { Api, type Target } from './target';

/**
 * SMS commands over HTTP in Africa's Talking's format (DESIGN 6, issue 10), on every
 * host, each answered by an SMS through the host's provider: every command, a message
 * sent twice, malformed commands, and the lockout the app's logins share (lifted by a
 * manager afterwards, since the suite goes on with the outlet). Retailers
 * +254700000101 and +254700000103.
 */
export function smsTests(target: () => Target) {
  const gateways = new Gateways(target);
  const api = () => new Api(target().url);

  describe('SMS commands', () => {
    it('answer BAL, COMM, LAST and HELP by SMS, case and spaces as they come', async () => {
      expect(await gateways.command('bal 1357', SHOP)).toMatch(
        /^Available KES [\d,.]+, Held KES [\d,.]+, Commission KES [\d,.]+$/,
      );
      expect(await gateways.command('COMM   1357', SHOP)).toMatch(
        /^Today: [1-9]\d* sales, Total KES [\d,.]+, Commission KES/,
      );
      expect(await gateways.command(' Last 1357', SHOP)).toMatch(/^Last sales: [0-9A-F]{6} \*/);
      expect(await gateways.command('HELP', SHOP)).toMatch(/^Airload SMS: SELL number amount PIN/);
    });

    it('SELL sells on the sms channel once for a message sent three times (one id)', async () => {
      const id = gateways.newId('Xid');
      const reply = await gateways.command('sell 0712 345 678 250 1357', SHOP, id);
      const saleId = saleIdIn(reply)!;
      // A sale that ends within the wait is answered by its receipt; a slower one by "pending".
      expect(reply).toMatch(/^Airload: sale .* of KES 250\.00 to \+254712345678: sent\.$|pending/);
      await Promise.all([
        gateways.text(id, SHOP, 'sell 0712 345 678 250 1357'),
        gateways.text(id, SHOP, 'sell 0712 345 678 250 1357'),
      ]);
      expect(await gateways.salesOfKey(`sms:${id}`)).toMatchObject([
        { id: saleId, channel: 'sms', amount: 25_000, msisdn: '+254712345678' },
      ]);
      await gateways.receipt(SHOP, saleId, /: sent\.$/);
      await gateways.receipt('+254712345678', saleId);
      expect(await gateways.receiptsOf(saleId)).toEqual(['customer', 'outlet']);
    });

    it('answer a malformed command with a short help, never echoing the PIN', async () => {
      for (const [text, help] of [
        ['hello', /^Airload SMS: SELL number amount PIN/],
        ['SELL 0712345678 100', /^Send: SELL number amount PIN/],
        ['SELL 0712345678 1.234 1357', /^Not a valid amount.*SELL number amount PIN/],
      ] as const) {
        const reply = await gateways.command(text, SHOP);
        expect(reply).toMatch(help);
        expect(reply.length).toBeLessThanOrEqual(160);
        expect(reply).not.toContain('1357');
      }
    });

    it('share the lockout with app logins, on USSD too, until a manager lifts it', async () => {
      const phone = '+254700000103';
      const login = (pin: string) =>
        api().call('POST', '/api/v1/auth/login', { body: { phone, pin } });
      for (let i = 0; i < 3; i++) expect((await login('2468')).status).toBe(401);
      const wrong = await gateways.command('BAL 9753', phone);
      expect(wrong).toMatch(/^Wrong PIN\. Send: BAL PIN$/);
      expect(await gateways.command('BAL 9753', phone)).toMatch(
        /^Too many wrong PINs\. Locked until \d\d:\d\d\.$/,
      );
      expect((await login('1357')).status).toBe(423);
      const session = gateways.newId('Uid');
      const screens = await gateways.session(session, phone, ['', '2', path('2', '1357')]);
      expect(screens.at(-1)).toMatch(/^END Too many wrong PINs\. Locked until \d\d:\d\d\.$/);
      expect(await gateways.command('BAL 1357', phone)).toMatch(/Locked until/);

      const manager = await api().login('manager@demo.airload');
      const unlock = await api().call('POST', '/api/v1/users/u-ret-103/unlock', {
        token: manager,
      });
      expect(unlock.status).toBe(204);
      expect((await login('1357')).status).toBe(200);
    });
  });
}
