import type {
  StockRequest,
  StockRequestList,
  StockTransfer,
  StockTransferList,
} from '../../../core/api/stock';
import type { Statement } from '../../../core/api/wallet';
import { api } from '../../shared/api';
import type { Outlet, OutletPage, Wallet } from '../../shared/types';
import { downloadCsv } from '../manager/csv-download';
import { consoleState } from '../state';

/**
 * The distributor's calls to the API (DESIGN 12, issue 11), with the console's token.
 * Every money-moving call takes the Idempotency-Key the screen stored before sending
 * (./keys.ts), so a retry after a lost answer is the same request.
 */

const token = () => consoleState.snapshot.session?.token;
const post = <T>(path: string, init: { body?: unknown; key?: string }) =>
  api<T>(path, {
    method: 'POST',
    token: token(),
    body: init.body,
    ...(init.key ? { headers: { 'idempotency-key': init.key } } : {}),
  });
const id = encodeURIComponent;

/** Pages read at most for the retailers' list: 20 pages of 100 is more than any distributor has. */
const MAX_PAGES = 20;

/** Every retailer under the distributor (GET /outlets in its scope), each page in turn. */
export async function myRetailers(): Promise<Outlet[]> {
  const all: Outlet[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = cursor ? `&cursor=${id(cursor)}` : '';
    const answer: OutletPage = await consoleState.get<OutletPage>(`/outlets?limit=100${query}`);
    all.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return all;
}

export const stockRequests = (status?: StockRequest['status']) =>
  consoleState.get<StockRequestList>(`/stock-requests${status ? `?status=${status}` : ''}`);

export const approveRequest = (request: string, key: string) =>
  post<StockRequest>(`/stock-requests/${id(request)}/approve`, { key });

export const rejectRequest = (request: string, reason: string) =>
  post<StockRequest>(`/stock-requests/${id(request)}/reject`, { body: { reason } });

export const sendStock = (retailer: string, amount: number, key: string) =>
  post<StockTransfer>('/stock-transfers', { body: { retailer_id: retailer, amount }, key });

export const myWallet = () => consoleState.get<Wallet>('/wallet');

export const myStatement = (cursor?: number) =>
  consoleState.get<Statement>(`/wallet/statement?limit=50${cursor ? `&cursor=${cursor}` : ''}`);

export const myTransfers = () => consoleState.get<StockTransferList>('/stock-transfers');

const mustToken = (): string => {
  const value = token();
  if (!value) throw new Error('not logged in');
  return value;
};

export const exportRetailers = () =>
  downloadCsv('/outlets/export.csv?sort=available', mustToken(), 'retailers.csv');

export const exportTransfers = () =>
  downloadCsv('/stock-transfers/export.csv', mustToken(), 'stock-transfers.csv');
