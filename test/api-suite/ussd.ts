import { describe, expect, it } from 'vitest';
import { refTail } from '../../worker/channel/texts';
import { path, saleIdIn, saleSession } from '../channels/support';
import { Gateways, SHOP } from './channels';
import type { Target } from './target';

const CUSTOMER = '+254712345678';

/**
 * USSD over HTTP in Africa's Talking's format (DESIGN 6, issue 10), on every host: a
 * whole sale session and its resends, two requests of one session at once, the
 * balance, today's sales and the last sales, and a slow carrier whose final status
 * follows by SMS. Retailers +254700000101 and +254700000102.
 */
export function ussdTests(target: () => Target) {
  const gateways = new Gateways(target);
  const saleScreen = (amount: string, msisdn: string, status: string) =>
    new RegExp(`^END Sale [0-9a-f-]{36}\\n${amount} to \\${msisdn}\\nStatus: ${status}`);

  describe('USSD', () => {
    it('sells in a whole session; a resent final request and a repeated start get the same END, one sale', async () => {
      const id = gateways.newId('Uid');
      // Safaricom sends duplicate session starts: the second gets the same screen.
      const start = await gateways.dial(id, SHOP, '');
      expect(start).toMatch(/^CON Airload Demo Shop 101\n1 Sell airtime/);
      expect(await gateways.dial(id, SHOP, '')).toBe(start);
      const screens = await gateways.session(id, SHOP, saleSession('0712345678', '100').slice(1));
      expect(screens[2]).toBe(
        'CON Sell KES 100.00 to +254712345678 (Safaricom)?\nEnter PIN to confirm\n0 Cancel',
      );
      const final = screens[3]!;
      // Sent, or pending when the host took longer than USSD_WAIT_MS: either names the sale.
      expect(final).toMatch(saleScreen('KES 100.00', CUSTOMER, '(sent|pending)'));
      expect(await gateways.dial(id, SHOP, path('1', '0712345678', '100', '1357'))).toBe(final);
      expect(await gateways.dial(id, SHOP, '')).toBe(final);

      const saleId = saleIdIn(final)!;
      const sales = await gateways.salesOfKey(`ussd:${id}`);
      expect(sales).toMatchObject([{ id: saleId, channel: 'ussd', amount: 10_000 }]);
      // The final status by SMS: to the outlet (a USSD sale) and to the customer.
      expect(await gateways.receipt(SHOP, saleId, /: sent\.$/)).toBe(
        `Airload: sale ${saleId} of KES 100.00 to ${CUSTOMER}: sent.`,
      );
      await gateways.receipt(CUSTOMER, saleId);
      expect(await gateways.receiptsOf(saleId)).toEqual(['customer', 'outlet']);
    });

    it('takes two requests of one session at once: the same END, one sale', async () => {
      const id = gateways.newId('Uid');
      const texts = saleSession('0712345678', '30');
      await gateways.session(id, SHOP, texts.slice(0, -1));
      const [a, b] = await Promise.all([
        gateways.dial(id, SHOP, texts.at(-1)!),
        gateways.dial(id, SHOP, texts.at(-1)!),
      ]);
      expect(a).toMatch(saleScreen('KES 30.00', CUSTOMER, '(sent|pending)'));
      expect(b).toBe(a);
      expect(await gateways.salesOfKey(`ussd:${id}`)).toMatchObject([
        { id: saleIdIn(a!), channel: 'ussd', amount: 3_000 },
      ]);
    });

    it("shows the balance, today's sales and commission, and the last sales, each after the PIN", async () => {
      const ask = async (item: string) => {
        const id = gateways.newId('Uid');
        const [, pin, shown] = await gateways.session(id, SHOP, ['', item, path(item, '1357')]);
        expect(pin).toBe('CON Enter PIN:\n0 Back');
        return shown!;
      };
      expect(await ask('2')).toMatch(
        /^END Available KES [\d,]+\.\d\d\nHeld KES [\d,]+\.\d\d\nCommission KES [\d,]+\.\d\d$/,
      );
      const today = await ask('3');
      expect(today).toMatch(/^END Today: \d+ sales\nTotal KES [\d,.]+\nCommission KES [\d,.]+$/);
      expect(Number(/Today: (\d+)/.exec(today)![1])).toBeGreaterThan(0);
      const newest = await target().database.execute(
        "SELECT id FROM sales WHERE retailer_id = 'u-ret-101' ORDER BY id DESC LIMIT 1",
      );
      const last = await ask('4');
      expect(last).toMatch(/^END Last sales:\n/);
      expect(last).toContain(refTail(String(newest.rows[0]!.id)));
    });

    it('says a sale the carrier is slow with (904) is pending, then sends its final status by SMS', async () => {
      const outlet = '+254700000102';
      const id = gateways.newId('Uid');
      const screens = await gateways.session(id, outlet, saleSession('0712345904', '100'));
      const final = screens.at(-1)!;
      expect(final).toMatch(saleScreen('KES 100.00', '+254712345904', 'pending\\n.*SMS'));
      const saleId = saleIdIn(final)!;
      // Settled in the background of the request, after its answer: no reconciliation here.
      expect(await gateways.receipt(outlet, saleId, /: sent\.$/)).toBe(
        `Airload: sale ${saleId} of KES 100.00 to +254712345904: sent.`,
      );
      expect(await gateways.salesOfKey(`ussd:${id}`)).toMatchObject([
        { id: saleId, channel: 'ussd', status: 'succeeded' },
      ]);
    });
  });
}
