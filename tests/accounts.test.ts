// Registration, sign-in throttling, and the OpenAPI document.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as openapi from "@/app/api/openapi.json/route";
import * as register from "@/app/api/register/route";
import { users } from "@/db/schema";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { authenticate } from "@/lib/users/authenticate";
import { registerUser } from "@/lib/users/register-user";
import { guestEmail } from "./helpers/fixtures";
import { apiRequest, call } from "./helpers/routes";

const post = (body: unknown, ip = "192.0.2.10") =>
  call(register.POST, apiRequest("/register", { body, headers: { "x-forwarded-for": ip } }));

describe("registration", () => {
  it("creates a customer account", async () => {
    const email = guestEmail("new");
    const response = await post({ email: email.toUpperCase(), password: "a fine passphrase" });
    expect(response.status).toBe(201);
    const { user } = await response.json();
    expect(user).toEqual({ id: expect.any(String), email, role: "customer" });
    const [row] = await db().select().from(users).where(eq(users.email, email));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("refuses a role in the body with 400 naming it, like any unknown key, and creates no account", async () => {
    const email = guestEmail("role");
    const response = await post({ email, password: "a fine passphrase", role: "admin" });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toEqual({
      code: "invalid_request",
      message: 'Invalid request. Unknown field "role".',
      issues: [{ path: "role", message: "Unknown field" }],
    });
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  it("refuses a taken e-mail case-insensitively with 409 email_taken", async () => {
    const email = guestEmail("dup");
    expect((await post({ email, password: "a fine passphrase" })).status).toBe(201);
    const again = await post({ email: email.replace(/^d/, "D"), password: "another passphrase" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("email_taken");
  });

  it.each([
    ["too short", "short1"],
    ["too common", "password123"],
    ["too simple", "aaaaaaaaaaaa"],
    ["too long", "x1y2".repeat(40)],
  ])("refuses a weak password (%s) with 400", async (_why, password) => {
    const response = await post({ email: guestEmail(), password });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("invalid_request");
    expect(error.issues[0].path).toBe("password");
  });

  it("accepts passwords from 8 to 128 characters", async () => {
    expect((await post({ email: guestEmail(), password: "k9#mQ2vL" })).status).toBe(201);
    expect((await post({ email: guestEmail(), password: "Long passphrase ".repeat(8) })).status).toBe(201);
  });

  it("limits registrations per client address with 429 and Retry-After", async () => {
    const ip = "198.51.100.77";
    const limit = env().REGISTRATIONS_PER_IP_PER_HOUR;
    for (let i = 0; i < limit; i++)
      await registerUser({ email: guestEmail("burst"), password: "a fine passphrase" }, { clientIp: ip });
    const refused = await post({ email: guestEmail("burst"), password: "a fine passphrase" }, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("rate_limited");
    expect((await post({ email: guestEmail("other"), password: "a fine passphrase" }, "198.51.100.78")).status).toBe(
      201,
    );
  });
});

describe("signing in", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const email = guestEmail("login");
    await registerUser({ email, password: "the right passphrase" }, { clientIp: "203.0.113.1" });
    expect(
      await authenticate({ email: email.toUpperCase(), password: "the right passphrase" }, { clientIp: "203.0.113.1" }),
    ).toMatchObject({
      email,
      role: "customer",
    });
    expect(await authenticate({ email, password: "the wrong passphrase" }, { clientIp: "203.0.113.1" })).toBeNull();
  });

  it("counts attempts sent together before checking any, so only the allowed number is ever evaluated", async () => {
    const email = guestEmail("race");
    await registerUser({ email, password: "the right passphrase" }, { clientIp: "203.0.113.3" });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        authenticate({ email, password: `wrong ${i}` }, { clientIp: "203.0.113.4" }),
      ),
    );
    const evaluated = results.filter((r) => r.status === "fulfilled");
    expect(evaluated).toHaveLength(env().LOGIN_FAILURES_PER_ACCOUNT_ADDRESS);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r.reason as { code: string }).code)).toEqual(
      Array(100 - evaluated.length).fill("rate_limited"),
    );
  });

  it("holds up an address that keeps failing, with growing delays, while others still sign in", async () => {
    const email = guestEmail("locked");
    await registerUser({ email, password: "the right passphrase" }, { clientIp: "203.0.113.2" });
    const nobody = guestEmail("nobody");
    const limit = env().LOGIN_FAILURES_PER_ACCOUNT_ADDRESS;
    const base = env().LOGIN_LOCKOUT_SECONDS;
    const attacker = { clientIp: "203.0.113.66" };
    for (let i = 0; i < limit; i++) {
      expect(await authenticate({ email, password: `wrong ${i}` }, attacker)).toBeNull();
      expect(await authenticate({ email: nobody, password: `wrong ${i}` }, attacker)).toBeNull();
    }
    const locked = authenticate({ email, password: "the right passphrase" }, attacker);
    await expect(locked).rejects.toMatchObject({ code: "rate_limited", retryAfterSeconds: base });
    const unknown = await authenticate({ email: nobody, password: "x" }, attacker).catch((e: Error) => e.message);
    expect(unknown).toBe(await locked.catch((e: Error) => e.message));

    // The owner, from an address that has not failed, is not held up.
    expect(await authenticate({ email, password: "the right passphrase" }, { clientIp: "203.0.113.67" })).toMatchObject(
      { email },
    );

    // Once the delay has passed, one more attempt; failing it doubles the next delay.
    const key = `login:pair:${email}:${attacker.clientIp}`;
    await db().execute(
      sql`update rate_limits set window_started_at = now() - make_interval(secs => ${base}) where key = ${key}`,
    );
    expect(await authenticate({ email, password: "still wrong" }, attacker)).toBeNull();
    await expect(authenticate({ email, password: "the right passphrase" }, attacker)).rejects.toMatchObject({
      code: "rate_limited",
      retryAfterSeconds: 2 * base,
    });
  });

  it("limits failures per client address across accounts", async () => {
    const ip = "203.0.113.200";
    const limit = env().LOGIN_FAILURES_PER_IP;
    await Promise.all(
      Array.from({ length: limit }, (_, i) =>
        authenticate({ email: guestEmail(`spray${i}`), password: "guess" }, { clientIp: ip }),
      ),
    );
    await expect(
      authenticate({ email: guestEmail("spray"), password: "guess" }, { clientIp: ip }),
    ).rejects.toMatchObject({
      code: "rate_limited",
    });
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 generated from the request schemas", async () => {
    const response = await openapi.GET(new Request("http://localhost/api/openapi.json"), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe("3.1.0");
    const holds = doc.paths["/api/holds"].post;
    expect(holds.requestBody.content["application/json"].schema.properties.quantity).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 1000,
    });
    expect(Object.keys(holds.responses).sort()).toEqual([
      "201",
      "400",
      "403",
      "404",
      "409",
      "413",
      "415",
      "422",
      "429",
      "503",
      "default",
    ]);
    expect(doc.paths["/api/admin/products/{id}"].patch).toBeDefined();
    expect(doc.components.schemas.Error).toBeDefined();
    expect(doc.components.schemas.Product.properties.status.enum).toEqual(["scheduled", "live", "sold_out", "ended"]);
  });
});
