import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from '@libsql/client';
import { DEMO_PASSWORD, DEMO_PIN } from '../../db/seed';
import { checkLedger } from '../../worker/ledger/check';
import { login, postJson } from '../bench/host';
import {
  type CarrierServer,
  type NodeHost,
  startCarrierServer,
  startNodeHost,
} from '../support/node-process';
import type { Scenario } from './run';
import { random } from './seed';

/**
 * Issue 6, scenario "soak": minutes of mixed load on one Node host (a real child
 * process, the carrier simulator over HTTP in this process), watching for any 5xx or
 * network error, the host's memory (VmRSS) and p99 per 10 s window; then the ledger is
 * checked against the carrier's record. The same code runs 20 s in `npm test`.
 */

/** The mix, in percent of operations; every worker draws from it for each request. */
export const WEIGHTS = {
  sale: 50,
  wallet: 17,
  statement: 15,
  salesList: 12,
  reversal: 5,
  // A login is a key derivation (deliberately slow): rare, as in the field.
  login: 1,
} as const;
type Op = keyof typeof WEIGHTS;
const OPS = Object.entries(WEIGHTS) as Array<[Op, number]>;
/** One sale in 20 goes to a number the carrier declines (901): the void path runs too. */
const DECLINED = '0712345901';
const RETAILERS = ['+254700000101', '+254700000102', '+254700000103'];
const WINDOW_MS = 10_000;

export interface SoakOptions {
  seconds: number;
  /** Requests in flight at once (each a loop: one request, then the next). */
  workers: number;
  /** Where the p99-over-time plot goes; none when unset. */
  svgPath?: string;
  /** Added to the host's environment (e.g. NODE_OPTIONS for heap snapshots, issue 14). */
  hostEnv?: Record<string, string>;
  /** Called with the host's pid once a second while the load runs (issue 14: heap snapshots). */
  onTick?: (pid: number, elapsedS: number) => void;
}

export interface Window {
  startS: number;
  requests: number;
  p99: number;
  rssMiB: number;
}

export interface SoakResult {
  requests: number;
  byOp: Record<Op, number>;
  /** Any 5xx or network error, in words (first 20). */
  errors: string[];
  errorCount: number;
  clientErrors: number;
  statuses: Record<string, number>;
  windows: Window[];
  rssStartMiB: number;
  rssEndMiB: number;
  p50: number;
  p99: number;
  violations: string[];
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kb === undefined ? 0 : Math.round((Number(kb) / 1024) * 10) / 10;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

function pick(): Op {
  let r = random() * 100;
  for (const [op, weight] of OPS) {
    r -= weight;
    if (r < 0) return op;
  }
  return 'sale';
}

/** Runs the soak on a fresh database and host; always stops both and removes the files. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const dir = mkdtempSync(join(tmpdir(), 'airload-soak-'));
  let carrier: CarrierServer | undefined;
  let host: NodeHost | undefined;
  try {
    carrier = await startCarrierServer();
    host = await startNodeHost({
      DATABASE_URL: `file:${join(dir, 'airload.db')}`,
      PORT: '0',
      JWT_SECRET: 'soak-secret-that-is-at-least-32-characters-long',
      CARRIER_URL: carrier.url,
      SEED_DEMO: '1',
      DAILY_LIMIT: String(Number.MAX_SAFE_INTEGER),
      TOKEN_TTL_S: '86400',
      // Logins are part of the mix; the rate limiter is not what this soak measures.
      LOGIN_RATE_PER_ACCOUNT: '1000000',
      LOGIN_RATE_PER_ADDRESS: '1000000',
      ...options.hostEnv,
    });
    const base = host.url;
    const admin = await login(base, { email: 'admin@demo.airload', password: DEMO_PASSWORD });
    for (const phone of RETAILERS) {
      const res = await postJson(
        `${base}/api/v1/admin/fundings`,
        { phone, amount: 1e11, reference: `soak-${phone.slice(1)}` },
        admin,
      );
      if (res.status !== 201)
        throw new Error(`funding failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const tokens = await Promise.all(
      RETAILERS.map((phone) => login(base, { phone, pin: DEMO_PIN })),
    );
    /** Succeeded sales of each retailer, not yet reversed: what a reversal may pick. */
    const reversible: string[][] = RETAILERS.map(() => []);

