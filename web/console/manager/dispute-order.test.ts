import { describe, expect, it } from 'vitest';
import { type Dated, isOverdue, queueOrder } from './dispute-order';

const NOW = Date.UTC(2026, 11, 2, 12, 0);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A dispute opened `openedAgo` hours before NOW, due 48 h after. */
const dispute = (id: string, status: Dated['status'], openedAgo: number): Dated => ({
  id,
  status,
  opened_at: iso(NOW - openedAgo * HOUR),
  due_at: iso(NOW - openedAgo * HOUR + 48 * HOUR),
});

describe('disputes queue order', () => {
  it('puts overdue disputes first, the longest overdue at the top', () => {
    const list = [
      dispute('fresh', 'open', 1),
      dispute('late', 'open', 50),
      dispute('later', 'investigating', 70),
      dispute('soon', 'investigating', 47),
    ];
    expect(queueOrder(list, NOW).map((d) => d.id)).toEqual(['later', 'late', 'soon', 'fresh']);
  });

  it('puts resolved disputes last, newest first, however old their due time', () => {
    const list = [
      dispute('refunded-old', 'refunded', 100),
      dispute('open', 'open', 2),
      dispute('rejected-new', 'rejected', 60),
      dispute('withdrawn', 'withdrawn', 80),
    ];
    expect(queueOrder(list, NOW).map((d) => d.id)).toEqual([
      'open',
      'rejected-new',
      'withdrawn',
      'refunded-old',
    ]);
  });

  it('calls a dispute overdue only while unresolved and once due_at has passed', () => {
    expect(isOverdue(dispute('a', 'open', 48), NOW)).toBe(true);
    expect(isOverdue(dispute('b', 'open', 47.9), NOW)).toBe(false);
    expect(isOverdue(dispute('c', 'refunded', 90), NOW)).toBe(false);
    expect(isOverdue(dispute('d', 'investigating', 49), NOW)).toBe(true);
  });

  it('does not change the list it is given', () => {
    const list = [dispute('b', 'open', 1), dispute('a', 'open', 60)];
    queueOrder(list, NOW);
    expect(list.map((d) => d.id)).toEqual(['b', 'a']);
  });
});
