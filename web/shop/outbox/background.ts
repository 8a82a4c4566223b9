import type { FlushReport } from '../../shared/outbox/outbox';
import { combineReports } from '../../shared/outbox/report';
import { getKv, openAirloadDb } from '../db';
import { tokenNeedsRenewal } from '../session';
import { type RenewalDeps, renewalDeps, renewSession } from '../state/renewal';
import { openStockDb } from '../stock/stock-db';
import { StockOutbox, stockSender } from '../stock/stock-outbox';
import { DisputeOutbox, disputeSender } from './disputes';
import { SaleOutbox, saleSender } from './sales';

/**
 * The outboxes (sales, then disputes, then stock requests) flushed by the service worker on Background Sync (Chromium has it; the
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
  // Stock requests keep a database of their own (web/shop/stock/stock-db.ts).
  const stockDb = await openStockDb();
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
    const token = async () => session?.token;
    // The sales first, then the disputes (DESIGN 11: each names a sale the server has).
    const outboxes = [
      new SaleOutbox(db, saleSender(token)),
      new DisputeOutbox(db, disputeSender(token)),
      new StockOutbox(
        stockDb,
        stockSender(() => session?.token),
      ),
    ];
    const userId = session.userId;
    const flush = async () => {
      const reports: FlushReport<unknown>[] = [];
      for (const outbox of outboxes) reports.push(await outbox.flush(userId, { force: true }));
      return reports;
    };
    let reports = await flush();
    if (combineReports(reports).auth && (await renew(session.token))) reports = await flush();
    if (combineReports(reports).retry) throw new Error('sales still queued; retry later');
    return { sent: reports.reduce((n, r) => n + r.accepted.length + r.failed.length, 0) };
  } finally {
    db.close();
    stockDb.close();
  }
}
