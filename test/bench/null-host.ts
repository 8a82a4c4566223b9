import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The null hosts of `npm run bench` (issue 13): what this machine gives an HTTP server
 * that does none of a sale's work, under the bench's own load, as the ceiling Airload's
 * figure is read against. It reads the request's JSON and answers 201 with a body the
 * size of a sale's. `node:http` is Node's server alone; `hono` is the same framework and
 * adapter as worker/node.ts, with no middleware and no database. Run as its own process
 * (`tsx test/bench/null-host.ts node:http|hono`); prints `null host on <port>`.
 */

const SALE = JSON.stringify({
  id: '01a237bd-4c80-7214-b22c-a8cdcf8ffb1e',
  msisdn: '+254712345678',
  amount: 1000,
  currency: 'KES',
  product_id: 'safaricom-airtime',
  operator: 'safaricom',
  status: 'succeeded',
  commission: 60,
  carrier_ref: 'SIM-01a237bd4c807214',
  failure_code: null,
  channel: 'app',
  created_at: '2026-12-02T17:00:00.000Z',
  updated_at: '2026-12-02T17:00:00.000Z',
});

const kind = process.argv[2];
const announce = (port: number) => console.log(`null host on ${port}`);

if (kind === 'hono') {
  const app = new Hono();
  app.post('/api/v1/sales', async (c) => {
    await c.req.json();
    return c.body(SALE, 201, { 'content-type': 'application/json' });
  });
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => announce(info.port));
} else {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      JSON.parse(body);
      res.writeHead(201, { 'content-type': 'application/json' }).end(SALE);
    });
  });
  server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
}
