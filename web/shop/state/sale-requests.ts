import { api } from '../../shared/api';
import type { Sale } from '../../shared/types';

/** The server's calls on one sale that the screens make, with the session's token. */

const salePath = (id: string) => `/sales/${encodeURIComponent(id)}`;

/** GET /sales/:id. */
export const getSale = (id: string, token: string | undefined) =>
  api<Sale>(salePath(id), { token });

/** The dispute of a sale the customer did not get: the server reverses it with the carrier. */
export const requestReversal = (id: string, token: string | undefined) =>
  api<Sale>(`${salePath(id)}/reversal`, { method: 'POST', token });

/** Sends the receipt by SMS to the number topped up. */
export const requestReceiptSms = (id: string, token: string | undefined) =>
  api<{ to: string }>(`${salePath(id)}/receipt-sms`, { method: 'POST', token });
