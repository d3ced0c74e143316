import { describe, expect, it } from "vitest";
import { describeCountdown, formatCountdown, formatMoney, formatUtc, percentOf, plural } from "./format";

describe("formatMoney", () => {
  it("prints integer cents as dollars and cents", () => {
    expect(formatMoney(8_900)).toBe("$89.00");
    expect(formatMoney(5)).toBe("$0.05");
    expect(formatMoney(123_456_789)).toBe("$1,234,567.89");
  });
  it("uses the product's currency", () => {
    expect(formatMoney(1_050, "EUR")).toBe("€10.50");
  });
});

describe("percentOf", () => {
  it("rounds down so that 100 % means everything", () => {
    expect(percentOf(499, 500)).toBe(99);
    expect(percentOf(500, 500)).toBe(100);
  });
  it("is 0 for an empty whole rather than NaN", () => {
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe("plural", () => {
  it("agrees with the count", () => {
    expect(plural(1, "unit")).toBe("1 unit");
    expect(plural(0, "unit")).toBe("0 units");
    expect(plural(1_200, "unit")).toBe("1,200 units");
  });
});

describe("formatCountdown", () => {
  it("shows minutes and seconds under an hour", () => {
    expect(formatCountdown(9)).toBe("0:09");
    expect(formatCountdown(245)).toBe("4:05");
  });
  it("adds hours and days when needed", () => {
    expect(formatCountdown(2 * 3_600 + 3 * 60 + 4)).toBe("2:03:04");
    expect(formatCountdown(3 * 86_400 + 2 * 3_600 + 3 * 60 + 4)).toBe("3d 02:03:04");
  });
  it("never shows a negative time", () => {
    expect(formatCountdown(-5)).toBe("0:00");
  });
});

describe("describeCountdown", () => {
  it("names the two largest units in words", () => {
    expect(describeCountdown(3 * 86_400 + 2 * 3_600 + 59)).toBe("3 days 2 hours");
    expect(describeCountdown(245)).toBe("4 minutes 5 seconds");
    expect(describeCountdown(60)).toBe("1 minute");
    expect(describeCountdown(0)).toBe("0 seconds");
  });
});

describe("formatUtc", () => {
  it("prints an instant in UTC whatever the machine's time zone", () => {
    expect(formatUtc("2026-01-01T23:30:00-05:00")).toBe("Jan 2, 04:30 UTC");
  });
});
