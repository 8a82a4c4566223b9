/**
 * A `fetch` for @libsql/client's HTTP client that acknowledges a write only once the
 * server it talks to can read it (issue 5: "a sale is readable right after it is made").
 *
 * An sqld replica forwards a write to its primary and answers once the primary has
 * committed it, but its own copy catches up a moment later: a read sent right after
 * may not see the write (measured here: 4 reads in 10). Every hrana result carries the
 * server's replication index, so after a write batch this polls the same server with
 * `SELECT 1` until its index has reached the write's. Against a primary the first poll
 * already has it: one extra round trip per write.
 */

interface Options {
  /** Stop waiting after this long and answer anyway (a replica cut off from its primary). */
  waitMs?: number;
  fetch?: typeof fetch;
}

interface PipelineBody {
  requests?: Array<{ type?: string; batch?: { steps?: Array<{ stmt?: { sql?: string } }> } }>;
}

/** libSQL's write-mode batch starts with BEGIN IMMEDIATE (BatchWriter's only kind of write). */
function isWrite(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as PipelineBody;
    return (parsed.requests ?? []).some((r) =>
      (r.batch?.steps ?? []).some((s) => /^\s*BEGIN\s+IMMEDIATE/i.test(s.stmt?.sql ?? '')),
    );
  } catch {
    return false;
  }
}

/** The highest `replication_index` anywhere in a pipeline response. */
export function replicationIndexOf(body: string): number | undefined {
  let highest: number | undefined;
  for (const match of body.matchAll(/"replication_index"\s*:\s*"?(\d+)"?/g)) {
    const index = Number(match[1]);
    if (highest === undefined || index > highest) highest = index;
  }
  return highest;
}

const PROBE = JSON.stringify({
  requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }],
});

export function readYourWrites(options: Options = {}): typeof fetch {
  // Wrapped: Workers throw "Illegal invocation" when fetch is called as a method.
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const waitMs = options.waitMs ?? 5_000;

  async function caughtUp(url: string, headers: Headers, index: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (let delay = 1; Date.now() < deadline; delay = Math.min(delay * 2, 20)) {
      const probe = await send(url, { method: 'POST', headers, body: PROBE });
      const seen = probe.ok ? replicationIndexOf(await probe.text()) : undefined;
      if (!probe.ok) await probe.body?.cancel();
      if (seen === undefined || seen >= index) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method !== 'POST' || !/\/pipeline$/.test(new URL(request.url).pathname)) {
      return send(request);
    }
    const body = await request.text();
    const response = await send(request.url, { method: 'POST', headers: request.headers, body });
    if (!response.ok || !isWrite(body)) return response;
    const text = await response.text();
    const index = replicationIndexOf(text);
    if (index !== undefined) await caughtUp(request.url, request.headers, index);
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
