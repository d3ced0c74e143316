import { expect, test } from "./fixtures";
import { productPage, storefrontCard, waitForHydration } from "./pages";

test("a sold-out product shows sold out and cannot be bought", { tag: "@phone" }, async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Signed Vinyl", stock: 2, maxPerCustomer: 2 });
  await arrange.buy(product.id, 2, arrange.email());

  await page.goto("/");
  const card = storefrontCard(page, product.name);
  await expect(card.getByText("Sold out", { exact: true })).toBeVisible();
  await expect(card.getByTestId("stock-left")).toHaveText("0 of 2 left");
  await expect(card.getByText("100% sold")).toBeVisible();
  await expectAccessible("storefront");

  await page.goto(`/products/${product.id}`);
  await expect(page.getByRole("heading", { name: "Sold out" })).toBeVisible();
  await expect(productPage(page).buy).toHaveCount(0);
  await expect(productPage(page).email).toHaveCount(0);
  await expectAccessible("product page: sold out");
});

test("a scheduled product shows its countdown and no Buy button", { tag: "@phone" }, async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Drone Kit", stock: 10, startsIn: 3_600 });

  await page.goto(`/products/${product.id}`);
  await expect(page.getByText("Coming soon", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Not on sale yet" })).toBeVisible();
  await expect(page.getByRole("timer", { name: /The sale opens in/ })).toHaveText(/^(59:\d\d|1:00:00)$/);
  await expect(productPage(page).buy).toHaveCount(0);
  await expectAccessible("product page: coming soon");

  await page.goto("/");
  const card = storefrontCard(page, product.name);
  await expect(card.getByText("Coming soon", { exact: true })).toBeVisible();
  await expect(card.getByText("Opens in")).toBeVisible();
});

test("a scheduled sale opens on its page by itself when the countdown ends", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Festival Pass", stock: 10, startsIn: 4 });

  await page.goto(`/products/${product.id}`);
  await expect(page.getByRole("heading", { name: "Not on sale yet" })).toBeVisible();
  await expect(productPage(page).buy).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
});

test("two shoppers race for the last unit: exactly one reaches checkout, the other is told it sold out", async ({
  browser,
  arrange,
}) => {
  const product = await arrange.product({ name: "Last Chair", stock: 1 });
  // Until both have pressed Buy, neither page may hear of the other's hold: the live stream (or a
  // poll) would take the form away from a shopper whose press is still on its way, which on a busy
  // machine can take longer than the other's whole purchase.
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const shoppers = await Promise.all(
    ["first", "second"].map(async (label) => {
      const context = await browser.newContext();
      await context.route(/\/api\/(stream|products\/)/, async (route) => {
        await gate;
        await route.continue().catch(() => {});
      });
      const page = await context.newPage();
      await page.goto(`/products/${product.id}`);
      await waitForHydration(page);
      await productPage(page).email.fill(arrange.email(label));
      return { context, page };
    }),
  );

  await Promise.all(shoppers.map(({ page }) => productPage(page).buy.click()));
  openGate();
  const outcomes = await Promise.all(
    shoppers.map(async ({ page }) => {
      const checkout = page.getByRole("heading", { name: "Checkout" });
      await expect(checkout.or(productPage(page).refusal)).toBeVisible();
      return (await checkout.isVisible()) ? "checkout" : "refused";
    }),
  );

  expect([...outcomes].sort()).toEqual(["checkout", "refused"]);
  const loser = shoppers[outcomes.indexOf("refused")]!.page;
  await expect(productPage(loser).refusal).toContainText("Sold out");
  await expect(loser.getByRole("heading", { name: "Sold out" })).toBeVisible();
  await Promise.all(shoppers.map(({ context }) => context.close()));
});
