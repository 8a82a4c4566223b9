import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The top of a `node --cpu-prof` profile by self time, per thread (issue 13's reports):
 * what the host's main thread and its writer thread spent their time on. Node names a
 * file CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ThreadProfile {
  thread: string;
  seconds: number;
  /** Share of the thread's time it was idle (nothing to run). */
  idle: number;
  top: Array<{ name: string; share: number }>;
}

const nameOf = ({ functionName, url, lineNumber }: CallFrame) => {
  const file = url.split('/').at(-1);
  const name = functionName || '(anonymous)';
  return file ? `${name} (${file}:${lineNumber + 1})` : name;
};

export function summarizeProfile(path: string, thread: string, count = 5): ThreadProfile {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!frame || dt < 0) return;
    total += dt;
    const name = nameOf(frame);
    self.set(name, (self.get(name) ?? 0) + dt);
  });
  const idle = (self.get('(idle)') ?? 0) / total;
  self.delete('(idle)');
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, share: us / total }));
  return { thread, seconds: total / 1e6, idle, top };
}

/**
 * Every profile in `dir`, the main thread first, without the threads idle more than 95 %
 * of the time (tsx's module loader threads, which work only at start-up).
 */
export function summarizeProfiles(dir: string): ThreadProfile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => ({ file, thread: Number(file.split('.').at(-3)) }))
    .sort((a, b) => a.thread - b.thread)
    .map(({ file, thread }) =>
      summarizeProfile(join(dir, file), thread === 0 ? 'main' : `worker thread ${thread}`),
    )
    .filter((profile) => profile.thread === 'main' || profile.idle <= 0.95);
}

/** A markdown table of the summaries: thread, idle share, the top entries by self time. */
export function profileTable(profiles: ThreadProfile[]): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  return [
    '| thread | seconds sampled | idle | top five by self time |',
    '| --- | --- | --- | --- |',
    ...profiles.map(
      (p) =>
        `| ${p.thread} | ${p.seconds.toFixed(1)} | ${pct(p.idle)} | ${p.top
          .map((t) => `${t.name.replace(/\|/g, '/')} ${pct(t.share)}`)
          .join('; ')} |`,
    ),
  ].join('\n');
}
