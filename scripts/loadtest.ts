// npm run loadtest: a flash sale over HTTP against BASE_URL (default http://127.0.0.1:3000), or
// several app processes at once (BASE_URL=http://a,http://b: requests alternate between them).
// It sets up a sale through the admin API (or takes --product), fires holds with a live progress
// line, then prints a summary and the reconcile result. Exits 1 on any oversell, lost unit, 5xx,
// unanswered request or breach.
// Holds are sent as at production settings (scripts/load/hold-traffic.ts): each from its own shopper,
// with its own Idempotency-Key, and from its own client address in --address-header
// (X-Forwarded-For): start the app with TRUSTED_PROXY_HOPS=1 (or TRUSTED_PROXY_HEADER=NAME and
// --address-header NAME) and the rate limits stay on; otherwise they see one address and need
// RATE_LIMITS=off.
//
// Closed loop (default): --concurrency callers, each sending its next hold when the last is answered.
// Open loop (--rate N): N holds a second for --duration, whatever the answers do; latency counts from
// each hold's intended send time, and a hold that finds all --concurrency connections busy for
// longer than --max-lag ms past that time is dropped, not sent (scripts/load/open-loop.ts).
//
//   --holds N           holds to send (default 1000; closed loop)
//   --concurrency C     requests in flight: callers, or the open loop's connections (default 200)
//   --rate N            open loop: N holds a second (with --duration, default 10 s)
//   --max-lag MS        open loop: how late a hold may start before it is dropped (default 1000)
//   --stock S           units of the sale it creates (default 100)
//   --limit L           per-customer limit of that sale (default 1)
//   --quantity Q        units per hold (default 1)
//   --confirm-ratio R   share of successful holds confirmed at once (0-1, default 0; closed loop)
//   --repeat-buyers R   share of holds sent by a shopper who already tried (0-1, default 0)
//   --duration S        send for S seconds instead of a fixed number of holds
//   --address-header H  the header carrying each hold's client address (default x-forwarded-for)
//   --product ID        use this live product instead of creating one
//   --proof-of-work     the sale it creates asks for a proof of work: each hold solves a real challenge
//                       first (at the server's POW_COST, reported; scripts/load/proof-of-work.ts)
// ADMIN_EMAIL / ADMIN_PASSWORD sign in for the setup and the reconcile check (default: the
// development admin).
import { parseArgs } from "node:util";
import { holdRequests, PRODUCTION_TRAFFIC } from "./load/hold-traffic";
import { errorCode, httpClient, signIn, type Answer } from "./load/http-client";
import { DEFAULT_MAX_LAG_MS, openLoop, type OpenLoopResult } from "./load/open-loop";
import { proofOfWork } from "./load/proof-of-work";
import { formatMs, formatRate, Latencies, perSecond, progress, table } from "./load/stats";

