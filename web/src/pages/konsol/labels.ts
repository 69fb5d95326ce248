// Words for the API's codes (types, statuses, channels, contact outcomes) in the interface language. The server's
// Turkish labels (the catalog's meta, `status_label`) are the fallback for a code this file does not know yet.
import { t, type MessageKey } from '../../i18n';

export function codeLabel(kind: 'type' | 'status' | 'channel' | 'outcome', code: string | null | undefined, fallback?: string): string {
  if (!code) return fallback ?? '';
  const key = `konsol.code.${kind}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? (fallback ?? code) : text;
}

/** The tracking number split into its groups ("2026", "000106", "1") for reading aloud. */
export function trackingGroups(tn: string): string[] {
  return tn.split('-');
}
