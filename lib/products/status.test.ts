import { describe, expect, it } from "vitest";
import { productStatus } from "./status";

const window = { saleStartsAt: "2026-01-01T10:00:00Z", saleEndsAt: "2026-01-01T12:00:00Z" };
const at = (iso: string) => new Date(iso);

describe("productStatus", () => {
  it("is scheduled before the window, whatever the stock", () => {
    expect(productStatus({ ...window, available: 5 }, at("2026-01-01T09:59:59Z"))).toBe("scheduled");
  });
  it("is live from the first instant of the window while stock remains", () => {
    expect(productStatus({ ...window, available: 5 }, at("2026-01-01T10:00:00Z"))).toBe("live");
  });
  it("is sold out inside the window with no stock", () => {
    expect(productStatus({ ...window, available: 0 }, at("2026-01-01T11:00:00Z"))).toBe("sold_out");
  });
  it("is ended from the last instant of the window on", () => {
    expect(productStatus({ ...window, available: 5 }, at("2026-01-01T12:00:00Z"))).toBe("ended");
  });
});
