import { expect, test, type Page } from "@playwright/test";

import { expectDashboard, mainNav, signIn, signOut } from "./support/app";
import { check } from "./support/axe";
import { analysedSession } from "./support/sessions";

// Two sentences with a long pause between them (SSML): two paragraphs in the transcript.
const PITCH = [
  "Thanks for coming in today. This hybrid gets over fifty miles per gallon in the city.",
  '<break time="2500ms"/>',
  "The price is fair for what you get, and the warranty covers the battery for ten years.",
].join(" ");
const COMMENT = "Pause after the price: let it land.";

/** "1:05" for 65.4 seconds, as the report writes times. */
const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;

test("a manager comments on a moment of a salesperson's session; the salesperson sees it in the report", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(300_000);
  const sessionId = await analysedSession(
    request,
    "sales@demo.example",
    PITCH,
    testInfo.outputPath("speech"),
  );
  const report = `/training/report/?id=${sessionId}`;

  // The manager opens the report and plays from a word of the transcript.
  await signIn(page, "manager@demo.example");
  await expectDashboard(page, "Morgan");
  await page.goto(report);
  const transcript = page.getByTestId("transcript");
  await expect(transcript).toContainText(/warranty|battery/i, { timeout: 30_000 });
  const audio = page.getByLabel("Recording of the session");
  await expect(audio).toHaveAttribute("src", /^blob:/);
  const word = transcript
    .locator("[data-start]")
    .filter({ hasText: /warranty/i })
    .first();
  const start = Number(await word.getAttribute("data-start"));
  await word.click();
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime))
    .toBeGreaterThanOrEqual(start - 0.05);
  // Paused exactly at the word: it is highlighted, and the comment goes there.
  await audio.evaluate((element: HTMLAudioElement, at: number) => {
    element.pause();
    element.currentTime = at;
  }, start);
  await expect(word).toHaveAttribute("aria-current", "time");

  const comments = page.getByRole("region", { name: "Comments" });
  await expect(comments).toContainText("No comments yet.");
  await comments.getByLabel("Your comment").fill(COMMENT);
  await comments.getByRole("button", { name: `Comment at ${clock(start)}` }).click();
  const posted = comments.getByTestId("comment");
  await expect(posted).toHaveCount(1);
  await expect(posted).toContainText(COMMENT);
  await expect(posted.getByRole("button", { name: `Play from ${clock(start)}` })).toBeVisible();

  // The demo seed has no sessions: only here do the report and the team's pages, with this
  // session's scores, meet the WCAG 2.1 AA check, in both themes.
  const commented = (view: Page) => expect(view.getByTestId("comment")).toHaveCount(1);
  await check(page, [report], commented);
  await page.goto("/team/");
  const person = await page
    .getByRole("table", { name: "Team members" })
    .getByRole("link", { name: "Sam Seller" })
    .getAttribute("href");
  await check(page, ["/team/", person ?? ""]);
  await signOut(page);

  // The salesperson finds it in their report: in the list, under its place in the transcript,
  // and as a marker on the recording's timeline that plays from that moment.
  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await page.goto(report);
  const note = page.getByTestId("transcript-comment");
  await expect(note).toContainText(`Morgan Manager: ${COMMENT}`);
  await expect(note.locator("xpath=../p")).toContainText(/warranty/i);
  await expect(comments.getByTestId("comment")).toHaveCount(1);
  // The owner may reply, not delete the coach's comment.
  await expect(comments.getByRole("button", { name: /^Reply at / })).toBeVisible();
  await expect(comments.getByRole("button", { name: "Delete", exact: true })).toHaveCount(0);
  const marker = page.getByTestId("timeline-marker");
  await expect(marker).toHaveAttribute("aria-label", `Comment at ${clock(start)}: ${COMMENT}`);
  await marker.click();
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime))
    .toBeGreaterThanOrEqual(start - 0.05);
  await check(page, [report], commented);
});

test("a manager assigns a weekly drill with a pass mark; the salesperson sees it with its status", async ({
  page,
}) => {
  await signIn(page, "manager@demo.example");
  await expectDashboard(page, "Morgan");
  await mainNav(page).getByRole("link", { name: "Assignments" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Assignments" })).toBeVisible();
  const form = page.getByRole("form", { name: "New assignment" });
  await form.getByLabel("Person").selectOption({ label: "Riley Seller" });
  await form.getByLabel("Scenario").selectOption({ index: 1 });
  const scenario =
    (await form.getByLabel("Scenario").locator("option:checked").textContent()) ?? "";
  await form.getByLabel("Pass mark").fill("80");
  await form.getByLabel("Repeat every week").check();
  await form.getByLabel("On", { exact: true }).selectOption("Monday");
  await form.getByLabel("Note").fill("Acknowledge the concern first.");
  await form.getByRole("button", { name: "Assign" }).click();
  const row = page
    .getByTestId("assignment")
    .filter({ hasText: `Riley Seller: ${scenario}` })
    .filter({ hasText: "Acknowledge the concern first." });
  await expect(row).toContainText("every Monday · pass mark 80 overall");
  await expect(row).toHaveAttribute("data-status", "open");
  await signOut(page);

  await signIn(page, "sales2@demo.example");
  await expectDashboard(page, "Riley");
  await mainNav(page).getByRole("link", { name: "Assignments" }).click();
  const mine = page
    .getByTestId("assignment")
    .filter({ hasText: scenario })
    .filter({ hasText: "Acknowledge the concern first." });
  await expect(mine).toContainText("Acknowledge the concern first.");
  await expect(mine).toContainText("No attempts yet.");
  await expect(mine.getByText("Open", { exact: true })).toBeVisible();
  await expect(page.getByRole("form", { name: "New assignment" })).toHaveCount(0);
});
