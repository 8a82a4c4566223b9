/** Names the page and the service worker share. */
export const OUTBOX_SYNC_TAG = 'airload-outbox';
export const CHANNEL_NAME = 'airload';
