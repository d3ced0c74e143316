// Malformed requests against every route handler, generated from a seeded PRNG: wrong JSON types,
// out-of-range numbers, bad encodings, oversized bodies, odd headers and cookies, junk path ids and
// query strings, unknown and misspelt keys in bodies and query strings. Each is refused with a 4xx
// in the contract's error shape, never a 5xx, never with internals in the message, and nothing in
// the database changes.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/[...path]/route";
import * as adminEvents from "@/app/api/admin/events/route";
import * as adminMetrics from "@/app/api/admin/metrics/route";
import * as adminProduct from "@/app/api/admin/products/[id]/route";
import * as adminRestock from "@/app/api/admin/products/[id]/restock/route";
import * as adminSale from "@/app/api/admin/products/[id]/sale/route";
import * as adminQueue from "@/app/api/admin/products/[id]/queue/route";
import * as adminProducts from "@/app/api/admin/products/route";
import * as adminReconcile from "@/app/api/admin/reconcile/route";
import * as challenge from "@/app/api/challenge/route";
import * as cronRelease from "@/app/api/cron/release-holds/route";
import * as health from "@/app/api/health/route";
import * as time from "@/app/api/time/route";
import * as holds from "@/app/api/holds/route";
import * as openapi from "@/app/api/openapi.json/route";
import * as cancel from "@/app/api/orders/[id]/cancel/route";
import * as confirm from "@/app/api/orders/[id]/confirm/route";
import * as order from "@/app/api/orders/[id]/route";
import * as orders from "@/app/api/orders/route";
import * as productDraw from "@/app/api/products/[id]/draw/route";
import * as productQueue from "@/app/api/products/[id]/queue/route";
import * as product from "@/app/api/products/[id]/route";
import * as ticketRoute from "@/app/api/queue/[ticketId]/route";
import * as products from "@/app/api/products/route";
import * as register from "@/app/api/register/route";
import * as stream from "@/app/api/stream/route";
import { GUEST } from "@/lib/actor";
import { db } from "@/lib/db";
import { adminActor, createLiveProduct, endPendingHolds, guestEmail, minutesFromNow } from "./helpers/fixtures";
import { adminCookie, sessionCookie } from "./helpers/sessions";
import { call, type RouteHandler } from "./helpers/routes";

type Params = Record<string, unknown>;
/** A generated request: built lazily, once the fixtures (product, order, cookies) exist. `unknown`:
 *  the keys the refusal must name, and what it calls them. */
type Case = {
  name: string;
  send: () => Promise<Response>;
  code?: string;
  unknown?: { keys: string[]; kind: "field" | "query parameter" };
};

const BASE = "http://localhost/api";
const JSON_TYPE = { "content-type": "application/json" };

// Fixtures every case may refer to, filled in beforeAll.
const f = { productId: "", orderId: "", adminCookie: "", customerCookie: "", queueProductId: "", ticketId: "" };

// GET /api/queue/:ticketId names its parameter ticketId; the generated cases pass every id as `id`.
const ticket: RouteHandler = (request, context) =>
  ticketRoute.GET(request, { params: context.params.then((p: { id: string }) => ({ ticketId: p.id })) });

// mulberry32: a small, fast PRNG, so every run generates the very same requests.
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
const rand = prng(20_240_611);

function request(
  method: string,
  path: string,
  options: { body?: BodyInit | null; headers?: HeadersInit; admin?: boolean } = {},
) {
  const headers = new Headers(
    options.headers ?? (options.body !== undefined && options.body !== null ? JSON_TYPE : {}),
  );
  if (options.admin && !headers.has("cookie")) headers.set("cookie", f.adminCookie);
  // As a browser does: a request with cookies says where it comes from (here, the site itself).
  if (headers.has("cookie") && !headers.has("origin")) headers.set("origin", new URL(BASE).origin);
  return new Request(`${BASE}${path}`, { method, headers, body: options.body ?? null });
}

// The JSON-body endpoints, each with a valid body to corrupt one way at a time.
type BodyEndpoint = {
  label: string;
  handler: RouteHandler;
  path: () => string;
  params: () => Params;
  admin: boolean;
  method: string;
  valid: () => Record<string, unknown>;
};
const bodyEndpoints: BodyEndpoint[] = [
  {
    label: "POST /api/holds",
    handler: holds.POST,
    method: "POST",
    path: () => "/holds",
    params: () => ({}),
    admin: false,
    valid: () => ({ productId: f.productId, quantity: 1, email: "fuzz@example.com" }),
  },
  {
    label: "POST /api/register",
    handler: register.POST,
    method: "POST",
    path: () => "/register",
    params: () => ({}),
    admin: false,
    valid: () => ({ email: "fuzz-register@example.com", password: "correct horse battery" }),
  },
  {
    label: "POST /api/admin/products",
    handler: adminProducts.POST,
    method: "POST",
    path: () => "/admin/products",
    params: () => ({}),
    admin: true,
    valid: () => ({
      name: "Fuzzed product",
      description: "",
      priceCents: 100,
      currency: "EUR",
      initialStock: 3,
      maxPerCustomer: 1,
      saleStartsAt: minutesFromNow(-1),
      saleEndsAt: minutesFromNow(60),
    }),
  },
  {
    label: "PATCH /api/admin/products/:id",
    handler: adminProduct.PATCH,
    method: "PATCH",
    path: () => `/admin/products/${f.productId}`,
    params: () => ({ id: f.productId }),
    admin: true,
    valid: () => ({ name: "Renamed", priceCents: 200, maxPerCustomer: 5 }),
  },
  {
    label: "POST /api/admin/products/:id/restock",
    handler: adminRestock.POST,
    method: "POST",
    path: () => `/admin/products/${f.productId}/restock`,
    params: () => ({ id: f.productId }),
    admin: true,
    valid: () => ({ quantity: 2 }),
  },
  {
    label: "POST /api/admin/products/:id/sale",
    handler: adminSale.POST,
    method: "POST",
    path: () => `/admin/products/${f.productId}/sale`,
    params: () => ({ id: f.productId }),
    admin: true,
    valid: () => ({ action: "close" }),
  },
];

