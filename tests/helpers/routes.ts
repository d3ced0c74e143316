// Calling route handlers in-process, as Next.js does: the request and its path parameters.
// Each handler declares its own params type; this one accepts them all.
// biome-ignore lint/suspicious/noExplicitAny: a handler's params are whatever its route declares.
export type RouteHandler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

export const call = (handler: RouteHandler, request: Request, params: Record<string, unknown> = {}) =>
  handler(request, { params: Promise.resolve(params) });

/** A request to the API at `site` (http://localhost by default) as a client sends it: a JSON body
 *  with its content type (POST unless `method` says otherwise), and with a session cookie the site's
 *  Origin, as a browser adds. `headers` come last and win. */
export function apiRequest(
  path: string,
  options: {
    method?: string;
    body?: unknown;
    cookie?: string | null;
    headers?: Record<string, string>;
    site?: string;
  } = {},
): Request {
  const site = options.site ?? "http://localhost";
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.cookie) Object.assign(headers, { cookie: options.cookie, origin: site });
  return new Request(`${site}/api${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: { ...headers, ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}
