import type { Harness } from '../support/harness';

/** Africa's Talking's USSD callback, as a form, for the in-process app. */
export function ussd(h: Harness, sessionId: string, phone: string, text: string, query = '') {
  return h.app.request(`/ussd${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      sessionId,
      serviceCode: '*384#',
      phoneNumber: phone,
      networkCode: '63902',
      text,
    }).toString(),
  });
}

/** Africa's Talking's incoming SMS callback. */
export function inboundSms(h: Harness, id: string, from: string, text: string, query = '') {
  return h.app.request(`/sms/inbound${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      from,
      to: '40404',
      text,
      date: '2026-12-01 10:00:00',
      id,
    }).toString(),
  });
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

export async function salesOf(h: Harness, retailerId: string) {
  const rows = await h.database.client.execute({
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