bodyEndpoints.push(
  {
    label: "POST /api/products/:id/queue",
    handler: productQueue.POST,
    method: "POST",
    path: () => `/products/${f.queueProductId}/queue`,
    params: () => ({ id: f.queueProductId }),
    admin: false,
    valid: () => ({ email: "fuzz-join@example.com" }),
  },
  {
    label: "POST /api/admin/products/:id/queue",
    handler: adminQueue.POST,
    method: "POST",
    path: () => `/admin/products/${f.queueProductId}/queue`,
    params: () => ({ id: f.queueProductId }),
    admin: true,
    valid: () => ({ action: "pause" }),
  },
);

const bodyCase = (
  e: BodyEndpoint,
  name: string,
  body: () => BodyInit | null,
  headers?: () => HeadersInit,
  code?: string,
): Case => ({
  name: `${e.label}: ${name}`,
  code,
  send: () =>
    call(
      e.handler,
      request(e.method, e.path(), { body: body(), headers: headers?.() ?? JSON_TYPE, admin: e.admin }),
      e.params(),
    ),
});

// Values no field of any schema accepts, whatever its type.
const huge = "x".repeat(12_000);
const wrongForEveryField: [string, unknown][] = [
  ["null", null],
  ["true", true],
  ["an empty array", []],
  ["an object", { nested: { deeper: 1 } }],
  ["a 12,000-character string", huge],
  ["a NUL character", "\u0000"],
  ["an unpaired surrogate", "\ud800"],
  ["1e308", 1e308],
  ["-1e308", -1e308],
];
const notNumbers: [string, unknown][] = [
  ["NaN as a string", "NaN"],
  ["Infinity as a string", "Infinity"],
  ["-Infinity as a string", "-Infinity"],
];
// Values wrong for a field of the given kind only.
const wrongByKind: Record<string, [string, unknown][]> = {
  uuid: [
    ["a non-UUID", "not-a-uuid"],
    ["a number", 42],
    ["an empty string", ""],
    ["a UUID with junk", "7d3f2a1e-9b4c-4d5e-8f6a-1b2c3d4e5f60' or 1=1"],
    ["percent-encoded junk", "%00%ff%2e%2e"],
  ],
  count: [
    ...notNumbers,
    ["zero", 0],
    ["-1", -1],
    ["a float", 1.5],
    ["a numeric string", "1"],
    ["2^53 + 2", 2 ** 53 + 2],
    ["a number beyond the maximum", 1_000_001],
  ],
  cents: [
    ...notNumbers,
    ["-1", -1],
    ["a float", 9.99],
    ["a numeric string", "100"],
    ["beyond the maximum", 100_000_001],
    ["-0.5", -0.5],
  ],
  stock: [...notNumbers, ["-1", -1], ["a float", 0.5], ["beyond the maximum", 1_000_001], ["a numeric string", "3"]],
  limit: [...notNumbers, ["zero", 0], ["-1", -1], ["a float", 2.5], ["beyond the maximum", 1_001]],
  email: [
    ["no at sign", "fuzz.example.com"],
    ["a number", 5],
    ["an empty string", ""],
    ["300 characters", `${"a".repeat(300)}@example.com`],
    ["two at signs", "a@@example.com"],
    ["a NUL in the address", "a\u0000b@example.com"],
  ],
  password: [
    ["7 characters", "abcdefg"],
    ["129 characters", `${"abcdefgh".repeat(16)}z`],
    ["a common password", "password123"],
    ["too few distinct characters", "aaaaaaaaaaaa"],
    ["a number", 12345678],
  ],
  name: [
    ["an empty string", ""],
    ["only spaces", "     "],
    ["201 characters", "n".repeat(201)],
    ["a number", 7],
    ["a NUL inside", "Bad\u0000name"],
    ["an unpaired low surrogate", "Bad\udc00name"],
  ],
  description: [
    ["2,001 characters", "d".repeat(2_001)],
    ["a number", 1],
    ["a NUL inside", "line\u0000break"],
  ],
  currency: [
    ["lower case", "eur"],
    ["four letters", "EURO"],
    ["an empty string", ""],
    ["a number", 978],
  ],
  date: [
    ["no time zone", "2030-01-01T00:00:00"],
    ["a date only", "2030-01-01"],
    ["month 13", "2030-13-01T00:00:00Z"],
    ["epoch milliseconds", 1_900_000_000_000],
    ["words", "tomorrow"],
    ["year 0000", "0000-01-01T00:00:00Z"],
    ["past year 9999 once in UTC", "9999-12-31T23:00:00-14:00"],
  ],
  action: [
    ["an unknown action", "pause"],
    ["upper case", "OPEN"],
    ["a number", 1],
    ["an empty string", ""],
  ],
  queueAction: [
    ["an unknown action", "open"],
    ["upper case", "PAUSE"],
    ["a number", 1],
    ["an empty string", ""],
  ],
  admission: [
    ["an unknown admission", "lottery"],
    ["upper case", "QUEUE"],
    ["a number", 1],
    ["an empty string", ""],
  ],
  ttl: [
    ...notNumbers,
    ["zero", 0],
    ["9 seconds", 9],
    ["a float", 30.5],
    ["an hour and a second", 3_601],
    ["a numeric string", "60"],
  ],
  botCheck: [
    ["an unknown check", "captcha"],
    ["upper case", "PROOF_OF_WORK"],
    ["a number", 1],
    ["an empty string", ""],
  ],
  altcha: [
    ["an empty string", ""],
    ["a number", 42],
    ["an array of strings", ["a", "b"]],
  ],
};
const queueSettingKinds = {
  botCheck: "botCheck",
  admission: "admission",
  queueOpensAt: "date",
  admitPerMinute: "count",
  admissionTtlSeconds: "ttl",
};
const fieldKinds: Record<string, Record<string, string>> = {
  "POST /api/holds": { productId: "uuid", quantity: "count", email: "email", altcha: "altcha" },
  "POST /api/register": { email: "email", password: "password" },
  "POST /api/admin/products": {
    name: "name",
    description: "description",
    priceCents: "cents",
    currency: "currency",
    initialStock: "stock",
    maxPerCustomer: "limit",
    saleStartsAt: "date",
    saleEndsAt: "date",
    ...queueSettingKinds,
  },
  "PATCH /api/admin/products/:id": {
    name: "name",
    description: "description",
    priceCents: "cents",
    maxPerCustomer: "limit",
    saleStartsAt: "date",
    saleEndsAt: "date",
    ...queueSettingKinds,
  },
  "POST /api/admin/products/:id/restock": { quantity: "count" },
  "POST /api/admin/products/:id/sale": { action: "action" },
  "POST /api/products/:id/queue": { email: "email", altcha: "altcha" },
  "POST /api/admin/products/:id/queue": { action: "queueAction" },
};
// Fields whose absence alone makes the body invalid.
const requiredFields: Record<string, string[]> = {
  "POST /api/holds": ["productId", "quantity", "email"],
  "POST /api/register": ["email", "password"],
  "POST /api/admin/products": ["name", "priceCents", "saleStartsAt", "saleEndsAt"],
  "POST /api/admin/products/:id/restock": ["quantity"],
  "POST /api/admin/products/:id/sale": ["action"],
  "POST /api/products/:id/queue": ["email"],
  "POST /api/admin/products/:id/queue": ["action"],
};

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const utf16le = (s: string) => Uint8Array.from(Buffer.from(s, "utf16le"));
const utf16be = (s: string) => Uint8Array.from(Buffer.from(s, "utf16le").swap16());
const INVALID_UTF8 = [[0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];

function bodyCases(): Case[] {
  const cases: Case[] = [];
  for (const e of bodyEndpoints) {
    const valid = () => JSON.stringify(e.valid());
    // Wrong JSON types and out-of-range values, one field at a time.
    for (const [field, kind] of Object.entries(fieldKinds[e.label]!)) {
      for (const [what, value] of [...wrongForEveryField, ...wrongByKind[kind]!]) {
        cases.push(bodyCase(e, `${field} is ${what}`, () => JSON.stringify({ ...e.valid(), [field]: value })));
      }
    }
    for (const field of requiredFields[e.label] ?? []) {
      cases.push(
        bodyCase(
          e,
          `${field} missing`,
          () => JSON.stringify({ ...e.valid(), [field]: undefined }),
          undefined,
          "invalid_request",
        ),
      );
    }
    // Bodies that are not a JSON object.
    for (const [what, body] of [
      ["an empty body", ""],
      ["JSON null", "null"],
      ["a JSON array", "[]"],
      ["a JSON string", '"x"'],
      ["a JSON number", "1e400"],
      ["bare NaN", "NaN"],
      ["a trailing comma", '{"a":1,}'],
      ["single quotes", "{'a':1}"],
      ["500 nested arrays", "[".repeat(500) + "]".repeat(500)],
    ] as const) {
      cases.push(bodyCase(e, what, () => body, undefined, "invalid_request"));
    }
    if (e.label === "PATCH /api/admin/products/:id")
      cases.push(bodyCase(e, "an empty object", () => "{}", undefined, "invalid_request"));
    if (e.label.includes("/admin/products") && !e.label.includes("/restock") && !e.label.includes("/sale"))
      cases.push(
        bodyCase(e, "the sale ending before it starts", () =>
          JSON.stringify({ ...e.valid(), saleStartsAt: minutesFromNow(60), saleEndsAt: minutesFromNow(1) }),
        ),
      );
    // Encodings.
    cases.push(
      bodyCase(e, "a UTF-8 byte-order mark before broken JSON", () =>
        concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(valid().slice(1))),
      ),
    );
    cases.push(
      bodyCase(
        e,
        "a UTF-16LE body with its BOM",
        () => concat(Uint8Array.of(0xff, 0xfe), utf16le(valid())),
        undefined,
        "invalid_request",
      ),
    );
    cases.push(bodyCase(e, "a UTF-16BE body", () => utf16be(valid()), undefined, "invalid_request"));
    cases.push(
      bodyCase(
        e,
        "a UTF-16 body declared as charset=utf-16",
        () => utf16le(valid()),
        () => ({ "content-type": "application/json; charset=utf-16" }),
        "invalid_request",
      ),
    );
    for (const bytes of INVALID_UTF8) {
      cases.push(
        bodyCase(
          e,
          `the invalid UTF-8 bytes ${bytes.map((b) => b.toString(16)).join(" ")} inside a string`,
          () => {
            const text = valid();
            const at = text.indexOf('":"') + 3;
            return concat(utf8(text.slice(0, at)), Uint8Array.from(bytes), utf8(text.slice(at)));
          },
          undefined,
          "invalid_request",
        ),
      );
    }
    // Size limits.
    cases.push(
      bodyCase(
        e,
        "a 17 KiB body",
        () => JSON.stringify({ ...e.valid(), padding: "p".repeat(17 * 1024) }),
        undefined,
        "payload_too_large",
      ),
    );
    cases.push(bodyCase(e, "a 1 MiB body", () => `[${"1,".repeat(512 * 1024)}1]`, undefined, "payload_too_large"));
    cases.push(
      bodyCase(
        e,
        "a small body that declares 10 MB",
        () => "{",
        () => ({ ...JSON_TYPE, "content-length": "10000000" }),
        "payload_too_large",
      ),
    );
    cases.push(
      bodyCase(
        e,
        "a 17 KiB body that declares 10 bytes",
        () => `[${"0,".repeat(9_000)}0]`,
        () => ({ ...JSON_TYPE, "content-length": "10" }),
        "payload_too_large",
      ),
    );
    for (const length of ["-1", "abc", "1e9", "", "18446744073709551616"]) {
      cases.push(
        bodyCase(
          e,
          `broken JSON with Content-Length ${JSON.stringify(length)}`,
          () => '{"oops"',
          () => ({ ...JSON_TYPE, "content-length": length }),
        ),
      );
    }
    // Content types.
    for (const type of [
      null,
      "",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonp",
      "json",
      "application/xml",
      "application/json, text/plain",
    ]) {
      cases.push(
        bodyCase(
          e,
          `Content-Type ${JSON.stringify(type)}`,
          valid,
          (): HeadersInit => (type === null ? {} : { "content-type": type }),
          "unsupported_media_type",
        ),
      );
    }
    for (const type of [
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/json;charset=latin1",
      "application/problem+json",
      "application/json ; foo=bar",
    ]) {
      cases.push(
        bodyCase(
          e,
          `broken JSON with Content-Type ${JSON.stringify(type)}`,
          () => '{"productId":',
          () => ({ "content-type": type }),
          "invalid_request",
        ),
      );
    }
  }
  return cases;
}

