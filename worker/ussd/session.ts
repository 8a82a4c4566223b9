import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { eq } from 'drizzle-orm';
import { ussdSessions } from '../../db/schema';
import type { Deps } from '../deps';
import type { UssdRequest } from './gateway';
import type { MenuState } from './menu';
import type { Reply } from './screen';

/**
 * USSD sessions in the database (issue 10), so that any process or isolate answers the
 * next request of a session. A gateway like Africa's Talking sends every input so far
 * joined by `*`; only the newest input is consumed, found by comparing the new `text`
 * with the one answered last (kept as an HMAC: it holds the PIN), so a `*` inside a
 * number or a note cannot shift the routing, and a resend gets the stored screen again.
 */

/** DESIGN 6: a session lasts 180 s after its last input. */
export const SESSION_MS = 180_000;
/** Expired sessions are kept this long (to tell a late request it expired), then removed. */
const KEEP_EXPIRED_MS = 10 * 60_000;
const HISTORY = 6;

export interface StoredSession {
  state: MenuState;
  inputLength: number;
  inputMac: string;
  reply: Reply;
  history: [string, Reply][];
  expiresAt: number;
}

export type Turn =
  | { kind: 'start' }
  | { kind: 'expired' }
  | { kind: 'replay'; reply: Reply }
  | { kind: 'input'; input: string };

/**
 * What a request is to its session (pure): the first request, one for an expired or
 * unknown session, a resend (same inputs: the stored screen), or a new input.
 */
export function turnOf(
  stored: StoredSession | undefined,
  request: Pick<UssdRequest, 'isNew' | 'input' | 'path'>,
  macOf: (text: string) => string,
  now: number,
): Turn {
  if (!stored) return request.isNew ? { kind: 'start' } : { kind: 'expired' };
  if (stored.expiresAt <= now) return { kind: 'expired' };
  // A duplicate session start (Safaricom sends them): the screen the session is at.
  if (request.isNew) return { kind: 'replay', reply: stored.reply };
  const path = request.path;
  if (path !== undefined) {
    const mac = macOf(path);
    if (mac === stored.inputMac) return { kind: 'replay', reply: stored.reply };
    const earlier = stored.history.find(([m]) => m === mac);
    if (earlier) return { kind: 'replay', reply: earlier[1] };
  }
  if (stored.state.at === 'over') return { kind: 'replay', reply: stored.reply };
  if (path === undefined) return { kind: 'input', input: request.input };
  const n = stored.inputLength;
  if (n === 0 && path.length > 0) return { kind: 'input', input: path };
  if (path.length > n && path[n] === '*' && macOf(path.slice(0, n)) === stored.inputMac)
    return { kind: 'input', input: path.slice(n + 1) };
  // Not a continuation of what was answered (a late or reordered request).
  return { kind: 'replay', reply: stored.reply };
}

/** The HMAC of a session's inputs so far, keyed by the server's secret. */
export function inputMac(secret: string, sessionId: string, text: string): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`${sessionId}\n${text}`)));
}

type Row = typeof ussdSessions.$inferSelect;

const fromRow = (row: Row): StoredSession => ({
  state: JSON.parse(row.state) as MenuState,
  inputLength: row.inputLength,
  inputMac: row.inputMac,
  reply: JSON.parse(row.reply) as Reply,
  history: JSON.parse(row.history) as [string, Reply][],
  expiresAt: row.expiresAt,
});

export async function loadSession(deps: Deps, sessionId: string) {
  const [row] = await deps.db
    .select()
    .from(ussdSessions)
    .where(eq(ussdSessions.sessionId, sessionId));
  return row ? { userId: row.userId, session: fromRow(row) } : undefined;
}

export interface SessionWrite {
  sessionId: string;
  userId: string;
  state: MenuState;
  text: string;
  mac: string;
  reply: Reply;
}

/**
 * A new session, and the removal of long-expired ones in the same write (no timer
 * needed on either host). False when another request of the session created it first.
 */
export async function createSession(deps: Deps, s: SessionWrite): Promise<boolean> {
  const now = deps.clock.now();
  const [, inserted] = await deps.writer.write([
    {
      sql: `DELETE FROM ussd_sessions WHERE session_id IN (
              SELECT session_id FROM ussd_sessions WHERE expires_at < ? LIMIT 100)`,
      args: [now - KEEP_EXPIRED_MS],
    },
    {
      sql: `INSERT INTO ussd_sessions (session_id, user_id, state, input_length, input_mac, reply,
              history, updated_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?) ON CONFLICT (session_id) DO NOTHING`,
      args: [
        s.sessionId,
        s.userId,
        JSON.stringify(s.state),
        s.text.length,
        s.mac,
        JSON.stringify(s.reply),
        now,
        now + SESSION_MS,
      ],
    },
  ]);
  return inserted?.rowsAffected === 1;
}

/**
 * The session moves on from `previous`, only if no other request moved it first
 * (compare-and-set on the stored inputs). False when one did.
 */
export async function advanceSession(
  deps: Deps,
  s: SessionWrite,
  previous: StoredSession,
): Promise<boolean> {
  const now = deps.clock.now();
  const history = [[previous.inputMac, previous.reply], ...previous.history].slice(0, HISTORY);
  const [result] = await deps.writer.write([
    {
      sql: `UPDATE ussd_sessions SET state = ?, input_length = ?, input_mac = ?, reply = ?, history = ?,
              updated_at = ?, expires_at = ?
            WHERE session_id = ? AND input_mac = ?`,
      args: [
        JSON.stringify(s.state),
        s.text.length,
        s.mac,
        JSON.stringify(s.reply),
        JSON.stringify(history),
        now,
        now + SESSION_MS,
        s.sessionId,
        previous.inputMac,
      ],
    },
  ]);
  return result?.rowsAffected === 1;
}
