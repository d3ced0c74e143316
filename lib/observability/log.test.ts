import { describe, expect, it } from "vitest";
import { maskEmails } from "./log";

describe("maskEmails", () => {
  it("keeps the first letter and the domain of every address in a text", () => {
    expect(maskEmails("hold for Alice.Smith+drop@Example.com and bob@shop.co.uk failed")).toBe(
      "hold for A***@Example.com and b***@shop.co.uk failed",
    );
    expect(maskEmails("Key (email)=(carla@example.org) already exists.")).toBe(
      "Key (email)=(c***@example.org) already exists.",
    );
    expect(maskEmails("no address here, only @handles and a@b")).toBe("no address here, only @handles and a@b");
  });
});
