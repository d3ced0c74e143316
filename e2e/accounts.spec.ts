// Accounts in the browser: register, sign in, buy, order history; who may open /admin.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ADMIN } from "./sessions";
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function register(page: Page, email: string, password = "a long enough passphrase") {
  await page.goto("/register");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function signIn(page: Page, email: string, password: string, path = "/login") {
  await page.goto(path);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a new customer registers, buys, and finds the order in their history", async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const email = uniqueEmail("customer");
  await page.goto("/register");
  await expectAccessible("register");
  await register(page, email);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);

  const product = await arrange.product({ stock: 5, maxPerCustomer: 2 });
  await page.goto(`/products/${product.id}`);
  const emailField = page.getByLabel("E-mail");
  await expect(emailField).toHaveValue(email);
  await page.getByRole("button", { name: /^Buy/ }).click();
  await expect(page).toHaveURL(/\/checkout\//);
  await page.getByRole("button", { name: /Confirm/ }).click();
  await expect(page.getByText(/confirmed/i).first()).toBeVisible();

  await page.getByRole("link", { name: "My orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const list = page.getByTestId("order-list");
  await expect(list.getByText(product.name)).toBeVisible();
  await expect(list.getByText("Confirmed")).toBeVisible();
  await expectAccessible("orders");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forders/);
});

test("registration explains a taken e-mail and a weak password inline", async ({ page, expectAccessible }) => {
  const email = uniqueEmail("taken");
  await register(page, email);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await register(page, email.toUpperCase());
  await expect(page.getByText(/already exists/)).toBeVisible();
  await register(page, uniqueEmail("weak"), "password");
  await expect(page.getByText(/too common/)).toBeVisible();
  await expectAccessible("register: refused");
});

test("a wrong password is refused without saying whether the account exists", async ({ page, expectAccessible }) => {
  // The form's own alert: Next.js's route announcer is an alert too.
  const refusal = page.getByRole("alert").filter({ hasText: "Could not sign in" });
  await page.goto("/login");
  await expectAccessible("login");
  await signIn(page, ADMIN.email, "not the password");
  const known = await refusal.textContent();
  await expectAccessible("login: refused");
  await signIn(page, uniqueEmail("nobody"), "not the password");
  await expect(refusal).toHaveText(known!);
});

test("an admin signs in and reaches the dashboard", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password, "/login?callbackUrl=%2Fadmin");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/admin|dashboard/i);
});

test("anonymous visitors are sent to sign in, customers are refused /admin", async ({ page, expectAccessible }) => {
  const response = await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin/);
  expect(response?.status()).toBe(200);

  await register(page, uniqueEmail("curious"));
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  const refused = await page.goto("/admin");
  expect(refused?.status()).toBe(403);
  await expect(page.getByText("This page is for admins only")).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expectAccessible("admin: forbidden");
});

test("the scripted API login works for admin endpoints, as QA tools use it", async ({ request, arrange }) => {
  await arrange.product({ name: "Counted Lamp", stock: 1 });
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const login = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" },
  });
  expect(login.ok()).toBe(true);
  const session = await (await request.get("/api/auth/session")).json();
  expect(session.user).toMatchObject({ email: ADMIN.email, role: "admin" });
  const metrics = await request.get("/api/admin/metrics");
  expect(metrics.status()).toBe(200);
  expect((await metrics.json()).totals.products).toBeGreaterThan(0);
});
