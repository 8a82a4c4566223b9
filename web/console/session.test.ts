import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLogIn } from './session';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const login = {
  token: 'access',
  expires_at: '2026-12-02T20:00:00.000Z',
  refresh_token: 'refresh',
  user: { id: 'u-mgr-lagos', role: 'manager', name: 'Lagos manager' },
};

afterEach(() => vi.unstubAllGlobals());

describe('the console session', () => {
  it("keeps the zone the caller's days count in, from GET /me", async () => {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/auth/login') return json(200, login);
      if (url === '/api/v1/me') {
        expect(new Headers(init?.headers).get('authorization')).toBe('Bearer access');
        return json(200, { id: 'u-mgr-lagos', timezone: 'Africa/Lagos' });
      }
      return json(404, { error: { code: 'not_found', message: url } });
    });
    vi.stubGlobal('fetch', fetch);
    const session = await consoleLogIn({ email: 'm@example.com', password: 'pw' });
    expect(session).toMatchObject({
      userId: 'u-mgr-lagos',
      role: 'manager',
      timeZone: 'Africa/Lagos',
    });
  });

  it('still logs in when the profile cannot be read, without a zone', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url === '/api/v1/auth/login') return json(200, login);
        throw new TypeError('offline');
      }),
    );
    const session = await consoleLogIn({ email: 'm@example.com', password: 'pw' });
    expect(session.userId).toBe('u-mgr-lagos');
    expect(session.timeZone).toBeUndefined();
  });
});
