import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileTable, summarizeProfiles } from './profile';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

describe('the benchmark profile summary', () => {
  it('ranks self time per thread, idle apart, the main thread first', () => {
    dir = mkdtempSync(join(tmpdir(), 'airload-prof-'));
    const profile = (samples: number[]) => ({
      nodes: [
        { id: 1, callFrame: frame('(idle)') },
        { id: 2, callFrame: frame('run', 'file:///x/libsql/index.js', 325) },
        { id: 3, callFrame: frame('', 'file:///x/worker/app.ts', 9) },
      ],
      samples,
      timeDeltas: samples.map(() => 1_000),
    });
    writeFileSync(
      join(dir, 'CPU.20261202.180000.77.1.002.cpuprofile'),
      JSON.stringify(profile([2, 2, 2, 1])),
    );
    writeFileSync(
      join(dir, 'CPU.20261202.180000.77.0.001.cpuprofile'),
      JSON.stringify(profile([1, 1, 3, 2])),
    );
    // A loader thread, idle all but 1 sample in 100: left out.
    writeFileSync(
      join(dir, 'CPU.20261202.180000.77.2.003.cpuprofile'),
      JSON.stringify(profile([2, ...Array.from({ length: 99 }, () => 1)])),
    );
    const summaries = summarizeProfiles(dir);
    expect(summaries.map((s) => s.thread)).toEqual(['main', 'worker thread 1']);
    const [main, writer] = summaries;
    expect(main).toMatchObject({ thread: 'main', idle: 0.5 });
    expect(main!.top.map((t) => t.name)).toEqual(['(anonymous) (app.ts:10)', 'run (index.js:326)']);
    expect(writer).toMatchObject({ thread: 'worker thread 1', idle: 0.25 });
    expect(writer!.top).toEqual([{ name: 'run (index.js:326)', share: 0.75 }]);
    expect(profileTable([main!, writer!])).toContain(
      '| worker thread 1 | 0.0 | 25.0 % | run (index.js:326) 75.0 % |',
    );
  });
});
