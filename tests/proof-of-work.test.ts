// Proof of work (botCheck "proof_of_work"): holds and waiting-room joins carry a solved ALTCHA challenge
// from GET /api/challenge. Missing: 403 challenge_required; forged, expired or reused: 403 challenge_failed;
// each solution passes once, also when copies race; a product with the check off takes none.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createChallenge } from "altcha-lib/v1";
import { describe, expect, it } from "vitest";
import * as challengeRoute from "@/app/api/challenge/route";
import * as holds from "@/app/api/holds/route";
import * as queue from "@/app/api/products/[id]/queue/route";
import { challengeSchema } from "@/lib/bot-check/schemas";
import { solveChallenge } from "@/lib/bot-check/solve-challenge";
import { db } from "@/lib/db";
import { altchaHmacSecret, env } from "@/lib/env";
import { purgeStaleRecords } from "@/lib/maintenance/purge-stale-records";
import { createProduct } from "@/lib/products/create-product";
import { adminActor, createLiveProduct, guestEmail, minutesFromNow, orderStatusCounts } from "./helpers/fixtures";
import { apiRequest, call } from "./helpers/routes";

const headers = { "x-forwarded-for": "192.0.2.90" };
const postHold = (body: unknown) => call(holds.POST, apiRequest("/holds", { body, headers }));
const postJoin = (productId: string, body: unknown) =>
  call(queue.POST, apiRequest(`/products/${productId}/queue`, { body, headers }), { id: productId });

async function fetchChallenge() {
  const response = await call(challengeRoute.GET, apiRequest("/challenge"));
  expect(response.status).toBe(200);
  return challengeSchema.parse(await response.json());
}

const solved = async () => solveChallenge(await fetchChallenge());
const decode = (altcha: string) => JSON.parse(Buffer.from(altcha, "base64").toString("utf8"));
const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64");

async function expectRefused(response: Response, code: "challenge_required" | "challenge_failed") {
  expect(response.status).toBe(403);
  const { error } = await response.json();
  expect(error.code).toBe(code);
}

async function checkedProduct(options: { queue?: boolean } = {}) {
  return createProduct(
    {
      name: `Checked drop ${randomUUID().slice(0, 8)}`,
      priceCents: 1_000,
      initialStock: 50,
      maxPerCustomer: 1,
      botCheck: "proof_of_work",
      ...(options.queue
        ? {
            saleStartsAt: minutesFromNow(30),
            saleEndsAt: minutesFromNow(90),
            admission: "queue",
            queueOpensAt: minutesFromNow(-5),
          }
        : { saleStartsAt: minutesFromNow(-5), saleEndsAt: minutesFromNow(60) }),
    },
    await adminActor(),
  );
}

describe("GET /api/challenge", () => {
  it("issues a signed SHA-256 challenge at the configured cost, expiring after the configured time", async () => {
    const challenge = await fetchChallenge();
    expect(challenge.maxnumber).toBe(env().POW_COST);
    const expires = Number(new URLSearchParams(challenge.salt.split("?")[1]).get("expires"));
    expect(expires * 1_000 - Date.now()).toBeGreaterThan((env().POW_CHALLENGE_TTL_SECONDS - 5) * 1_000);
    expect(expires * 1_000 - Date.now()).toBeLessThanOrEqual(env().POW_CHALLENGE_TTL_SECONDS * 1_000);
    expect((await fetchChallenge()).signature).not.toBe(challenge.signature);
  });
});

