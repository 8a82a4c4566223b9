/**
 * The API's shapes as the web apps use them: types inferred from the server's own zod
 * schemas in core/api (issue 9: one source; the web bundles import types only, never
 * zod). Money is integer minor units.
 */
export type { LoginAnswer, Tokens } from '../../core/api/auth';
export type { Product, Products, Profile } from '../../core/api/catalog';
export type {
  Dispute,
  DisputeEvent,
  DisputeEvidence,
  DisputePage,
  DisputeRequest,
  ResolveRequest,
} from '../../core/api/disputes';
export type { DisputeReason, DisputeStatus, Role, SaleStatus } from '../../core/api/enums';
export type { Outlet, OutletPage } from '../../core/api/outlets';
export type { ReceiptSent, Sale, SalePage } from '../../core/api/sales';
export type { Wallet } from '../../core/api/wallet';

import type { ErrorBody } from '../../core/api/auth';
import type { Sale } from '../../core/api/sales';

export const isSale = (value: unknown): value is Sale => {
  if (typeof value !== 'object' || value === null) return false;
  const sale = value as Record<string, unknown>;
  return (
    typeof sale.id === 'string' &&
    typeof sale.msisdn === 'string' &&
    typeof sale.amount === 'number' &&
    typeof sale.status === 'string'
  );
};

export const errorOf = (body: unknown): { code: string; message: string } | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Partial<ErrorBody>).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return undefined;
  return { code: error.code, message: error.message };
};
