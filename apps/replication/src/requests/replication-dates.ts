/** Today in Central Java (WIB), as YYYY-MM-DD: dates of agreements and reports are local days. */
export function todayInJakarta(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isFutureDay(day: string, now: Date = new Date()): boolean {
  return day > todayInJakarta(now);
}