// Random corruptions of a valid body that are invalid whatever the PRNG picks: a truncated object,
// an invalid UTF-8 byte spliced in, or random control characters before the JSON.
function randomCorruptions(count: number): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const e = rand.pick(bodyEndpoints);
    const kind = rand.pick(["truncate", "byte", "prefix"] as const);
    const cut = rand.next();
    const byte = rand.pick([0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xff]);
    // Starts with a control character JSON does not allow as whitespace (not tab, LF or CR).
    const junk = String.fromCharCode(rand.int(1, 8), ...Array.from({ length: rand.int(0, 7) }, () => rand.int(1, 31)));
    const body = () => {
      const text = JSON.stringify(e.valid());
      const at = Math.max(1, Math.floor(cut * (text.length - 1)));
      if (kind === "truncate") return text.slice(0, at);
      if (kind === "byte") return concat(utf8(text.slice(0, at)), Uint8Array.of(byte), utf8(text.slice(at)));
      return junk + text;
    };
    cases.push(bodyCase(e, `random corruption #${i + 1} (${kind})`, body, undefined, "invalid_request"));
  }
  return cases;
}

// Path ids that are not UUIDs, for every route with an :id.
const badIds = [
  "1",
  "nope",
  "%00",
  "\u0000",
  "../../etc/passwd",
  "%E0%A4%A",
  "7d3f2a1e-9b4c-4d5e-8f6a-1b2c3d4e5f6",
  "7d3f2a1e9b4c4d5e8f6a1b2c3d4e5f60x",
  "{{id}}",
  "x".repeat(5_000),
  "😀",
  " ",
];
function pathIdCases(): Case[] {
  const routes: [string, RouteHandler, string, (id: string) => string, boolean, BodyInit | null][] = [
    ["GET /api/products/:id", product.GET, "GET", (id) => `/products/${encodeURIComponent(id)}`, false, null],
    ["GET /api/orders/:id", order.GET, "GET", (id) => `/orders/${encodeURIComponent(id)}`, false, null],
    [
      "POST /api/orders/:id/confirm",
      confirm.POST,
      "POST",
      (id) => `/orders/${encodeURIComponent(id)}/confirm`,
      false,
      null,
    ],
    [
      "POST /api/orders/:id/cancel",
      cancel.POST,
      "POST",
      (id) => `/orders/${encodeURIComponent(id)}/cancel`,
      false,
      null,
    ],
    [
      "PATCH /api/admin/products/:id",
      adminProduct.PATCH,
      "PATCH",
      (id) => `/admin/products/${encodeURIComponent(id)}`,
      true,
      '{"priceCents":1}',
    ],
    [
      "POST /api/admin/products/:id/restock",
      adminRestock.POST,
      "POST",
      (id) => `/admin/products/${encodeURIComponent(id)}/restock`,
      true,
      '{"quantity":1}',
    ],
    [
      "POST /api/admin/products/:id/sale",
      adminSale.POST,
      "POST",
      (id) => `/admin/products/${encodeURIComponent(id)}/sale`,
      true,
      '{"action":"open"}',
    ],
    [
      "POST /api/admin/products/:id/queue",
      adminQueue.POST,
      "POST",
      (id) => `/admin/products/${encodeURIComponent(id)}/queue`,
      true,
      '{"action":"pause"}',
    ],
    [
      "POST /api/products/:id/queue",
      productQueue.POST,
      "POST",
      (id) => `/products/${encodeURIComponent(id)}/queue`,
      false,
      '{"email":"fuzz-join@example.com"}',
    ],
    [
      "GET /api/products/:id/draw",
      productDraw.GET,
      "GET",
      (id) => `/products/${encodeURIComponent(id)}/draw`,
      false,
      null,
    ],
    ["GET /api/queue/:ticketId", ticket, "GET", (id) => `/queue/${encodeURIComponent(id)}`, false, null],
  ];
  return routes.flatMap(([label, handler, method, path, admin, body]) =>
    badIds.map((id) => ({
      name: `${label}: id ${JSON.stringify(id.length > 40 ? `${id.slice(0, 12)}… (${id.length} chars)` : id)}`,
      code: "invalid_request",
      send: () => call(handler, request(method, path(id), { body, admin }), { id }),
    })),
  );
}

