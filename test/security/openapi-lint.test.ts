import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness';

/**
 * Issue 14 item 1: the generated document lints clean with `@redocly/cli lint` and its
 * recommended rules, no errors and no warnings. Offline: no telemetry, no update check,
 * no remote configuration (it was run in a namespace with no network to check).
 */

const REDOCLY = fileURLToPath(new URL('../../node_modules/.bin/redocly', import.meta.url));
const h = await createHarness();
const dir = mkdtempSync(join(tmpdir(), 'airload-openapi-'));
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the OpenAPI document', () => {
  it('lints clean with @redocly/cli (recommended rules)', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, await (await h.call('GET', '/api/v1/openapi.json')).text());
    const run = spawnSync(REDOCLY, ['lint', file, '--format=json', '--extends=recommended'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_UPDATE_NOTIFIER: '1',
      },
      timeout: 60_000,
    });
    const start = run.stdout.indexOf('{');
    expect(start, `redocly printed no report: ${run.stdout}${run.stderr}`).toBeGreaterThanOrEqual(
      0,
    );
    const report = JSON.parse(run.stdout.slice(start)) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(run.status).toBe(0);
  }, 60_000);
});
