import { getKv, openAirloadDb } from '../db';
import { tokenNeedsRenewal } from '../session';
import { type RenewalDeps, renewalDeps, renewSession } from '../state/renewal';
import { SaleOutbox, saleSender } from './sales';

/**
 * The outbox flushed by the service worker on Background Sync (Chromium has it; the
 * page's own triggers cover the rest), with the session the page stored. The Web Lock
 * in the outbox keeps it from sending alongside an open tab. Rejects while sales are
 * still waiting, so the browser schedules another sync. A token about to expire, or
 * refused, is renewed with the refresh token under the same Web Lock as the page's
 * renewals (issue 14 item 7); never with the PIN, which the worker does not have.
 */
export async function flushInBackground(
  now = Date.now(),
  renewal?: (db: Parameters<typeof renewalDeps>[0]) => RenewalDeps,
): Promise<{ sent: number }> {
  const db = await openAirloadDb();
  try {
    let session = await getKv(db, 'session');
    if (!session) return { sent: 0 };
    const deps = renewal?.(db) ?? renewalDeps(db);
    const renew = async (stale: string) => {
      const renewed = await renewSession(deps, stale);
      if (renewed.kind === 'renewed') session = renewed.session;
      return renewed.kind === 'renewed';
    };
    if (
      tokenNeedsRenewal(session, now) &&
      !(await renew(session.token)) &&
      session.expiresAt <= now
    )
      return { sent: 0 };
    const outbox = new SaleOutbox(
      db,
      saleSender(async () => session?.token),
    );
    let report = await outbox.flush(session.userId, { force: true });
    if (report.auth && (await renew(session.token))) {
      report = await outbox.flush(session.userId, { force: true });
    }
    if (report.retry) throw new Error('sales still queued; retry later');
    return { sent: report.accepted.length + report.failed.length };
  } finally {
    db.close();
  }
}
