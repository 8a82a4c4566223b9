import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The size budgets on the build the global setup made. The shop (issue 4): the
 * JavaScript of the first screen (the entry and everything it imports statically) at
 * most 50 KB gzipped, all JavaScript its service worker precaches at most 100 KB
 * gzipped. The console (issue 9): its first screen at most 120 KB gzipped, uPlot
 * included; each service worker precaches its own app only.
 */

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const KB = 1024;
const FIRST_SCREEN_BUDGET = 50 * KB;
const PRECACHE_BUDGET = 100 * KB;
const CONSOLE_FIRST_SCREEN_BUDGET = 120 * KB;

const read = (path: string) => readFileSync(`${DIST}${path}`, 'utf8');
const gzipped = (path: string) => gzipSync(readFileSync(`${DIST}${path}`), { level: 9 }).length;

/** The chunks `path` imports statically (`import ... from "./x.js"`), not `import("./x.js")`. */
function staticImports(path: string): string[] {
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  const found = read(path).matchAll(
    /(?<![\w$.])import\s*(?:[\w$*{}\s,]*?from\s*)?["'](\.\/[^"']+)["']/g,
  );
  return [...found].map((m) => `${dir}${m[1]!.slice(2)}`);
}

function firstScreenChunks(page = 'index.html'): string[] {
  const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(read(page))?.[1];
  if (!entry) throw new Error(`no module script in ${page}`);
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const next of staticImports(path)) visit(next);
  };
  visit(entry);
  return [...seen];
}

function precachedScripts(sw = 'sw.js'): string[] {
  const urls = [...read(sw).matchAll(/["']?url["']?:\s*["']\/?([^"']+\.js)["']/g)].map(
    (m) => m[1]!,
  );
  return [...new Set(urls)];
}

const total = (paths: string[]) => paths.reduce((sum, path) => sum + gzipped(path), 0);
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

describe('bundle budget', () => {
  it('keeps the first screen within 50 KB of gzipped JavaScript', () => {
    const chunks = firstScreenChunks();
    const size = total(chunks);
    console.log(
      `first screen: ${kb(size)} gzipped in ${chunks.length} chunks: ${chunks.join(', ')}`,
    );
    expect(size).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
    // The phone number metadata and the other screens (the visit code with its HMAC) load
    // only when opened.
    expect(
      chunks.some((c) =>
        /sell-screen|history-screen|commission-screen|visit-code-screen|disputes-screen/.test(c),
      ),
    ).toBe(false);
  });

  it('keeps everything the service worker precaches within 100 KB of gzipped JavaScript', () => {
    const scripts = precachedScripts();
    const size = total(scripts);
    console.log(`precached: ${kb(size)} gzipped in ${scripts.length} scripts`);
    for (const path of scripts) console.log(`  ${path} ${kb(gzipped(path))}`);
    // Every screen is precached, so that it opens offline.
    const screens = [
      'sell-screen',
      'receipt-screen',
      'history-screen',
      'commission-screen',
      'visit-code-screen',
      'disputes-screen',
    ];
    for (const screen of screens) {
      expect(scripts.some((s) => s.includes(screen))).toBe(true);
    }
    expect(scripts).toEqual(expect.arrayContaining(firstScreenChunks()));
    expect(size).toBeLessThanOrEqual(PRECACHE_BUDGET);
  });

  it('keeps the console out of the shop, and the shop out of the console', () => {
    const shop = precachedScripts();
    const consoleScripts = precachedScripts('console/sw.js');
    const [consoleEntry] = firstScreenChunks('console/index.html');
    expect(shop).not.toContain(consoleEntry);
    expect(shop.some((s) => /manager-screens|retailers-screen/.test(s))).toBe(false);
    expect(consoleScripts).toEqual(expect.arrayContaining(firstScreenChunks('console/index.html')));
    expect(consoleScripts.some((s) => /shop-|sell-screen|history-screen/.test(s))).toBe(false);
  });

  it('keeps the console first screen within 120 KB of gzipped JavaScript', () => {
    const chunks = firstScreenChunks('console/index.html');
    const size = total(chunks);
    console.log(`console first screen: ${kb(size)} gzipped in ${chunks.length} chunks`);
    expect(size).toBeLessThanOrEqual(CONSOLE_FIRST_SCREEN_BUDGET);
  });
});
