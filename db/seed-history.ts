import type { InStatement } from '@libsql/client';
import { getDistance } from 'geolib';
import { v7 as uuidv7 } from 'uuid';
import { hashSecret } from '../worker/auth/kdf';
import { openDispute } from '../worker/disputes/statements';
import type { Config } from '../worker/env';
import { fundWallet, holdSale, postSale, saleDay, voidSale } from '../worker/ledger/statements';
import type { Database } from './client';
import {
  DEMO_FUNDING,
  DEMO_PASSWORD,
  DEMO_PIN,
  DEMO_USERS,
  type NewUser,
  userStatements,
} from './seed';
import {
  HISTORY_DAYS,
  type PlannedSale,
  type Profile,
  planSales,
  prng,
  type Rng,
} from './seed-plan';

/**
 * DESIGN 8 / issue 9 §3: 90 days of demo history on top of seedDemo's fixed accounts
 * (whose balances it leaves alone), so the back office has a region to audit. Called
 * by the Node host only, never by the test harness, whose tests count on a small world.
 * Every sale goes through the ledger's own statements, so checkLedger and the
 * outlet_days aggregates hold; each outlet's history is one write.
 */

export const HISTORY_SEED = 20_260_901;
export const OUTLETS_PER_REGION = 20;
const OUTLETS_PER_WRITE = 10;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export { HISTORY_DAYS };

interface Region {
  id: string;
  key: string;
  managerId: string;
  distributorId: string;
  centre: { lat: number; lng: number };
  /** The first outlets' profiles; the rest are normal. */
  profiles: Profile[];
}

const REGIONS: Region[] = [
  {
    id: 'r-demo-north',
    key: 'n',
    managerId: 'u-manager2',
    distributorId: 'u-dist-202',
    centre: { lat: -0.4201, lng: 36.9476 }, // Nyeri
    profiles: [
      'repeat',
      'spike',
      'failure',
      'night',
      'dormant',
      'not_seen',
      'low_float',
      'stuck',
      'lockouts',
      'visit_far',
      'visited',
      'visited',
      'visited',
    ],
  },
  {
    id: 'r-demo',
    key: 'd',
    managerId: 'u-manager',
    distributorId: 'u-dist-201',
    centre: { lat: -1.2864, lng: 36.8172 }, // Nairobi
    profiles: [
      'night',
      'dormant',
      'failure',
      'stuck',
      'visited',
      'visited',
      'visit_far',
      'disputes',
    ],
  },
];

/** The sale's statements: hold, then post or void a moment later; a pending one stays held. */
function saleStatements(config: Config, retailerId: string, s: PlannedSale, rng: Rng, now: number) {
  const random = Uint8Array.from({ length: 16 }, () => rng.int(256));
  const id = uuidv7({ msecs: s.at, random });
  const out: InStatement[] = holdSale({
    id,
    retailerId,
    idempotencyKey: `demo-${id}`,
    requestHash: 'demo-history',
    msisdn: s.msisdn,
    amount: s.amount,
    currency: config.CURRENCY,
    productId: 'safaricom-airtime',
    operator: 'safaricom',
    commission: Math.floor((s.amount * 600) / 10_000),
    channel: 'app',
    now: s.at,
    // The stuck sale stays pending for a week of demos before reconciliation takes it.
    resolveAfter: s.outcome === 'pending' ? now + 7 * DAY : s.at + 15_000,
    dailyLimit: config.DAILY_LIMIT,
    ...saleDay(s.at, config.TIMEZONE),
  });
  if (s.outcome === 'succeeded') out.push(...postSale(id, `demo-ref-${id}`, s.at + 1_000));
  if (s.outcome === 'failed') out.push(...voidSale(id, 'carrier_failed', s.at + 1_000));
  return out;
}

const near = (rng: Rng, c: { lat: number; lng: number }, spread = 0.03) => ({
  lat: Number((c.lat + (rng.next() - 0.5) * 2 * spread).toFixed(5)),
  lng: Number((c.lng + (rng.next() - 0.5) * 2 * spread).toFixed(5)),
});

const locate = (id: string, at: { lat: number; lng: number }): InStatement => ({
  sql: 'UPDATE users SET lat = ?, lng = ? WHERE id = ?',
  args: [at.lat, at.lng, id],
});

