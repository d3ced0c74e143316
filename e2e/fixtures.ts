// Fixtures of the end-to-end suite: the e2e database, and products arranged in it for one test.
// Products are written with plain SQL (lib/ is server-only) that keeps every invariant: the row
// with total_stock = available = n and its `stock_added` ledger event commit in one statement.
// Orders are placed through the public API, so they take the same path as a shopper's.
import { test as base, expect, type APIRequestContext } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabaseUrl } from "./database";

export type ProductOptions = {
  name?: string;
  description?: string;
  stock: number;
  maxPerCustomer?: number;
  priceCents?: number;
  /** Seconds from now; negative for a sale already open. */
  startsIn?: number;
  endsIn?: number;
};

export type ArrangedProduct = { id: string; name: string };

type Arrange = {
  product: (options: ProductOptions) => Promise<ArrangedProduct>;
  /** Places a hold through POST /api/holds and returns the order id. */
  hold: (productId: string, quantity: number, email: string) => Promise<string>;
  /** Holds and confirms through the API: units sold to someone else. */
  buy: (productId: string, quantity: number, email: string) => Promise<string>;
  /** An e-mail address no other test uses. */
  email: (label?: string) => string;
};

let sequence = 0;
const unique = (workerIndex: number) => `${workerIndex}${(Date.now() % 1e6).toString(36)}${(sequence++).toString(36)}`;

export const test = base.extend<{ arrange: Arrange }, { sql: postgres.Sql }>({
  sql: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const sql = postgres(e2eDatabaseUrl(), { max: 2, onnotice: () => {} });
      await use(sql);
      await sql.end({ timeout: 5 });
    },
    { scope: "worker" },
  ],

  arrange: async ({ sql, request }, use, testInfo) => {
    const tag = () => unique(testInfo.workerIndex);
    await use({
      product: async ({
        name = "Test product",
        description,
        stock,
        maxPerCustomer = 1,
        priceCents = 1_250,
        startsIn = -60,
        endsIn = Math.max(startsIn, 0) + 3_600,
      }) => {
        const fullName = `${name} ${tag()}`;
        const [row] = await sql<{ id: string }[]>`
          with product as (
            insert into products (name, description, price_cents, total_stock, available, max_per_customer, sale_starts_at, sale_ends_at)
            values (${fullName}, ${description ?? `Arranged by the test "${testInfo.title}".`}, ${priceCents}, ${stock}, ${stock},
                    ${maxPerCustomer}, now() + make_interval(secs => ${startsIn}), now() + make_interval(secs => ${endsIn}))
            returning id, total_stock
          ), stock as (
            insert into inventory_events (product_id, order_id, type, delta, metadata)
            select id, null, 'stock_added', total_stock, '{"source": "e2e"}'::jsonb from product where total_stock > 0
          )
          select id from product`;
        return { id: row!.id, name: fullName };
      },
      hold: (productId, quantity, email) => holdThroughApi(request, productId, quantity, email),
      buy: async (productId, quantity, email) => {
        const orderId = await holdThroughApi(request, productId, quantity, email);
        const confirmed = await request.post(`/api/orders/${orderId}/confirm`);
        expect(confirmed.status(), await confirmed.text()).toBe(200);
        return orderId;
      },
      email: (label = "shopper") => `${label}-${tag()}@example.test`,
    });
  },
});

async function holdThroughApi(request: APIRequestContext, productId: string, quantity: number, email: string) {
  const response = await request.post("/api/holds", { data: { productId, quantity, email } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { order: { id: string } }).order.id;
}

export { expect };
