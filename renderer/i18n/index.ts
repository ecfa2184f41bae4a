import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import sv from './sv.json';

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Each language by its own name (a visitor looks for their language, not for its Swedish name). */
export const LANGUAGE_NAMES: Record<Language, string> = { sv: 'Svenska', en: 'English' };
const STORAGE_KEY = 'lucka.language';

function savedLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'sv';
}

/** Swedish first: sv is the default and the fallback for any key English lacks. */
void i18n.use(initReactI18next).init({
  resources: { sv: { translation: sv }, en: { translation: en } },
  lng: savedLanguage(),
  fallbackLng: 'sv',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** `remember: false` for the kiosk: a visitor's choice must not become the counter's language (same storage). */
export function setLanguage(lng: Language, remember = true): void {
  if (remember) globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  void i18n.changeLanguage(lng);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
