import { describe, expect, it } from 'vitest';
import { canUpdateNow } from './updates';

describe('service worker updates', () => {
  it('take over only when no sale is being entered or sent', () => {
    expect(canUpdateNow({ saleInProgress: false, sending: 0 })).toBe(true);
    expect(canUpdateNow({ saleInProgress: true, sending: 0 })).toBe(false);
    expect(canUpdateNow({ saleInProgress: false, sending: 1 })).toBe(false);
  });
});
