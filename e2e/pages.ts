// Locators for the shop's pages, shared by the specs.
import type { Page } from "@playwright/test";

export function productPage(page: Page) {
  return {
    quantity: page.getByLabel("Quantity"),
    email: page.getByLabel("E-mail address"),
    buy: page.getByRole("button", { name: /Buy now/ }),
    refusal: page.getByTestId("buy-refusal"),
    stockLeft: page.getByTestId("stock-left"),
  };
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
