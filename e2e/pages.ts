// Locators for the shop's pages, shared by the specs.
import { expect, type Page } from "@playwright/test";

export function productPage(page: Page) {
  return {
    quantity: page.getByLabel("Quantity"),
    email: page.getByLabel("E-mail address"),
    buy: page.getByRole("button", { name: /Buy now/ }),
    refusal: page.getByTestId("buy-refusal"),
    stockLeft: page.getByTestId("stock-left"),
  };
}

/** Waits until the page's client code runs: a countdown only ticks once React has hydrated. */
export async function waitForHydration(page: Page) {
  const timer = page.getByRole("timer").first();
  const rendered = await timer.textContent();
  await expect(timer).not.toHaveText(rendered ?? "");
}

export function storefrontCard(page: Page, productName: string) {
  return page.getByTestId("product-card").filter({ has: page.getByRole("heading", { name: productName }) });
}

export async function buyAsGuest(page: Page, productId: string, email: string, quantity = 1) {
  await page.goto(`/products/${productId}`);
  const form = productPage(page);
  await form.quantity.fill(String(quantity));
  await form.email.fill(email);
  await form.buy.click();
}
