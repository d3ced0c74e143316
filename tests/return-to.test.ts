import { describe, expect, it } from "vitest";
import { safeRedirect, safeReturnTo } from "@/app/_lib/return-to";

const BASE = "https://shop.example";

describe("the return path after signing in", () => {
  it.each([
    ["/orders", "/orders"],
    ["/products/1?quantity=2#buy", "/products/1?quantity=2#buy"],
    ["/a/../orders", "/orders"],
    ["/%09/evil.example", "/%09/evil.example"],
  ])("keeps the same-origin path %j", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nLocation: https://evil.example",
    "/\u0000",
    "/\u0085x",
    "//evil.example",
    "/\\evil.example",
    "/\\\\evil.example",
    "https://evil.example/",
    "http://127.0.0.1:3000.evil.example/",
    "javascript:alert(1)",
    " /orders",
    "",
  ])("refuses %j", (input) => {
    expect(safeReturnTo(input)).toBe("/");
  });

  it("never leaves the origin, whatever it is given", () => {
    // A seeded sweep of short strings over the characters that matter to URL parsers.
    const alphabet = [
      "/",
      "\\",
      "\t",
      "\n",
      "\r",
      " ",
      ".",
      ":",
      "@",
      "%",
      "0",
      "9",
      "e",
      "?",
      "#",
      "\u0000",
      "\u00a0",
    ];
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let i = 0; i < 5_000; i++) {
      const input = `/${Array.from({ length: 1 + (next() % 8) }, () => alphabet[next() % alphabet.length]).join("")}`;
      const path = safeReturnTo(input);
      expect(new URL(path, BASE).origin, JSON.stringify(input)).toBe(BASE);
      expect(path, JSON.stringify(input)).toMatch(/^\/(?![\\/])/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not pass.
      expect(path).not.toMatch(/[\u0000-\u001f\\]/);
    }
  });
});

describe("next-auth's redirect after sign-in", () => {
  it.each([
    ["/orders", `${BASE}/orders`],
    [`${BASE}/admin?tab=1`, `${BASE}/admin?tab=1`],
    ["http://127.0.0.1:3000.evil.example/", `${BASE}/`],
    ["https://evil.example/orders", `${BASE}/`],
    ["/\t/evil.example", `${BASE}/`],
    ["not a url at all", `${BASE}/`],
  ])("sends %j to %j", (url, expected) => {
    expect(safeRedirect({ url, baseUrl: BASE })).toBe(expected);
  });
});
