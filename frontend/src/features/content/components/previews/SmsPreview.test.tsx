import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { measureSms } from "../../sms";
import { SmsPreview } from "./SmsPreview";

describe("measureSms", () => {
  it("counts GSM-7 septets: 160 fit one message, 161 make two parts of 153", () => {
    expect(measureSms("a".repeat(160))).toMatchObject({
      encoding: "GSM-7",
      units: 160,
      segments: 1,
    });
    expect(measureSms("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(measureSms("a".repeat(306)).segments).toBe(2);
    expect(measureSms("a".repeat(307)).segments).toBe(3);
    expect(measureSms("").segments).toBe(0);
  });

  it("counts extension characters (€, [, ]) as two septets", () => {
    const text = `${"a".repeat(158)}€`;
    expect(measureSms(text)).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(measureSms(`${text}]`)).toMatchObject({ units: 162, segments: 2 });
  });

  it("switches the whole message to UCS-2 for one emoji or curly quote", () => {
    const emoji = measureSms(`${"a".repeat(60)} 🚗`);
    // The car is two UTF-16 units: 60 + space + 2.
    expect(emoji).toMatchObject({ encoding: "UCS-2", units: 63, segments: 1, offenders: ["🚗"] });
    expect(measureSms(`It’s ${"a".repeat(70)}`)).toMatchObject({ encoding: "UCS-2", segments: 2 });
  });
});

describe("SmsPreview", () => {
  it("shows the bubble, the segment count and the encoding", () => {
    const text = `New arrival: 2021 Toyota RAV4 XLE, $27,995. ${"See it today. ".repeat(10)}Reply STOP to opt out.`;
    render(<SmsPreview text={text} sender="Sunrise Motors" />);
    expect(screen.getByTestId("sms-preview")).toHaveTextContent("New arrival: 2021 Toyota RAV4");
    expect(screen.getByTestId("sms-segments")).toHaveTextContent("2");
    expect(screen.getByTestId("sms-encoding")).toHaveTextContent("GSM-7");
    expect(screen.getByText(/Sent as 2 messages/)).toBeInTheDocument();
  });

  it("names the characters that force UCS-2", () => {
    render(<SmsPreview text="Hot deal 🔥 today" />);
    expect(screen.getByTestId("sms-encoding")).toHaveTextContent("UCS-2");
    expect(screen.getByTestId("sms-segments")).toHaveTextContent("1");
    expect(screen.getByTestId("sms-offenders")).toHaveTextContent(
      "“🔥” is not in the GSM-7 alphabet",
    );
  });
});
