// npm run loadtest: a flash sale over HTTP against BASE_URL (default http://127.0.0.1:3000), or
// several app processes at once (BASE_URL=http://a,http://b: requests alternate between them).
// It sets up a sale through the admin API (or takes --product), fires holds from distinct
// shoppers at a fixed concurrency with a live progress line, then prints a summary and the
// reconcile result. Exits 1 on any oversell, lost unit, 5xx, unanswered request or breach.
// The server must run with RATE_LIMITS=off: the load comes from one address.
//
//   --holds N           holds to send (default 1000)
//   --concurrency C     requests in flight (default 200)
//   --stock S           units of the sale it creates (default 100)
//   --limit L           per-customer limit of that sale (default 1)
//   --quantity Q        units per hold (default 1)
//   --confirm-ratio R   share of successful holds confirmed at once (0-1, default 0)
//   --repeat-buyers R   share of holds sent by a shopper who already tried (0-1, default 0)
//   --duration S        send for S seconds instead of a fixed number of holds
//   --product ID        use this live product instead of creating one
//   --proof-of-work     the sale it creates asks for a proof of work: each hold solves a real challenge
//                       first (at the server's POW_COST, reported; scripts/load/proof-of-work.ts)
// ADMIN_EMAIL / ADMIN_PASSWORD sign in for the setup and the reconcile check (default: the
// development admin).
import { parseArgs } from "node:util";
import { errorCode, httpClient, signIn, type Answer } from "./load/http-client";
import { proofOfWork } from "./load/proof-of-work";
import { formatMs, formatRate, Latencies, perSecond, progress, table } from "./load/stats";

