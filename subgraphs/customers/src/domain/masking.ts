// How personal data looks to callers without `pii:read`.

/** "li.wei@example.com" → "l***@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** "Li Wei" → "L*** W***" (each word's first character). */
export function maskName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words.length ? words.map((w) => `${[...w][0]}***`).join(' ') : '***';
}

/** "+86 512 5555 1234" → "+86 *** **** 1234": the country code and the last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const last = digits.length > 4 ? digits.slice(-4) : '';
  const country = phone.trim().match(/^\+(\d{1,3})[\s-]/)?.[1];
  return [country ? `+${country}` : null, '***', '****', last || null].filter(Boolean).join(' ');
}
