/**
 * The null Worker of `npm run bench:edge` (issue 13): reads the request and answers 201
 * with a small JSON body, nothing else. Served by the same dev server as Airload's
 * Worker, it is that dev server's ceiling on this machine.
 */
export default {
  async fetch(request: Request): Promise<Response> {
    await request.text();
    return new Response('{"ok":true}', {
      status: 201,
      headers: { 'content-type': 'application/json' },
    });
  },
};
