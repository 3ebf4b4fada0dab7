import { describe, expect, it } from "vitest";

import { makeFinding } from "@/test/content";

import { DEFAULT_SETTINGS, offerOf } from "./components/SettingsPanel";
import { insertDisclosure, piecesOf } from "./spans";

describe("piecesOf", () => {
  it("cuts the text at every span; overlaps take the most severe finding first", () => {
    const text = "Only $299/mo, guaranteed approval!";
    const payment = makeFinding({ start: 5, end: 12, severity: "warning" });
    const claim = makeFinding({ category: "deceptive-claim", start: 9, end: 33 });
    const pieces = piecesOf(text, [payment, claim]);
    expect(pieces.map((piece) => piece.text)).toEqual([
      "Only ",
      "$299",
      "/mo",
      ", guaranteed approval",
      "!",
    ]);
    expect(pieces.map((piece) => piece.text).join("")).toBe(text);
    expect(pieces[2]!.findings.map((finding) => finding.severity)).toEqual(["error", "warning"]);
    expect(pieces[4]!.findings).toEqual([]);
  });

  it("ignores empty spans and spans past the end (a subject's finding on an e-mail body)", () => {
    const pieces = piecesOf("Hi", [
      makeFinding({ start: 1, end: 1 }),
      makeFinding({ start: 5, end: 9 }),
    ]);
    expect(pieces).toEqual([{ text: "Hi", start: 0, findings: [] }]);
  });
});

describe("insertDisclosure", () => {
  it("goes after the sentence of the trigger, or at the end of its line", () => {
    expect(
      insertDisclosure("Just $199/mo. Come in!", { end: 12 }, "24 payments, 3.9% APR."),
    ).toEqual({
      text: "Just $199/mo. 24 payments, 3.9% APR. Come in!",
      caret: 36,
    });
    expect(insertDisclosure("Just $199/mo\n#deals", { end: 12 }, "3.9% APR.").text).toBe(
      "Just $199/mo 3.9% APR.\n#deals",
    );
    expect(insertDisclosure("Just $199/mo", { end: 12 }, " 3.9% APR. ").text).toBe(
      "Just $199/mo 3.9% APR.",
    );
  });
});

describe("offerOf", () => {
  it("sends only the fields typed for the kind of offer, as numbers", () => {
    expect(offerOf(DEFAULT_SETTINGS)).toBeNull();
    const offer = offerOf({
      ...DEFAULT_SETTINGS,
      offerKind: "finance",
      offer: {
        ...DEFAULT_SETTINGS.offer,
        monthlyPayment: "$1,299",
        apr: "4.9%",
        termMonths: " 60 ",
        dueAtSigning: "999",
        expires: "12/31/2026",
      },
    });
    expect(offer).toEqual({
      kind: "finance",
      monthlyPayment: 1299,
      apr: 4.9,
      termMonths: 60,
      expires: "12/31/2026",
    });
  });
});
