import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en/translation.json';
import id from '../locales/id/translation.json';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'lumbung.language';

/** Bahasa Indonesia unless the user switched to English on this browser before. */
function initialLanguage(): Language {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'id';
}

// Both locales are small and bundled: a switch answers at once, without a request.
void i18next.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The page declares its language (screen readers, hyphenation, axe) and follows the switch. */
function declare(language: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
declare(i18next.language);
i18next.on('languageChanged', (language) => {
  declare(language);
  localStorage.setItem(STORAGE_KEY, language);
});

export default i18next;
