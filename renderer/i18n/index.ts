/**
 * One i18n layer for all user text (i18next, read through useTranslation below). Vietnamese is the default;
 * English is a switch remembered per machine in localStorage. Catalog names (domains/) carry
 * their own vi/en pair: read them with `localText()` so they follow the same switch.
 */
import i18next, { type TFunction } from 'i18next';
import { useCallback, useSyncExternalStore } from 'react';
import type { Lang, LocalText } from '../../domains/text';
import { setFormatLanguage } from '../format';
import { en } from './en';
import { vi } from './vi';

const STORAGE_KEY = 'iocwall.lang';
export const LANGS: Lang[] = ['vi', 'en'];

function storedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' || v === 'vi' ? v : 'vi';
  } catch {
    return 'vi'; // storage can be disabled (kiosk profiles); Vietnamese then
  }
}

export const i18n = i18next.createInstance();
const initial = storedLang();
setFormatLanguage(initial);
void i18n.init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'vi',
  initAsync: false, // resources are bundled: render the first frame already translated
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
/** The page's language attribute; none where there is no page (the host drawing a first frame). */
function markPage(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
markPage(initial);

i18n.on('languageChanged', (lng) => {
  const lang: Lang = lng === 'en' ? 'en' : 'vi';
  setFormatLanguage(lang);
  markPage(lang);
});

/** What a component translates with: `t` of the current language (new per language), and the instance. */
export interface Translation {
  t: TFunction;
  i18n: typeof i18n;
}

/**
 * `t` of one language, keeping what a key without options translates to: a panel's labels are
 * asked for again by every component that shows them, at every mount (i18next resolves each
 * call through its key, fallback, nesting and interpolation steps). Bounded by the catalogs' keys;
 * emptied when a bundle is added (cameras/strings.ts adds its own at load), so a key missing
 * before is looked up again. Calls with options (counts, values) go to i18next every time.
 */
let plainTexts = new globalThis.Map<string, unknown>();
i18n.store.on('added', () => plainTexts.clear());
function translator(lng: string): TFunction {
  const fixed = i18n.getFixedT(lng) as unknown as (...args: unknown[]) => unknown;
  const plain = (plainTexts = new globalThis.Map<string, unknown>());
  return ((key: unknown, ...rest: unknown[]) => {
    if (rest.length > 0 || typeof key !== 'string') return fixed(key, ...rest);
    let s = plain.get(key);
    if (s === undefined) plain.set(key, (s = fixed(key)));
    return s;
  }) as unknown as TFunction;
}

let translation: Translation = { t: translator(i18n.language), i18n };
const translationListeners = new Set<() => void>();
i18n.on('languageChanged', (lng) => {
  translation = { t: translator(lng), i18n };
  for (const l of translationListeners) l();
});
const subscribeTranslation = (l: () => void) => {
  translationListeners.add(l);
  return () => void translationListeners.delete(l);
};
const getTranslation = () => translation;

/**
 * The translator, re-rendering on a language change: the one way components translate.
 * react-i18next's own hook does per component, on every render, what only a language change
 * alters (its options merged, its namespaces serialised and checked as loaded, a fixed `t`
 * looked up), and each component it renders subscribes to i18next on its own: on a cold layout
 * switch, six pages mounting every panel's components, that was ~4 % of their JavaScript.
 * Here one snapshot per language is shared by every component (the catalogs are bundled and
 * loaded at start, so a language change is the only thing that changes what `t` returns).
 */
export function useTranslation(): Translation {
  return useSyncExternalStore(subscribeTranslation, getTranslation, getTranslation);
}

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'vi';
}

export function setLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    /* not persisted; still switch for this page */
  }
  void i18n.changeLanguage(lang);
}

/** The active language, re-rendering on change, plus a reader for catalog LocalText. */
export function useLang(): { lang: Lang; lt: (text: LocalText) => string } {
  const { i18n: inst } = useTranslation();
  const lang: Lang = inst.language === 'en' ? 'en' : 'vi';
  // Stable per language: panels use it in memo deps, and a new function each render would
  // redraw their maps on every clock tick.
  const lt = useCallback((text: LocalText) => text[lang], [lang]);
  return { lang, lt };
}

export function localText(text: LocalText, lang: Lang = currentLang()): string {
  return text[lang];
}
