import type { InStatement } from '@libsql/client';
import { hashSecret } from '../worker/auth/kdf';
import { commissionAccountId, SYSTEM_ACCOUNTS, walletAccountId } from '../worker/ledger/accounts';
import { fundWallet } from '../worker/ledger/statements';
import type { Writer } from '../worker/ledger/writer';
import type { Database } from './client';
import type { Role } from './schema';

/** The system accounts every deployment needs; harmless to run at every start. */
export async function ensureSystemAccounts(writer: Writer, currency: string): Promise<void> {
  await writer.write(
    Object.values(SYSTEM_ACCOUNTS).map((id) => ({
      sql: `INSERT OR IGNORE INTO accounts (id, kind, currency, no_overdraft) VALUES (?, ?, ?, 0)`,
      args: [id, id.slice('sys:'.length), currency],
    })),
  );
}

export interface NewUser {
  id: string;
  role: Role;
  name: string;
  phone?: string;
  email?: string;
  secret: string;
  /** hashSecret(secret) already computed, for many demo users sharing one PIN. */
  secretHash?: string;
  regionId?: string;
  distributorId?: string;
}

/** A user and its accounts: a wallet for retailers and distributors, commission for retailers. */
export async function userStatements(
  u: NewUser,
  currency: string,
  now: number,
  iterations?: number,
): Promise<InStatement[]> {
  const statements: InStatement[] = [
    {
      sql: `INSERT INTO users (id, role, name, phone, email, secret_hash, region_id, distributor_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        u.id,
        u.role,
        u.name,
        u.phone ?? null,
        u.email ?? null,
        u.secretHash ?? (await hashSecret(u.secret, iterations)),
        u.regionId ?? null,
        u.distributorId ?? null,
        now,
      ],
    },
  ];
  const account = (id: string, kind: string, noOverdraft: number): InStatement => ({
    sql: 'INSERT INTO accounts (id, user_id, kind, currency, no_overdraft) VALUES (?, ?, ?, ?, ?)',
    args: [id, u.id, kind, currency, noOverdraft],
  });
  if (u.role === 'retailer' || u.role === 'distributor') {
    statements.push(account(walletAccountId(u.id), 'wallet', 1));
  }
  if (u.role === 'retailer') statements.push(account(commissionAccountId(u.id), 'commission', 0));
  return statements;
}

/** Kenyan operators by national-number prefix (DEFAULT_COUNTRY KE), with a commission plan. */
export const DEMO_PRODUCTS = [
  {
    id: 'safaricom-airtime',
    operator: 'safaricom',
    name: 'Safaricom airtime',
    prefixes: [
      '70',
      '71',
      '72',
      '740',
      '741',
      '742',
      '743',
      '745',
      '746',
      '748',
      '79',
      '110',
      '111',
    ],
    bps: 600,
  },
  {
    id: 'airtel-airtime',
    operator: 'airtel',
    name: 'Airtel airtime',
    prefixes: ['73', '750', '751', '752', '753', '754', '755', '756', '78', '100', '101', '102'],
    bps: 500,
  },
  { id: 'telkom-airtime', operator: 'telkom', name: 'Telkom airtime', prefixes: ['77'], bps: 400 },
];
const DENOMINATIONS = [5_000, 10_000, 20_000, 50_000, 100_000];

export const DEMO_PIN = '1357';
export const DEMO_PASSWORD = 'airload-demo';
export const DEMO_FUNDING = 5_000_000;
export const DEMO_USERS: NewUser[] = [
  {
    id: 'u-dist-201',
    role: 'distributor',
    name: 'Demo Distributor',
    phone: '+254700000201',
    secret: DEMO_PIN,
    regionId: 'r-demo',
  },
  ...[101, 102, 103].map((n) => ({
    id: `u-ret-${n}`,
    role: 'retailer' as const,
    name: `Demo Shop ${n}`,
    phone: `+254700000${n}`,
    secret: DEMO_PIN,
    regionId: 'r-demo',
    distributorId: 'u-dist-201',
  })),
  {
    id: 'u-manager',
    role: 'manager',
    name: 'Demo Manager',
    email: 'manager@demo.airload',
    secret: DEMO_PASSWORD,
    regionId: 'r-demo',
  },
  {
    id: 'u-admin',
    role: 'admin',
    name: 'Demo Admin',
    email: 'admin@demo.airload',
    secret: DEMO_PASSWORD,
  },
];

/** The demo's products and the first version of its commission plan, in force since the epoch. */
export function productStatements(): InStatement[] {
  return [
    ...DEMO_PRODUCTS.map((p) => ({
      sql: `INSERT OR IGNORE INTO products (id, operator, name, prefixes, denominations) VALUES (?, ?, ?, ?, ?)`,
      args: [p.id, p.operator, p.name, JSON.stringify(p.prefixes), JSON.stringify(DENOMINATIONS)],
    })),
    {
      sql: `INSERT OR IGNORE INTO commission_plans (version, effective_from, rates, note, created_at) VALUES (1, 0, ?, 'demo plan', 0)`,
      args: [JSON.stringify(DEMO_PRODUCTS.map((p) => ({ product_id: p.id, bps: p.bps })))],
    },
  ];
}

/**
 * DESIGN 8's demo data, only into an empty database. Wallets are funded by transfers
 * from the funding account, so the postings still sum to zero.
 */
export async function seedDemo(
  database: Database,
  currency: string,
  now: number,
  iterations?: number,
): Promise<boolean> {
  const existing = await database.client.execute('SELECT count(*) AS n FROM users');
  if (Number(existing.rows[0]?.n) > 0) return false;
  const statements: InStatement[] = [
    { sql: `INSERT INTO regions (id, name) VALUES ('r-demo', 'Demo')`, args: [] },
    ...productStatements(),
  ];
  // Hashed side by side: WebCrypto's PBKDF2 runs off the main thread on Node.
  const users = await Promise.all(
    DEMO_USERS.map((user) => userStatements(user, currency, now, iterations)),
  );
  statements.push(...users.flat());
  for (const user of DEMO_USERS.filter((u) => u.role === 'retailer' || u.role === 'distributor')) {
    statements.push(...fundWallet(user.id, DEMO_FUNDING, `demo-seed-${user.id}`, now));
  }
  await database.writer.write(statements);
  return true;
}
