// The admin dashboard through the real server: an admin creates a product and opens its sale, a
// shopper's hold and a restock reach the live inventory, the charts draw; only admins get in.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { storefrontCard } from "./pages";
import { ADMIN, signIn, signInAsNewCustomer } from "./sessions";

const row = (page: Page, name: string) => page.getByTestId("inventory-row").filter({ hasText: name });

async function manage(page: Page, name: string) {
  await row(page, name)
    .getByRole("button", { name: `Manage ${name}` })
    .click();
  return page.getByRole("dialog", { name: `Manage ${name}` });
}

test("an admin creates a product, opens its sale, sees a shopper's hold and a restock, and the charts draw", async ({
  page,
  arrange,
  request,
  expectAccessible,
}) => {
  await signIn(page, ADMIN);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Admin dashboard" })).toBeVisible();

  const name = `Dashboard Lamp ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New product" }).click();
  const create = page.getByRole("dialog", { name: "New product" });
  await expect(create.getByLabel("Name")).toBeVisible();
  await expectAccessible("admin: new product dialog");
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Price (USD)").fill("12.50");
  await create.getByLabel("Initial stock").fill("20");
  await create.getByLabel("Limit per customer").fill("3");
  await create.getByRole("button", { name: "Create product" }).click();
  await expect(create.getByRole("status")).toContainText(`Created “${name}”`);
  await create.getByRole("button", { name: "Close" }).click();
  await expect(row(page, name).getByTestId("cell-available")).toHaveText("20");
  await expect(row(page, name)).toContainText("Coming soon");
  await expectAccessible("admin: dashboard");

  const sale = await manage(page, name);
  await expect(sale.getByRole("button", { name: "Open now" })).toBeVisible();
  await expectAccessible("admin: manage dialog");
  await sale.getByRole("button", { name: "Open now" }).click();
  await expect(sale.getByRole("status")).toContainText("The sale is open");
  await page.keyboard.press("Escape");
  await expect(row(page, name)).toContainText("Live");

  const storefront = await page.context().newPage();
  await storefront.goto("/");
  await expect(storefrontCard(storefront, name).getByText("Live", { exact: true })).toBeVisible();
  await expect(storefrontCard(storefront, name).getByTestId("stock-left")).toHaveText("20 of 20 left");
  await storefront.close();

  const { products } = (await (await request.get("/api/products")).json()) as {
    products: { id: string; name: string }[];
  };
  const product = products.find((p) => p.name === name)!;
  arrange.closeAfterTest(product.id);
  await arrange.hold(product.id, 2, arrange.email());
  await expect(row(page, name).getByTestId("cell-held")).toHaveText("2", { timeout: 5_000 });
  await expect(row(page, name).getByTestId("cell-available")).toHaveText("18", { timeout: 5_000 });

  const restock = await manage(page, name);
  await restock.getByLabel("Units to add").fill("5");
  await restock.getByRole("button", { name: "Add units" }).click();
  await expect(restock.getByRole("status")).toContainText("of 25");
  await page.keyboard.press("Escape");
  await expect(row(page, name).getByTestId("cell-total")).toHaveText("25");

  await expect(page.getByTestId("units-chart").locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("timeline-chart").locator("svg .recharts-line").first()).toBeAttached();
});

test("a refused edit shows its error under the field and keeps the dialog open", async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Edited Kettle", stock: 5 });
  await signIn(page, ADMIN);
  await page.goto("/admin");
  const dialog = await manage(page, product.name);
  await dialog.getByLabel("Name").fill("");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Not saved");
  await expect(dialog.getByText("must not be empty", { exact: true })).toBeVisible();
  await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible("admin: manage dialog refused");

  await dialog.getByLabel("Name").fill(`${product.name} v2`);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Saved.");
});

test("a form field its action does not take is refused by name, and nothing is created", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin");
  const name = `Stray Field Lamp ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New product" }).click();
  const create = page.getByRole("dialog", { name: "New product" });
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Price (USD)").fill("12.50");
  // A field the form does not have, as a stale page or a hand-made request would send it.
  await create.locator("form").evaluate((form) => {
    const stray = Object.assign(document.createElement("input"), { type: "hidden", name: "stock", value: "7" });
    form.append(stray);
  });
  await create.getByRole("button", { name: "Create product" }).click();
  await expect(create.getByRole("alert")).toContainText('Invalid request. Unknown field "stock".');
  const { products } = (await (await request.get("/api/products")).json()) as { products: { name: string }[] };
  expect(products.map((p) => p.name)).not.toContain(name);
});

test("the ledger lists a product's events newest first with the admin behind manual changes", async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Ledger Mug", stock: 4 });
  await signIn(page, ADMIN);
  const opened = await page.request.post(`/api/admin/products/${product.id}/restock`, { data: { quantity: 3 } });
  expect(opened.status()).toBe(200);
  await arrange.hold(product.id, 1, arrange.email());

  await page.goto(`/admin/ledger?productId=${product.id}`);
  const rows = page.getByTestId("ledger-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("Hold created");
  await expect(rows.nth(0)).toContainText("shopper");
  await expect(rows.nth(1)).toContainText("Stock added");
  await expect(rows.nth(1)).toContainText("Restock");
  await expect(rows.nth(1)).toContainText(ADMIN.email);
  // The fixture creates the product through the admin API: its initial stock is the admin's too.
  await expect(rows.nth(2)).toContainText("Initial stock");
  await expect(rows.nth(2)).toContainText(ADMIN.email);
  await expectAccessible("admin: ledger");

  await page.getByLabel("Type").selectOption("stock_added");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/type=stock_added/);
  await expect(rows).toHaveCount(2);
});

test("the reconcile page shows every invariant green", async ({ page, expectAccessible }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/reconcile");
  await expect(page.getByText("All invariants hold")).toBeVisible();
  await expect(page.getByTestId("reconcile-product").first()).toContainText("Available + held + sold = total stock");
  await expectAccessible("admin: reconcile");
});

test("an anonymous visitor is sent to the login page", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin/);
});

test("a customer gets the 403 page", async ({ page, arrange }) => {
  await signInAsNewCustomer(page, arrange.email("customer"));
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This page is for admins only" })).toBeVisible();
});