function eventsQueryCases(): Case[] {
  const queries = [
    "limit=-1",
    "limit=0",
    "limit=abc",
    "limit=1.5",
    "limit=501",
    "limit=1e308",
    "limit=NaN",
    "limit=Infinity",
    "limit=",
    "before=0",
    "before=-5",
    "before=abc",
    "before=1e20",
    "before=99999999999999999999",
    "type=unknown",
    "type=HOLD_CREATED",
    "type=",
    "productId=x",
    "productId=",
    "productId=%00",
    `productId=${"a".repeat(4_000)}`,
    "productId=7d3f2a1e-9b4c-4d5e-8f6a-1b2c3d4e5f60%27%20or%201=1",
    "limit=5&limit=abc",
  ];
  return queries.map((q) => ({
    name: `GET /api/admin/events?${q.length > 60 ? `${q.slice(0, 20)}… (${q.length} chars)` : q}`,
    code: "invalid_request",
    send: () => call(adminEvents.GET, request("GET", `/admin/events?${q}`, { admin: true })),
  }));
}

// A typo: the key with its middle letter dropped (quantity → quanity, action → acion).
const typo = (key: string) => key.slice(0, Math.floor(key.length / 2)) + key.slice(Math.floor(key.length / 2) + 1);
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Unknown keys are refused, never dropped: an extra key beside a valid body, and each field sent
// under a misspelt, snake_case or upper-cased name instead of its own (the reported mistakes
// `stock` for initialStock and `quantty` for quantity among them).
function unknownBodyKeyCases(): Case[] {
  const cases: Case[] = [];
  const reported: Record<string, [string, string][]> = {
    "POST /api/holds": [["quantity", "quantty"]],
    "POST /api/admin/products": [["initialStock", "stock"]],
  };
  for (const e of bodyEndpoints) {
    const unknownCase = (name: string, body: () => Record<string, unknown>, keys: string[]): Case => ({
      ...bodyCase(e, name, () => JSON.stringify(body()), undefined, "invalid_request"),
      unknown: { keys, kind: "field" },
    });
    const extra = () => ({ ...e.valid(), unknownField: true });
    cases.push(unknownCase('an unknown key "unknownField" beside a valid body', extra, ["unknownField"]));
    const twoExtra = () => ({ ...e.valid(), extra: 1, another: { nested: true } });
    cases.push(unknownCase("two unknown keys", twoExtra, ["extra", "another"]));
    const renamings = Object.keys(fieldKinds[e.label]!).flatMap((field) =>
      [typo(field), snakeCase(field), field.toUpperCase()]
        .filter((k) => k !== field)
        .map((k): [string, string] => [field, k]),
    );
    for (const [field, key] of [...renamings, ...(reported[e.label] ?? [])]) {
      const rename = () => {
        const { [field]: value, ...rest } = e.valid();
        // A field the valid body leaves out (PATCH) still gets a value the real field would take.
        const absent = fieldKinds[e.label]![field] === "date" ? minutesFromNow(30) : "A value";
        const sent = key === "role" ? "admin" : (value ?? absent);
        return { ...rest, [key]: sent };
      };
      cases.push(unknownCase(`${field} sent as "${key}"`, rename, [key]));
    }
  }
  // The register body with a role beside a valid e-mail and password: refused, not ignored.
  const registration = bodyEndpoints.find((e) => e.label === "POST /api/register")!;
  const withRole = () => JSON.stringify({ ...registration.valid(), role: "admin" });
  const roleCase = bodyCase(registration, 'a "role" beside a valid body', withRole);
  cases.push({ ...roleCase, unknown: { keys: ["role"], kind: "field" } });
  return cases;
}

