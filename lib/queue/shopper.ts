// Who a waiting-room ticket belongs to: one ticket per shopper and product. The shopper is the
// e-mail address lower-cased (the schemas lower-case it on input); a signed-in customer's is the
// account's. The hold path compares the same key, so a ticket admits only its own shopper.
export function shopperKey(email: string): string {
  return email.trim().toLowerCase();
}
