import { expect, test } from "./fixtures";
import { storefrontCard } from "./pages";

test("the storefront shows a live sale's price, status, countdown and stock, and links to its page", {
  tag: "@phone",
}, async ({ page, arrange, expectAccessible }) => {
  const product = await arrange.product({ name: "Desk Lamp", stock: 40, priceCents: 4_999, endsIn: 2 * 3_600 });
  await arrange.buy(product.id, 1, arrange.email());

  await page.goto("/");
  const card = storefrontCard(page, product.name);
  await expect(card.getByText("Live", { exact: true })).toBeVisible();
  await expect(card.getByText("$49.99")).toBeVisible();
  await expect(card.getByTestId("stock-left")).toHaveText("39 of 40 left");
  await expect(card.getByText("2% sold")).toBeVisible();
  await expect(card.getByRole("timer")).toHaveText(/^1:59:\d\d$/);
  await expectAccessible("storefront");

  await card.getByRole("link", { name: product.name }).click();
  await expect(page).toHaveURL(`/products/${product.id}`);
  await expect(page.getByRole("heading", { level: 1, name: product.name })).toBeVisible();
  await expect(page).toHaveTitle(`${product.name} · Flash Sale`);
});

test("the storefront picks up stock changes without a reload", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Travel Mug", stock: 5, maxPerCustomer: 2 });
  await page.goto("/");
  const stock = storefrontCard(page, product.name).getByTestId("stock-left");
  await expect(stock).toHaveText("5 of 5 left");

  await arrange.hold(product.id, 2, arrange.email());
  await expect(stock).toHaveText("3 of 5 left");
});

test("an unknown or malformed product id shows a not-found page", async ({ page, expectAccessible }) => {
  for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-product"]) {
    const response = await page.goto(`/products/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Product not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "See all sales" })).toHaveAttribute("href", "/");
    await expectAccessible("product page: not found");
  }
});

test("an unknown order id shows a not-found page", async ({ page, expectAccessible }) => {
  const response = await page.goto("/checkout/00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Order not found" })).toBeVisible();
  await expectAccessible("checkout: not found");
});