// Query strings: /api/admin/events takes productId, type, limit and before, and refuses any other
// parameter; every other route takes none and refuses any. Each request is otherwise valid.
function unknownQueryCases(): Case[] {
  type Send = (query: string) => Promise<Response>;
  const refusedQuery = (label: string, send: Send, query: string, keys: string[]): Case => ({
    name: `${label}?${query.length > 40 ? `${query.slice(0, 24)}… (${query.length} chars)` : query}`,
    code: "invalid_request",
    unknown: { keys, kind: "query parameter" },
    send: () => send(query),
  });
  const events = (query: string) => call(adminEvents.GET, request("GET", `/admin/events?${query}`, { admin: true }));
  const cases: Case[] = [
    refusedQuery("GET /api/admin/events", events, "limit=5&unknownParam=1", ["unknownParam"]),
    refusedQuery("GET /api/admin/events", events, "limt=5", ["limt"]),
    refusedQuery("GET /api/admin/events", events, "productid=7d3f2a1e-9b4c-4d5e-8f6a-1b2c3d4e5f60", ["productid"]),
    refusedQuery("GET /api/admin/events", events, "type=stock_added&befor=10", ["befor"]),
    refusedQuery("GET /api/admin/events", events, "product_id=x&limit=5", ["product_id"]),
  ];
  const customer = () => ({ cookie: f.customerCookie });
  const orderParams = () => ({ id: f.orderId });
  const body = (label: string) => JSON.stringify(bodyEndpoints.find((e) => e.label === label)!.valid());
  type Options = { admin?: boolean; body?: () => string; headers?: () => HeadersInit };
  type Target = [string, RouteHandler, string, () => string, () => Params, Options];
  const noQuery: Target[] = [
    ["GET /api/products", products.GET, "GET", () => "/products", () => ({}), {}],
    ["GET /api/products/:id", product.GET, "GET", () => `/products/${f.productId}`, () => ({ id: f.productId }), {}],
    ["GET /api/health", health.GET, "GET", () => "/health", () => ({}), {}],
    ["GET /api/time", async (r) => time.GET(r), "GET", () => "/time", () => ({}), {}],
    ["GET /api/openapi.json", openapi.GET, "GET", () => "/openapi.json", () => ({}), {}],
    ["GET /api/stream", stream.GET, "GET", () => "/stream", () => ({}), {}],
    ["GET /api/cron/release-holds", cronRelease.GET, "GET", () => "/cron/release-holds", () => ({}), {}],
    ["GET /api/orders", orders.GET, "GET", () => "/orders", () => ({}), { headers: customer }],
    ["GET /api/orders/:id", order.GET, "GET", () => `/orders/${f.orderId}`, () => ({ id: f.orderId }), {}],
    ["POST /api/orders/:id/confirm", confirm.POST, "POST", () => `/orders/${f.orderId}/confirm`, orderParams, {}],
    ["POST /api/orders/:id/cancel", cancel.POST, "POST", () => `/orders/${f.orderId}/cancel`, orderParams, {}],
    ["GET /api/admin/metrics", adminMetrics.GET, "GET", () => "/admin/metrics", () => ({}), { admin: true }],
    ["GET /api/admin/reconcile", adminReconcile.GET, "GET", () => "/admin/reconcile", () => ({}), { admin: true }],
    ["GET /api/admin/products", adminProducts.GET, "GET", () => "/admin/products", () => ({}), { admin: true }],
    ["GET /api/challenge", challenge.GET, "GET", () => "/challenge", () => ({}), {}],
    ["GET /api/queue/:ticketId", ticket, "GET", () => `/queue/${f.ticketId}`, () => ({ id: f.ticketId }), {}],
    [
      "GET /api/products/:id/draw",
      productDraw.GET,
      "GET",
      () => `/products/${f.queueProductId}/draw`,
      () => ({ id: f.queueProductId }),
      {},
    ],
    ...bodyEndpoints.map((e): Target => {
      return [e.label, e.handler, e.method, e.path, e.params, { admin: e.admin, body: () => body(e.label) }];
    }),
  ];
  for (const [label, handler, method, path, params, options] of noQuery) {
    const send = (query: string) => {
      const headers = options.body ? { ...JSON_TYPE, ...options.headers?.() } : options.headers?.();
      const body = options.body?.() ?? null;
      const sent = request(method, `${path()}?${query}`, { body, headers, admin: options.admin });
      return call(handler, sent, params());
    };
    cases.push(refusedQuery(label, send, "unknownParam=1", ["unknownParam"]));
    cases.push(refusedQuery(label, send, "limit=5", ["limit"]));
    cases.push(refusedQuery(label, send, `a=1&b=%00&c=${"y".repeat(4_000)}`, ["a", "b", "c"]));
    cases.push(refusedQuery(label, send, "flag", ["flag"]));
  }
  return cases;
}

