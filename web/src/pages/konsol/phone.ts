// Turkish phone numbers as the agent types them, by the same rules as the server's NormalizePhone
// (src/core/phone.cpp): "+90…", "0090…", "90…", "0…" or the bare 10 digits, with spaces, dashes, dots, brackets.

/** The number as "+90XXXXXXXXXX" once it is complete and plausible; null while it is not (yet). */
export function completePhone(input: string): string | null {
  let plus = false;
  let d = '';
  for (const ch of input) {
    if (ch >= '0' && ch <= '9') d += ch;
    else if (ch === '+' && d === '' && !plus) plus = true;
    else if (!' \t-.()/'.includes(ch)) return null;
  }
  if (plus) {
    if (!d.startsWith('90')) return null;
    d = d.slice(2);
  } else if (d.startsWith('00')) {
    if (!d.startsWith('0090')) return null;
    d = d.slice(4);
  } else if (d.length === 12 && d.startsWith('90')) {
    d = d.slice(2);
  }
  if (d.length === 11 && d.startsWith('0')) d = d.slice(1);
  if (d.length !== 10 || !'23458'.includes(d[0])) return null;
  return `+90${d}`;
}

/** "+905321234567" → "0532 123 45 67", for reading. */
export function displayPhone(e164: string): string {
  const m = /^\+90(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `0${m[1]} ${m[2]} ${m[3]} ${m[4]}` : e164;
}
