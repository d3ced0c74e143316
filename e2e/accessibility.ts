// Accessibility: axe-core scans a page the flows reach, at WCAG 2.2 AA, once the page has settled.
// Each distinct page (and state: a form with its errors, a checkout after its hold expired) is named
// by the spec that reaches it and scanned once per worker, so a page several tests visit costs one
// scan per project (desktop and phone lay pages out differently, so each is scanned on both).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the shop promises. */
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** One line per violation and element: rule, impact, where, and axe's explanation. */
function listViolations(violations: Violation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((node) => {
      const summary = (node.failureSummary ?? "").replace(/\s+/g, " ").trim();
      return `${v.id} (${v.impact}) at ${node.target.join(" ")}: ${v.help}. ${summary}`;
    }),
  );
}

export async function scanPage(page: Page, name: string, testInfo: TestInfo) {
  // The shop's pages have no frames: axe runs in the page itself ("legacy mode") rather than merging
  // per-frame results in a blank page of its own, which costs a page per scan (half its time here).
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
  if (results.violations.length > 0) {
    await testInfo.attach(`axe ${name}`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: "application/json",
    });
  }
  expect(listViolations(results.violations), `WCAG 2.2 AA violations on ${name} (${page.url()})`).toEqual([]);
}
