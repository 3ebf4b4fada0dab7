import { expect } from "@playwright/test";

import { expectDashboard, mainNav, signIn } from "./support/app";
import { withFakeMicrophone } from "./support/microphone";

// A salesperson's side of the price objection, one sentence a turn. The customer speaks first
// (about 9 s, while the server does not listen), so the first sentence waits for it. After each
// sentence the microphone is silent long enough for the server to hear the end of the turn
// (0.7 s) and for the customer's reply to be spoken before the next sentence starts.
const test = withFakeMicrophone({
  sentences: [
    "I understand, Mark. Nobody wants to pay more than they have to.",
    "Which dealer is it, and is that listing the same XLT with the 302A package?",
    "Apart from the price, is there anything else holding you back from this truck?",
    "Let's compare the two line by line, apples to apples, out the door with every fee.",
    "If the numbers work for you, shall we get the paperwork started today?",
  ],
  wordsPerMinute: 160,
  silenceS: 13,
  leadS: 12,
});

test("a salesperson role-plays a price objection for three turns and reads the conversation", async ({
  page,
}) => {
  // The opening line, three turns of about 17 s each, then a Whisper pass for the report.
  test.setTimeout(360_000);

  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await mainNav(page).getByRole("link", { name: "Training", exact: true }).click();
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");

  const picker = page.getByRole("region", { name: "Practise" });
  await picker
    .locator("label")
    .filter({ hasText: /^Objection$/ })
    .click();
  await picker.getByRole("radio", { name: /^Price:/ }).check();
  await picker.getByRole("radio", { name: /^Role-play/ }).check();
  await picker.getByRole("button", { name: "Start session" }).click();

  await expect(page).toHaveURL(/\/training\/\?session=/);
  const recorder = page.getByRole("region", { name: "Recorder" });
  await expect(recorder.getByTestId("recorder-status")).toHaveAttribute("data-phase", "recording");

  // The customer opens, aloud: the microphone is shown paused meanwhile.
  const conversation = page.getByRole("region", { name: "Conversation" });
  const replies = conversation.locator('[data-testid="turn"][data-speaker="customer"]');
  await expect(replies.first()).toContainText("more than I want to spend");
  await expect(conversation.getByTestId("turn-status")).toHaveAttribute("data-turn", "customer");
  await expect(recorder.getByTestId("recorder-status")).toHaveAttribute(
    "data-microphone",
    "paused",
  );

  // Each pause of the salesperson ends a turn: the customer answers, in words and aloud.
  for (let count = 1; count <= 3; count++) {
    await expect(replies.nth(count)).toBeVisible({ timeout: 45_000 });
    await expect(replies.nth(count)).toContainText(/\w+/);
  }
  // The salesperson's words, from the live transcript, come between the customer's lines.
  const mine = conversation.locator('[data-testid="turn"][data-speaker="salesperson"]');
  await expect(mine.first()).toContainText(/understand|nobody|pay/i);
  await expect(mine.nth(2)).toContainText(/\w+/);
  await expect(conversation.getByTestId("customer-says")).toContainText("The customer says:");

  await recorder.getByRole("button", { name: "Stop and analyse" }).click();
  await expect(page).toHaveURL(/\/training\/report\/\?id=/, { timeout: 30_000 });

  // The report: the conversation as turns of both speakers, and what its measures mean.
  const report = page.getByRole("region", { name: "Conversation" });
  await expect(report).toBeVisible({ timeout: 180_000 });
  const said = (speaker: string) =>
    report.locator(`[data-testid="turn"][data-speaker="${speaker}"]`);
  await expect(said("customer").nth(3)).toBeVisible();
  await expect(said("salesperson").nth(2)).toBeVisible();
  await expect(report.locator('[data-testid="turn"][data-objection="true"]').first()).toBeVisible();
  const measures = report.getByTestId("conversation-measures");
  await expect(measures).toContainText("Talk ratio");
  await expect(measures).toContainText(/You did \d+ % of the talking/);
});
