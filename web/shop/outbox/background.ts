import { getKv, openAirloadDb } from '../db';
import { SaleOutbox, saleSender } from './sales';

/**
 * The outbox flushed by the service worker on Background Sync (Chromium has it; the
 * page's own triggers cover the rest), with the session the page stored. The Web Lock
 * in the outbox keeps it from sending alongside an open tab. Rejects while sales are
 * still waiting, so the browser schedules another sync.
 */
export async function flushInBackground(now = Date.now()): Promise<{ sent: number }> {
  const db = await openAirloadDb();
  try {
    const session = await getKv(db, 'session');
    if (!session || session.expiresAt <= now) return { sent: 0 };
    const outbox = new SaleOutbox(
      db,
      saleSender(async () => session.token),
    );
    const report = await outbox.flush(session.userId, { force: true });
    if (report.retry) throw new Error('sales still queued; retry later');
    return { sent: report.accepted.length + report.failed.length };
  } finally {
    db.close();
  }
}
