import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness';

/** Issue 11: the admin's CSV of the audit log, with the list's filters. */

const h = await createHarness();
afterAll(() => h.close());

describe('audit export', () => {
  it('gives the admin the filtered entries as CSV, newest first, and no one else', async () => {
    const admin = await h.login('admin@demo.airload');
    await h.call('POST', '/api/v1/regions', { token: admin, body: { name: '=HYPERLINK("x")' } });
    const res = await h.call('GET', '/api/v1/audit/export.csv?action=region_create', {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"seq","at","actor_id","actor_role","action","channel","subject","detail","prev_hash","hash"',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"u-admin","admin","region_create"');
    // The detail names the region: a spreadsheet must not run it.
    expect(lines[1]).not.toMatch(/,"=/);
    const logins = (
      await (await h.call('GET', '/api/v1/audit/export.csv?action=login', { token: admin })).text()
    )
      .trimEnd()
      .split('\r\n');
    expect(logins.length).toBeGreaterThan(1);
    const seqs = logins.slice(1).map((l) => Number(l.split(',')[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const manager = await h.login('manager@demo.airload');
    expect((await h.call('GET', '/api/v1/audit/export.csv', { token: manager })).status).toBe(403);
  });
});
