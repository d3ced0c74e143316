// What an attacker tried against the production build, kept out: injected scripts, redirects out of
// the site after sign-in, and sessions that outlive signing out.
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { waitForHydration } from "./pages";
import { ADMIN, signInRequest } from "./sessions";

test("an injected inline script does not run, while the page's own scripts hydrate it", async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (directive: string) => violations.push(directive));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { reportViolation: (d: string) => void }).reportViolation(e.effectiveDirective);
    });
  });
  // The page as a stored cross-site script would deliver it: an inline script in the HTML.
  await page.route("**/", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</body>", "<script>window.__injected = true;</script></body>");
    await route.fulfill({ response, body: html });
  });
  const response = await page.goto("/");
  const policy = response!.headers()["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).not.toContain("unsafe-inline' 'strict");
  // Web Workers (the proof of work's solver) only from this origin, never from blob: or data: URLs.
  expect(policy).toContain("worker-src 'self';");
  await waitForHydration(page);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => violations).toContain("script-src-elem");

  // A fresh nonce for every page view.
  const again = await page.request.get("/");
  expect(again.headers()["content-security-policy"]).not.toBe(policy);
});

test("after signing in, only paths on this site are followed", async ({ baseURL }) => {
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  try {
    await signInRequest(api, ADMIN);
    for (const callbackUrl of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\nSet-Cookie: a=b",
      "//evil.example",
      "/\\evil.example",
    ]) {
      const response = await api.get(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
      expect(response.status(), JSON.stringify(callbackUrl)).toBe(307);
      expect(response.headers().location, JSON.stringify(callbackUrl)).toBe("/");
    }
    const safe = await api.get(`/login?callbackUrl=${encodeURIComponent("/orders?page=2")}`, { maxRedirects: 0 });
    expect(safe.headers().location).toBe("/orders?page=2");

    // next-auth's own callback: a look-alike host is a refusal to follow, not a 500.
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signIn = await api.post("/api/auth/callback/credentials", {
      form: { csrfToken, ...ADMIN, json: "true", callbackUrl: `${baseURL}.evil.example/` },
    });
    expect(signIn.status()).toBe(200);
    expect(new URL(((await signIn.json()) as { url: string }).url).origin).toBe(new URL(baseURL!).origin);
  } finally {
    await api.dispose();
  }
});

test("signing out ends the session: the old cookie gets 401", async ({ baseURL, arrange }) => {
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  try {
    // A customer of its own: ending the admin's sessions would sign out the other tests.
    const customer = { email: arrange.email("signout"), password: "customer-password-1234" };
    expect((await api.post("/api/register", { data: customer })).status()).toBe(201);
    await signInRequest(api, customer);
    // Over https the name carries the __Secure- prefix.
    const cookie = (await api.storageState()).cookies.find((c) =>
      /^(__Secure-)?next-auth\.session-token$/.test(c.name),
    )!;
    expect((await api.get("/api/orders")).status()).toBe(200);
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    expect((await api.post("/api/auth/signout", { form: { csrfToken, json: "true" } })).ok()).toBe(true);

    const stolen = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: `${cookie.name}=${cookie.value}` },
    });
    const response = await stolen.get("/api/orders");
    expect(response.status()).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    await stolen.dispose();
  } finally {
    await api.dispose();
  }
});
