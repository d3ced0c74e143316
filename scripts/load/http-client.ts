// A lean HTTP/1.1 client for load: keep-alive sockets (one per concurrent caller), JSON bodies,
// a timeout per request. node:http costs far less CPU per request than fetch, which matters when
// the load comes from the same two cores as the server it measures.
import http from "node:http";
import https from "node:https";

export type Answer = { status: number; ms: number; body: unknown; headers: http.IncomingHttpHeaders; error?: string };

/** `body` is sent as JSON, `form` as application/x-www-form-urlencoded. */
export type RequestOptions = { body?: unknown; form?: string; headers?: Record<string, string>; timeoutMs?: number };

export type Client = {
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
  close(): void;
};

export function httpClient(baseUrl: string, sockets: number): Client {
  const base = new URL(baseUrl);
  const secure = base.protocol === "https:";
  const agent = new (secure ? https : http).Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const send = secure ? https.request : http.request;

  return {
    request(method, path, { body, form, headers = {}, timeoutMs = 30_000 } = {}) {
      const payload =
        form !== undefined ? Buffer.from(form) : body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const type = form !== undefined ? "application/x-www-form-urlencoded" : "application/json";
      const target = new URL(path, base);
      const started = performance.now();
      return new Promise<Answer>((resolve) => {
        const req = send(
          {
            agent,
            method,
            protocol: base.protocol,
            hostname: base.hostname,
            port: base.port,
            path: target.pathname + target.search,
            headers: {
              accept: "application/json",
              ...(payload ? { "content-type": type, "content-length": String(payload.length) } : {}),
              ...headers,
            },
            timeout: timeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              let parsed: unknown = text;
              try {
                parsed = text ? JSON.parse(text) : undefined;
              } catch {
                // not JSON: kept as text
              }
              resolve({
                status: res.statusCode ?? 0,
                ms: performance.now() - started,
                body: parsed,
                headers: res.headers,
              });
            });
            res.on("error", (e) =>
              resolve({ status: 0, ms: performance.now() - started, body: undefined, headers: {}, error: e.message }),
            );
          },
        );
        req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on("error", (e) =>
          resolve({ status: 0, ms: performance.now() - started, body: undefined, headers: {}, error: e.message }),
        );
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** The error code of a contract error body, if it is one. */
export const errorCode = (body: unknown): string | undefined =>
  (body as { error?: { code?: string } } | undefined)?.error?.code;

/** Signs in through next-auth's credentials provider, as a browser would; returns the cookie header. */
export async function signIn(client: Client, email: string, password: string): Promise<string> {
  const csrf = await client.request("GET", "/api/auth/csrf");
  const csrfToken = (csrf.body as { csrfToken?: string } | undefined)?.csrfToken;
  if (csrf.status !== 200 || !csrfToken) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  let cookies = cookiesOf(csrf.headers);
  const form = new URLSearchParams({ csrfToken, email, password, json: "true" }).toString();
  const login = await client.request("POST", "/api/auth/callback/credentials", { form, headers: { cookie: cookies } });
  cookies = mergeCookies(cookies, cookiesOf(login.headers));
  if (!/session-token=/.test(cookies))
    throw new Error(`signing in as ${email} failed (status ${login.status}): check the e-mail and password`);
  return cookies;
}

const cookiesOf = (headers: http.IncomingHttpHeaders) =>
  (headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!).join("; ");

function mergeCookies(a: string, b: string) {
  const jar = new Map<string, string>();
  for (const part of [...a.split("; "), ...b.split("; ")].filter(Boolean)) jar.set(part.split("=")[0]!, part);
  return [...jar.values()].join("; ");
}
