import type { Sale, SaleStatus } from '../../shared/types';
import type { DailyRow } from './chart-data';
import type { FlagCode } from './outlet-query';
import type { Checklist } from './visit-rules';

/** The back office's API shapes (DESIGN 10), as the manager's screens read them. */

export interface Flag {
  code: FlagCode;
  reason: string;
  since: string;
  sale_ids?: string[];
}

export interface OutletRow {
  id: string;
  name: string;
  phone: string | null;
  region: string | null;
  currency: string;
  wallet: { available: number; held: number };
  commission: number;
  today: { count: number; total: number; commission?: number };
  month?: { count: number; total: number; commission: number };
  frozen: boolean;
  locked_until?: string | null;
  limits: { min_sale: number; max_sale: number; daily_limit: number };
  last_sale_at: string | null;
  last_seen_at?: string | null;
  last_visit_at?: string | null;
  location?: { lat: number; lng: number } | null;
  flags?: Flag[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Visit {
  id: string;
  lat: number;
  lng: number;
  accuracy_m: number;
  recorded_at: string;
  checklist: Checklist;
  note?: string | null;
  distance_m: number | null;
  shop_confirmed: boolean;
  manager_id?: string;
  has_photo?: boolean;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  channel: string;
  subject: string | null;
  detail: unknown;
}

export interface Reconciliation {
  day: string;
  by_status: Partial<Record<SaleStatus, { count: number; total: number }>>;
  commission_total: number;
  stuck: Sale[];
  carrier: {
    credited_total: number;
    ledger_total: number;
    mismatches: { sale_id: string; ledger_status: string; carrier_status: string }[];
  };
  ledger_check: { ok: boolean; violations: string[] } | boolean;
}

export type { DailyRow, Sale };
