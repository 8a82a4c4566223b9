import type { Client } from '@libsql/client';

/**
 * The row counts issue 3 says a refused request must leave unchanged, and a cheap way
 * to know nothing was committed at all: SQLite's `data_version` moves only when another
 * connection (the app's writer) commits a change.
 */
export const TABLES = [
  'users',
  'accounts',
  'transfers',
  'sales',
  'idempotency_keys',
  'sessions',
  'outlet_days',
  'disputes',
  'dispute_events',
] as const;
export type Table = (typeof TABLES)[number];
export type Counts = Record<Table, number>;

const COUNTS_SQL = `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`;

export async function rowCounts(client: Client): Promise<Counts> {
  const row = (await client.execute(COUNTS_SQL)).rows[0]!;
  const count = (t: Table) => Number(row[t]);
  return {
    users: count('users'),
    accounts: count('accounts'),
    transfers: count('transfers'),
    sales: count('sales'),
    idempotency_keys: count('idempotency_keys'),
    sessions: count('sessions'),
    outlet_days: count('outlet_days'),
    disputes: count('disputes'),
    dispute_events: count('dispute_events'),
  };
}

export async function dataVersion(client: Client): Promise<number> {
  return Number((await client.execute('PRAGMA data_version')).rows[0]![0]);
}

export const isTable = (name: string): name is Table =>
  (TABLES as readonly string[]).includes(name);
