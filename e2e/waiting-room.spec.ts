// A queued drop in the browser: two shoppers join the pre-queue, the draw at the start orders them
// and each page checks it; the first is admitted, buys and confirms; the one behind is told "sold out"
// when the last unit is sold. The sale is made through the admin API to start 40 s later (two browsers
// join and are checked for accessibility first, well over 10 s on a loaded machine), with a high admit
// rate; the e2e server's sweeper ticks every second.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ADMIN, signInRequest } from "./sessions";

type Ticket = { id: string; status: string; position: number | null };

test("shoppers join the pre-queue, the draw orders them, the first buys and the one behind is told sold out", async ({
  browser,
  request,
  arrange,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  await signInRequest(request, ADMIN);
  const startsAt = Date.now() + 40_000;
  const created = await request.post("/api/admin/products", {
    data: {
      name: `Queued drop ${Date.now().toString(36)}`,
      priceCents: 4_900,
      initialStock: 1,
      maxPerCustomer: 1,
      saleStartsAt: new Date(startsAt).toISOString(),
      saleEndsAt: new Date(startsAt + 3_600_000).toISOString(),
      admission: "queue",
      queueOpensAt: new Date(Date.now() - 5_000).toISOString(),
      admitPerMinute: 600,
      admissionTtlSeconds: 120,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { product } = (await created.json()) as { product: { id: string; admission: string } };
  expect(product.admission).toBe("queue");

  const shoppers: { page: Page; email: string; ticketId: string }[] = [];
  for (const label of ["ada", "grace"]) {
    const page = await (await browser.newContext()).newPage();
    const email = arrange.email(label);
    await page.goto(`/products/${product.id}`);
    await expect(page.getByRole("heading", { name: "Waiting room" })).toBeVisible();
    await expectAccessible("product page: waiting room", page);
    await page.getByLabel("E-mail address").fill(email);
    await page.getByRole("button", { name: "Join the waiting room" }).click();
    await expect(page).toHaveURL(/\/queue\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: "You are in the pre-queue" })).toBeVisible();
    await expectAccessible("waiting room: pre-queue", page);
    shoppers.push({ page, email, ticketId: page.url().split("/").pop()! });
  }
  // Joining again keeps the place: the same ticket (asked as that guest, not as the signed-in admin).
  const again = await shoppers[0]!.page.request.post(`/api/products/${product.id}/queue`, {
    data: { email: shoppers[0]!.email },
  });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { ticket: Ticket }).ticket.id).toBe(shoppers[0]!.ticketId);

  // The draw at the start: places 1 and 2, in the order of the keys.
  const positions = new Map<string, number>();
  await expect
    .poll(
      async () => {
        for (const s of shoppers) {
          const { ticket } = (await (await request.get(`/api/queue/${s.ticketId}`)).json()) as { ticket: Ticket };
          if (ticket.position) positions.set(s.ticketId, ticket.position);
        }
        return [...positions.values()].sort();
      },
      { timeout: 60_000 },
    )
    .toEqual([1, 2]);
  const [first, behind] = [...shoppers].sort((a, b) => positions.get(a.ticketId)! - positions.get(b.ticketId)!);

  // Each page checks the draw in the browser.
  for (const [s, place] of [
    [first!, 1],
    [behind!, 2],
  ] as const) {
    const check = s.page.getByTestId("draw-check");
    await expect(check.getByTestId("check-commitment")).toHaveAttribute("data-ok", "true");
    await expect(check.getByTestId("check-order")).toHaveAttribute("data-ok", "true");
    await expect(check.getByTestId("check-rank")).toHaveText(`✓ Your key is number ${place} of 2: exactly your place.`);
  }

  // The one behind waits at place 2, with nobody ahead once the first is admitted.
  await expect(behind!.page.getByTestId("queue-position")).toHaveText("2");
  await expect(behind!.page.getByTestId("queue-ahead")).toHaveText("0");
  await expectAccessible("waiting room: in the queue, the draw checked", behind!.page);

  // The first is admitted: the page turns into the Buy form with its own countdown.
  const page = first!.page;
  await expect(page.getByText("It is your turn")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("timer", { name: /Your turn ends in/ })).toBeVisible();
  await expect(page.getByLabel("E-mail address")).toHaveValue(first!.email);
  await expectAccessible("waiting room: admitted", page);
  await page.getByRole("button", { name: /Buy now/ }).click();
  await expect(page).toHaveURL(/\/checkout\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: /Confirm order/ }).click();
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();

  // The last unit is sold: the one behind is told, and nobody waits for nothing.
  await expect(behind!.page.getByRole("heading", { name: "Sold out" })).toBeVisible({ timeout: 20_000 });
  await expectAccessible("waiting room: sold out", behind!.page);
  const { ticket } = (await (await request.get(`/api/queue/${behind!.ticketId}`)).json()) as { ticket: Ticket };
  expect(ticket.status).toBe("closed");
  const used = (await (await request.get(`/api/queue/${first!.ticketId}`)).json()) as { ticket: Ticket };
  expect(used.ticket.status).toBe("used");
  await request.post(`/api/admin/products/${product.id}/sale`, { data: { action: "close" } });
});

test("a hold on a queued drop without an admitted ticket is refused with 403 admission_required", async ({
  request,
  arrange,
}) => {
  await signInRequest(request, ADMIN);
  const created = await request.post("/api/admin/products", {
    data: {
      name: `Queued drop ${Date.now().toString(36)}`,
      priceCents: 1_000,
      initialStock: 5,
      saleStartsAt: new Date(Date.now() - 1_000).toISOString(),
      saleEndsAt: new Date(Date.now() + 3_600_000).toISOString(),
      admission: "queue",
      queueOpensAt: new Date(Date.now() - 60_000).toISOString(),
    },
  });
  const { product } = (await created.json()) as { product: { id: string } };
  const hold = await request.post("/api/holds", {
    data: { productId: product.id, quantity: 1, email: arrange.email() },
  });
  expect(hold.status()).toBe(403);
  expect(((await hold.json()) as { error: { code: string } }).error.code).toBe("admission_required");
  await request.post(`/api/admin/products/${product.id}/sale`, { data: { action: "close" } });
});
