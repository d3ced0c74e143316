// placeHold: holds `quantity` units for a shopper for HOLD_TTL_SECONDS. Refusals a plain read
// already shows (unknown product, not live, over the limit, not enough stock) are answered without
// a write: they never queue on the product row lock, count against no rate limit and leave no
// Idempotency-Key record. The rest go to place_holds, which decides under the lock and records, in
// the hold's one transaction, the caller's Idempotency-Key and the hold rate-limit counters, and
// refuses a guest under an account's mailbox (see hold-queue.ts and db/routines/place-holds.sql). The plain reads are shared between
// concurrent requests (product-reads.ts), and a refusal rests on a read made after the request
// arrived, or on one that the process's LISTEN connection shows no change has followed. Expired
// holds are stock: when the read shows too little and the product has expired holds, they are
// reclaimed first, whether or not a scheduler has run. A product with a waiting room holds only for
// the shopper's admitted ticket, which the hold uses up (checked here, decided under the lock). Limits,
// rate limits and tickets count the canonical mailbox, so sub-addresses and a guest sharing a customer's
// mailbox share one limit; the order keeps the address as typed. A product may take signed-in customers
// only, and a proof of work with each hold (spent once the cheap refusals are passed).
import type { Actor } from "../actor";
import { env } from "../env";
import { DomainError } from "../errors";
import { type IdempotencyRef, keyInUse, keyReused, recordedOrder } from "../idempotency/queries";
import { placeHoldInputSchema, type Order } from "../orders/schemas";
import { getOrder, toOrder } from "../orders/queries";
import { rateLimited } from "../rate-limit/rate-limit";
import { verifyBotCheck } from "../bot-check/verify-bot-check";
import { assertAdmission } from "../queue/assert-admission";
import { canonicalMailbox } from "../users/canonical-mailbox";
import { parseInput } from "../validation";
import { enqueueHold, type HoldRequest } from "./hold-queue";
import { freshProduct, recentProduct, trustedProduct } from "./product-reads";
import type { ProductForHold } from "./queries";
import { reclaimExpiredHolds } from "./expiry";
import { recordRejection, type RejectionReason } from "./rejections";
import { rejectionReasons } from "@/db/enums";

/** A hold's answer: the order, and whether it replays the hold an Idempotency-Key recorded. */
export type PlacedHold = { order: Order; replayed: boolean };

export async function placeHold(input: unknown, actor: Actor, options: { clientIp?: string } = {}): Promise<Order> {
  return (await placeHoldOrReplay(input, actor, { ...options, idempotency: null })).order;
}

