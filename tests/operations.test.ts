// Operating the production build (needs `npm run build`), read back from the tools an operator
// runs: a real Prometheus server scrapes GET /api/metrics and its query API returns the app's
// figures; a tiny OTLP/HTTP receiver gets the spans of POST /api/holds (the request, the hold
// batch, its statements); the captured log has one JSON line per request with its id, route,
// status, duration, actor and error code, a line per lock timeout, and no password, token,
// session cookie or full e-mail address anywhere; and behind node:cluster one scrape returns every
// process's series.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { databaseUrlFor } from "@/db/database-url";
import { recreateDatabase } from "@/db/server";
import { LAUNCHER, startAppProcess, type AppProcess } from "@/scripts/load/app-process";
import { stopProcess } from "@/scripts/load/stop-process";
import { sample } from "./helpers/prometheus";

const built = existsSync(LAUNCHER);
if (!built) {
  if (process.env.CI) throw new Error(`No production build (${LAUNCHER}): npm test builds before Vitest runs.`);
  console.warn(`tests/operations.test.ts skipped: no production build (${LAUNCHER}); run npm run build first.`);
}
const PROMETHEUS = "/usr/bin/prometheus";
const hasPrometheus = existsSync(PROMETHEUS);

const PORT = Number(process.env.OPS_TEST_PORT ?? 3785);
const CLUSTER_PORT = Number(process.env.OPS_CLUSTER_TEST_PORT ?? 3786);
const OTLP_PORT = Number(process.env.OPS_OTLP_TEST_PORT ?? 3787);
const PROMETHEUS_PORT = Number(process.env.PROMETHEUS_TEST_PORT ?? 9395);
const base = `http://127.0.0.1:${PORT}`;

const TOKEN = "ops-test-metrics-token-0123456789";
const AUTH_SECRET = "ops-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const ADMIN = { email: "ops-admin@ops.test", password: "ops-admin-password-91" };
const CUSTOMER = { email: "carla.customer@ops.test", password: "carla-secret-password-47" };
const GUEST = "gustav.guest@ops.test";

type Span = {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
};

