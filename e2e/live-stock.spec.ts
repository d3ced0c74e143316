// Live stock and expiry through the real server: a browser's EventSource on /api/stream sees a
// hold placed over the API at once, and the units coming back when the hold expires (after the
// hold's own lifetime, read from its holdExpiresAt, and the next sweep). The cron route refuses
// callers without the secret.
import { expect, test } from "./fixtures";
import { remote } from "./target";

type Stock = { productId: string; available: number; status: string };

test("a browser's stock stream shows a hold at once and its expiry soon after", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Stream Lantern", stock: 6, maxPerCustomer: 2 });

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
  await expect.poll(latest).toBe(6);

  const order = await arrange.hold(product.id, 2, arrange.email("stream"));
  await expect.poll(latest, { timeout: 2_000 }).toBe(4);
  // The local e2e server sweeps every second; a deployment every 10 s, or by a cron every minute.
  const waitSeconds = (await arrange.holdSeconds(order)) + (remote ? 75 : 10);
  test.setTimeout(waitSeconds * 1_000 + 60_000);
  await expect.poll(latest, { timeout: waitSeconds * 1_000 }).toBe(6);
});

test("the cron route answers 401 without the scheduler's secret", async ({ request }) => {
  for (const headers of [{}, { authorization: "Bearer not-the-secret" }] as Record<string, string>[]) {
    const response = await request.get("/api/cron/release-holds", { headers });
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  }
});
