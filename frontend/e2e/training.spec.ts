import { expect } from "@playwright/test";

import { expectDashboard, mainNav, signIn } from "./support/app";
import { withFakeMicrophone } from "./support/microphone";

// A car pitch read fast (espeak-ng at 230 words per minute, about 22 s): fast enough that the
// live coach says "Slow down". Chromium plays it, looped, as the microphone, with a short
// silence at each end so that the loop has a pause between readings.
const PITCH = [
  "Thanks for coming in today. This is the new Corolla hybrid, and it is one of our most popular",
  "cars this year. You know, it gets over fifty miles per gallon in the city, so you save money",
  "every single week on fuel. The safety package is standard, with lane keeping, adaptive cruise",
  "control and automatic emergency braking. Inside you get a large touch screen with wireless",
  "phone connection, heated seats and plenty of room for the whole family. The warranty covers",
  "the hybrid battery for ten years, so you never have to worry about it. You know, most of our",
  "customers tell us it is the easiest car they have ever owned. We have it in silver, blue and",
  "red, and I can get you the keys for a test drive right now.",
].join(" ");

const test = withFakeMicrophone({
  sentences: [PITCH],
  wordsPerMinute: 230,
  silenceS: 0.4,
  leadS: 0.4,
});

test("a salesperson practises a pitch, gets live feedback, stops and reads the report", async ({
  page,
}) => {
  // Live feedback needs about 10 s of talk; the report a Whisper pass over the recording.
  test.setTimeout(300_000);

  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await mainNav(page).getByRole("link", { name: "Training", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Training" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");

  const picker = page.getByRole("region", { name: "Practise" });
  await picker
    .locator("label")
    .filter({ hasText: /^Pitch$/ })
    .click();
  await expect(picker.getByRole("radio", { name: "Pitch", exact: true })).toBeChecked();
  await picker.getByRole("radio", { name: /Free practice/ }).check();
  await picker.getByRole("button", { name: "Start session" }).click();

  await expect(page).toHaveURL(/\/training\/\?session=/);
  const recorder = page.getByRole("region", { name: "Recorder" });
  await expect(recorder.getByTestId("recorder-status")).toHaveAttribute("data-phase", "recording");

  // The fake microphone's speech moves the level meter, then the server's live measures.
  const level = recorder.getByRole("meter", { name: "Microphone level" });
  await expect
    .poll(async () => Number(await level.getAttribute("aria-valuenow")), { timeout: 15_000 })
    .toBeGreaterThan(-50);
  const pace = recorder.getByTestId("pace-gauge");
  await expect
    .poll(async () => Number(await pace.getAttribute("aria-valuenow")), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await expect(recorder.getByTestId("talk-time")).not.toContainText("0:00", { timeout: 30_000 });
  await expect(page.getByTestId("transcript").first()).toContainText(/\w+/, { timeout: 30_000 });

  // Speaking at about 220 words per minute: the coach asks to slow down.
  const coaching = page.getByRole("region", { name: "Coaching" });
  await expect(coaching.getByTestId("feedback-item").filter({ hasText: "Slow down" })).toBeVisible({
    timeout: 90_000,
  });

  await recorder.getByRole("button", { name: "Stop and analyse" }).click();
  await expect(page).toHaveURL(/\/training\/report\/\?id=/, { timeout: 30_000 });
  await expect(page.getByTestId("analysis-progress")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Analysis progress" })).toBeVisible();

  // The report: four scores, the transcript, and a measured pace well above the target band.
  const scores = page.getByRole("list", { name: "Scores" });
  await expect(scores).toBeVisible({ timeout: 180_000 });
  for (const name of ["confidence", "clarity", "pace", "volume"]) {
    await expect(page.getByTestId(`score-${name}`)).toContainText(/\d+\s*\/ 100/);
  }
  const transcript = page.getByTestId("transcript");
  await expect(transcript).toContainText(/hybrid|warranty|test drive/i);
  const wpm = page.getByTestId("measures").locator("div").filter({ hasText: "Words per minute" });
  const measured = Number((await wpm.locator("dd").first().textContent()) ?? "0");
  expect(measured, "the pace measured in the report").toBeGreaterThan(175);
  await expect(
    page.getByRole("region", { name: "Feedback" }).getByTestId("feedback-item").first(),
  ).toBeVisible();

  // The history lists it, with its scores.
  await page.getByRole("link", { name: "All sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Training history" })).toBeVisible();
  await expect(page.getByTestId("session-row").first()).toContainText("Free practice: Pitch");
});
