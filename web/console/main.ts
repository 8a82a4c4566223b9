import { preferredLocale, useLocale } from '../shared/locale';
import { updates } from '../shared/updates';
import './elements/console-app';
import { consoleState } from './state';

/** Boots the console (issue 9): language, the stored session, then its own service worker. */
const locale = preferredLocale();
document.documentElement.lang = locale;
void Promise.all([locale === 'en' ? undefined : useLocale(locale), consoleState.boot()]).then(
  () => {
    document.body.dataset.ready = 'true';
  },
);
addEventListener('load', () => void updates.register('/console/sw.js', '/console/'));
