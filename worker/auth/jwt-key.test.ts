import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { jwtKey, verifyToken } from './jwt-key';

const SECRET = 'a-test-secret-that-is-at-least-32-characters';
const OTHER = 'another-secret-that-is-at-least-32-characters';

describe('access token keys', () => {
  it('verifies a token signed with the string secret, and again from the cache', async () => {
    const token = await sign({ sub: 'u-1', exp: 2_000_000_000 }, SECRET, 'HS256');
    expect(await verifyToken(token, SECRET)).toMatchObject({ sub: 'u-1' });
    expect(await verifyToken(token, SECRET)).toMatchObject({ sub: 'u-1' });
  });

  it('signs with the imported key what hono verifies with the string secret', async () => {
    const token = await sign({ sub: 'u-2' }, await jwtKey(SECRET), 'HS256');
    expect(await verifyToken(token, SECRET)).toMatchObject({ sub: 'u-2' });
    expect(await jwtKey(SECRET)).toBe(await jwtKey(SECRET));
  });

  it('refuses a changed payload, another secret, and a cached token under another secret', async () => {
    const token = await sign({ sub: 'u-3', role: 'retailer' }, SECRET, 'HS256');
    await verifyToken(token, SECRET);
    const [head, , signature] = token.split('.');
    const forged = `${head}.${btoa(JSON.stringify({ sub: 'u-3', role: 'admin' })).replace(/=+$/, '')}.${signature}`;
    await expect(verifyToken(forged, SECRET)).rejects.toThrow();
    await expect(verifyToken(await sign({ sub: 'u-3' }, OTHER, 'HS256'), SECRET)).rejects.toThrow();
    await expect(verifyToken(token, OTHER)).rejects.toThrow();
  });
});
