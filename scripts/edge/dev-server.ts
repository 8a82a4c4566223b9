import { unstable_startWorker } from 'wrangler';

/**
 * wrangler's dev server (the one `wrangler dev` runs: its proxy worker in front of the
 * Worker in workerd, local Durable Objects, the same bundling) without its DevTools
 * inspector, for the edge benchmark (issue 13). The CLI always attaches the inspector,
 * which enables DevTools' Network domain: workerd then reports every subrequest (each
 * read, each Durable Object call, the carrier) to wrangler's Node process, which cost a
 * sale more CPU than the Worker itself (docs/bench.md). Production Workers have no such
 * inspector. Started by scripts/edge/wrangler.ts with `inspector: false`; prints
 * `ready <url>` once it serves; ends the Worker on SIGTERM.
 *
 * argv: <config> <port> <persist dir> <assets dir or ""> <vars as JSON>
 */

const [config, port, persist, assets, vars] = process.argv.slice(2);
const worker = await unstable_startWorker({
  config,
  ...(assets ? { assets } : {}),
  bindings: Object.fromEntries(
    Object.entries(JSON.parse(vars ?? '{}') as Record<string, string>).map(([name, value]) => [
      name,
      { type: 'plain_text' as const, value },
    ]),
  ),
  dev: {
    server: { hostname: '127.0.0.1', port: Number(port) },
    inspector: false,
    persist,
    watch: false,
    liveReload: false,
    testScheduled: true,
    logLevel: 'warn',
  },
});
await worker.ready;
console.log(`ready ${String(await worker.url)}`);

const stop = () => {
  void worker.dispose().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
