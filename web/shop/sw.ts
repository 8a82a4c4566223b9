/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  type PrecacheEntry,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { flushInBackground } from './outbox/background';
import { CHANNEL_NAME, OUTBOX_SYNC_TAG } from './outbox/background-names';

/**
 * The service worker (injectManifest, issue 4), kept thin: the shell from the precache,
 * every navigation answered with the cached page, the API never cached (the page keeps
 * its data in IndexedDB), and the outbox flushed on Background Sync.
 */
declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<PrecacheEntry | string>;
};

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    // The console has its own page and service worker (scope /console/).
    denylist: [/^\/api\//, /^\/health/, /^\/console(\/|$)/],
  }),
);
// The first install takes the open page at once; later versions wait for the page to ask.
clientsClaim();

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== OUTBOX_SYNC_TAG) return;
  sync.waitUntil(
    flushInBackground().finally(() => new BroadcastChannel(CHANNEL_NAME).postMessage('flushed')),
  );
});
