import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client';
import { userStatements } from '../../db/seed';
import { auditEntry, SYSTEM_ACTOR } from '../audit/entry';
import { newPassword } from '../auth/credentials';
import type { Config } from '../env';

/**
 * The first admin of a deployment without demo data (issue 11): with ADMIN_EMAIL set and
 * no admin in the database, the host makes one at start with a random password, which
 * it returns for the host to print once (never to the log, issue 14). With an admin
 * already there it does nothing, so the variable can stay set.
 */
export async function bootstrapAdmin(
  database: Pick<Database, 'client' | 'writer'>,
  config: Pick<Config, 'ADMIN_EMAIL' | 'CURRENCY' | 'KDF_ITERATIONS'>,
  now: number,
): Promise<{ email: string; password: string } | undefined> {
  const email = config.ADMIN_EMAIL?.toLowerCase();
  if (email === undefined) return undefined;
  const { rows } = await database.client.execute(
    `SELECT count(*) AS n FROM users WHERE role = 'admin'`,
  );
  if (Number(rows[0]?.n) > 0) return undefined;
  const id = uuidv7();
  const password = newPassword();
  await database.writer.write(
    await userStatements(
      { id, role: 'admin', name: 'Admin', email, secret: password },
      config.CURRENCY,
      now,
      config.KDF_ITERATIONS,
    ),
    [
      auditEntry({ clock: { now: () => now } }, SYSTEM_ACTOR, 'user_onboard', 'system', id, {
        role: 'admin',
        bootstrap: true,
      }),
    ],
  );
  return { email, password };
}
