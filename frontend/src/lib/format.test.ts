import { describe, expect, it } from "vitest";

import { nounFor, plural } from "./format";

describe("plural", () => {
  it("agrees the noun with the count", () => {
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(0, "row")).toBe("0 rows");
    expect(plural(3, "photo")).toBe("3 photos");
  });

  it("takes the plural it is given where adding an s would be wrong", () => {
    const noun = ["salesperson", "salespeople"] as const;
    expect(plural(1, noun)).toBe("1 salesperson");
    expect(plural(2, noun)).toBe("2 salespeople");
    expect(nounFor(0, noun)).toBe("salespeople");
  });
});