function visitStatement(
  outletId: string,
  managerId: string,
  outletAt: { lat: number; lng: number },
  here: { lat: number; lng: number },
  recordedAt: number,
  rng: Rng,
): InStatement {
  const id = uuidv7({
    msecs: recordedAt,
    random: Uint8Array.from({ length: 16 }, () => rng.int(256)),
  });
  const distance = getDistance(
    { latitude: here.lat, longitude: here.lng },
    { latitude: outletAt.lat, longitude: outletAt.lng },
  );
  return {
    sql: `INSERT INTO visits (id, outlet_id, manager_id, idempotency_key, request_hash, lat, lng,
            accuracy_m, recorded_at, received_at, branding_visible, price_list_shown,
            float_sufficient, records_kept, pin_private, no_complaints, note, shop_confirmed, distance_m)
          VALUES (?, ?, ?, ?, 'demo-history', ?, ?, 12, ?, ?, 1, 1, 1, 1, 1, 1, 'Demo visit', ?, ?)`,
    args: [
      id,
      outletId,
      managerId,
      `demo-${id}`,
      here.lat,
      here.lng,
      recordedAt,
      recordedAt,
      distance < 200 ? 1 : 0,
      distance,
    ],
  };
}

export interface HistorySummary {
  outlets: number;
  sales: number;
  ms: number;
  seed: number;
}

