import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { consoleServiceWorker, onlyFilesOf, precachePerEntry } from './precache';

/**
 * One build of the two web apps (issue 9): the shop's PWA at / (index.html, shop/) and
 * the console at /console/ (console/index.html, console/), sharing shared/.
 *
 * The shop (issue 4): Lit app split per screen, a Workbox service worker built from
 * shop/sw.ts (injectManifest) that precaches the shell, every screen and the Chinese
 * strings, so the whole app works offline after the first visit, and nothing of the
 * console. The console's service worker is built by consoleServiceWorker (precache.ts).
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        shop: resolve(import.meta.dirname, 'index.html'),
        console: resolve(import.meta.dirname, 'console/index.html'),
      },
    },
  },
  plugins: [
    precachePerEntry(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'shop',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        name: 'Airload',
        short_name: 'Airload',
        description: 'Sell airtime from your wallet, even when the network is bad.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f3f5f4',
        theme_color: '#0b6e4f',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['console/**'],
        manifestTransforms: [onlyFilesOf('index.html')],
        minify: true,
      },
    }),
    // After VitePWA: it takes the shop's manifest link out of the console's page.
    consoleServiceWorker(),
  ],
});
