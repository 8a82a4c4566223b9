import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AuditEntry as AuditEntryShape, AuditPage as AuditPageShape } from '../../core/api/audit';
import type { AppEnv } from '../auth/middleware';
import type { Deps } from '../deps';
import { csvResponse } from '../http/csv';
import { idParam, json, pageQuery, route, validationHook } from '../http/route';
import { type CarrierRecord, checkLedger } from '../ledger/check';
import { logOf } from '../log';
import { AUDIT_EXPORT_MAX, auditCsv } from './export';
import { listAudit, listAuditOf } from './list';
import { BREAK_KINDS, VERIFY_PAGE_SIZE, verifyChain } from './verify';

const admin = { roles: ['admin'], scope: 'none' } as const;

// The answers' shapes are core/api's (one source with the console); here they get names.
export const AuditEntry = AuditEntryShape.openapi('AuditEntry');
const AuditPage = AuditPageShape.extend({ items: z.array(AuditEntry) }).openapi('AuditPage');

const AuditQuery = pageQuery.extend({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional()
    .openapi({ description: 'next_cursor of the previous page' }),
  actor_id: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  subject: z.string().min(1).max(64).optional(),
});

const AuditFilterQuery = AuditQuery.pick({ actor_id: true, action: true, subject: true });

const VerifyResult = z
  .union([
    z.object({ ok: z.literal(true), entries: z.number().int() }),
    z.object({
      ok: z.literal(false),
      entries_checked: z.number().int(),
      first_broken: z.object({
        seq: z.number().int(),
        kind: z.enum(BREAK_KINDS),
        reason: z.string(),
      }),
    }),
  ])
  .openapi('AuditVerifyResult');

const LedgerCheckResult = z
  .object({
    ok: z.boolean(),
    violations: z.array(z.string()).openapi({ description: 'Each broken invariant, in words' }),
    carrier_compared: z
      .boolean()
      .openapi({ description: "Whether the sales were also checked against the carrier's record" }),
  })
  .openapi('LedgerCheckResult');

/**
 * The ledger checker over the live database (issue 6), against the carrier's own record
 * when the gateway can give one. A carrier that cannot answer does not stop the check:
 * the ledger's own invariants are still worth knowing, and the answer says so.
 */
async function ledgerCheck(deps: Deps) {
  let carrier: CarrierRecord[] | undefined;
  try {
    carrier = await deps.carrier.credited?.();
  } catch (error) {
    logOf(deps).error('ledger check: the carrier gave no record', { error });
  }
  const violations = await checkLedger(deps.client, carrier);
  return { ok: violations.length === 0, violations, carrier_compared: carrier !== undefined };
}

/** The audit log's reading side (DESIGN 7, issue 3): browse it and check its hash chain. */
export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['audit'],
      summary: 'Audit entries, newest first; filter by actor_id, action or subject',
      access: admin,
      errors: ['invalid_query'],
      request: { query: AuditQuery },
      responses: { 200: json(AuditPage, 'A page of audit entries') },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const page = await listAudit(
        c.get('deps'),
        filter,
        limit,
        cursor === undefined ? undefined : Number(cursor),
      );
      return c.json(page, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/export.csv',
      tags: ['audit'],
      summary: `The audit entries, same filters, newest first (at most ${AUDIT_EXPORT_MAX}), as CSV`,
      access: admin,
      errors: ['invalid_query'],
      request: { query: AuditFilterQuery },
      responses: {
        200: {
          content: { 'text/csv; charset=utf-8': { schema: z.string() } },
          description: "RFC 4180 with a header row; formula-looking cells prefixed with '",
        },
      },
    }),
    async (c) => csvResponse(await auditCsv(c.get('deps'), c.req.valid('query')), 'audit.csv'),
  )
  .openapi(
    route({
      method: 'get',
      path: '/verify',
      tags: ['audit'],
      summary: 'Walk the hash chain and name the first broken entry',
      access: admin,
      responses: { 200: json(VerifyResult, 'The chain is intact, or where it first breaks') },
    }),
    async (c) => {
      const deps = c.get('deps');
      return c.json(await verifyChain(deps.client, VERIFY_PAGE_SIZE, deps.auditKey), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/ledger-check',
      tags: ['audit'],
      summary:
        "Check every ledger invariant (DESIGN 3), against the carrier's record when it gives one",
      access: { roles: ['admin', 'manager'], scope: 'none' },
      responses: { 200: json(LedgerCheckResult, 'Sound, or each violation in words') },
    }),
    async (c) => c.json(await ledgerCheck(c.get('deps')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/outlets/{id}',
      tags: ['audit'],
      summary: "One outlet's audit trail: what it did and what was done to it, newest first",
      access: { roles: ['manager', 'admin'], scope: 'target' },
      errors: ['invalid_query'],
      request: { params: idParam, query: AuditQuery.pick({ limit: true, cursor: true }) },
      responses: { 200: json(AuditPage, 'A page of audit entries') },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const id = c.req.valid('param').id;
      const at = cursor === undefined ? undefined : Number(cursor);
      return c.json(await listAuditOf(c.get('deps'), id, limit, at), 200);
    },
  );