/** Writes the history; run right after seedDemo seeded an empty database. */
export async function seedDemoHistory(
  database: Database,
  config: Config,
  now: number,
  seed = HISTORY_SEED,
): Promise<HistorySummary> {
  const started = performance.now();
  const rng = prng(seed);
  const opened = now - (HISTORY_DAYS + 5) * DAY;
  const people: NewUser[] = [
    {
      id: 'u-dist-202',
      role: 'distributor',
      name: 'Demo North Distributor',
      phone: '+254700000202',
      secret: DEMO_PIN,
      regionId: 'r-demo-north',
    },
    {
      id: 'u-manager2',
      role: 'manager',
      name: 'Demo North Manager',
      email: 'manager2@demo.airload',
      secret: DEMO_PASSWORD,
      regionId: 'r-demo-north',
    },
  ];
  const setup: InStatement[] = [
    { sql: `INSERT INTO regions (id, name) VALUES ('r-demo-north', 'Demo North')`, args: [] },
  ];
  const outlets: {
    id: string;
    profile: Profile;
    region: Region;
    at: { lat: number; lng: number };
  }[] = [];
  for (const region of REGIONS) {
    // seedDemo's own outlets count towards the region's twenty; they get a location here.
    const fixed = DEMO_USERS.filter(
      (u) => u.regionId === region.id && u.role !== 'manager' && u.role !== 'admin',
    );
    for (const u of fixed) setup.push(locate(u.id, near(rng, region.centre)));
    const retailers = fixed.filter((u) => u.role === 'retailer').length;
    for (let i = 0; i < OUTLETS_PER_REGION - retailers + 2; i++) {
      const id = `u-ret-${region.key}${String(i + 1).padStart(2, '0')}`;
      const at = near(rng, region.centre);
      outlets.push({ id, profile: region.profiles[i] ?? 'normal', region, at });
      people.push({
        id,
        role: 'retailer',
        name: `${region.id === 'r-demo' ? 'Nairobi' : 'Nyeri'} Shop ${i + 1}`,
        phone: `+2547002${region.key === 'n' ? 1 : 2}${String(i + 1).padStart(4, '0')}`,
        secret: DEMO_PIN,
        regionId: region.id,
        distributorId: region.distributorId,
      });
    }
  }
  // One hash for the outlets' shared demo PIN: 600,000 PBKDF2 rounds each would take seconds.
  const pinHash = await hashSecret(DEMO_PIN, config.KDF_ITERATIONS);
  for (const u of people) if (u.role === 'retailer') u.secretHash = pinHash;
  const users = await Promise.all(
    people.map((u) => userStatements(u, config.CURRENCY, opened, config.KDF_ITERATIONS)),
  );
  setup.push(...users.flat());
  setup.push(...fundWallet('u-dist-202', DEMO_FUNDING, 'demo-seed-u-dist-202', opened));
  setup.push(locate('u-dist-202', near(rng, REGIONS[0]!.centre)));

  const writes: InStatement[][] = [];
  let sales = 0;
  const after: InStatement[] = [];
  for (const o of outlets) {
    const planned = planSales(o.profile, rng, now, config.TIMEZONE);
    const spent = planned.filter((s) => s.outcome !== 'failed').reduce((t, s) => t + s.amount, 0);
    // A low float is a few shillings against a median day of hundreds (DESIGN 10 low_float).
    const spare = o.profile === 'low_float' ? 1_000 : 1_500_000;
    setup.push(
      ...fundWallet(o.id, spent + spare, `demo-history-${o.id}`, opened),
      locate(o.id, o.at),
    );
    writes.push([
      ...planned.flatMap((s) => saleStatements(config, o.id, s, rng, now)),
      // The receipts of a made-up past were never owed: nothing for the SMS outbox to send.
      {
        sql: `DELETE FROM sms_messages WHERE status = 'queued'
              AND sale_id IN (SELECT id FROM sales WHERE retailer_id = ?)`,
        args: [o.id],
      },
    ]);
    sales += planned.length;
    if (o.profile === 'lockouts') {
      for (const ago of [3 * DAY, DAY]) {
        after.push({
          sql: 'INSERT INTO lockouts (user_id, at) VALUES (?, ?)',
          args: [o.id, now - ago],
        });
      }
    }
    if (o.profile === 'visited' || o.profile === 'visit_far') {
      const far = o.profile === 'visit_far';
      const recorded = now - (2 + rng.int(10)) * DAY;
      const here = far ? { lat: o.at.lat + 0.008, lng: o.at.lng } : near(rng, o.at, 0.0003);
      after.push(visitStatement(o.id, o.region.managerId, o.at, here, recorded, rng));
    }
  }
  await database.writer.write(setup);
  // A few large writes: each is one transaction and one fsync (synchronous=FULL).
  for (let i = 0; i < writes.length; i += OUTLETS_PER_WRITE) {
    await database.writer.write(writes.slice(i, i + OUTLETS_PER_WRITE).flat());
  }
  await database.writer.write(after);
  for (const o of outlets.filter((x) => x.profile === 'disputes'))
    await database.writer.write(await demoDisputes(database, o.id, now));
  return { outlets: outlets.length, sales, ms: Math.round(performance.now() - started), seed };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Three disputes of the outlet's sales from the last weeks (issue 12), still open and past
 * due, so the manager's queue has something overdue and the outlet raises many_disputes.
 */
async function demoDisputes(database: Database, outletId: string, now: number) {
  const { rows } = await database.client.execute({
    sql: `SELECT id, msisdn, amount, currency, carrier_ref, created_at FROM sales
          WHERE retailer_id = ? AND status = 'succeeded' AND created_at BETWEEN ? AND ?
          ORDER BY created_at DESC LIMIT 3`,
    args: [outletId, now - 25 * DAY, now - 3 * DAY],
  });
  const reasons = ['wrong_number', 'not_received', 'other'] as const;
  return rows.flatMap((r, i) => {
    const at = Number(r.created_at);
    const opened = at + 3_600_000;
    const evidence = {
      carrier: {
        status: 'succeeded',
        reference: r.carrier_ref,
        reason: null,
        checked_at: iso(opened),
      },
      sale: {
        status: 'succeeded',
        msisdn: r.msisdn,
        amount: Number(r.amount),
        currency: r.currency,
        created_at: iso(at),
        history: [
          { status: 'pending', at: iso(at) },
          { status: 'succeeded', at: iso(at + 1_000) },
        ],
      },
    };
    const id = `demo-dispute-${String(r.id)}`;
    return openDispute(
      {
        id,
        saleId: String(r.id),
        retailerId: outletId,
        reason: reasons[i]!,
        note: 'Demo: the customer says the airtime did not arrive as expected',
        channel: 'app',
        idempotencyKey: id,
        requestHash: 'demo-history',
        evidence: JSON.stringify(evidence),
        now: opened,
        dueAt: opened + 48 * 3_600_000,
      },
      { id: outletId, role: 'retailer', channel: 'app' },
    );
  });
}