describe("a hold on a product with the proof of work on", () => {
  it("passes with a valid solution, once: the same solution again is 403 challenge_failed", async () => {
    const product = await checkedProduct();
    const altcha = await solved();
    const first = await postHold({ productId: product.id, quantity: 1, email: guestEmail(), altcha });
    expect(first.status).toBe(201);
    await expectRefused(
      await postHold({ productId: product.id, quantity: 1, email: guestEmail(), altcha }),
      "challenge_failed",
    );
    expect(await orderStatusCounts(product.id)).toEqual({ pending: 1 });
  });

  it("is 403 challenge_required without a solution", async () => {
    const product = await checkedProduct();
    await expectRefused(
      await postHold({ productId: product.id, quantity: 1, email: guestEmail() }),
      "challenge_required",
    );
    expect(await orderStatusCounts(product.id)).toEqual({});
  });

  it("is 403 challenge_failed for forged solutions: a wrong number, a foreign signature, a changed salt, junk", async () => {
    const product = await checkedProduct();
    const valid = decode(await solved());
    const foreign = await createChallenge({
      hmacKey: "a key that is not the server's, 32+ characters",
      maxnumber: 10,
      number: 3,
    });
    const forged = [
      encode({ ...valid, number: valid.number + 1 }),
      encode({ ...foreign, number: 3 }),
      encode({ ...valid, salt: valid.salt.replace(/expires=\d+/, "expires=9999999999") }),
      encode({ ...valid, signature: valid.signature.replace(/^./, (c: string) => (c === "0" ? "1" : "0")) }),
      encode({ algorithm: "SHA-256" }),
      "not base64 at all ✗",
      encode("a string"),
    ];
    for (const altcha of forged) {
      await expectRefused(
        await postHold({ productId: product.id, quantity: 1, email: guestEmail(), altcha }),
        "challenge_failed",
      );
    }
    expect(await orderStatusCounts(product.id)).toEqual({});
    // The genuine one was never spent by the forgeries.
    const held = await postHold({ productId: product.id, quantity: 1, email: guestEmail(), altcha: encode(valid) });
    expect(held.status).toBe(201);
  });

  it("is 403 challenge_failed for an expired challenge, however well solved", async () => {
    const product = await checkedProduct();
    const expired = await createChallenge({
      algorithm: "SHA-256",
      hmacKey: altchaHmacSecret(),
      maxnumber: 100,
      expires: new Date(Date.now() - 1_000),
    });
    const altcha = await solveChallenge({ ...expired, algorithm: "SHA-256", maxnumber: 100 });
    await expectRefused(
      await postHold({ productId: product.id, quantity: 1, email: guestEmail(), altcha }),
      "challenge_failed",
    );
  });

  it("lets exactly one of 20 concurrent copies of a solution through", async () => {
    const product = await createProduct(
      {
        name: `Checked drop ${randomUUID().slice(0, 8)}`,
        priceCents: 1_000,
        initialStock: 50,
        maxPerCustomer: 50,
        botCheck: "proof_of_work",
        saleStartsAt: minutesFromNow(-5),
        saleEndsAt: minutesFromNow(60),
      },
      await adminActor(),
    );
    const altcha = await solved();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postHold({ productId: product.id, quantity: 1, email: guestEmail(), altcha })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.status !== 201)) await expectRefused(r, "challenge_failed");
    expect(await orderStatusCounts(product.id)).toEqual({ pending: 1 });
  });
});

describe("a waiting-room join with the proof of work on", () => {
  it("is 403 challenge_required without a solution, 201 with one, and refuses the solution's reuse", async () => {
    const product = await checkedProduct({ queue: true });
    await expectRefused(await postJoin(product.id, { email: guestEmail() }), "challenge_required");
    const altcha = await solved();
    expect((await postJoin(product.id, { email: guestEmail(), altcha })).status).toBe(201);
    await expectRefused(await postJoin(product.id, { email: guestEmail(), altcha }), "challenge_failed");
    const [{ n } = { n: -1 }] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from tickets where product_id = ${product.id}`,
    );
    expect(n).toBe(1);
  });
});

describe("a product with the check off", () => {
  it("holds without a solution", async () => {
    const product = await createLiveProduct({ stock: 5 });
    expect(product.botCheck).toBe("off");
    expect((await postHold({ productId: product.id, quantity: 1, email: guestEmail() })).status).toBe(201);
  });
});

describe("spent solutions", () => {
  it("are kept until their challenge expires, then purged", async () => {
    await db().execute(sql`insert into spent_challenges (signature, expires_at) values
      ('spent-live', now() + interval '1 minute'), ('spent-old', now() - interval '1 second')`);
    await purgeStaleRecords();
    const rows = await db().execute<{ signature: string }>(
      sql`select signature from spent_challenges where signature in ('spent-live', 'spent-old')`,
    );
    expect(rows.map((r) => r.signature)).toEqual(["spent-live"]);
  });
});
