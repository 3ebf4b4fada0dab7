import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect, test as base, type LaunchOptions } from "@playwright/test";

import { expectDashboard, mainNav, signIn } from "./support/app";

// A car pitch read fast (espeak-ng at 230 words per minute, about 22 s): fast enough that the
// live coach says "Slow down". Chromium plays it, looped, as the microphone.
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
const WORDS_PER_MINUTE = 230;
const OUTPUT_RATE = 48_000;

/** The data of a mono 16-bit PCM WAV file (espeak-ng writes 22050 Hz). */
function readWav(bytes: Buffer): { rate: number; samples: Int16Array } {
  let offset = 12;
  let rate = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString("ascii", offset, offset + 4);
    let size = bytes.readUInt32LE(offset + 4);
    if (id === "fmt ") rate = bytes.readUInt32LE(offset + 12);
    if (id === "data") {
      // A streamed WAV may leave the size unset: the data then runs to the end.
      size = Math.min(size, bytes.length - offset - 8);
      const data = bytes.subarray(offset + 8, offset + 8 + size - (size % 2));
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { rate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error("espeak-ng wrote no audio data");
}

function writeWav(samples: Int16Array, rate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(samples.length * 2, 40);
  const body = Buffer.alloc(samples.length * 2);
  samples.forEach((value, i) => body.writeInt16LE(value, i * 2));
  return Buffer.concat([header, body]);
}

/**
 * Synthesises the pitch and writes it as a 48 kHz mono WAV (a rate every Chromium build reads),
 * with a short silence at each end so that the loop has a pause between readings.
 */
function speechWav(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const raw = join(folder, "pitch-espeak.wav");
  execFileSync("espeak-ng", ["-v", "en-us", "-s", String(WORDS_PER_MINUTE), "-w", raw, PITCH]);
  const { rate, samples } = readWav(readFileSync(raw));
  const pad = Math.round(0.4 * OUTPUT_RATE);
  const length = Math.floor((samples.length * OUTPUT_RATE) / rate);
  const out = new Int16Array(length + 2 * pad);
  for (let i = 0; i < length; i++) {
    // Linear interpolation: upsampling adds nothing above the source's band.
    const t = (i * rate) / OUTPUT_RATE;
    const j = Math.floor(t);
    const a = samples[j] ?? 0;
    const b = samples[j + 1] ?? a;
    out[pad + i] = Math.round(a + (t - j) * (b - a));
  }
  const path = join(folder, "pitch-48k.wav");
  writeFileSync(path, writeWav(out, OUTPUT_RATE));
  return path;
}

// The fake microphone applies to this file's browser only: the flags are added to whatever the
// configuration launches Chromium with.
const test = base.extend<object, { launchOptions: LaunchOptions }>({
  launchOptions: [
    async ({ launchOptions }, use, workerInfo) => {
      const wav = speechWav(join(workerInfo.project.outputDir, "fake-microphone"));
      await use({
        ...launchOptions,
        args: [
          ...(launchOptions.args ?? []),
          "--use-fake-ui-for-media-stream",
          "--use-fake-device-for-media-stream",
          `--use-file-for-fake-audio-capture=${wav}`,
          "--autoplay-policy=no-user-gesture-required",
        ],
      });
    },
    { scope: "worker" },
  ],
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
