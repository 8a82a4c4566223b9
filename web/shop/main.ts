import { app } from './app-state';
import './elements/airload-app';
import { preferredLocale, useLocale } from '../shared/locale';
import { updates } from '../shared/updates';

/** Boots the page: language, state from IndexedDB, then the service worker after first paint. */
const locale = preferredLocale();
document.documentElement.lang = locale;
void Promise.all([locale === 'en' ? undefined : useLocale(locale), app.boot()]).then(() => {
  document.body.dataset.ready = 'true';
});
addEventListener('load', () => void updates.register('./sw.js'));
