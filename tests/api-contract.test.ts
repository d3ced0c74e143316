// The public HTTP API through its real route handlers: status codes, error codes and shapes,
// that a refused request writes nothing, and that the served OpenAPI document is well-formed.
import { describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/[...path]/route";
import * as health from "@/app/api/health/route";
import * as holds from "@/app/api/holds/route";
import * as openapi from "@/app/api/openapi.json/route";
import * as cancel from "@/app/api/orders/[id]/cancel/route";
import * as confirm from "@/app/api/orders/[id]/confirm/route";
import * as order from "@/app/api/orders/[id]/route";
import * as product from "@/app/api/products/[id]/route";
import * as products from "@/app/api/products/route";
import * as time from "@/app/api/time/route";
import { createLiveProduct, guestEmail, tableCounts } from "./helpers/fixtures";
import { apiRequest, call, type RouteHandler } from "./helpers/routes";

const BASE = "http://localhost/api";
// The body as bytes on the wire (a string or null), so the contract's refusals of malformed ones can be sent.
const post = (
  path: string,
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) => new Request(`${BASE}${path}`, { method: "POST", body, headers });
const get = (path: string) => apiRequest(path);

describe("the happy path", () => {
  it("lists products, holds one, reads and confirms the order", async () => {
    const live = await createLiveProduct({ stock: 5, priceCents: 1_250 });

    const listed = await call(products.GET, get("/products"));
    expect(listed.status).toBe(200);
    const list = await listed.json();
    expect(list.products.map((p: { id: string }) => p.id)).toContain(live.id);
    expect(Date.parse(list.serverTime)).not.toBeNaN();

    const one = await call(product.GET, get(`/products/${live.id}`), { id: live.id });
    expect((await one.json()).product).toMatchObject({ id: live.id, available: 5, status: "live", totalStock: 5 });

    const held = await call(
      holds.POST,
      post("/holds", JSON.stringify({ productId: live.id, quantity: 2, email: "Buyer@Example.com" })),
    );
    expect(held.status).toBe(201);
    const { order: created } = await held.json();
    expect(held.headers.get("location")).toBe(`/api/orders/${created.id}`);
    expect(created).toMatchObject({
      productId: live.id,
      productName: live.name,
      quantity: 2,
      unitPriceCents: 1_250,
      totalCents: 2_500,
      status: "pending",
      customerEmail: "buyer@example.com",
      confirmedAt: null,
    });

    const read = await call(order.GET, get(`/orders/${created.id}`), { id: created.id });
    expect(read.status).toBe(200);
    expect((await read.json()).order).toEqual(created);

    const confirmed = await call(confirm.POST, post(`/orders/${created.id}/confirm`, null), { id: created.id });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json()).order.status).toBe("confirmed");

    const again = await call(confirm.POST, post(`/orders/${created.id}/confirm`, null), { id: created.id });
    expect(again.status).toBe(200);

    const refused = await call(cancel.POST, post(`/orders/${created.id}/cancel`, null), { id: created.id });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("invalid_state");
  });

  it("answers health with the database state", async () => {
    const response = await call(health.GET, get("/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: "ok",
      eventLoopDelayMs: { p99: expect.any(Number), max: expect.any(Number) },
    });
  });

  it("tells the server's time, uncached", async () => {
    const before = Date.now();
    const response = await time.GET(get("/time"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { serverTime } = await response.json();
    expect(Date.parse(serverTime)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(serverTime)).toBeLessThanOrEqual(Date.now());
    expect((await time.POST()).status).toBe(405);
  });

  it("maps business refusals to 409 and 410", async () => {
    const live = await createLiveProduct({ stock: 1, maxPerCustomer: 1 });
    const body = (email: string, quantity = 1) => JSON.stringify({ productId: live.id, quantity, email });
    expect((await call(holds.POST, post("/holds", body(guestEmail(), 2)))).status).toBe(409);
    const first = await call(holds.POST, post("/holds", body(guestEmail())));
    expect(first.status).toBe(201);
    const soldOut = await call(holds.POST, post("/holds", body(guestEmail())));
    expect(soldOut.status).toBe(409);
    expect((await soldOut.json()).error.code).toBe("insufficient_stock");
  });
});

describe("malformed requests", () => {
  const uuid = "7d3f2a1e-9b4c-4d5e-8f6a-1b2c3d4e5f60";
  const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
  const deep = "[".repeat(5_000) + "]".repeat(5_000);
  const holdBody = (fields: Record<string, unknown>) =>
    JSON.stringify({ productId: uuid, quantity: 1, email: "a@example.com", ...fields });

  const cases: [string, RouteHandler, Request, Record<string, unknown>, number, string][] = [
    ["no content type", holds.POST, post("/holds", holdBody({}), {}), {}, 415, "unsupported_media_type"],
    [
      "text/plain body",
      holds.POST,
      post("/holds", holdBody({}), { "content-type": "text/plain" }),
      {},
      415,
      "unsupported_media_type",
    ],
    [
      "XML body",
      holds.POST,
      post("/holds", "<hold/>", { "content-type": "application/xml" }),
      {},
      415,
      "unsupported_media_type",
    ],
    [
      "form body",
      holds.POST,
      post("/holds", "productId=1", { "content-type": "application/x-www-form-urlencoded" }),
      {},
      415,
      "unsupported_media_type",
    ],
    ["broken JSON", holds.POST, post("/holds", '{"productId": '), {}, 400, "invalid_request"],
    ["empty body", holds.POST, post("/holds", ""), {}, 400, "invalid_request"],
    ["JSON null", holds.POST, post("/holds", "null"), {}, 400, "invalid_request"],
    ["JSON array", holds.POST, post("/holds", "[1,2,3]"), {}, 400, "invalid_request"],
    ["JSON string", holds.POST, post("/holds", '"hold please"'), {}, 400, "invalid_request"],
    ["JSON number", holds.POST, post("/holds", "42"), {}, 400, "invalid_request"],
    [
      "missing productId",
      holds.POST,
      post("/holds", JSON.stringify({ quantity: 1, email: "a@example.com" })),
      {},
      400,
      "invalid_request",
    ],
    ["productId not a UUID", holds.POST, post("/holds", holdBody({ productId: "abc" })), {}, 400, "invalid_request"],
    ["productId a number", holds.POST, post("/holds", holdBody({ productId: 12 })), {}, 400, "invalid_request"],
    [
      "productId SQL",
      holds.POST,
      post("/holds", holdBody({ productId: "1'; drop table products; --" })),
      {},
      400,
      "invalid_request",
    ],
    ["quantity zero", holds.POST, post("/holds", holdBody({ quantity: 0 })), {}, 400, "invalid_request"],
    ["quantity negative", holds.POST, post("/holds", holdBody({ quantity: -3 })), {}, 400, "invalid_request"],
    ["quantity fractional", holds.POST, post("/holds", holdBody({ quantity: 1.5 })), {}, 400, "invalid_request"],
    ["quantity a string", holds.POST, post("/holds", holdBody({ quantity: "1" })), {}, 400, "invalid_request"],
    [
      "quantity above the maximum",
      holds.POST,
      post("/holds", holdBody({ quantity: 1_001 })),
      {},
      400,
      "invalid_request",
    ],
    [
      "quantity astronomically large",
      holds.POST,
      post("/holds", holdBody({ quantity: 1e300 })),
      {},
      400,
      "invalid_request",
    ],
    [
      "quantity missing",
      holds.POST,
      post("/holds", JSON.stringify({ productId: uuid, email: "a@example.com" })),
      {},
      400,
      "invalid_request",
    ],
    ["quantity null", holds.POST, post("/holds", holdBody({ quantity: null })), {}, 400, "invalid_request"],
    ["e-mail malformed", holds.POST, post("/holds", holdBody({ email: "not-an-email" })), {}, 400, "invalid_request"],
    [
      "e-mail too long",
      holds.POST,
      post("/holds", holdBody({ email: `${"a".repeat(300)}@example.com` })),
      {},
      400,
      "invalid_request",
    ],
    ["e-mail a number", holds.POST, post("/holds", holdBody({ email: 5 })), {}, 400, "invalid_request"],
    [
      "guest without e-mail",
      holds.POST,
      post("/holds", JSON.stringify({ productId: uuid, quantity: 1 })),
      {},
      400,
      "invalid_request",
    ],
    [
      "body over 16 KiB",
      holds.POST,
      post("/holds", holdBody({ padding: "x".repeat(20_000) })),
      {},
      413,
      "payload_too_large",
    ],
    [
      "declared length over 16 KiB",
      holds.POST,
      post("/holds", holdBody({}), { "content-type": "application/json", "content-length": "99999999" }),
      {},
      413,
      "payload_too_large",
    ],
    ["invalid UTF-8", holds.POST, post("/holds", invalidUtf8), {}, 400, "invalid_request"],
    ["deeply nested JSON", holds.POST, post("/holds", deep), {}, 400, "invalid_request"],
    ["prototype pollution", holds.POST, post("/holds", '{"__proto__": {"quantity": 1}}'), {}, 400, "invalid_request"],
    ["unknown product", holds.POST, post("/holds", holdBody({})), {}, 404, "not_found"],
    ["product id not a UUID", product.GET, get("/products/nope"), { id: "nope" }, 400, "invalid_request"],
    ["unknown product id", product.GET, get(`/products/${uuid}`), { id: uuid }, 404, "not_found"],
    ["order id not a UUID", order.GET, get("/orders/1"), { id: "1" }, 400, "invalid_request"],
    ["unknown order", order.GET, get(`/orders/${uuid}`), { id: uuid }, 404, "not_found"],
    ["confirm with a bad id", confirm.POST, post("/orders/x/confirm", null), { id: "x" }, 400, "invalid_request"],
    ["confirm an unknown order", confirm.POST, post(`/orders/${uuid}/confirm`, null), { id: uuid }, 404, "not_found"],
    ["cancel with a bad id", cancel.POST, post("/orders/%00/cancel", null), { id: "\u0000" }, 400, "invalid_request"],
    ["cancel an unknown order", cancel.POST, post(`/orders/${uuid}/cancel`, null), { id: uuid }, 404, "not_found"],
    ["unknown endpoint", catchAll.GET, get("/nothing/here"), { path: ["nothing", "here"] }, 404, "not_found"],
  ];

  it.each(cases)(
    "%s: answers %i with the error shape and writes nothing",
    async (_name, handler, request, params, status, code) => {
      const before = await tableCounts();
      const response = await call(handler, request, params);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      const body = await response.json();
      expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
      expect(Object.keys(body.error).every((k) => ["code", "message", "issues"].includes(k))).toBe(true);
      expect(body.error.message).not.toMatch(/\bat \S+:\d+|node_modules|Error:/);
      expect(await tableCounts()).toEqual(before);
    },
  );

  it("points at the offending fields", async () => {
    const response = await call(holds.POST, post("/holds", JSON.stringify({ productId: "x", quantity: 0 })));
    const { error } = await response.json();
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["productId", "quantity"]);
  });
});

