import { describe, expect, it } from 'vitest';
import type { FlushReport } from './outbox';
import { combineReports } from './report';

const report = (patch: Partial<FlushReport<unknown>>): FlushReport<unknown> => ({
  accepted: [],
  failed: [],
  auth: false,
  retry: false,
  remaining: 0,
  nextDueAt: undefined,
  ...patch,
});

describe('flush reports of several outboxes', () => {
  it('asks for a login when any outbox was refused the token', () => {
    const combined = combineReports([report({}), report({ auth: true, remaining: 1 })]);
    expect(combined).toMatchObject({ auth: true, remaining: 1 });
  });

  it('comes back when the first waiting item of any outbox is due', () => {
    const combined = combineReports([
      report({ retry: true, remaining: 2, nextDueAt: 9_000 }),
      report({ remaining: 1, nextDueAt: 4_000 }),
      report({}),
    ]);
    expect(combined).toEqual({ auth: false, retry: true, remaining: 3, nextDueAt: 4_000 });
  });

  it('has nothing to come back for when every outbox is empty', () => {
    expect(combineReports([report({}), report({})])).toEqual({
      auth: false,
      retry: false,
      remaining: 0,
      nextDueAt: undefined,
    });
  });
});
