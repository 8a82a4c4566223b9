import type { Deps } from '../deps';
import { auditEntry, SYSTEM_ACTOR } from './entry';

/**
 * Issue 14: a keyed host's first start on a database whose chain has no signed
 * checkpoint (a new one, or one from before AUDIT_KEY) appends one entry, so the
 * checkpoint exists from the start: the entries before it keep their unkeyed hashes,
 * and from then on a missing checkpoint means it was removed.
 */
export async function ensureCheckpoint(deps: Pick<Deps, 'client' | 'writer' | 'clock'>) {
  const { rows } = await deps.client.execute('SELECT 1 FROM audit_checkpoints WHERE id = 1');
  if (rows.length > 0) return;
  await deps.writer.write([], [auditEntry(deps, SYSTEM_ACTOR, 'audit_keyed', 'system', null)]);
}
