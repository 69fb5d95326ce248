// Dates, times and durations as people in Turkey read them: always Europe/Istanbul, whatever the browser's zone.
import { currentLang, t } from './i18n';

const ZONE = 'Europe/Istanbul';

function locale(): string {
  return currentLang() === 'en' ? 'en-GB' : 'tr-TR';
}

/** "29.11.2026 23:15" (or the English equivalent), in Istanbul time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** "29.11.2026" in Istanbul time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(iso),
  );
}

/** "23:15" in Istanbul time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** Today's date in Istanbul as YYYY-MM-DD (for API date filters). */
export function istanbulToday(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** A duration in the largest sensible unit: "45 dk", "5 sa", "3 gün". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return t('time.minutes', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('time.hours', { n: hours });
  return t('time.days', { n: Math.round(hours / 24) });
}

export type SlaLevel = 'ok' | 'soon' | 'late' | 'none';

/** Time left until `due` (negative when overdue), its colour level, and a text such as "5 sa kaldı". */
export function slaState(dueIso: string | null | undefined, now = Date.now()): { level: SlaLevel; text: string; ms: number } {
  if (!dueIso) return { level: 'none', text: '', ms: Number.POSITIVE_INFINITY };
  const ms = new Date(dueIso).getTime() - now;
  if (ms < 0) return { level: 'late', text: t('time.overdueBy', { time: formatDuration(ms) }), ms };
  const level: SlaLevel = ms < 4 * 3_600_000 ? 'soon' : 'ok';
  return { level, text: t('time.left', { time: formatDuration(ms) }), ms };
}

/** Integers with the locale's grouping: 12.345 */
export function formatNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}
