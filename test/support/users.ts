import type { InStatement } from '@libsql/client';
import { DEMO_PASSWORD, DEMO_PIN, type NewUser, userStatements } from '../../db/seed';
import { fundWallet } from '../../worker/ledger/statements';
import type { Harness } from './harness';

/**
 * A user a test adds beside the demo data, made the way db/seed.ts makes users: the demo
 * PIN (the demo password for managers and admins) and region r-demo unless said.
 */
export interface TestUser extends Omit<NewUser, 'secret' | 'regionId'> {
  secret?: string;
  regionId?: string;
  /** Paid into the wallet when the user is made, in minor units. */
  funding?: number;
}

/**
 * Makes `users` in one atomic write, after `before` (the region they belong to, say). One
 * KDF iteration keeps it fast; logins still check the PIN.
 */
export async function addUsers(
  h: Harness,
  users: readonly TestUser[],
  before: readonly InStatement[] = [],
): Promise<void> {
  const now = h.clock.now();
  const rows: InStatement[] = [...before];
  for (const { funding, ...u } of users) {
    const secret =
      u.secret ?? (u.role === 'manager' || u.role === 'admin' ? DEMO_PASSWORD : DEMO_PIN);
    const user = { ...u, secret, regionId: u.regionId ?? 'r-demo' };
    rows.push(...(await userStatements(user, h.config.CURRENCY, now, 1)));
    if (funding !== undefined) rows.push(...fundWallet(u.id, funding, `test-funding-${u.id}`, now));
  }
  await h.deps.writer.write(rows);
}

/** Another distributor in r-demo with a retailer of its own (u-ret-301 under u-dist-202). */
export const SECOND_DISTRIBUTOR: readonly TestUser[] = [
  { id: 'u-dist-202', role: 'distributor', name: 'D2', phone: '+254700000202' },
  {
    id: 'u-ret-301',
    role: 'retailer',
    name: 'Shop 301',
    phone: '+254700000301',
    distributorId: 'u-dist-202',
  },
];
