import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from './run';
import { runSoak } from './soak';

/**
 * Issue 14, "soak": the 10-minute soak showed the host's RSS growing 142 → 276 MiB in a
 * sawtooth. This longer run takes a heap snapshot of the host (`--heapsnapshot-signal`,
 * which collects garbage first, so a snapshot holds only what is still reachable) at
 * intervals and compares them: what is retained growing from snapshot to snapshot is
 * a leak; a flat live heap with RSS levelling off is not.
 * SOAK_SECONDS (default 1800), SOAK_WORKERS (default 6), SOAK_SNAPSHOTS (default 6).
 */

interface Snapshot {
  atS: number;
  rssMiB: number;
  liveMiB: number;
  /** Self size and count per `type:name` (constructor), for the comparison. */
  groups: Map<string, { size: number; count: number }>;
}

interface HeapFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Sums a .heapsnapshot's nodes by type and name: the "comparison" view of DevTools. */
export function summarise(path: string): Pick<Snapshot, 'liveMiB' | 'groups'> {
  const heap = JSON.parse(readFileSync(path, 'utf8')) as HeapFile;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt!]!]!;
    const name =
      type === 'object' || type === 'native' ? heap.strings[heap.nodes[i + nameAt!]!] : '';
    const key = `${type}:${(name ?? '').slice(0, 60)}`;
    const size = heap.nodes[i + sizeAt!]!;
    total += size;
    const group = groups.get(key) ?? { size: 0, count: 0 };
    group.size += size;
    group.count++;
    groups.set(key, group);
  }
  return { liveMiB: Math.round((total / 2 ** 20) * 10) / 10, groups };
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;

export const scenario: Scenario = {
  name: 'soak-heap',
  async run() {
    const seconds = Number(process.env.SOAK_SECONDS ?? 1800);
    const workers = Number(process.env.SOAK_WORKERS ?? 6);
    const shots = Number(process.env.SOAK_SNAPSHOTS ?? 6);
    const dir = mkdtempSync(join(tmpdir(), 'airload-heap-'));
    // First snapshot after warm-up (60 s), the last shortly before the end.
    const times = Array.from({ length: shots }, (_, i) =>
      Math.round(60 + (i * (seconds - 90)) / Math.max(1, shots - 1)),
    );
    const taken: Array<{ atS: number; rssMiB: number }> = [];
    try {
      const result = await runSoak({
        seconds,
        workers,
        hostEnv: { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}` },
        onTick(pid, elapsedS) {
          if (times[taken.length] !== undefined && elapsedS >= times[taken.length]!) {
            const status = readFileSync(`/proc/${pid}/status`, 'utf8');
            const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
            taken.push({ atS: elapsedS, rssMiB: Math.round(kb / 102.4) / 10 });
            process.kill(pid, 'SIGUSR2');
          }
        },
      });
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.heapsnapshot'))
        .sort((a, b) => statSync(join(dir, a)).mtimeMs - statSync(join(dir, b)).mtimeMs);
      const snapshots: Snapshot[] = files.map((f, i) => ({
        ...taken[i]!,
        ...summarise(join(dir, f)),
      }));
      const first = snapshots[0];
      const last = snapshots.at(-1);
      const growth =
        first && last
          ? [...last.groups]
              .map(([key, g]) => {
                const was = first.groups.get(key) ?? { size: 0, count: 0 };
                return { key, size: g.size - was.size, count: g.count - was.count };
              })
              .sort((a, b) => b.size - a.size)
              .slice(0, 6)
          : [];
      const rssWindows = result.windows.map((w) => w.rssMiB);
      const thirds = [0, 1, 2].map((t) => {
        const part = rssWindows.slice(
          Math.floor((t * rssWindows.length) / 3),
          Math.floor(((t + 1) * rssWindows.length) / 3),
        );
        return part.length > 0 ? Math.max(...part) : 0;
      });
      return {
        scenario: 'soak-heap',
        figures: [
          ['duration, s / workers', `${seconds} / ${workers}`],
          ['requests / errors (5xx or network)', `${result.requests} / ${result.errorCount}`],
          ['host RSS start → end, MiB', `${result.rssStartMiB} → ${result.rssEndMiB}`],
          ['host RSS, highest in each third of the run, MiB', thirds.join(' / ')],
          [
            'heap snapshots: at s (RSS MiB) → live heap MiB',
            snapshots.map((s) => `${s.atS} s (${s.rssMiB}) → ${s.liveMiB}`).join('; '),
          ],
          [
            'largest growth first → last snapshot (type:name, MiB, objects)',
            growth.map((g) => `${g.key} ${mib(g.size)} MiB / ${g.count}`).join('; ') || 'none',
          ],
          ['latency p50 / p99, ms', `${result.p50} / ${result.p99}`],
        ],
        violations: [...result.violations, ...result.errors],
      };
    } finally {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  },
};