describe("methods an endpoint does not serve", () => {
  it("answers 405 with the error shape and an Allow header", async () => {
    const response = await (holds as unknown as Record<string, () => Promise<Response>>).DELETE!();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await response.json()).error.code).toBe("method_not_allowed");
    const onRead = await (order as unknown as Record<string, () => Promise<Response>>).PUT!();
    expect(onRead.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("the served OpenAPI document", () => {
  // biome-ignore lint/suspicious/noExplicitAny: the document is walked as untyped JSON.
  type Json = Record<string, any>;
  const served = async (): Promise<Json> => (await call(openapi.GET, get("/openapi.json"))).json();
  const pointer = (path: string[]) => `#/${path.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
  const resolve = (doc: Json, ref: string): unknown =>
    ref
      .slice(2)
      .split("/")
      .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Json)[key] : undefined), doc);
  const refsIn = (node: unknown, path: string[] = []): { at: string; ref: string }[] => {
    if (!node || typeof node !== "object") return [];
    const own =
      typeof (node as Json).$ref === "string" ? [{ at: pointer(path), ref: (node as Json).$ref as string }] : [];
    return [...own, ...Object.entries(node).flatMap(([key, value]) => refsIn(value, [...path, key]))];
  };
  const operations = (doc: Json) =>
    Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, op]) => ({ path, method, op: op as Json })),
    );

  it("has no $ref that points at itself or its own ancestor, and every $ref resolves", async () => {
    const doc = await served();
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const { at, ref } of refs) {
      expect(ref, `${at} is a local ref`).toMatch(/^#\//);
      expect(at === ref || at.startsWith(`${ref}/`), `${at} -> ${ref} refers to itself`).toBe(false);
      expect(resolve(doc, ref), `${at} -> ${ref} resolves`).toBeDefined();
      const target = resolve(doc, ref) as Json;
      expect(Object.keys(target), `${ref} is a body, not another bare ref`).not.toEqual(["$ref"]);
    }
    for (const [id, schema] of Object.entries(doc.components.schemas as Json)) {
      expect(schema.$ref, `components.schemas.${id} is a body`).toBeUndefined();
    }
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["error"] });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
  });

  it("names every operation once and declares its path parameters, input errors and error shape", async () => {
    const doc = await served();
    const ops = operations(doc);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const name = `${method.toUpperCase()} ${path}`;
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const inPath = (op.parameters ?? []).filter((p: Json) => p.in === "path");
      expect(
        inPath.map((p: Json) => p.name),
        name,
      ).toEqual(templated);
      expect(
        inPath.every((p: Json) => p.required === true && p.schema?.format === "uuid"),
        name,
      ).toBe(true);
      if (op.parameters?.length || op.requestBody) expect(op.responses["400"], `${name} declares 400`).toBeDefined();
      if (op.requestBody) expect(op.requestBody.required, name).toBe(true);
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (status !== "default" && Number(status) < 400) continue;
        const schema = response.content["application/json"].schema;
        expect(schema, `${name} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
  });

  it("declares the Idempotency-Key header and its answers on the idempotent commands", async () => {
    const doc = await served();
    const keyed = (op: Json) => op.parameters?.some((p: Json) => p.name === "Idempotency-Key");
    const idempotent = operations(doc).filter(({ op }) => keyed(op));
    expect(idempotent.map(({ op }) => op.operationId).sort()).toEqual(["cancelOrder", "confirmOrder", "placeHold"]);
    for (const { op } of idempotent) {
      expect(op.parameters.find((p: Json) => p.name === "Idempotency-Key")).toMatchObject({
        in: "header",
        required: false,
        schema: { type: "string", minLength: 1, maxLength: 255 },
      });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["400", "409", "422"]));
      const success = Object.entries(op.responses as Json).find(([status]) => status.startsWith("2"))![1];
      expect(success.headers["Idempotent-Replayed"]).toMatchObject({ required: false });
    }
  });
});
