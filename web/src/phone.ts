// Turkish phone numbers as people type them, by the same rules as the server's NormalizePhone
// (src/core/phone.cpp): "+90…", "0090…", "90…", "0…" or the bare 10 digits, with spaces, dashes, dots, brackets.
// The console uses it to know when a number is complete, the portal to explain what is wrong with one.

export type PhoneProblem = 'empty' | 'chars' | 'foreign' | 'length';

/** The number as "+90XXXXXXXXXX", or what is wrong with it. */
export function parsePhone(input: string): { phone: string } | { problem: PhoneProblem } {
  const s = input.trim();
  if (s.length > 64) return { problem: 'length' };
  let plus = false;
  let d = '';
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') d += ch;
    else if (ch === '+' && d === '' && !plus) plus = true;
    else if (!' \t-.()/'.includes(ch)) return { problem: 'chars' };
  }
  if (!d) return { problem: 'empty' };
  if (plus) {
    if (!d.startsWith('90')) return { problem: 'foreign' };
    d = d.slice(2);
  } else if (d.startsWith('00')) {
    if (!d.startsWith('0090')) return { problem: 'foreign' };
    d = d.slice(4);
  } else if (d.length === 12 && d.startsWith('90')) {
    d = d.slice(2);
  }
  if (d.length === 11 && d.startsWith('0')) d = d.slice(1);
  if (d.length !== 10 || !'23458'.includes(d[0])) return { problem: 'length' };
  return { phone: `+90${d}` };
}

/** The number as "+90XXXXXXXXXX" once it is complete and plausible; null while it is not (yet). */
export function completePhone(input: string): string | null {
  const parsed = parsePhone(input);
  return 'phone' in parsed ? parsed.phone : null;
}

/** "+905321234567" → "0532 123 45 67", for reading. */
export function displayPhone(e164: string): string {
  const m = /^\+90(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `0${m[1]} ${m[2]} ${m[3]} ${m[4]}` : e164;
}
