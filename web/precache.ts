import { resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import type { ManifestTransform } from 'workbox-build';

/**
 * One build, two apps (issue 9): each service worker precaches only what its own page
 * can load. The chunks reachable from each HTML entry (static and dynamic imports, and
 * their CSS) are found in the bundle; a manifest transform keeps those, and the files
 * that are no code (icons). The console's service worker is built here after the bundle,
 * the way vite-plugin-pwa builds the shop's (a Vite build of sw.ts, then Workbox's
 * injectManifest).
 */

const reachable = new Map<string, Set<string>>();
const CODE = /\.(js|css|html)$/;

/** A manifest transform keeping the files of one entry ("index.html", "console/index.html"). */
export const onlyFilesOf =
  (entry: string): ManifestTransform =>
  async (entries) => {
    const files = reachable.get(entry);
    if (!files) throw new Error(`no chunks found for ${entry}`);
    const manifest = entries.filter((e) => {
      const url = e.url.replace(/^\//, '');
      return CODE.test(url) ? files.has(url) : true;
    });
    return { manifest, warnings: [] };
  };

export function precachePerEntry(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'airload-precache-per-entry',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      reachable.clear();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry || !chunk.facadeModuleId) continue;
        const html = chunk.facadeModuleId.slice(config.root.length + 1);
        const files = new Set<string>([html]);
        const visit = (name: string) => {
          const next = bundle[name];
          if (files.has(name) || !next) return;
          files.add(name);
          if (next.type !== 'chunk') return;
          for (const css of next.viteMetadata?.importedCss ?? []) files.add(css);
          for (const asset of next.viteMetadata?.importedAssets ?? []) files.add(asset);
          for (const imported of [...next.imports, ...next.dynamicImports]) visit(imported);
        };
        visit(chunk.fileName);
        reachable.set(html, files);
      }
    },
  };
}

/** Builds console/sw.ts into dist/console/sw.js and injects the console's precache list. */
export function consoleServiceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'airload-console-sw',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    // The web manifest vite-plugin-pwa links into every page is the shop's: not the console's.
    transformIndexHtml: {
      order: 'post',
      handler: (html, context) =>
        context.path.startsWith('/console/')
          ? html.replace(/<link rel="manifest"[^>]*>/, '')
          : html,
    },
    async closeBundle() {
      const { build } = await import('vite');
      const { injectManifest } = await import('workbox-build');
      const outDir = resolve(config.root, config.build.outDir);
      const swDest = resolve(outDir, 'console/sw.js');
      await build({
        root: config.root,
        configFile: false,
        publicDir: false,
        logLevel: 'warn',
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          outDir: resolve(outDir, 'console'),
          emptyOutDir: false,
          target: 'es2022',
          minify: true,
          modulePreload: false,
          rollupOptions: {
            input: resolve(config.root, 'console/sw.ts'),
            output: { entryFileNames: 'sw.js', inlineDynamicImports: true, format: 'es' },
          },
        },
      });
      await injectManifest({
        swSrc: swDest,
        swDest,
        globDirectory: outDir,
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        globIgnores: ['sw.js', 'console/sw.js', 'workbox-*.js'],
        dontCacheBustURLsMatching: /^assets\//,
        // The worker lives at /console/sw.js: its URLs are made absolute from the root.
        modifyURLPrefix: { '': '/' },
        manifestTransforms: [onlyFilesOf('console/index.html')],
      });
    },
  };
}
