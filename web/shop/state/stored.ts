import { type AirloadDb, getKv } from '../db';
import { disputeRows } from '../disputes';
import { mergeHistory } from '../history';
import type { Outboxes } from './outbox-wiring';
import type { Snapshot } from './snapshot';

/** Everything the screens show, read from IndexedDB for `userId` (nothing of another user's). */
export async function readStored(
  db: AirloadDb,
  outboxes: Outboxes,
  userId: string | undefined,
): Promise<Partial<Snapshot>> {
  const { sales: outbox, disputes: disputeOutbox } = outboxes;
  const [profile, known, products, sales, items, knownDisputes, disputeItems] = await Promise.all([
    getKv(db, 'profile'),
    getKv(db, 'wallet'),
    getKv(db, 'products'),
    db.getAll('sales'),
    userId ? outbox.list(userId) : Promise.resolve([]),
    getKv(db, 'disputes'),
    userId ? disputeOutbox.list(userId) : Promise.resolve([]),
  ]);
  const mine = profile?.id === userId;
  const wallet = known?.userId === userId ? known : undefined;
  const sending = new Set(outbox.sending);
  return {
    profile: mine ? profile : undefined,
    wallet: wallet?.wallet,
    walletAt: wallet?.at,
    products: mine ? (products ?? []) : [],
    sales: mine ? sales : [],
    outbox: items,
    sending,
    entries: mergeHistory(mine ? sales : [], items, sending),
    disputes: disputeRows(
      knownDisputes && knownDisputes.userId === userId ? knownDisputes.items : [],
      disputeItems,
      new Set(disputeOutbox.sending),
    ),
  };
}