    const samples: Array<{ at: number; ms: number }> = [];
    const byOp = Object.fromEntries(OPS.map(([op]) => [op, 0])) as Record<Op, number>;
    const statuses: Record<string, number> = {};
    const errors: string[] = [];
    let errorCount = 0;
    let clientErrors = 0;
    const rss: Array<{ at: number; mib: number }> = [];
    const pid = host.pid;
    const rssStartMiB = rssMiB(pid);
    const start = performance.now();
    const deadline = start + options.seconds * 1000;
    const sampler = setInterval(() => {
      const at = performance.now();
      rss.push({ at, mib: rssMiB(pid) });
      options.onTick?.(pid, Math.round((at - start) / 1000));
    }, 1_000);
    let keys = 0;

    const request = async (r: number, op: Op): Promise<Response> => {
      const auth = { authorization: `Bearer ${tokens[r]}` };
      const get = (path: string) => fetch(`${base}${path}`, { headers: auth });
      const post = (path: string, body: unknown, key?: string) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: {
            ...auth,
            'content-type': 'application/json',
            ...(key ? { 'idempotency-key': key } : {}),
          },
          body: JSON.stringify(body),
        });
      switch (op) {
        case 'sale': {
          const msisdn = keys % 20 === 0 ? DECLINED : '0712345678';
          const res = await post('/api/v1/sales', { msisdn, amount: 1_000 }, `soak-${keys++}`);
          if (res.status === 201) {
            const sale = (await res.clone().json()) as { id: string; status: string };
            if (sale.status === 'succeeded') reversible[r]!.push(sale.id);
          }
          return res;
        }
        case 'wallet':
          return get('/api/v1/wallet');
        case 'statement':
          return get('/api/v1/wallet/statement?limit=20');
        case 'salesList':
          return get('/api/v1/sales?limit=20');
        case 'reversal': {
          const id = reversible[r]!.splice(Math.floor(random() * reversible[r]!.length), 1)[0];
          if (id === undefined) return get('/api/v1/wallet');
          return post(`/api/v1/sales/${id}/reversal`, {});
        }
        case 'login': {
          const res = await fetch(`${base}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ phone: RETAILERS[r], pin: DEMO_PIN }),
          });
          if (res.status === 200)
            tokens[r] = ((await res.clone().json()) as { token: string }).token;
          return res;
        }
      }
    };

    const worker = async (w: number) => {
      const r = w % RETAILERS.length;
      while (performance.now() < deadline) {
        const op = pick();
        const t = performance.now();
        try {
          const res = await request(r, op);
          await res.arrayBuffer();
          samples.push({ at: t, ms: performance.now() - t });
          byOp[op]++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status >= 500) {
            errorCount++;
            if (errors.length < 20) errors.push(`${op}: HTTP ${res.status}`);
          } else if (res.status >= 400) clientErrors++;
        } catch (error) {
          errorCount++;
          if (errors.length < 20) errors.push(`${op}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
    clearInterval(sampler);
    const rssEndMiB = rssMiB(pid);

    const windows: Window[] = [];
    const count = Math.ceil((options.seconds * 1000) / WINDOW_MS);
    for (let i = 0; i < count; i++) {
      const from = start + i * WINDOW_MS;
      const inWindow = samples
        .filter((s) => s.at >= from && s.at < from + WINDOW_MS)
        .map((s) => s.ms);
      const mem = rss.filter((s) => s.at >= from && s.at < from + WINDOW_MS).map((s) => s.mib);
      windows.push({
        startS: i * (WINDOW_MS / 1000),
        requests: inWindow.length,
        p99: Math.round(percentile(inWindow, 99) * 10) / 10,
        rssMiB: mem.length > 0 ? Math.max(...mem) : rssEndMiB,
      });
    }
    if (options.svgPath) writeFileSync(options.svgPath, plot(windows));

    const client = createClient({ url: `file:${join(dir, 'airload.db')}` });
    let violations: string[];
    try {
      violations = await checkLedger(client, carrier.simulator.credited());
    } finally {
      client.close();
    }
    const all = samples.map((s) => s.ms);
    return {
      requests: samples.length,
      byOp,
      errors,
      errorCount,
      clientErrors,
      statuses,
      windows,
      rssStartMiB,
      rssEndMiB,
      p50: Math.round(percentile(all, 50) * 10) / 10,
      p99: Math.round(percentile(all, 99) * 10) / 10,
      violations,
    };
  } finally {
    await host?.stop();
    await carrier?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** p99 per window (and RSS, dashed) as a hand-written SVG line chart. */
export function plot(windows: Window[]): string {
  const [w, h, left, top, bottom] = [720, 320, 60, 30, 40];
  const maxS = Math.max(10, ...windows.map((x) => x.startS + 10));
  const maxP = Math.max(1, ...windows.map((x) => x.p99)) * 1.1;
  const maxR = Math.max(1, ...windows.map((x) => x.rssMiB)) * 1.1;
  const x = (s: number) => left + ((s + 5) / maxS) * (w - left - 60);
  const y = (v: number, max: number) => top + (1 - v / max) * (h - top - bottom);
  const line = (f: (win: Window) => number, max: number) =>
    windows.map((win) => `${x(win.startS).toFixed(1)},${y(f(win), max).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((q) => {
      const yy = y(q * maxP, maxP).toFixed(1);
      return `<line x1="${left}" x2="${w - 60}" y1="${yy}" y2="${yy}" stroke="#ddd"/><text x="${left - 6}" y="${yy}" text-anchor="end" font-size="11">${(q * maxP).toFixed(0)}</text><text x="${w - 54}" y="${yy}" font-size="11" fill="#888">${(q * maxR).toFixed(0)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="18" font-size="13">Soak: p99 per 10 s window, ms (blue, left); host RSS, MiB (grey dashed, right)</text>
${ticks}
<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${line((win) => win.p99, maxP)}"/>
<polyline fill="none" stroke="#888" stroke-width="1.5" stroke-dasharray="5,4" points="${line((win) => win.rssMiB, maxR)}"/>
<text x="${(w - 60 + left) / 2}" y="${h - 8}" text-anchor="middle" font-size="11">seconds since start (0 – ${maxS})</text>
</svg>
`;
}

export const scenario: Scenario = {
  name: 'soak',
  async run() {
    const seconds = Number(process.env.SOAK_SECONDS ?? 600);
    const svgPath = join(import.meta.dirname, '..', '..', 'docs', 'chaos-soak.svg');
    const r = await runSoak({ seconds, workers: 8, svgPath });
    const worst = r.windows.reduce((a, b) => (b.p99 > a.p99 ? b : a), r.windows[0]!);
    return {
      scenario: 'soak',
      figures: [
        ['duration, s / workers', `${seconds} / 8`],
        [
          'mix, % (sale/wallet/statement/sales list/reversal/login)',
          OPS.map(([, v]) => v).join('/'),
        ],
        [
          'requests (by op)',
          `${r.requests} (${OPS.map(([op]) => `${op} ${r.byOp[op]}`).join(', ')})`,
        ],
        [
          'statuses',
          Object.entries(r.statuses)
            .map(([s, n]) => `${s}: ${n}`)
            .join(', '),
        ],
        ['errors (5xx or network)', r.errorCount],
        ['first errors', r.errors.slice(0, 5).join('; ') || 'none'],
        ['host RSS start → end, MiB', `${r.rssStartMiB} → ${r.rssEndMiB}`],
        [
          'host RSS, highest per 10 s window: min / max, MiB (GC sawtooth vs. a leak)',
          `${Math.min(...r.windows.map((w) => w.rssMiB))} / ${Math.max(...r.windows.map((w) => w.rssMiB))}`,
        ],
        ['latency p50 / p99 overall, ms', `${r.p50} / ${r.p99}`],
        [
          'p99 per 10 s window: first / last / worst, ms',
          `${r.windows[0]?.p99} / ${r.windows.at(-1)?.p99} / ${worst.p99} (at ${worst.startS} s)`,
        ],
        ['plot', '[docs/chaos-soak.svg](chaos-soak.svg)'],
      ],
      violations: [...r.violations, ...r.errors],
    };
  },
};
