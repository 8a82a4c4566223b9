import { describe, expect, it } from 'vitest';
import type { StockRequest } from '../../../core/api/stock';
import { ApiError, NetworkError } from '../../shared/api';
import type { Outlet } from '../../shared/types';
import { approveEach } from './approvals';
import { StoredKeys } from './keys';
import { lowFloatFirst } from './low-float';

/** Issue 11: the distributor console's decisions, without a browser. */

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}
const counter = () => {
  let n = 0;
  return () => `key-${++n}`;
};

describe('stored keys', () => {
  it('stores the key before the send, keeps it after no answer, forgets it after an answer', async () => {
    const storage = memoryStorage();
    const keys = new StoredKeys(storage, counter());
    const seen: string[] = [];
    const lost = keys.send('approve:r1', async (key) => {
      seen.push(key);
      expect(storage.map.get('airload.key.approve:r1')).toBe(key);
      throw new NetworkError('Failed to fetch');
    });
    await expect(lost).rejects.toThrow(NetworkError);
    await expect(
      keys.send('approve:r1', async (key) => {
        seen.push(key);
        throw new ApiError(503, 'shutting_down', 'later');
      }),
    ).rejects.toThrow(ApiError);
    await keys.send('approve:r1', async (key) => seen.push(key));
    expect(seen).toEqual(['key-1', 'key-1', 'key-1']);
    expect(storage.map.size).toBe(0);
    await keys.send('approve:r1', async (key) => seen.push(key));
    expect(seen.at(-1)).toBe('key-2');
  });

  it('forgets the key of a refusal that sticks to it (a 402), so the next try is a new request', async () => {
    const keys = new StoredKeys(memoryStorage(), counter());
    await expect(
      keys.send('transfer:a:100', async () => {
        throw new ApiError(402, 'insufficient_funds', 'no');
      }),
    ).rejects.toThrow();
    expect(keys.keyFor('transfer:a:100')).toBe('key-2');
  });
});

describe('approving many', () => {
  const request = (id: string) => ({ id, status: 'approved' }) as StockRequest;

  it('approves each request with its own key, one at a time; a refusal does not stop the rest', async () => {
    const calls: [string, string][] = [];
    let running = 0;
    const results = await approveEach(
      ['a', 'b', 'c'],
      new StoredKeys(memoryStorage(), counter()),
      async (id, key) => {
        running++;
        expect(running).toBe(1);
        calls.push([id, key]);
        await Promise.resolve();
        running--;
        if (id === 'b') throw new ApiError(402, 'insufficient_funds', 'empty');
        return request(id);
      },
    );
    expect(calls).toEqual([
      ['a', 'key-1'],
      ['b', 'key-2'],
      ['c', 'key-3'],
    ]);
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
  });
});

describe('retailers, low float first', () => {
  const outlet = (name: string, available: number, median?: number) =>
    ({
      id: name,
      name,
      wallet: { available, held: 0 },
      flags:
        median === undefined
          ? []
          : [{ code: 'low_float', reason: '', values: { available, median }, since: null }],
    }) as unknown as Outlet;

  it('puts the server’s low_float outlets first, lowest share of their median first', () => {
    const ordered = lowFloatFirst([
      outlet('rich', 900_000),
      outlet('half', 50_000, 100_000),
      outlet('poor', 1_000),
      outlet('tenth', 100_000, 1_000_000),
    ]);
    expect(ordered.map((o) => o.name)).toEqual(['tenth', 'half', 'poor', 'rich']);
  });
});
