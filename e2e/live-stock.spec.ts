// Live stock and expiry through the real server: a browser's EventSource on /api/stream sees a
// hold placed over the API at once, and the in-process sweeper (every second here) returning the
// units when the hold expires. The cron route refuses callers without the secret.
import { expect, test } from "@playwright/test";
import { E2E_HOLD_TTL_SECONDS } from "./database";

type Stock = { productId: string; available: number; status: string };

test("a browser's stock stream shows a hold at once and its expiry soon after", async ({ page, request }) => {
  const { products } = (await (await request.get("/api/products")).json()) as { products: (Stock & { id: string })[] };
  const product = products.find((p) => p.status === "live" && p.available >= 2)!;
  expect(product, "a live demo product with stock").toBeTruthy();

  await page.goto("/");
  await page.evaluate(() => {
    const w = window as unknown as { stock: Stock[] };
    w.stock = [];
    const source = new EventSource("/api/stream");
    source.addEventListener("stock", (e) => w.stock.push(JSON.parse((e as MessageEvent<string>).data)));
  });
  const latest = () =>
    page.evaluate(
      (id) => (window as unknown as { stock: Stock[] }).stock.filter((s) => s.productId === id).at(-1)?.available,
      product.id,
    );
  await expect.poll(latest).toBe(product.available);

  const held = await request.post("/api/holds", {
    data: { productId: product.id, quantity: 2, email: "stream-e2e@example.com" },
  });
  expect(held.status()).toBe(201);
  await expect.poll(latest, { timeout: 2_000 }).toBe(product.available - 2);
  // The hold lives E2E_HOLD_TTL_SECONDS; the sweeper runs every second.
  await expect.poll(latest, { timeout: (E2E_HOLD_TTL_SECONDS + 10) * 1_000 }).toBe(product.available);
});

test("the cron route answers 401 without the scheduler's secret", async ({ request }) => {
  for (const headers of [{}, { authorization: "Bearer not-the-secret" }] as Record<string, string>[]) {
    const response = await request.get("/api/cron/release-holds", { headers });
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  }
});
