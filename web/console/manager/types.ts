import type { z } from 'zod';
import type { AuditEntry as AuditEntrySchema } from '../../../core/api/audit';
import type { Outlet, OutletFlag, OutletPage } from '../../../core/api/outlets';
import type { ReconciliationReport } from '../../../core/api/reports';
import type { Visit as VisitSchema } from '../../../core/api/visits';
import type { Sale } from '../../shared/types';
import type { DailyRow } from './chart-data';

/**
 * The back office's API shapes (DESIGN 10), as the manager's screens read them: inferred
 * from the server's own zod schemas, never written again here (test/one-source.test.ts).
 * Type-only imports: no schema code reaches the console's bundle.
 */
export type Flag = OutletFlag;
export type OutletRow = Outlet;
export type Page<T> = Omit<OutletPage, 'items'> & { items: T[] };
export type Visit = z.infer<typeof VisitSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type Reconciliation = z.infer<typeof ReconciliationReport>;

export type { DisputeQuery } from '../../../core/api/disputes';
export type {
  Dispute,
  DisputeEvent,
  DisputeEvidence,
  DisputeStatus,
  ResolveRequest,
} from '../../shared/types';
export type { DailyRow, Sale };
