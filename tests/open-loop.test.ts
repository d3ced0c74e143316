// The open-loop scheduler of npm run loadtest and npm run bench against a real local HTTP server whose
// delays the test controls: latencies count from each request's intended send time (a stall is
// charged to every request due during it), and requests that find no free connection in time are
// dropped, never sent late without limit. No timed assertions: bounds follow from the server's delays.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpClient, type Client } from "@/scripts/load/http-client";
import { openLoop } from "@/scripts/load/open-loop";

/** Waits until performance.now() reaches `until` (timers may fire a little early). */
async function waitUntil(until: number) {
  while (performance.now() < until) await new Promise((r) => setTimeout(r, Math.max(1, until - performance.now())));
}

let server: http.Server | undefined;
let client: Client | undefined;
afterEach(async () => {
  client?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(handle: (arrivedAt: number) => Promise<void>, connections: number) {
  server = http.createServer(async (req, res) => {
    req.resume();
    await handle(performance.now());
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  client = httpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections);
  return client;
}

describe("open-loop load", () => {
  it("charges a server stall to every request scheduled during it, from its intended send time", async () => {
    // One connection, as a closed-loop client has: while the stalled request holds it, the requests
    // due behind it wait in the generator, and their wait counts.
    const stallMs = 300;
    const stall = { from: Infinity, until: Infinity };
    let started = Infinity;
    const c = await serve(async (arrivedAt) => {
      // The first request arriving 200 ms into the run starts the stall; every request that
      // arrives before it ends is answered at its end.
      if (stall.from === Infinity && arrivedAt - started >= 200) {
        stall.from = arrivedAt;
        stall.until = arrivedAt + stallMs;
      }
      if (arrivedAt >= stall.from && arrivedAt < stall.until) await waitUntil(stall.until);
    }, 1);
    const answers: { intendedAt: number; latencyMs: number }[] = [];
    started = performance.now();
    const result = await openLoop({
      rate: 100,
      durationMs: 1_000,
      connections: 1,
      maxLagMs: 10_000,
      send: () => c.request("GET", "/"),
      onAnswer: (answer, _n, intendedAt, latencyMs) => {
        expect(answer.status).toBe(200);
        answers.push({ intendedAt, latencyMs });
      },
    });

    expect(result).toMatchObject({ scheduled: 100, sent: 100, dropped: 0 });
    expect(stall.from).toBeLessThan(Infinity);
    const duringStall = answers.filter((a) => a.intendedAt >= stall.from && a.intendedAt < stall.until);
    // 10 ms apart, at least 29 intended send times fall inside the 300 ms stall.
    expect(duringStall.length).toBeGreaterThanOrEqual(29);
    for (const a of duringStall) expect(a.latencyMs).toBeGreaterThanOrEqual(stall.until - a.intendedAt);
    // The request that met the stall waited all of it; timed from when they got the connection, the
    // ones due behind it would show a millisecond or two.
    expect(result.latency.max).toBeGreaterThanOrEqual(stallMs);
    // At least 14 of the 100 were due in the stall's first half: over 10% waited at least half of it.
    expect(result.latency.p90).toBeGreaterThanOrEqual(stallMs / 2);
  });

  it("drops the requests that find every connection busy past the allowed lag", async () => {
    const delayMs = 200;
    const connections = 2;
    const maxLagMs = 50;
    const durationMs = 1_000;
    const c = await serve((arrivedAt) => waitUntil(arrivedAt + delayMs), connections);
    const latencies: number[] = [];
    const result = await openLoop({
      rate: 100,
      durationMs,
      connections,
      maxLagMs,
      send: () => c.request("GET", "/"),
      onAnswer: (_answer, _n, _intendedAt, latencyMs) => latencies.push(latencyMs),
    });

    // Each connection carries one request per 200 ms, and nothing starts later than the last intended
    // send time plus the allowed lag: at most 2 × (⌊1,050 / 200⌋ + 1) = 12 of the 100 can be sent.
    const mostSent = connections * (Math.floor((durationMs + maxLagMs) / delayMs) + 1);
    expect(result.scheduled).toBe(100);
    expect(result.sent).toBeLessThanOrEqual(mostSent);
    expect(result.sent).toBeGreaterThanOrEqual(connections);
    expect(result.dropped).toBe(result.scheduled - result.sent);
    expect(result.peakInFlight).toBeLessThanOrEqual(connections);
    expect(latencies).toHaveLength(result.sent);
    for (const ms of latencies) expect(ms).toBeGreaterThanOrEqual(delayMs);
  });

  it("sends every request when the server keeps up", async () => {
    const c = await serve(async () => {}, 50);
    const result = await openLoop({ rate: 200, durationMs: 1_000, connections: 50, send: () => c.request("GET", "/") });
    expect(result).toMatchObject({ scheduled: 200, sent: 200, dropped: 0 });
    expect(result.achievedRate).toBe(200);
  });
});
