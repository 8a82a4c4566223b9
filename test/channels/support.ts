import type { Client } from '@libsql/client';
import { hostFetch } from '../api-suite/target';
import type { Harness } from '../support/harness';

/**
 * Africa's Talking's callbacks as a gateway sends them (DESIGN 6), shared by the
 * in-process tests (worker/ussd, worker/sms), the black-box suite that runs them
 * against every host (test/api-suite/channels.ts) and the USSD bench (test/bench/ussd.ts).
 */

/** Where the callbacks go: the in-process app (`h.app`) or a running host (`overHttp`). */
export interface Callbacks {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** A host at `base` (`http://127.0.0.1:<port>`), called over HTTP. */
export const overHttp = (base: string): Callbacks => ({
  request: (path, init) => hostFetch(`${base}${path}`, init),
});

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** The form fields of Africa's Talking's USSD callback. */
export const ussdFields = (sessionId: string, phone: string, text: string) => ({
  sessionId,
  serviceCode: '*384#',
  phoneNumber: phone,
  networkCode: '63902',
  text,
});

/** Africa's Talking's USSD callback. */
export function ussd(to: Callbacks, sessionId: string, phone: string, text: string, query = '') {
  return to.request(`/ussd${query}`, form(ussdFields(sessionId, phone, text)));
}

/** Africa's Talking's incoming SMS callback. */
export function inboundSms(to: Callbacks, id: string, from: string, text: string, query = '') {
  return to.request(
    `/sms/inbound${query}`,
    form({ from, to: '40404', text, date: '2026-12-01 10:00:00', id }),
  );
}

/** The reply text of a USSD request, checked to be a 200 text/plain CON/END screen. */
export async function screen(res: Response): Promise<string> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`USSD answered ${res.status}: ${text}`);
  if (!/^text\/plain/.test(res.headers.get('content-type') ?? ''))
    throw new Error('not text/plain');
  if (!/^(CON|END) /.test(text) || text.length > 182) throw new Error(`not a screen: ${text}`);
  return text;
}

/** Every input so far joined by `*`, as Africa's Talking sends them. */
export const path = (...inputs: string[]) => inputs.join('*');

/** The inputs of a whole sale session, one request each: the dial, `1`, number, amount, PIN. */
export const saleSession = (msisdn: string, amount: string, pin = '1357') => [
  '',
  '1',
  path('1', msisdn),
  path('1', msisdn, amount),
  path('1', msisdn, amount, pin),
];

/** The sale a USSD or SMS answer names ("Sale <id>", "sale <id>"). */
export const saleIdIn = (text: string) => /[Ss]ale ([0-9a-f-]{36})/.exec(text)?.[1];

export async function salesOf(database: Client, retailerId: string) {
  const rows = await database.execute({
    sql: 'SELECT id, status, channel, amount FROM sales WHERE retailer_id = ? ORDER BY id',
    args: [retailerId],
  });
  return rows.rows.map((r) => ({
    id: String(r.id),
    status: String(r.status),
    channel: String(r.channel),
    amount: Number(r.amount),
  }));
}

/** What the SMS simulator sent to a number. */
export async function smsTo(h: Harness, to: string) {
  const res = await h.app.request(`/dev/sms?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: { id: string; to: string; text: string }[] }).messages;
}
