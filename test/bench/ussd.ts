import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { saleSession, ussdFields } from '../channels/support';
import { RETAILER } from './load';
import { countsText, errorsRow, load1, n0, ranOn, table, writeSection } from './report';

/** The sale of every session: KES 100.00 to a number the simulator tops up at once. */
const SESSION = saleSession('0712345678', '100', RETAILER.pin);
const PIN_STEP = SESSION.length - 1;

export interface UssdBenchResult {
  date: string;
  command: string;
  connections: number;
  durationS: number;
  /** Sessions whose last screen named a sale, per second of the run. */
  sessionsPerS: number;
  /** Last screens: a sale sent, a sale pending (the carrier outlasted USSD_WAIT_MS), anything else. */
  finals: { sent: number; pending: number; other: number };
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The PIN request (the sale itself: the PIN's key derivation, hold, carrier, post) apart. */
  pinP50Ms: number;
  pinP99Ms: number;
  /** The other four requests of a session (menu screens, the session row). */
  menuP99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** USSD sales in the host's database after the run, by status; filled in by the caller. */
  statuses: Record<string, number>;
  loadBefore: number;
  loadAfter: number;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * Whole USSD sale sessions (issue 10) in Africa's Talking's form from `connections`
 * connections for `seconds`: on each, one session after another, a new sessionId each,
 * the dial and then `1`, the number, the amount and the PIN. autocannon runs the five
 * requests of `requests` in turn per connection and starts the list again with a fresh
 * context; each request's time is taken from its setup (sent right after the answer
 * before it) to its answer, to tell the PIN request from the others.
 */
export async function ussdLoad(
  url: string,
  { connections, seconds, runId }: { connections: number; seconds: number; runId: string },
) {
  let serial = 0;
  const finals = { sent: 0, pending: 0, other: 0 };
  const pin: number[] = [];
  const menu: number[] = [];
  type Context = { session?: string; at?: number };
  const loadBefore = load1();
  const run = await autocannon({
    url: `${url}/ussd`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: SESSION.map((text, step) => ({
      setupRequest: (request, context: Context) => {
        if (step === 0) context.session = `bench-${runId}-${serial++}`;
        context.at = performance.now();
        const fields = ussdFields(context.session!, RETAILER.phone, text);
        return { ...request, body: new URLSearchParams(fields).toString() };
      },
      onResponse: (status, body, context: Context) => {
        (step === PIN_STEP ? pin : menu).push(performance.now() - (context.at ?? 0));
        if (step !== PIN_STEP) return;
        if (status === 200 && /^END Sale .*Status: sent$/s.test(body)) finals.sent++;
        else if (status === 200 && /^END Sale .*Status: pending/s.test(body)) finals.pending++;
        else finals.other++;
      },
    })),
  });
  const result: UssdBenchResult = {
    date: new Date().toISOString(),
    command: 'npm run bench',
    connections,
    durationS: run.duration,
    sessionsPerS: (finals.sent + finals.pending) / run.duration,
    finals,
    requestsPerS: run.requests.total / run.duration,
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    maxMs: run.latency.max,
    pinP50Ms: percentile(pin, 50),
    pinP99Ms: percentile(pin, 99),
    menuP99Ms: percentile(menu, 99),
    non2xx: run.non2xx,
    errors: run.errors,
    timeouts: run.timeouts,
    statuses: {},
    loadBefore,
    loadAfter: load1(),
  };
  return result;
}

const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;

export function ussdRows(r: UssdBenchResult): Array<[string, string]> {
  const sessions = r.finals.sent + r.finals.pending;
  return [
    [
      `whole USSD sale sessions/s (${SESSION.length} requests each)`,
      `${r.sessionsPerS.toFixed(1)} (${n0(sessions)} in ${r.durationS} s)`,
    ],
    ['USSD requests/s', n0(r.requestsPerS)],
    ['latency per request p50 / p99 / max', `${ms(r.p50Ms)} / ${ms(r.p99Ms)} / ${ms(r.maxMs)}`],
    ['PIN request (the sale) p50 / p99', `${ms(r.pinP50Ms)} / ${ms(r.pinP99Ms)}`],
    ['the other requests p99', ms(r.menuP99Ms)],
    [
      'last screens: sent / pending / other',
      `${n0(r.finals.sent)} / ${n0(r.finals.pending)} / ${n0(r.finals.other)}`,
    ],
    errorsRow(r),
    ['USSD sales in the database after the run', countsText(r.statuses)],
    [
      'load average (1 min) before / after',
      `${r.loadBefore.toFixed(2)} / ${r.loadAfter.toFixed(2)}`,
    ],
  ];
}

export const printUssd = (r: UssdBenchResult) => table(ussdRows(r));

/** The USSD section of docs/bench.md, in the sales section's style. */
export function writeUssdReport(path: string, r: UssdBenchResult): void {
  const lines = [
    '## USSD: whole sale sessions on the Node host',
    '',
    ranOn(r.command, r.date),
    '',
    `autocannon in the bench process, ${r.connections} connections, ${r.durationS} s, against the same`,
    `host as the sales above, right after them. Each connection runs whole sale sessions in`,
    `Africa's Talking's form (POST /ussd), one after another, each with a new sessionId: the dial,`,
    '`1`, the number, the amount (100, KES 100.00 to 0712345678, topped up at once) and the PIN,',
    `${SESSION.length} requests. The PIN request is the sale: the PIN's key derivation (KDF_ITERATIONS,`,
    'default), the hold, the carrier (USSD_WAIT_MS, default 4 s) and the post. Latency is per request;',
    'the PIN and menu rows are timed in the bench from each request to its answer.',
    '',
    '| measure | value |',
    '| --- | --- |',
    ...ussdRows(r).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    "Aim (issue 10): p99 per request under 1 s, far inside a gateway's 10 s.",
  ];
  writeSection(path, 'ussd', lines.join('\n'));
}