// Cookies that do not make a session: every caller below is anonymous.
const bogusCookies = (): [string, string][] => [
  ["no cookie at all", ""],
  ["a garbage session token", "next-auth.session-token=garbage"],
  ["an empty session token", "next-auth.session-token="],
  ["a tampered admin token", f.adminCookie.slice(0, -4) + (f.adminCookie.endsWith("AAAA") ? "BBBB" : "AAAA")],
  ["a 12 KB session token", `next-auth.session-token=${"A".repeat(12_000)}`],
  [
    "a token in the secure cookie's name",
    f.adminCookie.replace("next-auth.session-token", "__Secure-next-auth.session-token.9"),
  ],
  ["a cookie header of separators", ";;;==;=;"],
  ["non-ASCII bytes", "next-auth.session-token=\u00e9\u00ff"],
];
function accessCases(): Case[] {
  const cases: Case[] = [];
  const routes: [string, RouteHandler, string, string, BodyInit | null, () => Params][] = [
    ["GET /api/orders", orders.GET, "GET", "/orders", null, () => ({})],
    ["GET /api/admin/metrics", adminMetrics.GET, "GET", "/admin/metrics", null, () => ({})],
    ["GET /api/admin/reconcile", adminReconcile.GET, "GET", "/admin/reconcile", null, () => ({})],
    ["GET /api/admin/products", adminProducts.GET, "GET", "/admin/products", null, () => ({})],
    ["GET /api/admin/events", adminEvents.GET, "GET", "/admin/events?limit=-1", null, () => ({})],
    ["POST /api/admin/products", adminProducts.POST, "POST", "/admin/products", "{}", () => ({})],
    [
      "POST /api/admin/products/:id/restock",
      adminRestock.POST,
      "POST",
      "/admin/products/x/restock",
      '{"quantity":5}',
      () => ({ id: f.productId }),
    ],
    [
      "POST /api/admin/products/:id/queue",
      adminQueue.POST,
      "POST",
      "/admin/products/x/queue",
      '{"action":"pause"}',
      () => ({ id: f.queueProductId }),
    ],
  ];
  for (const [label, handler, method, path, body, params] of routes) {
    for (const [what, cookie] of bogusCookies()) {
      cases.push({
        name: `${label} with ${what}: 401`,
        code: "unauthorized",
        send: () =>
          call(handler, request(method, path, { body, headers: { ...(body ? JSON_TYPE : {}), cookie } }), params()),
      });
    }
  }
  // A customer's valid session on admin routes, with a body that would be refused anyway.
  cases.push({
    name: "POST /api/admin/products as a customer: 403",
    code: "forbidden",
    send: () =>
      call(
        adminProducts.POST,
        request("POST", "/admin/products", { body: "{}", headers: { ...JSON_TYPE, cookie: f.customerCookie } }),
      ),
  });
  return cases;
}

function cronCases(): Case[] {
  const authorizations = [
    null,
    "",
    "Bearer",
    "Bearer ",
    "bearer secret",
    "Basic dXNlcjpwYXNz",
    `Bearer ${"s".repeat(10_000)}`,
    "Bearer \u00e9\u00e9\u00e9",
    "Bearer a Bearer b",
    "Token abc",
  ];
  return authorizations.map((value) => ({
    name: `GET /api/cron/release-holds with Authorization ${JSON.stringify(value && value.length > 40 ? `${value.slice(0, 12)}… (${value.length} chars)` : value)}: 401`,
    code: "unauthorized",
    send: () =>
      call(
        cronRelease.GET,
        request("GET", "/cron/release-holds", { headers: value === null ? {} : { authorization: value } }),
      ),
  }));
}

