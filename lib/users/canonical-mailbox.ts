// The mailbox an e-mail address delivers to, which limits count: lower-cased, a `+tag` removed for every
// domain, and for Gmail the dots removed and googlemail.com read as gmail.com. Client-safe and pure; the
// same rule is the SQL function canonical_mailbox (db/routines/canonical-mailbox.sql), and
// lib/users/canonical-mailbox.test.ts holds both to one table of cases.
const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

export function canonicalMailbox(email: string): string {
  const address = email.toLowerCase();
  const at = address.lastIndexOf("@");
  if (at < 0) return address;
  const domain = GMAIL_DOMAINS.has(address.slice(at + 1)) ? "gmail.com" : address.slice(at + 1);
  let local = address.slice(0, at).replace(/^([^+]+)\+.*$/s, "$1");
  if (domain === "gmail.com") local = local.replaceAll(".", "");
  return `${local}@${domain}`;
}
