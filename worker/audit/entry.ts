import type { Deps } from '../deps';
import type { AuditEntry } from './chain';

export interface Actor {
  id: string | null;
  role: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, role: 'system' };

/** An audit entry stamped with the app's clock. */
export function auditEntry(
  deps: Pick<Deps, 'clock'>,
  actor: Actor,
  action: string,
  channel: string,
  subject: string | null,
  detail: Record<string, unknown> = {},
): AuditEntry {
  return {
    at: deps.clock.now(),
    actorId: actor.id,
    actorRole: actor.role,
    action,
    channel,
    subject,
    detail,
  };
}
