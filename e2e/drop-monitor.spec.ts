// The live drop monitor during a small load: an admin watches /admin/monitor while shoppers hold
// through the API; the holds/s figure moves, a refusal shows under its reason, the charts draw.
import { expect, test } from "./fixtures";
import { ADMIN, signIn } from "./sessions";

test("the drop monitor shows holds per second and refusals by reason while shoppers hold", async ({
  page,
  arrange,
  request,
}) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/monitor");
  await expect(page.getByRole("heading", { level: 1, name: "Drop monitor" })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Monitor" })).toHaveAttribute("aria-current", "page");

  const product = await arrange.product({ name: "Monitor Lamp", stock: 1_000, maxPerCustomer: 5 });
  const soldOut = await arrange.product({ name: "Monitor Sold Out", stock: 0 });
  const statuses: number[] = [];
  const until = Date.now() + 10_000;
  const hold = async (productId: string) => {
    const answer = await request.post("/api/holds", {
      data: { productId, quantity: 1, email: arrange.email("monitor") },
    });
    statuses.push(answer.status());
  };
  // A small load: a few shoppers in a loop for ten seconds, one in five at the sold-out product.
  const load = Promise.all(
    Array.from({ length: 4 }, async (_, shopper) => {
      for (let n = 0; Date.now() < until; n++) {
        await hold(n % 5 === shopper ? soldOut.id : product.id);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );

  await expect(page.getByTestId("holds-per-second")).not.toHaveText("0", { timeout: 15_000 });
  await expect(page.getByTestId("refusal-reason").filter({ hasText: "insufficient stock" })).toBeVisible();
  await expect(page.getByTestId("monitor-holds-chart").locator("svg .recharts-line").first()).toBeAttached();
  await expect(page.getByTestId("monitor-refusals-chart").locator("svg .recharts-line").first()).toBeAttached();
  await expect(page.getByTestId("hold-latency")).toHaveText(/^\d+(\.\d)? ms \/ \d+(\.\d)? ms$/);
  await load;
  expect(statuses).toContain(201);
  expect(statuses).toContain(409);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  await expect(page.getByTestId("ledger-holds-per-second")).toBeVisible();
  await expect(page.getByTestId("reconcile-state")).toHaveText("OK", { timeout: 35_000 });
});

test("the monitor stream is for admins only", async ({ request }) => {
  const anonymous = await request.get("/api/admin/monitor/stream");
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe("unauthorized");
});
