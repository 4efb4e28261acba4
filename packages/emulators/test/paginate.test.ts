import fc from "fast-check";
import { paginate } from "../src/core/paginate";
import { readDateParam } from "../src/core/parse-query";

describe("paginate", () => {
  it("when pages are read by offset += limit, with or without repeats, then deduplicated they give every item once, in order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.boolean(), { maxLength: 20 }), (total, limit, repeats) => {
        const seen: number[] = [];
        const ids = new Set<number>();
        for (let offset = 0, page = 0; offset < total; offset += limit, page += 1) {
          const items = paginate({ total, offset, limit, at: (index) => index, repeat: repeats[page] ?? false });
          expect(items.length).toBeLessThanOrEqual(limit + 3);
          for (const item of items) {
            if (ids.has(item)) continue;
            ids.add(item);
            seen.push(item);
          }
        }
        expect(seen).toEqual(Array.from({ length: total }, (_, index) => index));
      }),
    );
  });
});

describe("readDateParam", () => {
  it.each([
    ["2023-10-16 10:33:02.000Z", Date.parse("2023-10-16T10:33:02.000Z")],
    ["2023-10-16T10:33:02.000Z", Date.parse("2023-10-16T10:33:02.000Z")],
    ["1697452382", 1697452382000],
    ["1697452382000", 1697452382000],
  ])("when the value is %s, then it reads as the right instant", (value, expected) => {
    expect(readDateParam(value)).toBe(expected);
  });

  it("when the value is absent or unreadable, then undefined or NaN", () => {
    expect(readDateParam(undefined)).toBeUndefined();
    expect(readDateParam("")).toBeUndefined();
    expect(readDateParam("soon")).toBeNaN();
  });
});
