import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { snapshotWorker } from '../../scripts/edge/wrangler';
import { ensureSqld } from '../../scripts/setup-sqld';

declare module 'vitest' {
  export interface ProvidedContext {
    /** What every `wrangler dev` of the edge project serves: a snapshot of the Worker, and its assets. */
    edgeWorker: { root: string; assets: string };
  }
}

/**
 * Once per run of the edge project (issue 5): fetches sqld when it is missing, and
 * snapshots the Worker's sources, since wrangler dev restarts the Worker (failing the
 * requests in flight) when a file of this checkout changes mid-run. The API needs no
 * PWA, and another project may be rebuilding web/dist meanwhile: the Workers host
 * serves a one-page asset directory instead.
 */
export default function setup(project: TestProject) {
  ensureSqld();
  const dir = mkdtempSync(join(tmpdir(), 'airload-edge-'));
  const root = snapshotWorker(join(dir, 'project'));
  const assets = join(dir, 'assets');
  mkdirSync(assets);
  writeFileSync(join(assets, 'index.html'), '<!doctype html><title>Airload</title>\n');
  project.provide('edgeWorker', { root, assets });
  return () => rmSync(dir, { recursive: true, force: true });
}
