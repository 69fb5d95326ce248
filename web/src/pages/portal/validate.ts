// Checks the portal makes before sending, with the same rules as the server (core/phone.cpp, the 4000-character
// description, the tracking number's 11 digits), so that the citizen sees the message next to the field at once.
import type { MessageKey } from '../../i18n';

export const MAX_DESCRIPTION = 4000;
/** The portal route accepts at most this many photos per request (src/api/handlers/public.cpp). */
export const MAX_PHOTOS = 3;
/** photos.max_mb by default. */
export const MAX_PHOTO_MB = 8;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];
const PHOTO_EXT = /\.(jpe?g|png|webp|heic|heif)$/i;

/** A Turkish phone number written any common way → null when acceptable, else the message key. */
export function phoneProblem(input: string): MessageKey | null {
  const s = input.trim();
  if (!s) return 'portal.err.phoneEmpty';
  if (s.length > 64) return 'portal.err.phoneLength';
  let digits = '';
  let plus = false;
  for (const c of s) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c === '+' && !digits && !plus) plus = true;
    else if (!' \t-.()/'.includes(c)) return 'portal.err.phoneChars';
  }
  if (!digits) return 'portal.err.phoneEmpty';
  let national = digits;
  if (plus) {
    if (!national.startsWith('90')) return 'portal.err.phoneForeign';
    national = national.slice(2);
  } else if (national.startsWith('00')) {
    if (!national.startsWith('0090')) return 'portal.err.phoneForeign';
    national = national.slice(4);
  } else if (national.length === 12 && national.startsWith('90')) {
    national = national.slice(2);
  }
  if (national.length === 11 && national.startsWith('0')) national = national.slice(1);
  if (national.length !== 10 || !'23458'.includes(national[0])) return 'portal.err.phoneLength';
  return null;
}

/** A plain, permissive e-mail check (the server decides in the end). */
export function emailOk(s: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s.trim()) && s.trim().length <= 254;
}

/** "2026 004512 6", "20260045126" → "2026-004512-6"; null when it is not 11 digits. */
export function normaliseTrackingNumber(s: string): string | null {
  const d = s.replace(/[\s-]+/g, '');
  if (!/^\d{11}$/.test(d)) return null;
  return `${d.slice(0, 4)}-${d.slice(4, 10)}-${d.slice(10)}`;
}

export function isPhoto(file: File): boolean {
  return PHOTO_TYPES.includes(file.type.toLowerCase()) || (!file.type && PHOTO_EXT.test(file.name));
}