function catchAllCases(): Case[] {
  const paths = [
    "/nothing",
    "/holds/extra",
    "/admin",
    "/%2e%2e/%2e%2e/etc/passwd",
    `/${"deep/".repeat(200)}`,
    "/orders/%ff%fe",
    "/products/😀",
  ];
  const methods = [
    ["GET", catchAll.GET],
    ["POST", catchAll.POST],
    ["PUT", catchAll.PUT],
    ["PATCH", catchAll.PATCH],
    ["DELETE", catchAll.DELETE],
  ] as const;
  return paths.flatMap((path) =>
    methods.map(([method, handler]) => ({
      name: `${method} /api${path.length > 40 ? `${path.slice(0, 20)}… (${path.length} chars)` : path}: 404`,
      code: "not_found",
      send: () =>
        call(
          handler,
          request(method, path, {
            body: method === "GET" || method === "DELETE" ? null : '{"x":',
            headers: { ...JSON_TYPE, cookie: "x=y" },
          }),
          {
            path: path.split("/").filter(Boolean),
          },
        ),
    })),
  );
}

// Odd headers on requests whose body is refused anyway, so a header mix-up can only show as a 5xx.
function headerCases(): Case[] {
  const oddHeaders: [string, () => Headers][] = [
    [
      "a duplicated Content-Type",
      () => {
        const h = new Headers(JSON_TYPE);
        h.append("content-type", "text/plain");
        return h;
      },
    ],
    [
      "a duplicated Cookie",
      () => {
        const h = new Headers(JSON_TYPE);
        h.append("cookie", "a=b");
        h.append("cookie", "next-auth.session-token=x");
        return h;
      },
    ],
    ["an 8 KB User-Agent", () => new Headers({ ...JSON_TYPE, "user-agent": "u".repeat(8_192) })],
    ["a 2 KB X-Forwarded-For", () => new Headers({ ...JSON_TYPE, "x-forwarded-for": "1.2.3.4, ".repeat(200) })],
    ["a junk X-Forwarded-For", () => new Headers({ ...JSON_TYPE, "x-forwarded-for": "\u00ff\u00fe, ::::" })],
    ["an empty X-Forwarded-For", () => new Headers({ ...JSON_TYPE, "x-forwarded-for": ", , ," })],
    ["a junk X-Real-IP", () => new Headers({ ...JSON_TYPE, "x-real-ip": "999.1.1.1\u0007" })],
    [
      "a spoofed connection-address header",
      () => new Headers({ ...JSON_TYPE, "x-flash-sale-peer-address": "10.0.0.1, 10.0.0.2" }),
    ],
    ["a Forwarded header", () => new Headers({ ...JSON_TYPE, forwarded: 'for="_gazonk";proto=http;by=x' })],
    ["a Content-Encoding of gzip on a plain body", () => new Headers({ ...JSON_TYPE, "content-encoding": "gzip" })],
    ["an Accept of text/html", () => new Headers({ ...JSON_TYPE, accept: "text/html" })],
  ];
  const cases: Case[] = [];
  for (const [what, headers] of oddHeaders) {
    for (const e of bodyEndpoints) {
      cases.push({
        name: `${e.label} with ${what} and a body that is not an object`,
        send: () =>
          call(
            e.handler,
            new Request(`${BASE}${e.path()}`, {
              method: e.method,
              headers: withAdmin(headers(), e.admin),
              body: "[1]",
            }),
            e.params(),
          ),
      });
    }
  }
  return cases;
}
const withAdmin = (headers: Headers, admin: boolean) => {
  if (admin) headers.set("cookie", [headers.get("cookie"), f.adminCookie].filter(Boolean).join("; "));
  return headers;
};

const refused: Case[] = [
  ...bodyCases(),
  ...randomCorruptions(60),
  ...pathIdCases(),
  ...eventsQueryCases(),
  ...unknownBodyKeyCases(),
  ...unknownQueryCases(),
  ...accessCases(),
  ...cronCases(),
  ...catchAllCases(),
  ...headerCases(),
];

// Endpoints that take no input: junk headers and cookies are ignored, not refused.
const ignored: Case[] = [
  ["GET /api/products", products.GET, "/products"],
  ["GET /api/health", health.GET, "/health"],
  ["GET /api/time", time.GET, "/time"],
  ["GET /api/challenge", challenge.GET, "/challenge"],
  ["GET /api/openapi.json", openapi.GET, "/openapi.json"],
].flatMap(([label, handler, path]) =>
  [
    ["a garbage session cookie", { cookie: "next-auth.session-token=garbage" }],
    ["an 8 KB cookie", { cookie: `junk=${"c".repeat(8_192)}` }],
    [
      "a JSON body on a GET-only resource's headers",
      { "content-type": "application/json", "content-length": "99999999" },
    ],
  ].map(([what, headers]) => ({
    name: `${label as string} with ${what as string}`,
    send: () =>
      call(handler as RouteHandler, new Request(`${BASE}${path as string}`, { headers: headers as HeadersInit })),
  })),
);

// Every row of every table, hashed: any insert, update or delete changes it.
let tables: string[] = [];
async function databaseFingerprint(): Promise<Record<string, string>> {
  const parts = tables.map(
    (t) =>
      sql`select ${t} as name, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest from ${sql.identifier(t)} x`,
  );
  const rows = await db().execute<{ name: string; digest: string }>(sql.join(parts, sql` union all `));
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

const INTERNALS =
  /\bat \S+ \(|\.[jt]sx?:\d+|node_modules|\bError:|SQLSTATE|syntax error|relation "|column "|violates|postgres|drizzle|\[object/i;

async function expectRefusal(response: Response, code?: string, unknown?: Case["unknown"]) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await response.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).every((k) => ["code", "message", "issues"].includes(k))).toBe(true);
  expect(body.error).toEqual(
    expect.objectContaining({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) }),
  );
  if (code) expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(INTERNALS);
  expect(body.error.message.length).toBeLessThan(500);
  if (body.error.issues !== undefined) {
    expect(body.error.code).toBe("invalid_request");
    for (const issue of body.error.issues)
      expect(issue).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
  if (unknown) {
    const noun = `Unknown ${unknown.kind}${unknown.keys.length > 1 ? "s" : ""}`;
    const named = unknown.keys.map((k) => JSON.stringify(k)).join(", ");
    expect(body.error.message).toBe(`Invalid request. ${noun} ${named}.`);
    for (const key of unknown.keys) {
      expect(body.error.issues).toContainEqual({ path: key, message: `Unknown ${unknown.kind}` });
    }
  }
}

