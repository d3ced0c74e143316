import { existsSync, statfsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_PORT } from "./e2e/database";

// Browsers cannot be downloaded on every machine: use Debian's Chromium where it is installed.
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

// Chromium keeps shared memory in /dev/shm; only where that is tiny (containers) must it fall back to
// /tmp, which here is the disk and costs the browser most of its time in system calls.
const smallShm = (() => {
  try {
    const { bsize, blocks } = statfsSync("/dev/shm");
    return bsize * blocks < 1024 ** 3;
  } catch {
    return true;
  }
})();

export default defineConfig({
  testDir: "e2e",
  // Two browsers, the server and PostgreSQL share two cores: generous limits, exact assertions.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    // API calls made with a session cookie say where they come from, as a browser's own requests do:
    // the app refuses cookie-carrying state changes without the site's Origin.
    extraHTTPHeaders: { origin: `http://127.0.0.1:${E2E_PORT}` },
    screenshot: "only-on-failure",
    // The pages honour prefers-reduced-motion; without endless animations headless Chromium stops
    // compositing frames for nothing, which on two cores is most of its CPU.
    reducedMotion: "reduce",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      ignoreDefaultArgs: smallShm ? [] : ["--disable-dev-shm-usage"],
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node --conditions=react-server --import tsx e2e/serve.ts",
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "ignore",
    stderr: "pipe",
  },
});
