import { z } from 'zod';
import { DISPUTE_REASONS, DISPUTE_STATUSES, REFUND_SOURCES, SALE_STATUSES } from './enums';

export { REFUND_SOURCES, type RefundSource } from './enums';

/**
 * Disputes (DESIGN 11, issue 12): the requests and the dispute as the API shows it,
 * declared by the server's routes (worker/disputes) and read by the shop and the console,
 * one source (see sales.ts for why these live in core/). `zod` only.
 */

/** POST /api/v1/sales/:id/disputes (retailer, Idempotency-Key). */
export const DisputeRequest = z.strictObject({
  reason: z.enum(DISPUTE_REASONS),
  note: z.string().max(500).optional(),
});
export type DisputeRequest = z.infer<typeof DisputeRequest>;

/** POST /api/v1/disputes/:id/resolve (the manager of the outlet's region, admin). */
export const ResolveRequest = z.strictObject({
  outcome: z.enum(['refunded', 'rejected']),
  note: z.string().trim().min(1).max(1000),
});
export type ResolveRequest = z.infer<typeof ResolveRequest>;

/** POST /api/v1/disputes/:id/withdraw (the shop) and /investigate (staff): an optional note. */
export const DisputeNoteRequest = z.strictObject({ note: z.string().max(500).optional() });
export type DisputeNoteRequest = z.infer<typeof DisputeNoteRequest>;

/** What the carrier answered when the dispute was opened (`gateway.status` of the sale). */
export const CarrierEvidence = z.object({
  status: z.enum(['succeeded', 'failed', 'not_found', 'processing', 'reversed', 'no_answer']),
  /** The carrier's reference for the top-up: its answer's, else the one the sale holds. */
  reference: z.string().nullable(),
  reason: z.string().nullable(),
  checked_at: z.string(),
});
export type CarrierEvidence = z.infer<typeof CarrierEvidence>;

/** One step of the sale's own life, from its transfers (hold, post, void, reversal). */
export const SaleStep = z.object({ status: z.enum(SALE_STATUSES), at: z.string() });

export const DisputeEvidence = z.object({
  carrier: CarrierEvidence,
  sale: z.object({
    status: z.enum(SALE_STATUSES),
    msisdn: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    created_at: z.string(),
    history: z.array(SaleStep),
  }),
});
export type DisputeEvidence = z.infer<typeof DisputeEvidence>;

/** Who did what when: one entry per status change, the opening included. */
export const DisputeEvent = z.object({
  at: z.string(),
  status: z.enum(DISPUTE_STATUSES),
  actor_id: z.string().nullable(),
  actor_role: z.string().describe('retailer, manager, admin, or system (an automatic refund)'),
  channel: z.string(),
  note: z.string().nullable(),
});
export type DisputeEvent = z.infer<typeof DisputeEvent>;

export const Resolution = z.object({
  outcome: z.enum(['refunded', 'rejected', 'withdrawn']),
  at: z.string(),
  by: z.string().nullable().describe('The user who resolved it; null for an automatic refund'),
  note: z.string().nullable(),
  /** Refunds only: where the money came from, and how much came back to the wallet. */
  source: z.enum(REFUND_SOURCES).nullable(),
  amount: z.number().int(),
});
export type Resolution = z.infer<typeof Resolution>;

export const Dispute = z.object({
  id: z.string(),
  sale_id: z.string(),
  outlet_id: z.string(),
  outlet_name: z.string(),
  reason: z.enum(DISPUTE_REASONS),
  status: z.enum(DISPUTE_STATUSES),
  note: z.string().nullable(),
  channel: z.string(),
  opened_at: z.string(),
  /** 48 h after opening (DESIGN 11). */
  due_at: z.string(),
  /** Not final and past due_at: the manager sees it first. */
  overdue: z.boolean(),
  evidence: DisputeEvidence,
  history: z.array(DisputeEvent),
  resolution: Resolution.nullable(),
});
export type Dispute = z.infer<typeof Dispute>;

export const DisputePage = z.object({
  items: z.array(Dispute),
  next_cursor: z.string().nullable(),
});
export type DisputePage = z.infer<typeof DisputePage>;

/** GET /api/v1/disputes: open ones first (overdue first: earliest due), then final ones newest first. */
export const DisputeQuery = z.object({
  status: z.enum(DISPUTE_STATUSES).optional(),
  outlet_id: z.string().max(64).optional(),
  sale_id: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional(),
});
export type DisputeQuery = z.infer<typeof DisputeQuery>;
