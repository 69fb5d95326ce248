// Turkish folding in the browser, the same rules as core's one folding function (src/core/turkish_fold.*):
// İ→i, I→ı→i, ş→s, ğ→g, ç→c, ö→o, ü→u, then lower case. Used for instant filtering of lists already loaded;
// searches that reach the server are folded there.
const MAP: Record<string, string> = {
  İ: 'i', I: 'i', ı: 'i', Ş: 's', ş: 's', Ğ: 'g', ğ: 'g', Ç: 'c', ç: 'c', Ö: 'o', ö: 'o', Ü: 'u', ü: 'u',
  Â: 'a', â: 'a', Î: 'i', î: 'i', Û: 'u', û: 'u',
};

export function foldTurkish(s: string): string {
  let out = '';
  for (const ch of s) out += MAP[ch] ?? ch.toLowerCase();
  return out;
}

/** Digits only, for phone inputs ("0532 123 45 67" → "05321234567"). */
export function digits(s: string): string {
  return s.replace(/\D+/g, '');
}
