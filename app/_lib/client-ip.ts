// The client's address, for the per-address limits (sign-in, registration, holds). By default the
// address of the TCP connection itself, which no client can choose: the launcher's server hook
// (scripts/server-hooks.mjs) writes it into a header on every request. Behind proxies, configure
// exactly one of:
// - TRUSTED_PROXY_HEADER: a header the proxy in front overwrites with the client's address
//   (Vercel's x-real-ip); a list in it is read from the right, where the proxy wrote;
// - TRUSTED_PROXY_HOPS=N: N proxies in front, each appending the address it saw to
//   X-Forwarded-For; the client is the Nth entry from the right (entries further left are whatever
//   the client sent, and are never trusted).
import { isIP } from "node:net";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/log";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

const UNKNOWN = "unknown";

function header(headers: HeaderSource, name: string): string | undefined {
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return Array.isArray(raw) ? raw.join(",") : (raw ?? undefined);
}

/** A valid IP address in canonical text, or "unknown" (IPv4-mapped IPv6 read as IPv4). */
function address(value: string | undefined): string {
  const trimmed = value?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "") ?? "";
  return isIP(trimmed) ? trimmed.toLowerCase() : UNKNOWN;
}

export function clientIp(headers: HeaderSource): string {
  const { TRUSTED_PROXY_HEADER, TRUSTED_PROXY_HOPS } = env();
  if (TRUSTED_PROXY_HEADER) return address(header(headers, TRUSTED_PROXY_HEADER)?.split(",").at(-1));
  if (TRUSTED_PROXY_HOPS > 0) {
    const hops = header(headers, "x-forwarded-for")?.split(",") ?? [];
    return address(hops.length >= TRUSTED_PROXY_HOPS ? hops[hops.length - TRUSTED_PROXY_HOPS] : undefined);
  }
  return connectionAddress(headers);
}

const globalForHook = globalThis as unknown as { __flashSalePeerAddressHeader?: string };

/** The connection's address as the server hook recorded it; without the hook (a server started
 *  some other way than scripts/serve.ts) there is none to trust, and every client shares one bucket. */
function connectionAddress(headers: HeaderSource): string {
  const name = globalForHook.__flashSalePeerAddressHeader;
  if (!name) {
    warnOnce();
    return UNKNOWN;
  }
  return address(header(headers, name));
}

let warned = false;
function warnOnce() {
  if (warned) return;
  warned = true;
  logger().warn(
    { event: "client_address_unknown" },
    "The connection's address is unknown (start the app with npm start or serve.mjs), and no " +
      "TRUSTED_PROXY_HEADER or TRUSTED_PROXY_HOPS is set: per-address limits share one bucket.",
  );
}
