// assertAdmission: a hold on a product with a waiting room needs the shopper's own admitted ticket for
// that product (403 admission_required otherwise). Whose ticket it is never changes, so that is judged
// here; whether it still admits is judged again by place_holds under the product's lock, where the hold
// uses it up.
import { DomainError } from "../errors";
import { readTicketForHold } from "./queries";

export async function assertAdmission(
  productId: string,
  mailbox: string,
  ticketId: string | undefined,
): Promise<{ ticketId: string }> {
  if (!ticketId) {
    throw new DomainError("admission_required", "This sale has a waiting room: join it, and buy when it admits you.");
  }
  const ticket = await readTicketForHold(ticketId);
  if (!ticket || ticket.product_id !== productId || ticket.shopper !== mailbox) {
    throw new DomainError("admission_required", "This ticket is not yours for this product: join the waiting room.");
  }
  if (!ticket.admitted) {
    const why =
      ticket.status === "waiting"
        ? "It is not your turn yet: wait until the waiting room admits you."
        : ticket.status === "used"
          ? "Your admission was used: it gives one hold."
          : ticket.status === "closed"
            ? "The waiting room closed before your turn."
            : "Your admission has lapsed.";
    throw new DomainError("admission_required", why);
  }
  return { ticketId };
}
