// A consumer of the HTTP API through a client generated from GET /api/openapi.json: types from
// openapi-typescript (./generated/api.d.ts), requests by openapi-fetch. It holds two units as a
// guest, retries the hold with the same Idempotency-Key, confirms the order, and prints every
// answer as JSON. e2e/openapi-client.spec.ts generates the types, type-checks this file with
// ./tsconfig.json, and runs it: node --import tsx hold-and-confirm.ts BASE_URL PRODUCT_ID EMAIL
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/api";

type Order = components["schemas"]["Order"];
type ErrorCode = components["schemas"]["ErrorCode"];
type Answer = { status: number; replayed: string | null; order: Order | null; errorCode: ErrorCode | null };

const [baseUrl, productId, email] = process.argv.slice(2);
if (!baseUrl || !productId || !email) throw new Error("usage: hold-and-confirm.ts BASE_URL PRODUCT_ID EMAIL");

const client = createClient<paths>({ baseUrl });

type Result = { data?: { order: Order }; error?: components["schemas"]["Error"]; response: Response };
const answer = ({ data, error, response }: Result): Answer => ({
  status: response.status,
  replayed: response.headers.get("idempotent-replayed"),
  order: data?.order ?? null,
  errorCode: error?.error.code ?? null,
});

const holdRequest = {
  params: { header: { "Idempotency-Key": `openapi-client-${productId}` } },
  body: { productId, quantity: 2, email },
};
const hold = answer(await client.POST("/api/holds", holdRequest));
const replay = answer(await client.POST("/api/holds", holdRequest));
const orderId = hold.order?.id ?? "00000000-0000-0000-0000-000000000000";
const confirm = answer(await client.POST("/api/orders/{id}/confirm", { params: { path: { id: orderId } } }));

console.log(JSON.stringify({ hold, replay, confirm }));

/** Never called: each statement must be refused by the generated types, or the type check fails. */
export function refusedByTheGeneratedTypes(id: string) {
  // @ts-expect-error quantity is an integer, not a string
  void client.POST("/api/holds", { body: { productId: id, quantity: "2" } });
  // @ts-expect-error productId is required
  void client.POST("/api/holds", { body: { quantity: 1 } });
  // @ts-expect-error the confirm path needs the order's id
  void client.POST("/api/orders/{id}/confirm", {});
  // @ts-expect-error there is no such operation
  void client.DELETE("/api/orders/{id}", { params: { path: { id } } });
  // @ts-expect-error an order's status is one of four words
  const status: Order["status"] = "shipped";
  // @ts-expect-error error codes are a closed list
  const code: ErrorCode = "teapot";
  return [status, code];
}