let before: Record<string, string>;

beforeAll(async () => {
  f.adminCookie = await adminCookie();
  const live = await createLiveProduct({ stock: 50, maxPerCustomer: 5 });
  f.productId = live.id;
  const held = await call(
    holds.POST,
    request("POST", "/holds", { body: JSON.stringify({ productId: live.id, quantity: 1, email: guestEmail("fuzz") }) }),
  );
  f.orderId = (await held.json()).order.id;
  const { createProduct } = await import("@/lib/products/create-product");
  const { joinQueue } = await import("@/lib/queue/join-queue");
  const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  const queued = await createProduct(
    {
      name: "Fuzzed queued drop",
      priceCents: 100,
      initialStock: 5,
      saleStartsAt: later(30),
      saleEndsAt: later(90),
      admission: "queue",
      queueOpensAt: later(-1),
    },
    await adminActor(),
  );
  f.queueProductId = queued.id;
  f.ticketId = (await joinQueue(queued.id, { email: guestEmail("fuzz-queue") }, GUEST)).ticket.id;
  const { registerUser } = await import("@/lib/users/register-user");
  const customer = await registerUser(
    { email: guestEmail("fuzz-customer"), password: "correct horse battery" },
    { clientIp: "10.9.9.9" },
  );
  f.customerCookie = await sessionCookie(customer);
  const rows = await db().execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '%migrations%' order by tablename`,
  );
  tables = rows.map((r) => r.tablename);
  before = await databaseFingerprint();
});

// The fixture hold would otherwise expire minutes later, inside another file's count of releases.
afterAll(() => endPendingHolds(f.productId));

describe(`${refused.length} malformed requests`, () => {
  it("generates at least 300 distinct requests", () => {
    expect(refused.length + ignored.length).toBeGreaterThanOrEqual(300);
    expect(new Set(refused.map((c) => c.name)).size).toBe(refused.length);
  });

  it.each(refused.map((c) => [c.name, c] as const))(
    "%s: refused with a 4xx error and nothing written",
    async (_name, c) => {
      const start = await databaseFingerprint();
      await expectRefusal(await c.send(), c.code, c.unknown);
      expect(await databaseFingerprint()).toEqual(start);
    },
  );

  it.each(ignored.map((c) => [c.name, c] as const))(
    "%s: answered 200, junk ignored, nothing written",
    async (_name, c) => {
      const start = await databaseFingerprint();
      const response = await c.send();
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      await response.json();
      expect(await databaseFingerprint()).toEqual(start);
    },
  );

  it("leaves every table exactly as it was after the whole run", async () => {
    expect(await databaseFingerprint()).toEqual(before);
  });
});

// Idempotency-Key values the contract refuses: 1-255 printable characters. The rest of each request
// is valid, so only the key can be the reason for the 400.
describe("malformed Idempotency-Key headers", () => {
  const keys: [string, string][] = [
    ["an empty key", ""],
    ["a key of spaces only", "   "],
    ["a 256-character key", "k".repeat(256)],
    ["a 4,096-character key", "k".repeat(4_096)],
    ["a key with a control character", "key\u0001one"],
    ["a key with an escape character", "key\u001b[31m"],
    ["a key with DEL", "key\u007f"],
    ["a key with a tab inside", "key\tone"],
    ["a key with non-ASCII bytes", "cl\u00e9"],
  ];
  const targets: [string, (key: string) => Promise<Response>][] = [
    [
      "POST /api/holds",
      (key) =>
        call(
          holds.POST,
          request("POST", "/holds", {
            body: JSON.stringify({ productId: f.productId, quantity: 1, email: guestEmail("idem") }),
            headers: { ...JSON_TYPE, "idempotency-key": key },
          }),
        ),
    ],
    [
      "POST /api/orders/:id/confirm",
      (key) =>
        call(confirm.POST, request("POST", `/orders/${f.orderId}/confirm`, { headers: { "idempotency-key": key } }), {
          id: f.orderId,
        }),
    ],
    [
      "POST /api/orders/:id/cancel",
      (key) =>
        call(cancel.POST, request("POST", `/orders/${f.orderId}/cancel`, { headers: { "idempotency-key": key } }), {
          id: f.orderId,
        }),
    ],
  ];

  it.each(targets.flatMap(([label, send]) => keys.map(([what, key]) => [`${label} with ${what}`, send, key] as const)))(
    "%s: 400 invalid_request and nothing written",
    async (_name, send, key) => {
      const start = await databaseFingerprint();
      await expectRefusal(await send(key), "invalid_request");
      expect(await databaseFingerprint()).toEqual(start);
    },
  );
});

describe("return paths after sign-in, generated", () => {
  it("always stay on the site, whatever control characters, slashes or hosts they carry", async () => {
    const { safeRedirect, safeReturnTo } = await import("@/app/_lib/return-to");
    const base = "https://shop.example";
    const pieces = [
      "/",
      "\\",
      "\t",
      "\n",
      "\r",
      "\u0000",
      "\u007f",
      "\u0085",
      "%09",
      "%0a",
      "//",
      "@",
      ":",
      ".",
      "evil.example",
    ];
    for (let i = 0; i < 2_000; i++) {
      const value = Array.from({ length: rand.int(1, 6) }, () => rand.pick(pieces)).join("");
      const path = safeReturnTo(value);
      expect(new URL(path, base).origin, JSON.stringify(value)).toBe(base);
      expect(path, JSON.stringify(value)).not.toMatch(/^\/[\\/]|[\t\n\r]/);
      const absolute = rand.pick(["", "https://evil.example", base, `${base}.evil.example`, "http://"]) + value;
      expect(new URL(safeRedirect({ url: absolute, baseUrl: base })).origin, JSON.stringify(absolute)).toBe(base);
    }
  });
});
