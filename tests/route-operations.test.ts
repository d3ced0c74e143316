// One description per operation (lib/openapi/operations.ts): every route file under app/api serves
// the operations its folder and method name, every operation has its route, route() keeps the
// access rule the operation declares, and the served document lists exactly these operations with
// that rule's refusals.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { declaredOptions } from "@/app/_lib/http";
import * as openapi from "@/app/api/openapi.json/route";
import type { openApiDocument } from "@/lib/openapi/document";
import { type Operation, operations } from "@/lib/openapi/operations";
import { registerUser } from "@/lib/users/register-user";
import { guestEmail } from "./helpers/fixtures";
import { call, type RouteHandler } from "./helpers/routes";
import { sessionCookie } from "./helpers/sessions";

const API = path.resolve("app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// Route files that are not operations of the API: next-auth's own endpoints, the JSON 404 for any
// other /api path, and the document itself.
const NOT_OPERATIONS = new Set(["auth/[...nextauth]", "[...path]", "openapi.json"]);

type Served = { operationId: string; operation: Operation; handler: RouteHandler; method: string };
type Exported = { label: string; apiPath: string; method: string; handler: RouteHandler };

/** The route files, by folder under app/api, with the OpenAPI path each serves. */
function routeFolders(): { folder: string; apiPath: string }[] {
  return readdirSync(API, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .map((file) => path.dirname(file).split(path.sep).join("/"))
    .map((folder) => (folder === "." ? "" : folder))
    .map((folder) => ({ folder, apiPath: `/api${folder ? `/${folder}` : ""}`.replace(/\[(\w+)\]/g, "{$1}") }));
}

const exported: Exported[] = [];
const served: Served[] = [];

beforeAll(async () => {
  for (const { folder, apiPath } of routeFolders()) {
    if (NOT_OPERATIONS.has(folder)) continue;
    const module: Record<string, RouteHandler> = await import(path.join(API, folder, "route.ts"));
    for (const method of METHODS) {
      const handler = module[method]!;
      exported.push({ label: `${method} ${apiPath}`, apiPath, method, handler });
      const entry = Object.entries(operations).find(([, operation]) => operation === declaredOptions(handler));
      if (entry) served.push({ operationId: entry[0], operation: entry[1], handler, method });
    }
  }
});

describe("route files and operations", () => {
  it("finds every route file and every method each exports", () => {
    expect(routeFolders().length).toBeGreaterThan(15);
    for (const { label, handler } of exported) expect(handler, label).toBeTypeOf("function");
  });

  it("serves each operation from the file its path names, under its own method", () => {
    for (const { label, apiPath, method, handler } of exported) {
      const declared = declaredOptions(handler);
      if (!declared) continue;
      const entry = Object.entries(operations).find(([, operation]) => operation === declared);
      expect(entry, `${label} serves an operation of lib/openapi/operations.ts`).toBeDefined();
      expect({ method: entry![1].method, path: entry![1].path }, entry![0]).toEqual({
        method: method.toLowerCase(),
        path: apiPath,
      });
    }
  });

  it("has a route for every operation, and one only", () => {
    expect(served.map((s) => s.operationId).sort()).toEqual(Object.keys(operations).sort());
  });

  it("answers every other method of a route file with 405", async () => {
    const others = exported.filter(({ handler }) => !declaredOptions(handler));
    expect(others.length).toBeGreaterThan(40);
    for (const { label, handler, method, apiPath } of others) {
      const response = await call(handler, new Request(`http://localhost${apiPath}`, { method }));
      expect(response.status, label).toBe(405);
      expect((await response.json()).error.code, label).toBe("method_not_allowed");
    }
  });
});

describe("the access rule an operation declares", () => {
  const restricted = () => served.filter((s) => ["user", "admin", "cron"].includes(s.operation.access));
  const request = (s: Served, cookie?: string) => {
    const url = `http://localhost${s.operation.path.replace("{id}", crypto.randomUUID())}`;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (cookie) Object.assign(headers, { cookie, origin: "http://localhost" });
    return new Request(url, { method: s.method, headers, ...(s.method === "GET" ? {} : { body: "{}" }) });
  };

  it("refuses anonymous callers of user, admin and cron operations with 401 before reading anything", async () => {
    expect(restricted().map((s) => s.operation.access)).toEqual(expect.arrayContaining(["user", "admin", "cron"]));
    for (const s of restricted()) {
      const response = await call(s.handler, request(s), { id: crypto.randomUUID() });
      expect(response.status, s.operationId).toBe(401);
      expect((await response.json()).error.code, s.operationId).toBe("unauthorized");
    }
  });

  it("refuses a customer's session on admin and cron operations, 403 and 401", async () => {
    const customer = await registerUser(
      { email: guestEmail("route-operations"), password: "correct horse battery" },
      { clientIp: "10.0.0.9" },
    );
    const cookie = await sessionCookie(customer);
    for (const s of restricted().filter((r) => r.operation.access !== "user")) {
      const response = await call(s.handler, request(s, cookie), { id: crypto.randomUUID() });
      expect(response.status, s.operationId).toBe(s.operation.access === "admin" ? 403 : 401);
    }
  });
});

describe("the served OpenAPI document", () => {
  it("lists exactly the operations, each with its access rule's refusals and its own errors", async () => {
    const response = await call(openapi.GET, new Request("http://localhost/api/openapi.json"));
    const document: ReturnType<typeof openApiDocument> = await response.json();
    const listed = Object.entries(document.paths).flatMap(([apiPath, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ apiPath, method, operation })),
    );
    expect(listed.map((l) => l.operation.operationId).sort()).toEqual(Object.keys(operations).sort());
    const refusalsOf = { anyone: [], holder: [], user: ["401"], admin: ["401", "403"], cron: ["401"] };
    for (const { apiPath, method, operation } of listed) {
      const described = operations[operation.operationId as keyof typeof operations];
      expect({ apiPath, method }).toEqual({ apiPath: described.path, method: described.method });
      const statuses = Object.keys(operation.responses);
      expect(statuses, operation.operationId).toEqual(expect.arrayContaining(["400", ...refusalsOf[described.access]]));
      for (const code of described.errors) {
        expect(JSON.stringify(operation.responses), `${operation.operationId} declares ${code}`).toContain(
          `\`${code}\``,
        );
      }
    }
  });
});
