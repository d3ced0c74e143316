// A reporter that prints why each skipped test was skipped (the list reporter shows only a dash):
// against a deployment, the tests that need what only the local server gives.
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

export default class SkipReasons implements Reporter {
  private lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status !== "skipped") return;
    const reasons = test.annotations.filter((a) => a.type === "skip" && a.description).map((a) => a.description);
    const title = test.titlePath().filter(Boolean).join(" › ");
    this.lines.push(`  - ${title}${reasons.length ? `\n      ${reasons.join("; ")}` : ""}`);
  }

  onEnd(_result: FullResult) {
    if (this.lines.length) console.log(`\nSkipped, and why:\n${this.lines.join("\n")}`);
  }
}