const { values: opts } = parseArgs({
  options: {
    holds: { type: "string" },
    concurrency: { type: "string", default: "200" },
    rate: { type: "string" },
    "max-lag": { type: "string", default: String(DEFAULT_MAX_LAG_MS) },
    stock: { type: "string", default: "100" },
    limit: { type: "string", default: "1" },
    quantity: { type: "string", default: "1" },
    "confirm-ratio": { type: "string", default: "0" },
    "repeat-buyers": { type: "string", default: "0" },
    duration: { type: "string" },
    "address-header": { type: "string", default: PRODUCTION_TRAFFIC.addressHeader },
    product: { type: "string" },
    "proof-of-work": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (opts.help) {
  console.log(
    "usage: npm run loadtest -- [--holds N | --rate N --duration S] [--concurrency C] [--max-lag MS] [--stock S] [--limit L] [--quantity Q] [--confirm-ratio R] [--repeat-buyers R] [--duration S] [--address-header H] [--product ID] [--proof-of-work]\nBASE_URL=http://host:port[,http://other:port]  ADMIN_EMAIL=...  ADMIN_PASSWORD=...",
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
const fail = (message: string): never => {
  console.error(`\n✗ ${message}`);
  for (const c of clients) c.close();
  process.exit(1);
};
const refuse = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const RATE = opts.rate === undefined ? undefined : number("rate", 0.1, 1_000_000, false);
if (RATE !== undefined && opts.holds !== undefined) refuse("--rate sends for --duration: leave out --holds");
if (RATE !== undefined && opts["confirm-ratio"] !== "0") refuse("--confirm-ratio is for closed-loop runs (no --rate)");
if (RATE !== undefined && opts["proof-of-work"])
  refuse("--proof-of-work is for closed-loop runs (no --rate): solving would hold up the schedule");
if (!/^[a-z0-9-]+$/i.test(opts["address-header"]!)) refuse("--address-header must be a header name");
opts.holds ??= "1000";
const HOLDS = number("holds", 1, 10_000_000);
const MAX_LAG_MS = number("max-lag", 0, 600_000);
const CONCURRENCY = number("concurrency", 1, 10_000);
const STOCK = number("stock", 1, 1_000_000);
const LIMIT = number("limit", 1, 1_000);
const QUANTITY = number("quantity", 1, 1_000);
const CONFIRM_RATIO = number("confirm-ratio", 0, 1, false);
const REPEAT_BUYERS = number("repeat-buyers", 0, 1, false);
const DURATION_S = opts.duration === undefined ? (RATE ? 10 : undefined) : number("duration", 1, 86_400);
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
    `${DURATION_S ? `${DURATION_S} s of holds` : `${HOLDS.toLocaleString("en-US")} holds`} of ${QUANTITY} ` +
    `${RATE ? `at ${formatRate(RATE)}/s (open loop, ${CONCURRENCY} connections)` : `at ${CONCURRENCY} concurrent`}` +
    `${CONFIRM_RATIO ? `, ${Math.round(CONFIRM_RATIO * 100)}% confirmed` : ""}${REPEAT_BUYERS ? `, ${Math.round(REPEAT_BUYERS * 100)}% repeat buyers` : ""}`,
);

// ── the load ───────────────────────────────────────────────────────────────────────────────────
const run = Date.now().toString(36);
const counts = {
  sent: 0,
  answered: 0,
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
  counts.answered++;
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

const holdRequest = holdRequests({ addressHeader: opts["address-header"], keys: PRODUCTION_TRAFFIC.keys });

/** One hold, from the next shopper, to the next app process in turn. */
async function hold(): Promise<{ answer: Answer; base: number }> {
  const base = counts.sent++ % clients.length;
  perBase[base]!++;
  const altcha = POW ? await POW.solve(clients[base]!) : undefined;
  const answer = await clients[base]!.request(
    "POST",
    "/api/holds",
    holdRequest({ productId: productId!, quantity: QUANTITY, email: nextShopper(), altcha }),
  );
  holdLatency.add(answer.ms);
  classify(answer);
  if (answer.status === 201) heldUnits.total += QUANTITY;
  return { answer, base };
}

const started = performance.now();
const deadline = DURATION_S ? started + DURATION_S * 1_000 : Infinity;
const more = () => (DURATION_S ? performance.now() < deadline : counts.sent < HOLDS);

async function worker() {
  while (more()) {
    const { answer, base } = await hold();
    if (answer.status === 201 && CONFIRM_RATIO > 0 && Math.random() < CONFIRM_RATIO) {
      const order = (answer.body as { order: { id: string } }).order;
      const confirmed = await clients[base]!.request("POST", `/api/orders/${order.id}/confirm`);
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

/** Open loop: the holds due by now. */
const scheduledSoFar = () =>
  Math.min(Math.floor(((performance.now() - started) * RATE!) / 1_000), Math.floor(RATE! * DURATION_S!));
let open: OpenLoopResult | undefined;
let lastCount = 0;
let lastAt = started;
let currentRate = 0;
let finished = false;
const line = progress(() => {
  const now = performance.now();
  const done = counts.answered;
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
  // Open loop, while it runs: holds due but not sent (waiting for a connection, or dropped).
  const notSent = open ? open.dropped : RATE ? scheduledSoFar() - counts.sent : undefined;
  const dropped = notSent === undefined ? "" : `  ${open ? "dropped" : "behind"} ${notSent.toLocaleString("en-US")}`;
  return `  ${goal}  held ${counts.held}  sold out ${counts.soldOut}  limit ${counts.limit}  4xx ${counts.other4xx + counts.rateLimited + counts.notActive}  5xx ${counts.fiveXx}  unanswered ${counts.unanswered}${dropped}  ${formatRate(currentRate)} req/s`;
});
if (RATE)
  open = await openLoop({
    rate: RATE,
    durationMs: DURATION_S! * 1_000,
    connections: CONCURRENCY,
    maxLagMs: MAX_LAG_MS,
    send: hold,
  });
else await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
const elapsedMs = performance.now() - started;
finished = true;
line.done();

// ── results ────────────────────────────────────────────────────────────────────────────────────
const after = await readProduct(productId);
const latency = holdLatency.summary();
const answers = [
  counts.answered,
  counts.held,
  counts.soldOut,
  counts.limit,
  counts.other4xx + counts.rateLimited + counts.notActive,
  counts.fiveXx,
  counts.unanswered,
].map((n) => n.toLocaleString("en-US"));
const answerColumns = ["holds", "held", "sold out", "limit", "other 4xx", "5xx", "unanswered"];
// Closed loop: latency from each hold's own start. Open loop: from its intended send time.
const summary = open
  ? table(
      [...answerColumns, "dropped", "achieved/s", "p50 ms", "p99 ms", "p99.9 ms"],
      [
        [
          ...answers,
          open.dropped.toLocaleString("en-US"),
          formatRate(open.achievedRate),
          formatMs(open.latency.p50),
          formatMs(open.latency.p99),
          formatMs(open.latency.p999),
        ],
      ],
    )
  : table(
      [...answerColumns, "req/s", "p50 ms", "p95 ms", "p99 ms"],
      [
        [
          ...answers,
          formatRate(perSecond(counts.answered, elapsedMs)),
          formatMs(latency.p50),
          formatMs(latency.p95),
          formatMs(latency.p99),
        ],
      ],
    );
console.log(`\n${summary.text}`);
if (open)
  console.log(
    `open loop: ${open.scheduled.toLocaleString("en-US")} holds scheduled at ${formatRate(RATE!)}/s, ${open.sent.toLocaleString("en-US")} sent, ${open.dropped.toLocaleString("en-US")} dropped (no free connection within ${MAX_LAG_MS} ms of the intended send time); at most ${open.peakInFlight} in flight; latency from the intended send time`,
  );
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
    `! ${counts.rateLimited} holds were rate limited (429): each hold carries its own address in ${opts["address-header"]}; start the app with TRUSTED_PROXY_HOPS=1 (or TRUSTED_PROXY_HEADER=${opts["address-header"]}), or with RATE_LIMITS=off`,
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
const demand = counts.answered * QUANTITY;
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
