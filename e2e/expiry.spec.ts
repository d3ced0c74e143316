// The e2e server holds units for E2E_HOLD_TTL_SECONDS (15 s) and sweeps expired holds every second.
import { E2E_HOLD_TTL_SECONDS } from "./database";
import { expect, test } from "./fixtures";
import { buyAsGuest, storefrontCard } from "./pages";

const afterExpiry = { timeout: (E2E_HOLD_TTL_SECONDS + 6) * 1000 };

test("an unconfirmed hold expires on the checkout page without a reload, and stays expired", async ({
  page,
  arrange,
}) => {
  const product = await arrange.product({ name: "Rain Jacket", stock: 4, maxPerCustomer: 2 });
  await buyAsGuest(page, product.id, arrange.email(), 2);
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await expect(page.getByRole("timer")).toBeVisible();

  await expect(page.getByRole("heading", { name: "Your hold expired" })).toBeVisible(afterExpiry);
  await expect(page.getByRole("main").getByText("go back on sale")).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm order/ })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("heading", { name: "Your hold expired" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Back to ${product.name}` })).toHaveAttribute(
    "href",
    `/products/${product.id}`,
  );
});

test("the units of an expired hold are back on the storefront", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Camp Stove", stock: 3, maxPerCustomer: 2 });
  await arrange.hold(product.id, 2, arrange.email());

  await page.goto("/");
  const stock = storefrontCard(page, product.name).getByTestId("stock-left");
  await expect(stock).toHaveText("1 of 3 left");
  await expect(stock).toHaveText("3 of 3 left", afterExpiry);
});
