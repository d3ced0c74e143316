// The shopper's pages follow the live stock stream, and poll only while it is down.
import { expect, test } from "./fixtures";
import { storefrontCard } from "./pages";

test("the storefront shows a hold within a second from the stream, without polling", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Stream Bottle", stock: 5, maxPerCustomer: 2 });
  const streamOpen = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/stream");
  await page.goto("/");
  const stock = storefrontCard(page, product.name).getByTestId("stock-left");
  await expect(stock).toHaveText("5 of 5 left");
  await streamOpen;
  // Any poll of the catalogue would fail from here on: only the stream can move the figure.
  await page.route("**/api/products", (route) => route.abort());

  await arrange.hold(product.id, 2, arrange.email());
  await expect(stock).toHaveText("3 of 5 left", { timeout: 1_500 });
});

test("the storefront falls back to polling while the stream is down", async ({ page, arrange }) => {
  await page.route("**/api/stream", (route) => route.abort());
  const product = await arrange.product({ name: "Polled Bottle", stock: 5, maxPerCustomer: 2 });
  await page.goto("/");
  const stock = storefrontCard(page, product.name).getByTestId("stock-left");
  await expect(stock).toHaveText("5 of 5 left");

  await arrange.hold(product.id, 2, arrange.email());
  await expect(stock).toHaveText("3 of 5 left");
});

test("the product page and the checkout show other shoppers' holds from the stream", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Stream Scarf", stock: 6, maxPerCustomer: 2 });
  let streamOpen = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/stream");
  await page.goto(`/products/${product.id}`);
  await expect(page.getByTestId("stock-left")).toHaveText("6 of 6 left");
  await streamOpen;
  await page.route("**/api/products/*", (route) => route.abort());
  await arrange.hold(product.id, 2, arrange.email());
  await expect(page.getByTestId("stock-left")).toHaveText("4 of 6 left", { timeout: 1_500 });
  await page.unroute("**/api/products/*");

  const other = await arrange.product({ name: "Stream Gloves", stock: 10, maxPerCustomer: 2 });
  const order = await arrange.hold(other.id, 1, arrange.email());
  streamOpen = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/stream");
  await page.goto(`/checkout/${order}`);
  await expect(page.getByTestId("checkout-stock-left")).toHaveText("9 units still on sale for other shoppers.");
  await streamOpen;
  await arrange.hold(other.id, 2, arrange.email());
  await expect(page.getByTestId("checkout-stock-left")).toHaveText("7 units still on sale for other shoppers.", {
    timeout: 1_500,
  });
});
