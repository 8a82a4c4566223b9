import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHost, startNodeHost } from './support/node-process';

/**
 * Issue 14 item 2: a `413 body_too_large` must not poison a keep-alive connection. The
 * next request on the same connection (one socket: maxSockets 1) gets its answer.
 */

const dir = mkdtempSync(join(tmpdir(), 'airload-keep-alive-'));
let host: NodeHost;
beforeAll(async () => {
  host = await startNodeHost({
    DATABASE_URL: `file:${join(dir, 'airload.db')}`,
    PORT: '0',
    SEED_DEMO: '0',
    JWT_SECRET: 'keep-alive-test-secret-at-least-32-chars',
    KDF_ITERATIONS: '1000',
  });
});
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Which connection answered: the client port of its socket. */
  socket: number;
}

function send(
  agent: Agent,
  method: string,
  path: string,
  body?: { bytes: number; chunked?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, host.url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (body && !body.chunked) headers['content-length'] = String(body.bytes);
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text,
          socket: req.socket?.localPort ?? 0,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let sent = 0; sent < body.bytes; sent += chunk.length)
        req.write(chunk.subarray(0, Math.min(chunk.length, body.bytes - sent)));
    }
    req.end();
  });
}

describe('a keep-alive connection after a 413', () => {
  for (const chunked of [false, true]) {
    it(`answers the next request on it, after 2 MB bodies ${chunked ? 'sent chunked' : 'with a Content-Length'}`, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; i < 3; i++) {
          const res = await send(agent, 'POST', '/api/v1/auth/login', {
            bytes: 2 * 1024 * 1024,
            chunked,
          });
          expect(res.status).toBe(413);
          expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'body_too_large' } });
          // What the answer says about the connection is what happens to it.
          if (res.headers.connection === 'close') continue;
        }
        const next = await send(agent, 'GET', '/health');
        expect(next.status).toBe(200);
      } finally {
        agent.destroy();
      }
    });
  }

  it('keeps the connection itself open after a moderately oversize body', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, 'POST', '/api/v1/auth/login', { bytes: 2 * 1024 * 1024 });
      expect(first.status).toBe(413);
      expect(first.headers.connection).not.toBe('close');
      const next = await send(agent, 'GET', '/health');
      expect(next.status).toBe(200);
      expect(next.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });
});
