/**
 * Every date, time and number the console shows goes through here, so that they read as people in
 * Indonesia write them ("13 Oktober 2022", "09.30 WIB", "1.234,5") whatever the browser's own
 * locale and time zone.
 */
const TIME_ZONE = 'Asia/Jakarta';
const LOCALES = { id: 'id-ID', en: 'en-GB' } as const;
type Lang = keyof typeof LOCALES;

const locale = (lang: string) => LOCALES[(lang in LOCALES ? lang : 'id') as Lang];
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "2022-10-13" or an ISO date-time → "13 Oktober 2022" (a date-time is read in WIB). */
export function formatDate(value: string, lang: string): string {
  // A calendar date has no time zone: read it as UTC so no offset moves it to the day before.
  const timeZone = DATE_ONLY.test(value) ? 'UTC' : TIME_ZONE;
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
}

/** An ISO date-time → "09.30 WIB" (the clock in Jakarta, whatever the browser's zone). */
export function formatTime(value: string, lang: string): string {
  const time = new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }).format(new Date(value));
  // Indonesian writes 09.30; the English switch keeps the same clock and zone, with a colon.
  return `${lang === 'en' ? time.replace('.', ':') : time.replace(':', '.')} WIB`;
}

/** An ISO date-time → "13 Oktober 2022, 09.30 WIB". */
export function formatDateTime(value: string, lang: string): string {
  return `${formatDate(value, lang)}, ${formatTime(value, lang)}`;
}

/** 1234.5 → "1.234,5" in Indonesian, "1,234.5" in English. */
export function formatNumber(value: number, lang: string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits }).format(value);
}

/** Today's calendar date in WIB ("2022-11-13"), as the services count a window's days. */
export function todayWib(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE }).format(now);
}
