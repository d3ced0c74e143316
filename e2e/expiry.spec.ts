// Holds expire on the target's own clock: how long it holds units is read from each hold's
// holdExpiresAt (15 s on the local e2e server, which sweeps every second; a deployment's default is
// 120 s, swept every 10 s or by a cron every minute), and each wait is that long and a margin.
import { expect, test } from "./fixtures";
import { buyAsGuest, storefrontCard } from "./pages";
import { remote } from "./target";

/** Waits a test may spend on an expiry: the hold's time and the sweep after it. */
function afterExpiry(holdSeconds: number) {
  const sweep = remote ? 75 : 6;
  test.setTimeout((holdSeconds + sweep) * 1_000 + 60_000);
  return { timeout: (holdSeconds + sweep) * 1_000 };
}

test("an unconfirmed hold expires on the checkout page without a reload, and stays expired", async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Rain Jacket", stock: 4, maxPerCustomer: 2 });
  await buyAsGuest(page, product.id, arrange.email(), 2);
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await expect(page.getByRole("timer")).toBeVisible();
  const expiry = afterExpiry(await arrange.holdSeconds(page.url().split("/").pop()!));

  await expect(page.getByRole("heading", { name: "Your hold expired" })).toBeVisible(expiry);
  await expect(page.getByRole("main").getByText("go back on sale")).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm order/ })).toHaveCount(0);
  await expectAccessible("checkout: expired");

  await page.reload();
  await expect(page.getByRole("heading", { name: "Your hold expired" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Back to ${product.name}` })).toHaveAttribute(
    "href",
    `/products/${product.id}`,
  );
});

test("the units of an expired hold are back on the storefront", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Camp Stove", stock: 3, maxPerCustomer: 2 });
  const order = await arrange.hold(product.id, 2, arrange.email());
  const expiry = afterExpiry(await arrange.holdSeconds(order));

  await page.goto("/");
  const stock = storefrontCard(page, product.name).getByTestId("stock-left");
  await expect(stock).toHaveText("1 of 3 left");
  await expect(stock).toHaveText("3 of 3 left", expiry);
});
