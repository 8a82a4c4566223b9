import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitCode } from '../../core/visit-code';
import { VISIT_PHOTO_MAX_BYTES } from '../../db/schema';
import { createHarness, type Harness } from '../../test/support/harness';
import { addUsers } from '../../test/support/users';

/** A few bytes that start like a JPEG (SOI + APP0), as a data URL. */
const jpeg = (size = 64) => {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return `data:image/jpeg;base64,${bytes.toString('base64')}`;
};
const CHECKLIST = {
  branding_visible: true,
  price_list_shown: true,
  float_sufficient: false,
  records_kept: true,
  pin_private: true,
  no_complaints: true,
};
/** Nairobi CBD; about 300 m north of it is FAR. */
const SHOP = { lat: -1.2864, lng: 36.8172 };
const FAR = { lat: -1.2837, lng: 36.8172 };

let h: Harness;
let manager: string;
let keys = 0;
const key = () => `visit-${++keys}`;

const visit = (overrides: Record<string, unknown> = {}) => ({
  ...SHOP,
  accuracy_m: 20,
  recorded_at: new Date(h.clock.now()).toISOString(),
  checklist: CHECKLIST,
  note: 'All in order',
  ...overrides,
});
const post = (token: string, body: unknown, k = key(), outlet = 'u-ret-101') =>
  h.call('POST', `/api/v1/outlets/${outlet}/visits`, {
    token,
    body,
    headers: { 'idempotency-key': k },
  });

beforeAll(async () => {
  h = await createHarness();
  await addUsers(
    h,
    [
      {
        id: 'u-north-mgr',
        role: 'manager',
        name: 'North manager',
        email: 'north@test.airload',
        regionId: 'r-north',
      },
      {
        id: 'u-north-ret',
        role: 'retailer',
        name: 'North shop',
        phone: '+254700000901',
        regionId: 'r-north',
      },
    ],
    [{ sql: `INSERT INTO regions (id, name) VALUES ('r-north', 'North')`, args: [] }],
  );
  manager = await h.login('manager@demo.airload');
});
afterAll(() => h.close());

