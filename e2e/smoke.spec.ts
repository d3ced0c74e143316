import { expect, test } from "@playwright/test";

test("the storefront lists the demo products", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Flash Sale" })).toBeVisible();
  await expect(page.getByText("Aurora Wireless Headphones")).toBeVisible();
});

test("the API reports a healthy database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
