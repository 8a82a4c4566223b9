import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from '../generated/locale-codes';

/**
 * Languages (issue 4): English in the source, Simplified Chinese from
 * xliff/zh-CN.xlf (`npm run i18n`), loaded only when chosen. More by file.
 */

export type Locale = typeof sourceLocale | (typeof targetLocales)[number];

const STORAGE_KEY = 'airload.locale';
const loaders: Record<(typeof targetLocales)[number], () => Promise<unknown>> = {
  'zh-CN': () => import('../generated/locales/zh-CN'),
};

export const { getLocale, setLocale: setLitLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => loaders[locale as keyof typeof loaders]() as never,
});

export const LOCALES: readonly Locale[] = [sourceLocale, ...targetLocales];

/** The saved choice, else the phone's language when we have it, else English. */
export function preferredLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const wantsChinese = navigator.languages?.some((l) => l.toLowerCase().startsWith('zh'));
  return wantsChinese ? 'zh-CN' : sourceLocale;
}

export async function useLocale(locale: Locale): Promise<void> {
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  await setLitLocale(locale);
}
