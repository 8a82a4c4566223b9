import { z } from 'zod';

/** The audit trail's entries (DESIGN 7), as the admin's and the console's screens read them. */
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor_id: z.string().nullable(),
  actor_role: z.string().nullable(),
  action: z.string().meta({ example: 'sale' }),
  channel: z.string().meta({ example: 'app' }),
  subject: z.string().nullable(),
  detail: z.unknown().describe('What the action carried (JSON)'),
  prev_hash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({
  items: z.array(AuditEntry),
  next_cursor: z.string().nullable(),
});

/** GET /audit/verify (DESIGN 7): intact, or the first entry where the chain breaks. */
export const AuditVerification = z.union([
  z.object({ ok: z.literal(true), entries: z.number().int() }),
  z.object({
    ok: z.literal(false),
    entries_checked: z.number().int(),
    first_broken: z.object({ seq: z.number().int(), kind: z.string(), reason: z.string() }),
  }),
]);
export type AuditVerification = z.infer<typeof AuditVerification>;
