/**
 * A request body the app did not read (one refused before its body mattered: a 413, a
 * 401) is read out before the answer goes, up to READ_OUT_LIMIT bytes, so the client's
 * keep-alive connection stays usable (issue 14 item 2). Past the bound, or when the app
 * gave up part way through reading it, the answer says `Connection: close`, which is
 * then what happens to the connection. Web APIs only: both hosts use it.
 */
export const READ_OUT_LIMIT = 8 * 1024 * 1024;

async function drain(body: ReadableStream<Uint8Array>, limit: number): Promise<boolean> {
  const reader = body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      bytes += value.byteLength;
      if (bytes > limit) {
        await reader.cancel().catch(() => {});
        return false;
      }
    }
  } catch {
    return false;
  }
}

export async function readOut(
  request: Request,
  response: Response,
  limit = READ_OUT_LIMIT,
): Promise<Response> {
  const body = request.body;
  if (!body || request.bodyUsed) return response;
  // Locked: the app is reading it (its answer came first) or stopped part way (bodyLimit).
  const drained = body.locked ? response.status !== 413 : await drain(body, limit);
  if (drained) return response;
  const closing = new Response(response.body, response);
  closing.headers.set('connection', 'close');
  return closing;
}
