import { expect, test } from "@playwright/test";
import { ADMIN } from "./sessions";
import { localOnly, remote } from "./target";

test("the storefront lists the demo products", async ({ page }) => {
  // A deployment need not seed the demo products (SEED_DEMO is off in production): local runs only.
  test.skip(remote, localOnly.demoSeed);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Flash Sale" })).toBeVisible();
  await expect(page.getByText("Aurora Wireless Headphones")).toBeVisible();
});

test("the API reports a healthy database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    status: "ok",
    database: "ok",
    eventLoopDelayMs: { p99: expect.any(Number), max: expect.any(Number) },
  });
});

test("pages and API answers carry the security headers", async ({ request }) => {
  for (const path of ["/", "/api/products"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"]).toContain("max-age=");
    expect(headers["x-powered-by"]).toBeUndefined();
  }
});

test("session cookies are HttpOnly and SameSite=Lax", async ({ request }) => {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const login = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" },
  });
  const cookies = login
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  // Over https the name carries the __Secure- prefix.
  const session = cookies.find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  expect(session).toBeDefined();
  expect(session).toMatch(/HttpOnly/i);
  expect(session).toMatch(/SameSite=Lax/i);
});
