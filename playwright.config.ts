import { existsSync, statfsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_PORT } from "./e2e/database";
import { baseURL, remote } from "./e2e/target";

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
  // Why each skipped test was skipped, the list as it runs, and an HTML report (playwright-report/,
  // kept out of git) with each failure's screenshot, trace and accessibility findings:
  // `npx playwright show-report`.
  reporter: [["./e2e/skip-reasons.ts"], ["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  use: {
    // The local e2e server, or the deployment named by E2E_BASE_URL (e2e/target.ts).
    baseURL,
    // API calls made with a session cookie say where they come from, as a browser's own requests do:
    // the app refuses cookie-carrying state changes without the site's Origin.
    extraHTTPHeaders: { origin: baseURL },
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
  projects: [
    // Every flow on a desktop, and the shopper's flows tagged @phone on a phone (touch, a small
    // viewport, a phone's user agent) in the same Chromium; admin flows stay on the desktop.
    { name: "desktop", use: { ...devices["Desktop Chrome"] } },
    { name: "phone", use: { ...devices["Pixel 7"] }, grep: /@phone/ },
  ],
  // Against a deployment nothing is started: the suite only talks to it.
  webServer: remote
    ? undefined
    : {
        command: "node --conditions=react-server --import tsx e2e/serve.ts",
        url: `http://127.0.0.1:${E2E_PORT}/api/health`,
        reuseExistingServer: !process.env.CI,
        timeout: 120_000,
        gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
        stdout: "ignore",
        stderr: "pipe",
      },
});
