import { api } from '../../shared/api';
import type { Dispute, ReceiptSent, Sale } from '../../shared/types';

/** The server's calls on one sale that the screens make, with the session's token. */

const salePath = (id: string) => `/sales/${encodeURIComponent(id)}`;

/** GET /sales/:id. */
export const getSale = (id: string, token: string | undefined) =>
  api<Sale>(salePath(id), { token });

/** POST /disputes/:id/withdraw: the shop takes back its own dispute (DESIGN 11). */
export const withdrawDispute = (id: string, token: string | undefined) =>
  api<Dispute>(`/disputes/${encodeURIComponent(id)}/withdraw`, { method: 'POST', token, body: {} });

/** Sends the receipt by SMS to the number topped up. */
export const requestReceiptSms = (id: string, token: string | undefined) =>
  api<ReceiptSent>(`${salePath(id)}/receipt-sms`, { method: 'POST', token });
