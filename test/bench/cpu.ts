import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU by process from /proc (Linux): what each process of a local stack (wrangler's
 * Node process, its two workerd, sqld, the bench itself) used during a run. On 2 shared
 * cores this says which process a run was limited by, where a CPU profile of workerd
 * cannot be taken. Assumes the usual 100 clock ticks per second.
 */

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  seconds: number;
}

export type CpuSnapshot = Map<number, Proc>;

export function cpuSnapshot(): CpuSnapshot {
  const procs: CpuSnapshot = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      procs.set(Number(name), { pid: Number(name), ppid: Number(fields[1]), comm, seconds });
    } catch {
      // ended meanwhile
    }
  }
  return procs;
}

/**
 * Each process under `roots` (themselves included) that used at least 1 % of one core
 * between the snapshots: its command name and share of one core, busiest first.
 */
export function cpuShares(
  before: CpuSnapshot,
  after: CpuSnapshot,
  seconds: number,
  roots: number[],
): Array<{ comm: string; share: number }> {
  const inTree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const proc of after.values()) {
      if (!inTree.has(proc.pid) && inTree.has(proc.ppid)) {
        inTree.add(proc.pid);
        grew = true;
      }
    }
  }
  return [...inTree]
    .flatMap((pid) => {
      const end = after.get(pid);
      if (!end) return [];
      const share = (end.seconds - (before.get(pid)?.seconds ?? 0)) / seconds;
      return share >= 0.01 ? [{ comm: end.comm, share }] : [];
    })
    .sort((a, b) => b.share - a.share);
}

export const sharesText = (shares: Array<{ comm: string; share: number }>) =>
  shares.map(({ comm, share }) => `${comm} ${Math.round(share * 100)}%`).join(', ');

/** The pid of the process named `comm` under `root` (itself included), if any. */
export function findProcess(root: number, comm: string): number | undefined {
  const procs = cpuSnapshot();
  const under = (pid: number): boolean => {
    for (let p = procs.get(pid); p; p = procs.get(p.ppid)) if (p.pid === root) return true;
    return false;
  };
  return [...procs.values()].find((p) => p.comm === comm && under(p.pid))?.pid;
}
