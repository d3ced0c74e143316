// placeHold: holds `quantity` units for a shopper for HOLD_TTL_SECONDS. Refusals a plain read
// already shows (unknown product, not live, over the limit, not enough stock) never queue on the
// product row lock; the rest go to place_holds, which decides under the lock (see hold-queue.ts
// and db/routines/place-holds.sql). The plain reads are shared between
// concurrent requests (product-reads.ts), and a refusal rests on a read made after the request
// arrived, or on one that the process's LISTEN connection shows no change has followed. Expired
// holds are stock: when the read shows too little and the product has expired holds, they are
// reclaimed first, whether or not a scheduler has run. A product with a waiting room holds only for
// the shopper's admitted ticket, which the hold uses up (checked here, decided under the lock). Limits,
// rate limits and tickets count the canonical mailbox, so sub-addresses and a guest sharing a customer's
// mailbox share one limit; the order keeps the address as typed. A product may take signed-in customers
// only, and a proof of work with each hold (spent once the cheap refusals are passed).
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import type { IdempotencyRef } from "../idempotency/run-idempotent";
import { placeHoldInputSchema, type Order } from "../orders/schemas";
import { toOrder } from "../orders/queries";
import { limitHoldRate } from "../rate-limit/limit-hold-rate";
import { verifyBotCheck } from "../bot-check/verify-bot-check";
import { assertAdmission } from "../queue/assert-admission";
import { canonicalMailbox } from "../users/canonical-mailbox";
import { isAccountMailbox } from "../users/queries";
import { parseInput } from "../validation";
import { enqueueHold } from "./hold-queue";
import { freshProduct, recentProduct, trustedProduct } from "./product-reads";
import type { ProductForHold } from "./queries";
import { reclaimExpiredHolds } from "./expiry";
import { recordRejection, type RejectionReason } from "./rejections";

function refuse(productId: string, reason: RejectionReason, units: number, message: string): never {
  recordRejection(productId, reason, units);
  throw new DomainError(reason, message);
}

export async function placeHold(
  input: unknown,
  actor: Actor,
  options: { idempotency?: IdempotencyRef | null; clientIp?: string } = {},
): Promise<Order> {
  const { productId, quantity, email: typedEmail, ticketId, altcha } = parseInput(placeHoldInputSchema, input);
  // A customer's holds belong to the account, under its own e-mail, whatever was typed.
  const email = actor.kind === "user" ? actor.email : typedEmail;
  const userId = actor.kind === "user" ? actor.userId : null;
  if (!email) {
    throw new DomainError("invalid_request", "An e-mail address is required to buy as a guest.", [
      { path: "email", message: "required for guests" },
    ]);
  }

  const mailbox = canonicalMailbox(email);
  // An account's mailbox is the account's: a guest may not spend its limit or hold in its name.
  if (!userId && (await isAccountMailbox(mailbox))) {
    throw new DomainError("sign_in_required", "This e-mail address belongs to an account: sign in to buy with it.");
  }
  await limitHoldRate({ shopper: mailbox, clientIp: options.clientIp });
  let product = recentProduct(productId);
  const verdict = product ? precheck(product, quantity) : undefined;
  if (!product || verdict !== "ok") {
    const trusted = verdict && verdict !== "over_limit" ? trustedProduct(productId) : undefined;
    product = trusted ?? (await freshProduct(productId));
    if (!product) throw new DomainError("not_found", "No product with this id.");
    switch (precheck(product, quantity)) {
      case "not_started":
        return refuse(
          productId,
          "sale_not_active",
          quantity,
          `The sale has not started yet. It opens at ${product.saleStartsAt.toISOString()}.`,
        );
      case "ended":
        return refuse(productId, "sale_not_active", quantity, "The sale has ended.");
      case "over_limit":
        return refuse(
          productId,
          "limit_exceeded",
          quantity,
          `You can buy at most ${product.maxPerCustomer} of this product.`,
        );
      case "short":
        if (!product.reclaimable) refuse(productId, "insufficient_stock", quantity, soldOutMessage(product.available));
        await reclaimExpiredHolds(productId);
    }
  }

  if (product.accountsOnly && !userId) {
    throw new DomainError("sign_in_required", "This sale is for signed-in customers: sign in to buy.");
  }
  const admission = product.admission === "queue" ? await assertAdmission(productId, mailbox, ticketId) : {};
  await verifyBotCheck(product, altcha);
  const idempotency = options.idempotency
    ? { idempotencyScope: options.idempotency.scope, idempotencyKey: options.idempotency.key }
    : {};
  const result = await enqueueHold(productId, { email, mailbox, userId, quantity, ...idempotency, ...admission });
  switch (result.outcome) {
    case "held":
      return toOrder({
        id: result.orderId,
        productId,
        userId,
        customerEmail: email,
        quantity,
        unitPriceCents: result.unitPriceCents,
        status: "pending",
        holdExpiresAt: result.holdExpiresAt,
        createdAt: result.createdAt,
        confirmedAt: null,
        releasedAt: null,
        productName: product.name,
        currency: product.currency,
      });
    case "not_found":
      throw new DomainError("not_found", "No product with this id.");
    case "sale_not_active":
      return refuse(productId, "sale_not_active", quantity, "The sale is not open.");
    case "limit_exceeded":
      return refuse(
        productId,
        "limit_exceeded",
        quantity,
        `You can buy at most ${product.maxPerCustomer} of this product, counting the units you already hold or bought.`,
      );
    case "insufficient_stock":
      return refuse(productId, "insufficient_stock", quantity, "Not enough stock: the last units were just taken.");
    case "admission_required":
      throw new DomainError("admission_required", "Your admission has lapsed or was used: it gives one hold.");
  }
}

function precheck(product: ProductForHold, quantity: number): "ok" | "not_started" | "ended" | "over_limit" | "short" {
  const now = Date.now();
  if (now < product.saleStartsAt.getTime()) return "not_started";
  if (now >= product.saleEndsAt.getTime()) return "ended";
  if (quantity > product.maxPerCustomer) return "over_limit";
  if (product.available < quantity) return "short";
  return "ok";
}

function soldOutMessage(available: number) {
  if (available <= 0) return "Sold out: no units are left to hold.";
  return `Not enough stock: only ${available} ${available === 1 ? "unit is" : "units are"} left.`;
}
