/**
 * The null Worker of `npm run bench:edge` (issue 13): for each request, `?n=` subrequests
 * one after another, each a one-statement read (SELECT 1) on the libSQL server at
 * UPSTREAM, then a 201 with a small JSON body. What the dev server and the machine give
 * a Worker with a sale's count of subrequests and none of its work.
 */
const READ = JSON.stringify({
  requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }],
});

export default {
  async fetch(request: Request, env: { UPSTREAM: string }): Promise<Response> {
    await request.text();
    const n = Number(new URL(request.url).searchParams.get('n') ?? 0);
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${env.UPSTREAM}/v2/pipeline`, { method: 'POST', body: READ });
      if (!res.ok) return new Response(await res.text(), { status: 502 });
      await res.text();
    }
    return new Response('{"ok":true}', {
      status: 201,
      headers: { 'content-type': 'application/json' },
    });
  },
};
