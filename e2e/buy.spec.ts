import { expect, test } from "./fixtures";
import { buyAsGuest, productPage } from "./pages";

/** The seconds a countdown such as "1:05" or "0:09" shows. */
const countdownSeconds = (text: string | null) => {
  const [minutes, seconds] = (text ?? "").split(":").map(Number);
  return (minutes ?? Number.NaN) * 60 + (seconds ?? Number.NaN);
};

test("a guest buys, sees the hold countdown, confirms and gets a receipt", { tag: "@phone" }, async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Espresso Grinder", stock: 3, maxPerCustomer: 2, priceCents: 12_500 });
  const email = arrange.email("guest");

  await page.goto(`/products/${product.id}`);
  const form = productPage(page);
  await page.getByRole("button", { name: "One more" }).click();
  await expect(form.quantity).toHaveValue("2");
  await expect(form.buy).toHaveText("Buy now · $250.00");
  await expectAccessible("product page: on sale");
  await form.email.fill(email);
  await form.buy.click();

  await expect(page).toHaveURL(/\/checkout\/[0-9a-f-]{36}$/);
  const orderId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  // The countdown starts at most at the target's hold time and runs down.
  const timer = page.getByRole("timer");
  await expect(timer).toHaveText(/^\d+:\d\d$/);
  const left = countdownSeconds(await timer.textContent());
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThanOrEqual(await arrange.holdSeconds(orderId));
  await expect.poll(async () => countdownSeconds(await timer.textContent())).toBeLessThan(left);
  await expect(page.getByText("2 units held for you")).toBeVisible();
  await expect(page.getByTestId("order-quantity")).toHaveText("2 × $125.00");
  await expect(page.getByTestId("order-total")).toHaveText("$250.00");
  await expectAccessible("checkout: hold");

  const confirm = page.getByRole("button", { name: /Confirm order/ });
  await confirm.focus();
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
  await expect(page.getByTestId("order-id")).toHaveText(orderId);
  await expect(page.getByText(email).first()).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText("$250.00");
  await expectAccessible("checkout: confirmed");

  await page.reload();
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
  await page.goto(`/products/${product.id}`);
  await expect(form.stockLeft).toHaveText("1 of 3 left");
});

test("a guest buys a sale with a proof of work: Buy solves it with visible progress, then holds", {
  tag: "@phone",
}, async ({ page, arrange, request, expectAccessible }) => {
  const product = await arrange.product({ name: "Limited Sneaker", stock: 3, botCheck: "proof_of_work" });
  const email = arrange.email("pow");
  // Without a solution the API refuses the hold: the button's check is what lets the shopper through.
  const bare = await request.post("/api/holds", { data: { productId: product.id, quantity: 1, email } });
  expect(bare.status()).toBe(403);
  expect((await bare.json()).error.code).toBe("challenge_required");

  // The challenge is held back a moment, so the progress shown from the first press can be seen.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/challenge", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/products/${product.id}`);
  const form = productPage(page);
  await form.email.fill(email);
  await form.buy.click();
  const progress = page.getByRole("progressbar", { name: /Checking this is a real browser/ });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuenow", "0");
  await expect(page.getByRole("button", { name: "Checking your browser…" })).toBeDisabled();
  await expectAccessible("product page: proof of work in progress");
  release();

  await expect(page).toHaveURL(/\/checkout\/[0-9a-f-]{36}$/);
  await expect(page.getByText("1 unit held for you")).toBeVisible();
  await page.getByRole("button", { name: /Confirm order/ }).click();
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
});

test("an invalid e-mail address is refused with a message at the field", { tag: "@phone" }, async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Field Notebook", stock: 5 });
  await page.goto(`/products/${product.id}`);
  const form = productPage(page);

  await form.buy.click();
  await expect(form.refusal).toContainText("Please check your details");
  await expect(page.getByText("Enter your e-mail address to buy as a guest.")).toBeVisible();
  await expect(form.email).toHaveAttribute("aria-invalid", "true");
  await expectAccessible("product page: field errors");

  await form.email.fill("not-an-address");
  await form.buy.click();
  await expect(page.getByText("Enter a valid e-mail address, such as name@example.com.")).toBeVisible();
  await expect(form.email).toHaveValue("not-an-address");
  await expect(page).toHaveURL(`/products/${product.id}`);
});

test("a quantity over the per-customer limit is refused with a message", async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Trail Socks", stock: 10, maxPerCustomer: 2 });
  const email = arrange.email();

  await buyAsGuest(page, product.id, email, 3);
  const form = productPage(page);
  await expect(form.refusal).toContainText("Limit reached");
  await expect(form.refusal).toContainText("You can buy at most 2 of this product.");
  await expect(page).toHaveURL(`/products/${product.id}`);
  await expectAccessible("product page: refused");

  // Units already held count toward the limit too.
  await arrange.hold(product.id, 2, email);
  await form.quantity.fill("1");
  await form.buy.click();
  await expect(form.refusal).toContainText("counting the units you already hold or bought");
  await expect(page).toHaveURL(`/products/${product.id}`);
});

test("cancelling a hold returns its units to the stock", { tag: "@phone" }, async ({
  page,
  arrange,
  expectAccessible,
}) => {
  const product = await arrange.product({ name: "Bike Light", stock: 5, maxPerCustomer: 3 });
  await buyAsGuest(page, product.id, arrange.email(), 2);
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();

  const api = await page.request.get(`/api/products/${product.id}`);
  expect((await api.json()).product.available).toBe(3);

  await page.getByRole("button", { name: "Cancel and release" }).click();
  await expect(page.getByRole("heading", { name: "Order cancelled" })).toBeVisible();
  await expect(page.getByRole("main").getByText("went back on sale")).toBeVisible();
  await expectAccessible("checkout: cancelled");

  await page.reload();
  await expect(page.getByRole("heading", { name: "Order cancelled" })).toBeVisible();
  await page.getByRole("link", { name: `Back to ${product.name}` }).click();
  await expect(productPage(page).stockLeft).toHaveText("5 of 5 left");
});

test("a double click on Buy places one hold", async ({ page, arrange }) => {
  const product = await arrange.product({ name: "Pour-over Kettle", stock: 10, maxPerCustomer: 2 });
  const email = arrange.email();
  await page.goto(`/products/${product.id}`);
  await productPage(page).email.fill(email);
  await productPage(page).buy.dblclick();

  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  // A second hold of the one unit would be within the limit of 2: one unit held means one hold.
  const { product: after } = await (await page.request.get(`/api/products/${product.id}`)).json();
  expect(after).toMatchObject({ available: 9, held: 1 });
});
