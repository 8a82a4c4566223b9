import type { z } from 'zod';
import type { AuditEntry, AuditPage, AuditVerification } from '../../../core/api/audit';
import type {
  NewPlanVersion,
  NewProduct,
  PlanVersions,
  Product,
  ProductChange,
  Profile,
} from '../../../core/api/catalog';
import type {
  NewRegion,
  NewUser,
  Onboarded,
  Region,
  Regions,
  UserChange,
  UserPage,
  UserView,
} from '../../../core/api/onboarding';
import type { Outlet } from '../../../core/api/outlets';
import { api } from '../../shared/api';
import { downloadCsv } from '../manager/csv-download';
import { consoleState } from '../state';

/**
 * The admin's calls (DESIGN 12, issue 11) with the console's token. Types come from the
 * server's own schemas (type-only imports: no schema code in the console's bundle).
 */

const token = () => consoleState.snapshot.session?.token;
const send = <T>(method: string, path: string, body?: unknown) =>
  api<T>(path, { method, token: token(), ...(body !== undefined ? { body } : {}) });
const id = encodeURIComponent;
const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

let profile: Promise<Profile> | undefined;
/** The deployment's currency, from the admin's own profile (read once). */
export const currency = async () => {
  profile ??= consoleState.get<Profile>('/me');
  return (await profile).currency;
};

export const listRegions = () => consoleState.get<Regions>('/regions');
export const createRegion = (body: NewRegion) => send<Region>('POST', '/regions', body);

export interface UserFilter {
  q?: string | undefined;
  role?: string | undefined;
  cursor?: string | undefined;
}
export const searchUsers = (filter: UserFilter) =>
  consoleState.get<UserPage>(`/users${query({ limit: '50', ...filter })}`);
export const onboardUser = (body: NewUser) => send<Onboarded>('POST', '/users', body);
export const changeUser = (user: string, body: UserChange) =>
  send<UserView>('PATCH', `/users/${id(user)}`, body);
export const resetPin = (user: string) =>
  send<{ pin: string }>('POST', `/users/${id(user)}/pin-reset`);

export const fundWallet = (body: { phone: string; amount: number; reference: string }) =>
  send<unknown>('POST', '/admin/fundings', body);

export const listProducts = () => consoleState.get<{ items: Product[] }>('/products');
export const createProduct = (body: NewProduct) => send<Product>('POST', '/products', body);
export const changeProduct = (product: string, body: ProductChange) =>
  send<Product>('PATCH', `/products/${id(product)}`, body);

export const listPlans = () => consoleState.get<PlanVersions>('/commission-plans');
export const createPlan = (body: NewPlanVersion) =>
  send<PlanVersions['items'][number]>('POST', '/commission-plans', body);

/** PUT /outlets/:id/limits: a number sets the outlet's own, null goes back to the default. */
export type Limits = { [K in keyof Outlet['limits']]?: number | null };
export const getOutlet = (outlet: string) => consoleState.get<Outlet>(`/outlets/${id(outlet)}`);
export const setLimits = (outlet: string, body: Limits) =>
  send<Outlet>('PUT', `/outlets/${id(outlet)}/limits`, body);

export type Entry = z.infer<typeof AuditEntry>;
/** GET /audit's filters: the entry's own fields. */
export type AuditFilter = { [K in 'action' | 'actor_id' | 'subject']?: string | undefined };
export const listAudit = (filter: AuditFilter, cursor?: string) =>
  consoleState.get<z.infer<typeof AuditPage>>(`/audit${query({ limit: '50', ...filter, cursor })}`);
export const exportAudit = (filter: AuditFilter) =>
  downloadCsv(`/audit/export.csv${query({ ...filter })}`, token() ?? '', 'audit.csv');

export type ChainCheck = AuditVerification;
export const verifyAudit = () => consoleState.get<ChainCheck>('/audit/verify');