/** An OTLP/HTTP receiver: collects the spans POSTed as JSON to /v1/traces. */
function otlpReceiver(port: number) {
  const spans: Span[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces" && /json/.test(request.headers["content-type"] ?? "")) {
        const parsed = JSON.parse(body) as {
          resourceSpans: {
            scopeSpans: {
              spans: (Omit<Span, "attributes"> & { attributes?: { key: string; value: Record<string, unknown> }[] })[];
            }[];
          }[];
        };
        for (const rs of parsed.resourceSpans)
          for (const ss of rs.scopeSpans)
            for (const s of ss.spans)
              spans.push({
                ...s,
                attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])),
              });
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return {
    spans,
    listen: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

/** Signs in through next-auth as a browser would; returns the cookie header. */
async function signIn(user: { email: string; password: string }): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const callback = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: base },
    body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, json: "true" }),
  });
  const cookies = [...jar, ...cookiesOf(callback)];
  expect(cookies.some((c) => c.startsWith("next-auth.session-token="))).toBe(true);
  return cookies.join("; ");
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!built)("operating the production build", () => {
  let app: AppProcess;
  let databaseUrl: string;
  let log = "";
  const receiver = otlpReceiver(OTLP_PORT);

  beforeAll(async () => {
    databaseUrl = databaseUrlFor(inject("databaseUrl"), "flash_sale_ops");
    await recreateDatabase(databaseUrl);
    await receiver.listen();
    const output = new PassThrough();
    output.on("data", (chunk: Buffer) => (log += chunk.toString()));
    app = await startAppProcess({
      port: PORT,
      output,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        AUTH_SECRET,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SEED_DEMO: "false",
        NEXTAUTH_URL: base,
        METRICS_TOKEN: TOKEN,
        LOG_LEVEL: "info",
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_PORT}`,
        DATABASE_LOCK_TIMEOUT_MS: "300",
        SWEEPER_INTERVAL_SECONDS: "1",
      },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await receiver.close();
  });

  async function adminApi(cookie: string, pathname: string, body: unknown) {
    const response = await fetch(`${base}${pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: base },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return (await response.json()) as { product: { id: string } };
  }

  it("logs, counts and traces what shoppers and admins do, and leaks no secret into any line", async () => {
    const admin = await signIn(ADMIN);
    const now = Date.now();
    const { product } = await adminApi(admin, "/api/admin/products", {
      name: "Ops Lamp",
      priceCents: 1_000,
      initialStock: 3,
      maxPerCustomer: 2,
      saleStartsAt: new Date(now - 60_000).toISOString(),
      saleEndsAt: new Date(now + 3_600_000).toISOString(),
    });
    const registered = await fetch(`${base}/api/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(CUSTOMER),
    });
    expect(registered.status).toBe(201);
    const customer = await signIn(CUSTOMER);
    const sessionToken = customer.match(/next-auth\.session-token=([^;]+)/)![1]!;

    const guestHold = await fetch(`${base}/api/holds`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-me-42" },
      body: JSON.stringify({ productId: product.id, quantity: 1, email: GUEST }),
    });
    expect(guestHold.status).toBe(201);
    expect(guestHold.headers.get("x-request-id")).toBe("trace-me-42");
    const customerHold = await fetch(`${base}/api/holds`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: customer, origin: base, "x-request-id": "not a sane id" },
      body: JSON.stringify({ productId: product.id, quantity: 2 }),
    });
    expect(customerHold.status).toBe(201);
    const customerRequestId = customerHold.headers.get("x-request-id")!;
    expect(customerRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(`${base}/api/holds`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ productId: product.id, quantity: 1, email: "another.guest@ops.test" }),
    });
    expect((await refused.json()).error.code).toBe("insufficient_stock");

    // A row lock held elsewhere: the hold waits DATABASE_LOCK_TIMEOUT_MS, answers 503, and the
    // lock timeout gets a log line and a count.
    const { product: locked } = await adminApi(admin, "/api/admin/products", {
      name: "Locked Lamp",
      priceCents: 1_000,
      initialStock: 5,
      maxPerCustomer: 2,
      saleStartsAt: new Date(now - 60_000).toISOString(),
      saleEndsAt: new Date(now + 3_600_000).toISOString(),
    });
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await sql.begin(async (tx) => {
        await tx`select 1 from products where id = ${locked.id} for update`;
        const blocked = await fetch(`${base}/api/holds`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ productId: locked.id, quantity: 1, email: "locked.out@ops.test" }),
        });
        expect(blocked.status).toBe(503);
      });
    } finally {
      await sql.end();
    }

    // Metrics, read back.
    const scraped = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    const metrics = await scraped.text();
    expect(sample(metrics, "flash_sale_hold_outcomes_total", { reason: "held" })).toBe(2);
    expect(sample(metrics, "flash_sale_hold_outcomes_total", { reason: "insufficient_stock" })).toBe(1);
    expect(sample(metrics, "flash_sale_hold_outcomes_total", { reason: "service_unavailable" })).toBe(1);
    expect(sample(metrics, "flash_sale_db_lock_timeouts_total")).toBe(1);
    expect(sample(metrics, "flash_sale_http_requests_total", { route: "/api/holds", status: "201" })).toBe(2);
    expect(sample(metrics, "flash_sale_http_requests_total", { route: "/api/auth/[...nextauth]" })).toBeGreaterThan(0);
    expect((await fetch(`${base}/api/metrics`)).status).toBe(401);

    // Traces: the request's span from Next.js, the hold batch and its statement beneath it.
    const trace = await waitFor("the spans of POST /api/holds", async () => {
      const request = receiver.spans.find(
        (s) => /POST \/api\/holds/.test(s.name) || s.attributes["next.route"] === "/api/holds",
      );
      if (!request) return undefined;
      const inTrace = receiver.spans.filter((s) => s.traceId === request.traceId);
      const batch = inTrace.find((s) => s.name === "hold batch");
      const statement = inTrace.find(
        (s) => s.name === "db.query" && /place_holds/.test(String(s.attributes["db.statement"])),
      );
      return batch && statement ? { request, batch, statement } : undefined;
    });
    expect(trace.batch.attributes["flash_sale.batch_size"]).toBeGreaterThanOrEqual(1);
    expect(trace.statement.parentSpanId).toBe(trace.batch.spanId);

    // Logs: JSON lines, one per request.
    await new Promise((r) => setTimeout(r, 300));
    const lines = log
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const guestLine = lines.find((l) => l.reqId === "trace-me-42");
    expect(guestLine).toMatchObject({
      route: "/api/holds",
      method: "POST",
      status: 201,
      actor: "guest",
      level: 30,
      durationMs: expect.any(Number),
    });
    expect(lines.find((l) => l.reqId === customerRequestId)).toMatchObject({ status: 201, actor: "customer" });
    expect(lines.find((l) => l.route === "/api/admin/products" && l.method === "POST")).toMatchObject({
      status: 201,
      actor: "admin",
    });
    expect(lines.find((l) => l.route === "/api/holds" && l.status === 409)).toMatchObject({
      errorCode: "insufficient_stock",
    });
    expect(lines.find((l) => l.event === "lock_timeout")).toBeDefined();
    expect(lines.find((l) => l.route === "/api/holds" && l.status === 503)).toMatchObject({
      errorCode: "service_unavailable",
    });
    expect(lines.some((l) => l.event === "startup")).toBe(true);

    // Nothing secret: passwords, tokens, session cookies, full e-mail addresses.
    for (const secret of [
      ADMIN.password,
      CUSTOMER.password,
      TOKEN,
      AUTH_SECRET,
      sessionToken,
      sessionToken.slice(0, 40),
      ADMIN.email,
      CUSTOMER.email,
      GUEST,
      "another.guest@ops.test",
      "locked.out@ops.test",
    ]) {
      expect(log.includes(secret), `the log contains ${secret.slice(0, 12)}…`).toBe(false);
    }
    expect(log).toContain("o***@ops.test");
  });

  it.skipIf(!hasPrometheus && !process.env.CI)("is scraped by a real Prometheus server", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "flash-sale-prometheus-"));
    let prometheus: ChildProcess | undefined;
    try {
      writeFileSync(
        path.join(dir, "prometheus.yml"),
        [
          "global: { scrape_interval: 1s, scrape_timeout: 1s }",
          "scrape_configs:",
          "  - job_name: flash-sale",
          "    metrics_path: /api/metrics",
          `    authorization: { credentials: ${TOKEN} }`,
          `    static_configs: [{ targets: ["127.0.0.1:${PORT}"] }]`,
        ].join("\n"),
      );
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${path.join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${path.join(dir, "data")}`,
          `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
        ],
        { stdio: "ignore" },
      );
      const query = async (promql: string) => {
        const response = await fetch(
          `http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(promql)}`,
        );
        const body = (await response.json()) as {
          data: { result: { metric: Record<string, string>; value: [number, string] }[] };
        };
        return body.data.result;
      };
      const up = await waitFor(
        "Prometheus to scrape the app",
        async () => (await query('up{job="flash-sale"}')).find((r) => r.value[1] === "1"),
        30_000,
      );
      expect(up.metric.instance).toBe(`127.0.0.1:${PORT}`);
      const held = await waitFor("the held holds in Prometheus", async () => {
        const [result] = await query('sum(flash_sale_hold_outcomes_total{job="flash-sale",reason="held"})');
        return result && Number(result.value[1]) >= 2 ? result : undefined;
      });
      expect(Number(held.value[1])).toBe(2);
      const [heap] = await query('nodejs_heap_size_used_bytes{job="flash-sale"}');
      expect(heap?.metric.process).toMatch(/:\d+$/);
    } finally {
      if (prometheus) await stopProcess(prometheus);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!built)("a scrape behind node:cluster", () => {
  it("returns the series of every server process, each labelled with its process", async () => {
    const databaseUrl = databaseUrlFor(inject("databaseUrl"), "flash_sale_ops_cluster");
    await recreateDatabase(databaseUrl);
    const app = await startAppProcess({
      port: CLUSTER_PORT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        AUTH_SECRET,
        SEED_DEMO: "false",
        METRICS_TOKEN: TOKEN,
        LOG_LEVEL: "silent",
        WEB_CONCURRENCY: "2",
      },
    });
    try {
      const processes = await waitFor("both processes in one scrape", async () => {
        const response = await fetch(`http://127.0.0.1:${CLUSTER_PORT}/api/metrics`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        const text = await response.text();
        const found = new Set(
          [...text.matchAll(/^nodejs_heap_size_used_bytes\{process="([^"]+)"\}/gm)].map((m) => m[1]),
        );
        return found.size === 2 ? found : undefined;
      });
      expect(processes.size).toBe(2);
    } finally {
      await app.stop();
    }
  });
});
