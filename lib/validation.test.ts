import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "./errors";
import { createProductFormSchema, restockFormSchema } from "./products/schemas";
import { parseForm, parseInput } from "./validation";

const holdLike = z.strictObject({
  productId: z.string(),
  quantity: z.int().min(1),
  shipping: z.strictObject({ city: z.string(), notes: z.strictObject({ gate: z.string() }).optional() }).optional(),
});

function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseInput with strict schemas", () => {
  it("refuses an unknown key and names it, as Stripe does", () => {
    const e = refusal(() => parseInput(holdLike, { productId: "p", quantity: 1, quantty: 2 }));
    expect(e.code).toBe("invalid_request");
    expect(e.message).toBe('Invalid request. Unknown field "quantty".');
    expect(e.issues).toEqual([{ path: "quantty", message: "Unknown field" }]);
  });

  it("names the misspelt key first when its field then looks missing, and still lists every issue", () => {
    const e = refusal(() => parseInput(holdLike, { productId: "p", quantty: 2 }));
    expect(e.message).toBe('Invalid request. Unknown field "quantty".');
    expect(e.issues).toEqual([
      { path: "quantty", message: "Unknown field" },
      { path: "quantity", message: expect.any(String) },
    ]);
  });

  it("refuses unknown keys in nested objects, by their full path", () => {
    const e = refusal(() =>
      parseInput(holdLike, {
        productId: "p",
        quantity: 1,
        shipping: { city: "Oslo", zip: "0150", notes: { gate: "B", code: 1 } },
      }),
    );
    expect(e.message).toMatch(
      /^Invalid request. Unknown fields "shipping.(zip|notes.code)", "shipping.(zip|notes.code)".$/,
    );
    expect(e.issues?.map((i) => i.path).sort()).toEqual(["shipping.notes.code", "shipping.zip"]);
  });

  it("names three keys in the message, counts the rest, and lists each in the issues", () => {
    const extra = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`extra${i}`, i]));
    const e = refusal(() => parseInput(holdLike, { productId: "p", quantity: 1, ...extra }));
    expect(e.message).toBe('Invalid request. Unknown fields "extra0", "extra1", "extra2" and 2 more.');
    expect(e.issues).toHaveLength(5);
  });

  it("shortens a long unknown key in the message and escapes control characters", () => {
    const long = "k".repeat(5_000);
    const e = refusal(() => parseInput(holdLike, { productId: "p", quantity: 1, [long]: 1, "bad\u0000key": 2 }));
    expect(e.message).toBe(`Invalid request. Unknown fields "${"k".repeat(40)}…", "bad\\u0000key".`);
    expect(e.issues?.[0]?.path).toBe(long);
  });

  it("refuses __proto__ sent as a JSON key instead of dropping it", () => {
    const e = refusal(() =>
      parseInput(holdLike, JSON.parse('{"productId":"p","quantity":1,"__proto__":{"admin":true}}')),
    );
    expect(e.message).toBe('Invalid request. Unknown field "__proto__".');
  });

  it("calls query-string keys parameters", () => {
    const e = refusal(() => parseInput(z.strictObject({}), { limt: "5" }, "query parameter"));
    expect(e.message).toBe('Invalid request. Unknown query parameter "limt".');
    expect(e.issues).toEqual([{ path: "limt", message: "Unknown query parameter" }]);
  });

  it("keeps the message of other issues as before", () => {
    const e = refusal(() => parseInput(holdLike, { productId: "p", quantity: 0 }));
    expect(e.message).toMatch(/^Invalid request\. quantity: /);
  });
});

describe("parseForm", () => {
  const form = (entries: [string, string | Blob][]) => {
    const data = new FormData();
    for (const [key, value] of entries) data.append(key, value);
    return data;
  };

  it("skips the keys React and Next.js add to a server action's form", () => {
    const fields = parseForm(
      createProductFormSchema,
      form([
        ["$ACTION_ID_7f3a", ""],
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", '{"id":"x","bound":"$@1"}'],
        ["$ACTION_KEY", "k0"],
        ["name", "Lamp"],
        ["price", "12.50"],
      ]),
    );
    expect(fields).toEqual({
      name: "Lamp",
      description: "",
      priceCents: 1_250,
      initialStock: 0,
      maxPerCustomer: 1,
      saleStartsAt: "",
      saleEndsAt: "",
      // An unticked checkbox is not sent: signed-in customers only is off.
      accountsOnly: false,
    });
  });

  it("refuses any other unknown field and names it", () => {
    const e = refusal(() =>
      parseForm(
        createProductFormSchema,
        form([
          ["name", "Lamp"],
          ["stock", "7"],
          ["$ACTION_KEY", "k0"],
        ]),
      ),
    );
    expect(e.message).toBe('Invalid request. Unknown field "stock".');
    expect(e.issues).toEqual([{ path: "stock", message: "Unknown field" }]);
  });

  it("refuses a field sent twice or sent as a file", () => {
    const twice = form([
      ["productId", "p"],
      ["quantity", "1"],
      ["quantity", "9"],
    ]);
    expect(refusal(() => parseForm(restockFormSchema, twice)).issues).toEqual([
      { path: "quantity", message: "must be text, sent once" },
    ]);
    const file = form([
      ["productId", "p"],
      ["quantity", new Blob(["1"])],
    ]);
    expect(refusal(() => parseForm(restockFormSchema, file)).issues?.[0]?.path).toBe("quantity");
  });
});
