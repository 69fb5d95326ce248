// Checks the portal makes before sending, with the same rules as the server (core/phone.cpp, the 4000-character
// description, the tracking number's 11 digits), so that the citizen sees the message next to the field at once.
import type { MessageKey } from '../../i18n';
import { type PhoneProblem, parsePhone } from '../../phone';

export const MAX_DESCRIPTION = 4000;
/** The portal route accepts at most this many photos per request (the server's api/handlers/public.cpp). */
export const MAX_PHOTOS = 3;

const PHONE_MESSAGES: Record<PhoneProblem, MessageKey> = {
  empty: 'portal.err.phoneEmpty',
  chars: 'portal.err.phoneChars',
  foreign: 'portal.err.phoneForeign',
  length: 'portal.err.phoneLength',
};

/** A Turkish phone number written any common way → null when acceptable, else the message key. */
export function phoneProblem(input: string): MessageKey | null {
  const parsed = parsePhone(input);
  return 'problem' in parsed ? PHONE_MESSAGES[parsed.problem] : null;
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