/** placeHold under the caller's Idempotency-Key, if any: the key's recorded hold is replayed. */
export async function placeHoldOrReplay(
  input: unknown,
  actor: Actor,
  options: { idempotency: IdempotencyRef | null; clientIp?: string },
): Promise<PlacedHold> {
  const { productId, quantity, email: typedEmail, ticketId, altcha } = parseInput(placeHoldInputSchema, input);
  // A customer's holds belong to the account, under its own e-mail, whatever was typed.
  const email = actor.kind === "user" ? actor.email : typedEmail;
  const userId = actor.kind === "user" ? actor.userId : null;
  if (!email) {
    throw new DomainError("invalid_request", "An e-mail address is required to buy as a guest.", [
      { path: "email", message: "required for guests" },
    ]);
  }
  const { idempotency } = options;
  const mailbox = canonicalMailbox(email);

  let product: ProductForHold;
  let admission: Awaited<ReturnType<typeof assertAdmission>> | undefined;
  try {
    product = await productForHold(productId, quantity);
    if (product.accountsOnly && !userId) {
      throw new DomainError("sign_in_required", "This sale is for signed-in customers: sign in to buy.");
    }
    if (product.admission === "queue") admission = await assertAdmission(productId, mailbox, ticketId);
    await verifyBotCheck(product, altcha);
  } catch (error) {
    // Refused without a write; but a request whose key already has a record is answered by it.
    if (idempotency && error instanceof DomainError) {
      const recorded = await recordedOrder(idempotency);
      if (recorded) return replay(recorded, actor);
    }
    if (error instanceof DomainError && isRejectionReason(error.code)) recordRejection(productId, error.code, quantity);
    throw error;
  }

  const request: HoldRequest = { email, mailbox, userId, quantity, ...admission };
  const limits = holdRateLimits(mailbox, options.clientIp);
  if (limits.length) request.limits = limits;
  if (idempotency) {
    request.idempotencyScope = idempotency.scope;
    request.idempotencyKey = idempotency.key;
    request.requestHash = idempotency.requestHash.toString("hex");
  }
  const result = await enqueueHold(productId, request);
  const refused = (reason: RejectionReason, message: string): never => {
    recordRejection(productId, reason, quantity);
    throw new DomainError(reason, message);
  };
  switch (result.outcome) {
    case "held":
      return {
        replayed: false,
        order: toOrder({
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
        }),
      };
    case "replayed":
      return replay(result.orderId, actor);
    case "idempotency_key_reused":
      throw keyReused();
    case "idempotency_key_in_use":
      throw keyInUse();
    case "rate_limited":
      throw rateLimited(result.retryAfterSeconds, "purchase attempts");
    case "not_found":
      throw new DomainError("not_found", "No product with this id.");
    case "sale_not_active":
      return refused("sale_not_active", "The sale is not open.");
    case "limit_exceeded":
      return refused(
        "limit_exceeded",
        `You can buy at most ${product.maxPerCustomer} of this product, counting the units you already hold or bought.`,
      );
    case "insufficient_stock":
      return refused("insufficient_stock", "Not enough stock: the last units were just taken.");
    case "sign_in_required":
      // An account's mailbox is the account's: a guest may not spend its limit or hold in its name.
      throw new DomainError("sign_in_required", "This e-mail address belongs to an account: sign in to buy with it.");
    case "admission_required":
      throw new DomainError("admission_required", "Your admission has lapsed or was used: it gives one hold.");
  }
}

/** The product, if a plain read shows the request may be held (it reclaims expired holds when they
 *  would make up the stock); otherwise the refusal that read shows. */
async function productForHold(productId: string, quantity: number): Promise<ProductForHold> {
  let product = recentProduct(productId);
  const verdict = product ? precheck(product, quantity) : undefined;
  if (product && verdict === "ok") return product;
  const trusted = verdict && verdict !== "over_limit" ? trustedProduct(productId) : undefined;
  product = trusted ?? (await freshProduct(productId));
  if (!product) throw new DomainError("not_found", "No product with this id.");
  switch (precheck(product, quantity)) {
    case "not_started":
      throw new DomainError(
        "sale_not_active",
        `The sale has not started yet. It opens at ${product.saleStartsAt.toISOString()}.`,
      );
    case "ended":
      throw new DomainError("sale_not_active", "The sale has ended.");
    case "over_limit":
      throw new DomainError("limit_exceeded", `You can buy at most ${product.maxPerCustomer} of this product.`);
    case "short":
      if (!product.reclaimable) throw new DomainError("insufficient_stock", soldOutMessage(product.available));
      await reclaimExpiredHolds(productId);
  }
  return product;
}

const isRejectionReason = (code: string): code is RejectionReason =>
  (rejectionReasons as readonly string[]).includes(code);

/** The hold's answer as it was first given (a pending hold), rebuilt from its order. */
async function replay(orderId: string, actor: Actor): Promise<PlacedHold> {
  const order = await getOrder(orderId, actor);
  return { replayed: true, order: { ...order, status: "pending", confirmedAt: null } };
}

/** Holds per shopper (the canonical mailbox) and per client address, per minute, counted by place_holds
 *  in the hold's own transaction, so every app process counts together and exactly. RATE_LIMITS=off
 *  lifts them. */
function holdRateLimits(shopper: string, clientIp: string | undefined): NonNullable<HoldRequest["limits"]> {
  const config = env();
  if (config.RATE_LIMITS === "off") return [];
  const limits = [{ key: `hold:shopper:${shopper}`, limit: config.HOLDS_PER_SHOPPER_PER_MINUTE, windowSeconds: 60 }];
  if (clientIp) limits.push({ key: `hold:ip:${clientIp}`, limit: config.HOLDS_PER_IP_PER_MINUTE, windowSeconds: 60 });
  return limits;
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
