// The client's address, from the one request header a trusted proxy sets (TRUSTED_PROXY_HEADER).
// Behind no proxy at all, set it to "none": every client then shares one bucket.
import { env } from "@/lib/env";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function clientIp(headers: HeaderSource): string {
  const name = env().TRUSTED_PROXY_HEADER;
  if (name === "none") return "unknown";
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  // X-Forwarded-For lists the client first, then each proxy it went through.
  const first = value?.split(",")[0]?.trim();
  return first && first.length <= 64 ? first : "unknown";
}
