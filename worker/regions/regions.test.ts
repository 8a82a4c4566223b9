import { afterAll, describe, expect, it } from 'vitest';
import { dayIn } from '../../core/day';
import { createHarness } from '../../test/support/harness';

/** Regions (issue 11): a name, and a zone of its own that its outlets' days count in. */

const h = await createHarness();
afterAll(async () => {
  await h.settled();
  await h.close();
});
const admin = await h.login('admin@demo.airload');

describe('regions', () => {
  it('makes a region with its own IANA zone, lists it, and refuses a bad zone or a taken name', async () => {
    const res = await h.call('POST', '/api/v1/regions', {
      token: admin,
      body: { name: 'Kiritimati', timezone: 'Pacific/Kiritimati' },
    });
    expect(res.status).toBe(201);
    const region = (await res.json()) as { id: string; timezone: string };
    expect(region.timezone).toBe('Pacific/Kiritimati');
    const list = (await (await h.call('GET', '/api/v1/regions', { token: admin })).json()) as {
      items: { id: string; timezone: string | null }[];
    };
    expect(list.items).toContainEqual({ id: 'r-demo', name: 'Demo', timezone: null });
    expect(list.items.map((r) => r.id)).toContain(region.id);

    const before = await h.count('regions');
    for (const body of [
      { name: 'x', timezone: 'Mars/Olympus' },
      { name: '' },
      { timezone: 'UTC' },
    ]) {
      const bad = await h.call('POST', '/api/v1/regions', { token: admin, body });
      expect(bad.status).toBe(400);
    }
    const taken = await h.call('POST', '/api/v1/regions', {
      token: admin,
      body: { name: 'Kiritimati' },
    });
    expect(taken.status).toBe(409);
    expect(await h.count('regions')).toBe(before);
  });

  it('counts an outlet’s sale day and its profile’s day in its region’s zone', async () => {
    // UTC+14: most of the day, its date is not Nairobi's.
    const zone = 'Pacific/Kiritimati';
    const region = (await (
      await h.call('POST', '/api/v1/regions', {
        token: admin,
        body: { name: 'Line Islands', timezone: zone },
      })
    ).json()) as { id: string };
    const onboarded = (await (
      await h.call('POST', '/api/v1/users', {
        token: admin,
        body: { role: 'retailer', name: 'Line Shop', phone: '+254711444111', region_id: region.id },
      })
    ).json()) as { user: { id: string }; secret: string };
    const funded = await h.call('POST', '/api/v1/admin/fundings', {
      token: admin,
      body: { phone: '+254711444111', amount: 100_000, reference: 'line-shop-1' },
    });
    expect(funded.status).toBe(201);
    // 12:00 UTC: 02:00 the next day in Kiritimati, 15:00 the same day in Nairobi.
    const noon = Date.parse('2026-12-02T12:00:00Z');
    h.clock.advance(noon - h.clock.now());
    const token = await h.login('+254711444111', onboarded.secret);
    const profile = (await (await h.call('GET', '/api/v1/me', { token })).json()) as {
      timezone: string;
    };
    expect(profile.timezone).toBe(zone);
    const sale = await h.sell(token, 'line-1', { msisdn: '0712345678', amount: 10_000 });
    expect(sale.status).toBe(201);
    const { id } = (await sale.json()) as { id: string };
    const [row] = (
      await h.database.client.execute({ sql: 'SELECT day FROM sales WHERE id = ?', args: [id] })
    ).rows;
    expect(row!.day).toBe(dayIn(noon, zone));
    expect(row!.day).not.toBe(dayIn(noon, h.config.TIMEZONE));
    const [limit] = (
      await h.database.client.execute({
        sql: 'SELECT day FROM outlet_days WHERE retailer_id = ?',
        args: [onboarded.user.id],
      })
    ).rows;
    expect(limit!.day).toBe('2026-12-03');
  });
});
