import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOffline, type Rig, startRig } from '../chaos/offline-drain';

/**
 * Issue 6, scenario 4 in short (`npm run chaos offline-drain` is the long run): sales
 * queued offline in a real Chromium page reach the server once each when the connection
 * returns, and the ledger stays sound. Counts and invariants only, no timing.
 */

const SALES = 50;
let rig: Rig;

beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

describe('offline drain', () => {
  it('makes exactly one sale per queued key when the connection returns', async () => {
    const result = await drainOffline(rig, SALES);
    expect(result.violations).toEqual([]);
    expect(result.serverSales).toBe(SALES);
    expect(result.distinctKeys).toBe(SALES);
    expect(result.unsent).toBe(0);
  }, 180_000);
});
