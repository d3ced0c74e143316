// docs/operations.md and docs/grafana-dashboard.json against the real metrics: the alert rules and
// every dashboard query parse with promtool, and every flash_sale_* metric they name is served.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scrapeMetrics } from "@/lib/observability/scrape";

const PROMTOOL = "/usr/bin/promtool";
const guide = readFileSync("docs/operations.md", "utf8");
const dashboard = JSON.parse(readFileSync("docs/grafana-dashboard.json", "utf8")) as {
  panels: { targets: { expr: string }[] }[];
};
const queries = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr.replaceAll("$job", ".*")));
const alerts = guide.match(/## Alerts worth setting[\s\S]*?```yaml\n([\s\S]*?)```/)?.[1] ?? "";

function checkRules(yaml: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "flash-sale-rules-"));
  try {
    writeFileSync(path.join(dir, "rules.yml"), yaml);
    return spawnSync(PROMTOOL, ["check", "rules", path.join(dir, "rules.yml")], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the operations guide and the Grafana dashboard", () => {
  it.skipIf(!existsSync(PROMTOOL) && !process.env.CI)("hold alert rules and queries that promtool accepts", () => {
    expect(alerts).toContain("alert: FlashSaleExpiryBehind");
    const checked = checkRules(alerts);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    const recorded = [
      "groups:",
      "  - name: dashboard",
      "    rules:",
      ...queries.map((q, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(q)}`),
    ].join("\n");
    const dashboardChecked = checkRules(recorded);
    expect(dashboardChecked.status, dashboardChecked.stdout + dashboardChecked.stderr).toBe(0);
  });

  it("name only metrics the app serves", async () => {
    const { text } = await scrapeMetrics();
    const served = new Set([...text.matchAll(/^# TYPE (\S+) (\w+)/gm)].map((m) => m[1]!));
    const named = new Set(
      [...`${guide}\n${queries.join("\n")}`.matchAll(/\b(flash_sale_[a-z_]+)/g)]
        .map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ""))
        .filter((name) => !["flash_sale_queue_waiting", "flash_sale_queue_admissions_total"].includes(name)),
    );
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((name) => !served.has(name))).toEqual([]);
  });
});
