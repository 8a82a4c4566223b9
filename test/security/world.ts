import type { InStatement } from '@libsql/client';
import type { Role } from '../../db/schema';
import { DEMO_USERS, userStatements } from '../../db/seed';
import { fundWallet } from '../../worker/ledger/statements';
import { LoggingSmsGateway } from '../../worker/sms/gateway';
import type { Harness } from '../support/harness';
import { sessionTools } from './tokens';

/**
 * Two regions of users for the security tests (DESIGN 7 scopes). Region A holds the
 * callers and the users in their scope, plus a second distributor with its own retailer
 * (in the manager's scope, not in the first distributor's); region B is someone else's.
 * Every user is new (KDF iterations=1, so logins are cheap) and every retailer has a
 * succeeded sale.
 */

export interface Member {
  id: string;
  role: Role;
  /** Who this is, for test names. */
  label: string;
  name: string;
  phone?: string;
  email?: string;
  secret: string;
  regionId?: string;
  distributorId?: string;
  saleIds: string[];
}

export const PIN = '2468';
export const PASSWORD = 'matrix-password-1';
export const CUSTOMER = '0712345678';
export const FUNDING = 5_000_000;

let worlds = 0;
let phones = 0;

export type World = Awaited<ReturnType<typeof createWorld>>;

export async function createWorld(h: Harness) {
  // Receipts by SMS go to a quiet simulator: the cases send hundreds.
  h.deps.sms ??= new LoggingSmsGateway(() => {});
  const tag = `w${++worlds}${Math.random().toString(36).slice(2, 8)}`;
  const now = h.clock.now();
  const member = (
    name: string,
    label: string,
    role: Role,
    region: 'a' | 'b' | null,
    distributor?: Member,
  ): Member => {
    const id = `u-${tag}-${name}`;
    const staff = role === 'manager' || role === 'admin';
    return {
      id,
      role,
      label,
      name: `${tag} ${name}`,
      ...(staff
        ? { email: `${id}@matrix.airload` }
        : { phone: `+2547110${String(++phones).padStart(5, '0')}` }),
      secret: staff ? PASSWORD : PIN,
      ...(region ? { regionId: `r-${tag}-${region}` } : {}),
      ...(distributor ? { distributorId: distributor.id } : {}),
      saleIds: [],
    };
  };
  const distA = member('dist-a', 'its distributor', 'distributor', 'a');
  const distA2 = member('dist-a2', 'another distributor of the region', 'distributor', 'a');
  const distB = member('dist-b', 'a distributor of region B', 'distributor', 'b');
  const a = {
    manager: member('mgr-a', 'its region’s manager', 'manager', 'a'),
    distributor: distA,
    retailer: member('ret-a', 'itself', 'retailer', 'a', distA),
    sibling: member('ret-a1', 'a retailer of the same distributor', 'retailer', 'a', distA),
    distributor2: distA2,
    /** Same region, another distributor: the manager's scope, not distributor A's. */
    retailer2: member('ret-a2', 'a retailer of another distributor', 'retailer', 'a', distA2),
  };
  const b = {
    manager: member('mgr-b', 'the manager of region B', 'manager', 'b'),
    distributor: distB,
    retailer: member('ret-b', 'a retailer of region B', 'retailer', 'b', distB),
  };
  const admin = member('admin', 'the admin', 'admin', null);
  /** The user each caller names in its own scope, one per caller so that a freeze or PIN reset by one does not touch another's case. */
  const subjects: Record<Role, Member> = {
    retailer: a.retailer,
    distributor: member('subj-dist', 'its retailer', 'retailer', 'a', distA),
    manager: member('subj-mgr', 'a retailer of its region', 'retailer', 'a', distA),
    admin: member('subj-adm', 'a retailer', 'retailer', 'a', distA),
  };
  const callers: Record<Role, Member> = {
    retailer: a.retailer,
    distributor: distA,
    manager: a.manager,
    admin,
  };
  /** Users outside each caller's scope (worker/auth/scope.ts); the admin's scope is everyone. */
  const outside: Record<Role, Member[]> = {
    retailer: [a.sibling, b.retailer, distA, a.manager],
    distributor: [a.retailer2, b.retailer, distA2, distB, a.manager],
    manager: [b.retailer, distB, b.manager, admin],
    admin: [],
  };
  const everyone = [...Object.values(a), ...Object.values(b), admin, ...Object.values(subjects)];
  const unique = [...new Map(everyone.map((m) => [m.id, m])).values()];

  const statements: InStatement[] = ['a', 'b'].map((r) => ({
    sql: 'INSERT INTO regions (id, name) VALUES (?, ?)',
    args: [`r-${tag}-${r}`, `${tag} region ${r}`],
  }));
  for (const m of unique) {
    statements.push(...(await userStatements(m, h.config.CURRENCY, now, 1)));
    if (m.role === 'retailer' || m.role === 'distributor')
      statements.push(...fundWallet(m.id, FUNDING, `${m.id}-funding`, now));
  }
  await h.deps.writer.write(statements);
  const tools = await sessionTools(h, unique);

  for (const m of unique.filter((u) => u.role === 'retailer')) {
    const res = await h.sell(await tools.token(m), `${m.id}-sale`, {
      msisdn: CUSTOMER,
      amount: 10_000,
    });
    const sale = (await res.json()) as { id: string; status: string };
    if (res.status !== 201 || sale.status !== 'succeeded')
      throw new Error(`world sale for ${m.id}: ${res.status} ${JSON.stringify(sale)}`);
    m.saleIds.push(sale.id);
  }

  /** Strings that must never appear in a body answered to `role`: ids, phones and sales of others. */
  function foreignMarkers(role: Role): string[] {
    if (role === 'admin') return [];
    const demo = DEMO_USERS.filter((u) => u.role === 'retailer' || u.role === 'distributor');
    return [
      ...outside[role].flatMap((m) => [m.id, m.name, ...m.saleIds, ...phoneForms(m.phone)]),
      ...demo.flatMap((u) => [u.id, ...phoneForms(u.phone)]),
    ];
  }

  return {
    tag,
    a,
    b,
    admin,
    callers,
    subjects,
    /**
     * Users outside each caller's scope that "someone else's scope" requests name; the
     * admin's has none, so it names region B's retailer, which it may see.
     */
    foreign: (role: Role) => (role === 'admin' ? [b.retailer] : outside[role]),
    foreignMarkers,
    ...tools,
  };
}

/** E.164 and the national form (0 + 9 digits) of a Kenyan number. */
const phoneForms = (phone: string | undefined) =>
  phone ? [phone, `0${phone.slice(-9)}`] : ([] as string[]);