describe('visits (DESIGN 10, issue 9)', () => {
  it('places the outlet with its first accurate visit and confirms the shop’s code', async () => {
    const shop = await h.login('+254700000101');
    const me = (await (await h.call('GET', '/api/v1/me', { token: shop })).json()) as {
      visit_secret: string;
    };
    expect(me.visit_secret).toMatch(/^[0-9a-f]{40}$/);
    const res = await post(
      manager,
      visit({ shop_code: visitCode(me.visit_secret, h.clock.now()), photo: jpeg() }),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ distance_m: 0, shop_confirmed: true, flags: [] });
    const outlet = await h.database.client.execute(
      `SELECT lat, lng FROM users WHERE id = 'u-ret-101'`,
    );
    expect(outlet.rows[0]).toMatchObject(SHOP);
    const audit = await h.database.client.execute(
      `SELECT actor_id, subject FROM audit_log WHERE action = 'visit'`,
    );
    expect(audit.rows[0]).toMatchObject({ actor_id: 'u-manager', subject: 'u-ret-101' });
  });

  it('measures the distance from the outlet and flags a far or inaccurate visit', async () => {
    const far = (await (await post(manager, visit(FAR))).json()) as Record<string, unknown>;
    expect(far.distance_m).toBeGreaterThan(250);
    expect(far.distance_m).toBeLessThan(350);
    expect(far.flags).toEqual(['visit_far']);
    const vague = await (await post(manager, visit({ accuracy_m: 150 }))).json();
    expect(vague).toMatchObject({ distance_m: 0, flags: ['visit_far'] });
    const near = await (await post(manager, visit({ accuracy_m: 100 }))).json();
    expect(near).toMatchObject({ flags: [] });
    // The location is set once: a later accurate visit elsewhere does not move it.
    const outlet = await h.database.client.execute(`SELECT lat FROM users WHERE id = 'u-ret-101'`);
    expect(outlet.rows[0]!.lat).toBe(SHOP.lat);
  });

  it('does not confirm a wrong, stale or other outlet’s shop code', async () => {
    const secretOf = async (phone: string) => {
      const token = await h.login(phone);
      const me = await (await h.call('GET', '/api/v1/me', { token })).json();
      return (me as { visit_secret: string }).visit_secret;
    };
    const secret = await secretOf('+254700000101');
    const now = h.clock.now();
    const right = visitCode(secret, now);
    // One digit off: what a misheard code looks like.
    const wrong = `${right.slice(0, 5)}${(Number(right[5]) + 1) % 10}`;
    const stale = visitCode(secret, now - 15 * 60_000);
    const otherOutlet = visitCode(await secretOf('+254700000102'), now);
    for (const code of [wrong, stale, otherOutlet]) {
      if (code === right) continue; // a one-in-a-million coincidence, not a wrong code
      const res = await post(manager, visit({ shop_code: code }));
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ shop_confirmed: false });
    }
    const typed = await post(manager, visit({ shop_code: right }));
    expect(await typed.json()).toMatchObject({ shop_confirmed: true });
  });

  it('does not place an outlet from an inaccurate first visit', async () => {
    const res = await post(manager, visit({ accuracy_m: 80 }), key(), 'u-ret-102');
    expect(await res.json()).toMatchObject({ distance_m: null, flags: [] });
    const outlet = await h.database.client.execute(`SELECT lat FROM users WHERE id = 'u-ret-102'`);
    expect(outlet.rows[0]!.lat).toBeNull();
  });

  it('replays the stored answer for the same key and body, refuses another body', async () => {
    const k = key();
    const body = visit({ note: 'queued offline' });
    const first = await post(manager, body, k);
    const visits = await h.count('visits');
    const again = await post(manager, body, k);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const other = await post(manager, { ...body, note: 'changed' }, k);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      'idempotency_key_reused',
    );
    expect(await h.count('visits')).toBe(visits);
    // Two sends at once still make one visit.
    const k2 = key();
    const both = await Promise.all([post(manager, body, k2), post(manager, body, k2)]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(await h.count('visits')).toBe(visits + 1);
  });

  const day = 86_400_000;
  it.each([
    ['latitude over 90', () => visit({ lat: 90.5 }), 'invalid_request'],
    ['longitude over 180', () => visit({ lng: -181 }), 'invalid_request'],
    ['coordinates as text', () => visit({ lat: '-1.28' }), 'invalid_request'],
    ['zero accuracy', () => visit({ accuracy_m: 0 }), 'invalid_request'],
    ['negative accuracy', () => visit({ accuracy_m: -5 }), 'invalid_request'],
    ['no checklist', () => visit({ checklist: undefined }), 'invalid_request'],
    [
      'a checklist item missing',
      () => visit({ checklist: { ...CHECKLIST, pin_private: undefined } }),
      'invalid_request',
    ],
    [
      'a checklist answer not a boolean',
      () => visit({ checklist: { ...CHECKLIST, records_kept: 1 } }),
      'invalid_request',
    ],
    [
      'an unknown checklist item',
      () => visit({ checklist: { ...CHECKLIST, extra: true } }),
      'invalid_request',
    ],
    ['an unknown field', () => visit({ outlet_id: 'u-ret-103' }), 'invalid_request'],
    ['a bad date', () => visit({ recorded_at: '2026-13-40' }), 'invalid_request'],
    [
      'a time in the future',
      () => visit({ recorded_at: new Date(h.clock.now() + 10 * 60_000).toISOString() }),
      'invalid_visit_time',
    ],
    [
      'a time over 30 days ago',
      () => visit({ recorded_at: new Date(h.clock.now() - 31 * day).toISOString() }),
      'invalid_visit_time',
    ],
    ['a shop code of five digits', () => visit({ shop_code: '12345' }), 'invalid_request'],
    ['a PNG photo', () => visit({ photo: 'data:image/png;base64,iVBORw0KGgo=' }), 'invalid_photo'],
    [
      'a photo that only claims to be JPEG',
      () =>
        visit({ photo: `data:image/jpeg;base64,${Buffer.from('GIF89a..').toString('base64')}` }),
      'invalid_photo',
    ],
    [
      'a photo not in base64',
      () => visit({ photo: 'data:image/jpeg;base64,@@@@' }),
      'invalid_photo',
    ],
    [
      'a photo over 300 KB',
      () => visit({ photo: jpeg(VISIT_PHOTO_MAX_BYTES + 3) }),
      'invalid_photo',
    ],
  ])('refuses %s with a 4xx and writes nothing', async (_name, body, code) => {
    const before = await h.count('visits');
    const audit = await h.count('audit_log');
    const res = await post(manager, body());
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(await h.count('visits')).toBe(before);
    expect(await h.count('audit_log')).toBe(audit);
  });

  it('takes a 300 KB photo but refuses a body over VISIT_BODY_LIMIT', async () => {
    const ok = await post(manager, visit({ photo: jpeg(VISIT_PHOTO_MAX_BYTES) }));
    expect(ok.status).toBe(201);
    const huge = await post(manager, { ...visit(), note: 'x'.repeat(h.config.VISIT_BODY_LIMIT) });
    expect(huge.status).toBe(413);
    // Other routes keep the small limit.
    const sale = await h.sell(manager, key(), { msisdn: 'x'.repeat(h.config.BODY_LIMIT) });
    expect(sale.status).toBe(413);
  });

  it('refuses a missing or malformed Idempotency-Key', async () => {
    const res = await h.call('POST', '/api/v1/outlets/u-ret-101/visits', {
      token: manager,
      body: visit(),
    });
    expect(res.status).toBe(400);
    expect((await post(manager, visit(), 'not a key')).status).toBe(400);
  });

  it('lists visits newest first without photos, pages, and serves the photo', async () => {
    const shop103 = (at: number, note: string, photo?: string) =>
      post(
        manager,
        visit({ recorded_at: new Date(at).toISOString(), note, ...(photo ? { photo } : {}) }),
        key(),
        'u-ret-103',
      );
    const now = h.clock.now();
    await shop103(now - 3 * day, 'oldest');
    await shop103(now - day, 'newest', jpeg(128));
    await shop103(now - 2 * day, 'middle');
    const first = (await (
      await h.call('GET', '/api/v1/outlets/u-ret-103/visits?limit=2', { token: manager })
    ).json()) as { items: Record<string, unknown>[]; next_cursor: string };
    expect(first.items.map((v) => v.note)).toEqual(['newest', 'middle']);
    expect(first.items[0]).toMatchObject({
      has_photo: true,
      manager_name: 'Demo Manager',
      checklist: CHECKLIST,
      shop_confirmed: false,
    });
    expect(first.items[0]).not.toHaveProperty('photo');
    const rest = (await (
      await h.call(`GET`, `/api/v1/outlets/u-ret-103/visits?limit=2&cursor=${first.next_cursor}`, {
        token: manager,
      })
    ).json()) as { items: Record<string, unknown>[]; next_cursor: string | null };
    expect(rest.items.map((v) => v.note)).toEqual(['oldest']);
    expect(rest.next_cursor).toBeNull();

    const photo = await h.call(
      'GET',
      `/api/v1/outlets/u-ret-103/visits/${first.items[0]!.id}/photo`,
      { token: manager },
    );
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    const bytes = new Uint8Array(await photo.arrayBuffer());
    expect(bytes.length).toBe(128);
    expect([...bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const none = await h.call(
      'GET',
      `/api/v1/outlets/u-ret-103/visits/${first.items[1]!.id}/photo`,
      { token: manager },
    );
    expect(none.status).toBe(404);
    // A visit named under another outlet is not found.
    const elsewhere = await h.call(
      'GET',
      `/api/v1/outlets/u-ret-101/visits/${first.items[0]!.id}/photo`,
      { token: manager },
    );
    expect(elsewhere.status).toBe(404);
  });

  it('keeps visits to the manager’s region: another region’s manager gets 404', async () => {
    const north = await h.login('north@test.airload');
    expect((await post(north, visit())).status).toBe(404);
    for (const path of [
      '/api/v1/outlets/u-ret-101/visits',
      '/api/v1/outlets/u-ret-101/visits/x/photo',
    ])
      expect((await h.call('GET', path, { token: north })).status).toBe(404);
    expect((await post(manager, visit(), key(), 'u-north-ret')).status).toBe(404);
    // Not an outlet: a distributor of the region.
    expect((await post(manager, visit(), key(), 'u-dist-201')).status).toBe(404);
    expect((await post(north, visit(), key(), 'u-north-ret')).status).toBe(201);
  });

  it('lets only managers and admins record, distributors read their own retailers', async () => {
    const distributor = await h.login('+254700000201');
    const retailer = await h.login('+254700000101');
    const admin = await h.login('admin@demo.airload');
    expect((await post(distributor, visit())).status).toBe(403);
    expect((await post(retailer, visit())).status).toBe(403);
    expect(
      (await h.call('POST', '/api/v1/outlets/u-ret-101/visits', { body: visit() })).status,
    ).toBe(401);
    expect((await post(admin, visit(), key(), 'u-north-ret')).status).toBe(201);
    const list = await h.call('GET', '/api/v1/outlets/u-ret-101/visits', { token: distributor });
    expect(list.status).toBe(200);
    expect(
      (await h.call('GET', '/api/v1/outlets/u-ret-101/visits', { token: retailer })).status,
    ).toBe(403);
    expect(
      (await h.call('GET', '/api/v1/outlets/u-north-ret/visits', { token: distributor })).status,
    ).toBe(404);
  });

  it('gives the visit secret to the outlet only', async () => {
    for (const who of ['manager@demo.airload', 'admin@demo.airload', '+254700000201']) {
      const me = await (await h.call('GET', '/api/v1/me', { token: await h.login(who) })).json();
      expect(me).not.toHaveProperty('visit_secret');
    }
    const shop = await (
      await h.call('GET', '/api/v1/me', { token: await h.login('+254700000102') })
    ).json();
    const other = await (
      await h.call('GET', '/api/v1/me', { token: await h.login('+254700000103') })
    ).json();
    expect((shop as { visit_secret: string }).visit_secret).not.toBe(
      (other as { visit_secret: string }).visit_secret,
    );
  });
});
