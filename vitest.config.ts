import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Workers inherit this; globalSetup does not see test.env, so it is set here.
process.env.DATABASE_POOL_SIZE ??= "24";
// The suites fire hundreds of holds from one address; tests/rate-limits.test.ts checks the limits.
process.env.RATE_LIMITS ??= "off";
// Route handlers are called in-process, without the launcher's connection address: the tests play one
// trusted proxy and give each client's address in X-Forwarded-For.
process.env.TRUSTED_PROXY_HOPS ??= "1";
// Proof-of-work challenges cheap enough to solve many of in a test (tests/proof-of-work.test.ts).
process.env.POW_COST ??= "2000";
// Request lines of hundreds of in-process requests would bury the test report; warnings still show.
process.env.LOG_LEVEL ??= "warn";
(process.env as Record<string, string>).NODE_ENV = "test";

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    alias: { "server-only": fileURLToPath(new URL("./tests/helpers/empty-module.ts", import.meta.url)) },
  },
  test: {
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
