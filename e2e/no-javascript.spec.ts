// The sign-in and register forms with JavaScript switched off, which is also what a form does when
// it is submitted before the page's scripts have loaded: both post (server actions), both work,
// and the password is in no URL the browser asks for and in no redirect the server answers with,
// which is what a server's request log records (method, URL, Referer).
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ADMIN } from "./sessions";

test.use({ javaScriptEnabled: false });

/** Every request the page sends and every redirect it is answered with, as a request log has them. */
function requestLog(page: Page) {
  const lines: string[] = [];
  page.on("request", (request) => {
    lines.push(`${request.method()} ${request.url()} referer=${request.headers().referer ?? "-"}`);
  });
  page.on("response", (response) => {
    const location = response.headers().location;
    if (location) lines.push(`${response.status()} ${response.url()} location=${location}`);
  });
  return lines;
}

function expectNowhere(lines: string[], secret: string) {
  for (const form of [secret, encodeURIComponent(secret), secret.replaceAll(" ", "+")]) {
    expect(lines.filter((line) => line.includes(form))).toEqual([]);
  }
}

const formPosts = (lines: string[], path: string) =>
  lines.filter((line) => line.startsWith(`POST `) && new URL(line.split(" ")[1]!).pathname === path);

test("a sale with a proof of work says its check needs JavaScript", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Checked Lamp", stock: 2, botCheck: "proof_of_work" });
  await page.goto(`/products/${product.id}`);
  await expect(page.getByTestId("proof-of-work-needs-javascript")).toContainText(
    "proof of work against bots, which needs JavaScript",
  );
});

test("a visitor registers without JavaScript: a POST, then signed in", async ({ page, arrange }) => {
  const log = requestLog(page);
  const email = arrange.email("no-js");
  const password = "no script passphrase 4821";
  await page.goto("/register?callbackUrl=%2Forders");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session.user).toMatchObject({ email, role: "customer" });
  expect(formPosts(log, "/register")).toHaveLength(1);
  expectNowhere(log, password);
  expectNowhere([page.url()], password);
});

test("registration refuses a weak password without JavaScript, out of every URL", async ({ page, arrange }) => {
  const log = requestLog(page);
  const email = arrange.email("no-js-weak");
  await page.goto("/register");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByText(/too common/)).toBeVisible();
  await expect(page.getByLabel("E-mail")).toHaveValue(email);
  expect(formPosts(log, "/register")).toHaveLength(1);
  expectNowhere(log, "password123");
  // Nothing was created: the address is still free.
  const later = await page.request.post("/api/register", { data: { email, password: "a strong passphrase 9137" } });
  expect(later.status(), await later.text()).toBe(201);
});

test("an admin signs in without JavaScript: a POST, then the dashboard", async ({ page }) => {
  const log = requestLog(page);
  await page.goto("/login?callbackUrl=%2Fadmin");
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/admin|dashboard/i);
  await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email);
  expect(formPosts(log, "/login")).toHaveLength(1);
  expectNowhere(log, ADMIN.password);
});

test("a wrong password without JavaScript is refused on the page, out of every URL", async ({ page, arrange }) => {
  const email = arrange.email("no-js-wrong");
  const registered = await page.request.post("/api/register", { data: { email, password: "the right passphrase" } });
  expect(registered.status()).toBe(201);
  const log = requestLog(page);
  const wrong = "not the right passphrase 77";
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(wrong);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toContainText("do not match");
  await expect(page.getByLabel("E-mail")).toHaveValue(email);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(formPosts(log, "/login")).toHaveLength(1);
  expectNowhere(log, wrong);
});
