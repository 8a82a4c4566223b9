import { Backoff } from '../worker/ledger/backoff';

/**
 * The `fetch` that @libsql/client's HTTP client uses to reach a remote libSQL server
 * (issue 5), doing two things the client does not:
 *
 * - A request the server refuses for load (429 Too Many Requests, 503; sqld throttles
 *   past 128 concurrent requests) is sent again after a jittered backoff: the server
 *   did not run it, so this holds for writes too.
 * - Reads see this host's writes ("a sale is readable right after it is made"). An
 *   sqld replica forwards a write to its primary and answers once the primary has
 *   committed it, but its own copy catches up a moment later: a read sent right after
 *   may miss the write (measured here: 4 reads in 10). Every hrana result carries the
 *   server's replication index: the highest one a write came back with is kept in a
 *   ReplicationMark, and a read answered from an older state is asked again until the
 *   server has caught up. Against a primary no read is ever behind: nothing is re-sent.
 */

/** The highest replication index this host's writes reached: one per Workers isolate or process. */
export class ReplicationMark {
  value = 0;
}

interface Options {
  mark?: ReplicationMark;
  /** Stop waiting for a replica after this long and answer anyway (cut off from its primary). */
  waitMs?: number;
  /** Give up resending a throttled request after this long, ms. */
  throttleBudgetMs?: number;
  fetch?: typeof fetch;
}

/** libSQL's write-mode batch starts with BEGIN IMMEDIATE (BatchWriter's only kind of write). */
const isWrite = (body: string) => /"sql"\s*:\s*"BEGIN IMMEDIATE"/i.test(body);

/** The highest `replication_index` anywhere in a pipeline response. */
export function replicationIndexOf(body: string): number | undefined {
  let highest: number | undefined;
  for (const match of body.matchAll(/"replication_index"\s*:\s*"?(\d+)"?/g)) {
    const index = Number(match[1]);
    if (highest === undefined || index > highest) highest = index;
  }
  return highest;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function remoteFetch(options: Options = {}): typeof fetch {
  // Wrapped: Workers throw "Illegal invocation" when fetch is called as a method.
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const mark = options.mark ?? new ReplicationMark();
  const waitMs = options.waitMs ?? 5_000;
  const throttled = (response: Response) => response.status === 429 || response.status === 503;

  /** POSTs `body`, again while the server answers that it is too busy to take it. */
  async function post(url: string, headers: Headers, body: string): Promise<Response> {
    const backoff = new Backoff({ baseMs: 5, capMs: 200, budgetMs: options.throttleBudgetMs });
    for (;;) {
      const response = await send(url, { method: 'POST', headers, body });
      if (!throttled(response) || !(await backoff.wait())) return response;
      await response.body?.cancel();
    }
  }

  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method !== 'POST' || !/\/pipeline$/.test(new URL(request.url).pathname)) {
      return send(request);
    }
    const body = await request.text();
    const write = isWrite(body);
    const deadline = Date.now() + waitMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
      const response = await post(request.url, request.headers, body);
      if (!response.ok) return response;
      const text = await response.text();
      const index = replicationIndexOf(text);
      if (write && index !== undefined) mark.value = Math.max(mark.value, index);
      const behind = !write && index !== undefined && index < mark.value;
      if (!behind || Date.now() > deadline) {
        const { status, statusText, headers } = response;
        return new Response(text, { status, statusText, headers });
      }
      await sleep(delay);
    }
  };
}