const { values: opts } = parseArgs({
  options: {
    holds: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "200" },
    stock: { type: "string", default: "100" },
    limit: { type: "string", default: "1" },
    quantity: { type: "string", default: "1" },
    "confirm-ratio": { type: "string", default: "0" },
    "repeat-buyers": { type: "string", default: "0" },
    duration: { type: "string" },
    product: { type: "string" },
    "proof-of-work": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (opts.help) {
  console.log(
    "usage: npm run loadtest -- [--holds N] [--concurrency C] [--stock S] [--limit L] [--quantity Q] [--confirm-ratio R] [--repeat-buyers R] [--duration S] [--product ID] [--proof-of-work]\nBASE_URL=http://host:port[,http://other:port]  ADMIN_EMAIL=...  ADMIN_PASSWORD=...",
  );
  process.exit(0);
}

function number(name: keyof typeof opts, min: number, max: number, integer = true): number {
  const value = Number(opts[name]);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}
const HOLDS = number("holds", 1, 10_000_000);
const CONCURRENCY = number("concurrency", 1, 10_000);
const STOCK = number("stock", 1, 1_000_000);
const LIMIT = number("limit", 1, 1_000);
const QUANTITY = number("quantity", 1, 1_000);
const CONFIRM_RATIO = number("confirm-ratio", 0, 1, false);
const REPEAT_BUYERS = number("repeat-buyers", 0, 1, false);
const DURATION_S = opts.duration === undefined ? undefined : number("duration", 1, 86_400);
const BASES = (process.env.BASE_URL ?? "http://127.0.0.1:3000").split(",").map((u) => u.trim().replace(/\/$/, ""));
const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? "admin@flash.test";
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? "flash-sale-admin";
const POW = opts["proof-of-work"] ? proofOfWork() : undefined;

type PublicProduct = {
  id: string;
  name: string;
  totalStock: number;
  available: number;
  held: number;
  sold: number;
  status: string;
  maxPerCustomer: number;
};

const clients = BASES.map((base) => httpClient(base, CONCURRENCY));
const admin = clients[0]!;
const fail = (message: string): never => {
  console.error(`\n✗ ${message}`);
  for (const c of clients) c.close();
  process.exit(1);
};

// ── setup ──────────────────────────────────────────────────────────────────────────────────────
for (const [i, c] of clients.entries()) {
  const health = await c.request("GET", "/api/health", { timeoutMs: 10_000 });
  if (health.status !== 200)
    fail(`${BASES[i]}/api/health answered ${health.status || health.error}: is the app running there?`);
}

let cookie: string | undefined;
try {
  cookie = await signIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
} catch (error) {
  if (!opts.product) fail(`${(error as Error).message}. Set ADMIN_EMAIL and ADMIN_PASSWORD, or pass --product ID.`);
  console.log(`! not signed in as an admin (${(error as Error).message}): the reconcile check is skipped`);
}

async function adminCall(method: string, path: string, body?: unknown): Promise<Answer> {
  const answer = await admin.request(method, path, { body, headers: { cookie: cookie!, origin: BASES[0]! } });
  if (answer.status >= 300) fail(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

async function readProduct(id: string): Promise<PublicProduct> {
  const answer = await admin.request("GET", `/api/products/${id}`);
  if (answer.status !== 200) fail(`GET /api/products/${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return (answer.body as { product: PublicProduct }).product;
}

let productId = opts.product;
if (!productId) {
  const now = Date.now();
  const created = await adminCall("POST", "/api/admin/products", {
    name: `Load test ${new Date(now).toISOString().slice(0, 19).replace("T", " ")}`,
    description: `npm run loadtest: ${HOLDS} holds at ${CONCURRENCY} concurrent`,
    priceCents: 2_500,
    initialStock: STOCK,
    maxPerCustomer: LIMIT,
    saleStartsAt: new Date(now + 86_400_000).toISOString(),
    saleEndsAt: new Date(now + 2 * 86_400_000).toISOString(),
    ...(POW ? { botCheck: "proof_of_work" } : {}),
  });
  productId = (created.body as { product: { id: string } }).product.id;
  await adminCall("POST", `/api/admin/products/${productId}/sale`, { action: "open" });
}
const before = await readProduct(productId);
if (before.status !== "live" && before.status !== "sold_out")
  fail(`product ${productId} is ${before.status}, not live`);
console.log(
  `${BASES.join(" + ")}: "${before.name}", ${before.available} of ${before.totalStock} available, limit ${before.maxPerCustomer}; ` +
    `${DURATION_S ? `${DURATION_S} s of holds` : `${HOLDS.toLocaleString("en-US")} holds`} of ${QUANTITY} at ${CONCURRENCY} concurrent` +
    `${CONFIRM_RATIO ? `, ${Math.round(CONFIRM_RATIO * 100)}% confirmed` : ""}${REPEAT_BUYERS ? `, ${Math.round(REPEAT_BUYERS * 100)}% repeat buyers` : ""}`,
);

// ── the load ───────────────────────────────────────────────────────────────────────────────────
const run = Date.now().toString(36);
const counts = {
  sent: 0,
  held: 0,
  soldOut: 0,
  limit: 0,
  notActive: 0,
  rateLimited: 0,
  other4xx: 0,
  fiveXx: 0,
  unanswered: 0,
};
const confirms = { confirmed: 0, expired: 0, other: 0 };
const holdLatency = new Latencies();
const otherAnswers = new Map<string, number>();
const heldUnits = { total: 0 };
let shoppers = 0;
const perBase = BASES.map(() => 0);

function classify(answer: Answer) {
  if (answer.status === 201) counts.held++;
  else if (answer.status === 0) counts.unanswered++;
  else if (answer.status >= 500) counts.fiveXx++;
  else {
    const code = errorCode(answer.body);
    if (code === "insufficient_stock") counts.soldOut++;
    else if (code === "limit_exceeded") counts.limit++;
    else if (code === "sale_not_active") counts.notActive++;
    else if (answer.status === 429) counts.rateLimited++;
    else counts.other4xx++;
  }
  if (answer.status !== 201 && !(answer.status === 409 && errorCode(answer.body) !== undefined)) {
    const key = `${answer.status} ${errorCode(answer.body) ?? answer.error ?? ""}`.trim();
    otherAnswers.set(key, (otherAnswers.get(key) ?? 0) + 1);
  }
}

function nextShopper(): string {
  const repeat = shoppers > 0 && Math.random() < REPEAT_BUYERS;
  const n = repeat ? Math.floor(Math.random() * shoppers) : shoppers++;
  return `load-${run}-${n}@load.test`;
}

const started = performance.now();
const deadline = DURATION_S ? started + DURATION_S * 1_000 : Infinity;
const more = () => (DURATION_S ? performance.now() < deadline : counts.sent < HOLDS);

async function worker() {
  while (more()) {
    const base = counts.sent++ % clients.length;
    perBase[base]!++;
    const client = clients[base]!;
    const altcha = POW ? await POW.solve(client) : undefined;
    const answer = await client.request("POST", "/api/holds", {
      body: { productId, quantity: QUANTITY, email: nextShopper(), altcha },
    });
    holdLatency.add(answer.ms);
    classify(answer);
    if (answer.status === 201) {
      heldUnits.total += QUANTITY;
      if (CONFIRM_RATIO > 0 && Math.random() < CONFIRM_RATIO) {
        const order = (answer.body as { order: { id: string } }).order;
        const confirmed = await client.request("POST", `/api/orders/${order.id}/confirm`);
        if (confirmed.status === 200) confirms.confirmed++;
        else if (confirmed.status === 410) confirms.expired++;
        else {
          confirms.other++;
          if (confirmed.status >= 500) counts.fiveXx++;
          if (confirmed.status === 0) counts.unanswered++;
        }
      }
    }
  }
}

let lastCount = 0;
let lastAt = started;
let currentRate = 0;
let finished = false;
const line = progress(() => {
  const now = performance.now();
  const done = holdLatency.count;
  // The last second's rate while it runs; the whole run's at the end.
  if (finished) currentRate = perSecond(done, now - started);
  else if (now - lastAt >= 1_000) {
    currentRate = perSecond(done - lastCount, now - lastAt);
    lastCount = done;
    lastAt = now;
  }
  const goal = DURATION_S
    ? `${((now - started) / 1_000).toFixed(0)}/${DURATION_S} s`
    : `${done.toLocaleString("en-US")}/${HOLDS.toLocaleString("en-US")}`;
  return `  ${goal}  held ${counts.held}  sold out ${counts.soldOut}  limit ${counts.limit}  4xx ${counts.other4xx + counts.rateLimited + counts.notActive}  5xx ${counts.fiveXx}  unanswered ${counts.unanswered}  ${formatRate(currentRate)} req/s`;
});
await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
const elapsedMs = performance.now() - started;
finished = true;
line.done();

// ── results ────────────────────────────────────────────────────────────────────────────────────
const after = await readProduct(productId);
const latency = holdLatency.summary();
const summary = table(
  ["holds", "held", "sold out", "limit", "other 4xx", "5xx", "unanswered", "req/s", "p50 ms", "p95 ms", "p99 ms"],
  [
    [
      ...[
        holdLatency.count,
        counts.held,
        counts.soldOut,
        counts.limit,
        counts.other4xx + counts.rateLimited + counts.notActive,
        counts.fiveXx,
        counts.unanswered,
      ].map((n) => n.toLocaleString("en-US")),
      formatRate(perSecond(holdLatency.count, elapsedMs)),
      formatMs(latency.p50),
      formatMs(latency.p95),
      formatMs(latency.p99),
    ],
  ],
);
console.log(`\n${summary.text}`);
if (POW) console.log(POW.report());
if (BASES.length > 1)
  console.log(
    BASES.map((b, i) => `${b.replace(/^https?:\/\//, "")}: ${perBase[i]!.toLocaleString("en-US")} requests`).join(", "),
  );
if (CONFIRM_RATIO > 0)
  console.log(
    `confirmations: ${confirms.confirmed} confirmed, ${confirms.expired} expired first, ${confirms.other} other`,
  );
if (otherAnswers.size) console.log(`other answers: ${[...otherAnswers].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
if (counts.rateLimited)
  console.log(
    `! ${counts.rateLimited} holds were rate limited (429): run the server with RATE_LIMITS=off for load tests`,
  );
console.log(
  `stock: ${before.available} available before; ${after.available} available, ${after.held} held, ${after.sold} sold of ${after.totalStock} after`,
);

const problems: string[] = [];
const taken = before.available - after.available;
if (heldUnits.total > before.available)
  problems.push(`oversold: ${heldUnits.total} units held with ${before.available} available`);
if (after.available < 0) problems.push(`available is ${after.available}`);
if (after.available + after.held + after.sold !== after.totalStock)
  problems.push(
    `available + held + sold = ${after.available + after.held + after.sold}, not the total ${after.totalStock}`,
  );
// With nothing else touching the product, every unit it lost is a hold we were told about.
if (!opts.product && taken !== heldUnits.total)
  problems.push(`the product lost ${taken} units but ${heldUnits.total} were answered held`);
const demand = holdLatency.count * QUANTITY;
const exhausted = counts.soldOut > 0 || demand >= before.available;
if (
  !opts.product &&
  exhausted &&
  counts.unanswered + counts.fiveXx + counts.rateLimited === 0 &&
  REPEAT_BUYERS === 0 &&
  LIMIT >= QUANTITY
) {
  const shouldHold = Math.floor(before.available / QUANTITY) * QUANTITY;
  if (heldUnits.total !== shouldHold)
    problems.push(`not an exact sell-out: ${heldUnits.total} units held, ${shouldHold} expected`);
}
if (counts.fiveXx) problems.push(`${counts.fiveXx} answers were 5xx`);
if (counts.unanswered) problems.push(`${counts.unanswered} requests got no answer`);

if (cookie) {
  const reconciled = await adminCall("GET", "/api/admin/reconcile");
  const report = reconciled.body as {
    ok: boolean;
    products: { id: string; ok: boolean; problems: string[] }[];
    orphans: { orders: number; events: number };
  };
  const mine = report.products.find((p) => p.id === productId);
  console.log(
    `reconcile: ${report.ok ? "ok" : "BREACH"} (${report.products.length} products${mine ? `; this one ${mine.ok ? "ok" : mine.problems.join("; ")}` : ""})`,
  );
  if (!report.ok)
    problems.push(
      `reconcile reports a breach: ${report.products
        .filter((p) => !p.ok)
        .map((p) => `${p.id}: ${p.problems.join("; ")}`)
        .join(" | ")}`,
    );
}

for (const c of clients) c.close();
if (problems.length) fail(problems.join("\n✗ "));
console.log("✓ no oversell, no lost unit, no 5xx");
