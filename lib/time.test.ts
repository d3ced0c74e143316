import { describe, expect, it } from "vitest";
import { clockOffsetMs, nextSaleMoment, secondsUntil } from "./time";

describe("clockOffsetMs", () => {
  it("is positive when the client's clock is behind the server's", () => {
    const client = Date.parse("2026-01-01T12:00:00.000Z");
    expect(clockOffsetMs("2026-01-01T12:01:00.000Z", client)).toBe(60_000);
  });
  it("measures against the midpoint of the request", () => {
    const sent = Date.parse("2026-01-01T12:00:00.000Z");
    expect(clockOffsetMs("2026-01-01T12:00:00.500Z", sent, sent + 1_000)).toBe(0);
  });
  it("ignores a timestamp it cannot read", () => {
    expect(clockOffsetMs("not a date", Date.now())).toBe(0);
  });
});

describe("secondsUntil", () => {
  const target = "2026-01-01T12:00:10.000Z";
  const at = (iso: string) => Date.parse(iso);
  it("rounds a partial second up, so the countdown reaches 0 only when the moment has come", () => {
    expect(secondsUntil(target, at("2026-01-01T12:00:00.000Z"))).toBe(10);
    expect(secondsUntil(target, at("2026-01-01T12:00:09.001Z"))).toBe(1);
    expect(secondsUntil(target, at("2026-01-01T12:00:10.000Z"))).toBe(0);
  });
  it("stays at 0 after the moment", () => {
    expect(secondsUntil(new Date(target), at("2026-01-01T13:00:00.000Z"))).toBe(0);
  });
});

describe("nextSaleMoment", () => {
  const window = { saleStartsAt: "2026-01-01T10:00:00.000Z", saleEndsAt: "2026-01-01T12:00:00.000Z" };
  it("counts down to the opening of a scheduled sale", () => {
    expect(nextSaleMoment(window, "scheduled")).toEqual({ kind: "opens", at: window.saleStartsAt });
  });
  it("counts down to the close of a live or sold-out sale", () => {
    expect(nextSaleMoment(window, "live")).toEqual({ kind: "closes", at: window.saleEndsAt });
    expect(nextSaleMoment(window, "sold_out")).toEqual({ kind: "closes", at: window.saleEndsAt });
  });
  it("has nothing to count down to once the sale has ended", () => {
    expect(nextSaleMoment(window, "ended")).toBeNull();
  });
});
