import { readFile } from "node:fs/promises";

import { expect, test, type Page } from "@playwright/test";
import axe from "axe-core";

import { expectDashboard, mainNav, signIn } from "./support/app";
import { pngHeader, readZip } from "./support/zip";

/**
 * Three small photos of a red car on a grey street, drawn on a canvas in the browser: JPEG bytes
 * as base64, each a little different (position, size, shade).
 */
async function drawCarPhotos(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const photos: string[] = [];
    const variants = [
      { x: 70, scale: 1, body: "#c81e1e" },
      { x: 100, scale: 0.9, body: "#b91c1c" },
      { x: 55, scale: 1.05, body: "#dc2626" },
    ];
    for (const { x, scale, body } of variants) {
      const canvas = document.createElement("canvas");
      canvas.width = 480;
      canvas.height = 360;
      const ctx = canvas.getContext("2d")!;
      // Sky, a wall, and the street.
      const sky = ctx.createLinearGradient(0, 0, 0, 200);
      sky.addColorStop(0, "#b9c6d3");
      sky.addColorStop(1, "#dfe4e8");
      ctx.fillStyle = sky;
      ctx.fillRect(0, 0, 480, 200);
      ctx.fillStyle = "#8d8f91";
      ctx.fillRect(0, 110, 480, 90);
      const street = ctx.createLinearGradient(0, 200, 0, 360);
      street.addColorStop(0, "#6b6e70");
      street.addColorStop(1, "#4a4c4e");
      ctx.fillStyle = street;
      ctx.fillRect(0, 200, 480, 160);
      ctx.fillStyle = "#e8e8e0";
      for (let lane = 0; lane < 480; lane += 80) ctx.fillRect(lane, 318, 44, 6);

      ctx.save();
      ctx.translate(x, 150);
      ctx.scale(scale, scale);
      // Shadow, body, cabin, windows, lights.
      ctx.fillStyle = "rgba(0,0,0,0.35)";
      ctx.beginPath();
      ctx.ellipse(170, 118, 170, 14, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = body;
      ctx.beginPath();
      ctx.roundRect(0, 50, 340, 62, 18);
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(70, 52);
      ctx.lineTo(115, 8);
      ctx.lineTo(235, 8);
      ctx.lineTo(285, 52);
      ctx.closePath();
      ctx.fill();
      ctx.fillStyle = "#253445";
      ctx.beginPath();
      ctx.moveTo(92, 50);
      ctx.lineTo(122, 18);
      ctx.lineTo(170, 18);
      ctx.lineTo(170, 50);
      ctx.closePath();
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(180, 50);
      ctx.lineTo(180, 18);
      ctx.lineTo(228, 18);
      ctx.lineTo(262, 50);
      ctx.closePath();
      ctx.fill();
      ctx.fillStyle = "#fff7c2";
      ctx.fillRect(322, 62, 16, 10);
      ctx.fillStyle = "#7f1d1d";
      ctx.fillRect(2, 62, 10, 10);
      // Wheels with hubs.
      for (const wheel of [72, 268]) {
        ctx.fillStyle = "#111111";
        ctx.beginPath();
        ctx.arc(wheel, 112, 30, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = "#a3a3a3";
        ctx.beginPath();
        ctx.arc(wheel, 112, 13, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.restore();
      photos.push(canvas.toDataURL("image/jpeg", 0.92).split(",")[1]!);
    }
    return photos;
  });
}

test("a salesperson uploads three photos, watches the job finish live and downloads PNG cut-outs", async ({
  page,
}) => {
  // Real segmentation of three photos on a small machine takes a while.
  test.setTimeout(180_000);
  const vehicleRef = `E2E${Date.now().toString(36).toUpperCase()}`;

  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await mainNav(page).getByRole("link", { name: "Images", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Images" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");

  const photos = await drawCarPhotos(page);
  await page.getByLabel("Choose photos").setInputFiles(
    photos.map((base64, index) => ({
      name: `car-${index + 1}.jpg`,
      mimeType: "image/jpeg",
      buffer: Buffer.from(base64, "base64"),
    })),
  );
  const chosen = page.getByRole("list", { name: "Chosen photos" });
  await expect(chosen.getByRole("listitem")).toHaveCount(3);

  const form = page.getByRole("form", { name: "New job" });
  await form
    .locator("label")
    .filter({ hasText: /^Transparent$/ })
    .click();
  await expect(form.getByRole("radio", { name: "Transparent" })).toBeChecked();
  await form.getByLabel("Format").selectOption("png");
  await form.getByLabel("Quality").selectOption("low");
  await form.getByLabel("Size").selectOption("original");
  await form.getByLabel("VIN or stock number").fill(vehicleRef);

  // A marker that a page reload would wipe: progress must arrive without one.
  await page.evaluate(() => {
    (window as unknown as { e2eMarker: string }).e2eMarker = "still here";
  });
  await form.getByRole("button", { name: "Process 3 photos" }).click();
  await expect(form.getByRole("status")).toContainText("3 photos queued");

  const row = page.getByTestId("job-row").filter({ hasText: vehicleRef });
  const bar = row.getByRole("progressbar", { name: `Progress of ${vehicleRef}` });
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const value = Number(await bar.getAttribute("aria-valuenow"));
        seen.add(value);
        return value;
      },
      { timeout: 170_000, intervals: [250] },
    )
    .toBe(100);
  expect(Math.min(...seen), "the bar was seen before it was full").toBeLessThan(100);
  expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe(
    "still here",
  );
  await expect(row.getByTestId("job-summary")).toHaveText("3 photos done");

  // The new job opened by itself: every photo has a before/after slider that the keyboard moves.
  const detail = row.getByTestId("job-detail");
  const sliders = detail.getByRole("slider");
  await expect(sliders).toHaveCount(3);
  await sliders.first().focus();
  await page.keyboard.press("Home");
  await expect(sliders.first()).toHaveAttribute("aria-valuenow", "0");
  await page.keyboard.press("ArrowRight");
  await expect(sliders.first()).toHaveAttribute("aria-valuenow", "5");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    detail.getByRole("link", { name: /Download all results/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${vehicleRef}-.*\\.zip$`));
  const path = await download.path();
  const entries = readZip(await readFile(path));
  expect(entries.map((entry) => entry.name).sort()).toEqual([
    "car-1.png",
    "car-2.png",
    "car-3.png",
  ]);
  for (const entry of entries) {
    expect(entry.method, `${entry.name} is stored`).toBe(0);
    const header = pngHeader(entry.data);
    expect(header, `${entry.name} is a PNG`).not.toBeNull();
    expect(header?.colourType, `${entry.name} has an alpha channel (RGBA)`).toBe(6);
    expect(header?.width).toBeGreaterThan(0);
  }
});

/** The share of a result image's pixels that are opaque, read in the browser. */
async function opaqueShare(page: Page, url: string): Promise<number> {
  return page.evaluate(async (href) => {
    const bitmap = await createImageBitmap(await (await fetch(href)).blob());
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let opaque = 0;
    for (let index = 3; index < data.length; index += 4) if (data[index]! > 128) opaque += 1;
    return opaque / (bitmap.width * bitmap.height);
  }, url);
}

test("a salesperson rubs out part of a cut-out, paints some back, the photo is made again, and the touch-ups can be undone", async ({
  page,
}) => {
  // One real segmentation, then the same photo cut out again three times.
  test.setTimeout(240_000);
  const vehicleRef = `E2ETU${Date.now().toString(36).toUpperCase()}`;

  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await mainNav(page).getByRole("link", { name: "Images", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Images" })).toBeVisible();

  const [photo] = await drawCarPhotos(page);
  await page.getByLabel("Choose photos").setInputFiles({
    name: "car-touch.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from(photo!, "base64"),
  });
  const form = page.getByRole("form", { name: "New job" });
  await form
    .locator("label")
    .filter({ hasText: /^Transparent$/ })
    .click();
  await form.getByLabel("Format").selectOption("png");
  await form.getByLabel("Quality").selectOption("low");
  await form.getByLabel("Size").selectOption("original");
  await form.getByLabel("VIN or stock number").fill(vehicleRef);
  await form.getByRole("button", { name: "Process 1 photo" }).click();

  const row = page.getByTestId("job-row").filter({ hasText: vehicleRef });
  const detail = row.getByTestId("job-detail");
  const item = detail.getByTestId("job-item");
  const touchUp = item.getByRole("button", { name: "Touch up car-touch.jpg" });
  await expect(touchUp).toBeVisible({ timeout: 150_000 });
  await expect(item).toHaveAttribute("data-status", "completed");
  const download = item.getByRole("link", { name: "Download" });
  const beforeUrl = (await download.getAttribute("href"))!;
  const before = await (await page.request.get(beforeUrl)).body();
  const opaqueBefore = await opaqueShare(page, beforeUrl);

  await touchUp.click();
  const dialog = page.getByRole("dialog", { name: "Touch up car-touch.jpg" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Paint over what is not part of the car to erase it");
  const apply = dialog.getByRole("button", { name: "Apply" });
  await expect(apply).toBeDisabled();
  await expect(dialog.getByRole("radio", { name: "Erase" })).toBeFocused();
  await expect(dialog.getByRole("radio", { name: "Erase" })).toBeChecked();
  await page.addScriptTag({ content: axe.source });
  const problems = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run("[role=dialog]", {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    });
    return result.violations.map((violation) => `${violation.id}: ${violation.help}`);
  });
  expect(problems, "the dialog meets WCAG 2.1 AA").toEqual([]);

  // Rub out a band across the middle of the car, where the cut-out is surely opaque.
  const canvas = dialog.getByRole("img", { name: "Painting area over car-touch.jpg" });
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6, { steps: 12 });
  await page.mouse.up();
  await expect(dialog).toContainText("1 stroke to apply.");
  await apply.click();
  await expect(dialog).toBeHidden();
  const remade = page.getByRole("status").filter({ hasText: "made again with your touch-ups" });
  await expect(remade).toBeVisible();

  // The job runs again, then the photo is offered both touch-up actions once more.
  const undo = item.getByRole("button", { name: "Undo touch-ups of car-touch.jpg" });
  await expect(undo).toBeVisible({ timeout: 150_000 });
  await expect(touchUp).toBeVisible();
  await expect(item).toHaveAttribute("data-status", "completed");
  await expect(row.getByTestId("job-summary")).toHaveText("1 photo done");
  const afterUrl = (await download.getAttribute("href"))!;
  const after = await (await page.request.get(afterUrl)).body();
  expect(pngHeader(after)?.colourType, "still a PNG with an alpha channel").toBe(6);
  expect(after.equals(before), "the result changed").toBe(false);
  const opaqueAfter = await opaqueShare(page, afterUrl);
  expect(opaqueAfter, "the band rubbed out is transparent").toBeLessThan(opaqueBefore);

  // Paint the middle of the band back with the Restore brush, the original photo showing.
  await touchUp.click();
  await expect(dialog).toBeVisible();
  await dialog.getByText("Restore", { exact: true }).click();
  await expect(dialog.getByRole("radio", { name: "Restore" })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: "Show the original photo" })).toBeChecked();
  await expect(dialog.getByAltText("car-touch.jpg, original")).toBeVisible();
  const area = (await canvas.boundingBox())!;
  await page.mouse.move(area.x + area.width * 0.4, area.y + area.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(area.x + area.width * 0.6, area.y + area.height * 0.6, { steps: 8 });
  await page.mouse.up();
  await expect(dialog).toContainText("1 stroke to apply.");
  await apply.click();
  await expect(dialog).toBeHidden();
  await expect(touchUp).toBeHidden();
  await expect(touchUp).toBeVisible({ timeout: 150_000 });
  await expect(item).toHaveAttribute("data-status", "completed");
  const restoredUrl = (await download.getAttribute("href"))!;
  expect(await opaqueShare(page, restoredUrl), "the car painted back is opaque").toBeGreaterThan(
    opaqueAfter,
  );

  // Undoing goes back to the automatic cut-out.
  await undo.click();
  await item.getByRole("button", { name: "Remove all touch-ups" }).click();
  await expect(page.getByRole("status").filter({ hasText: "touch-ups are removed" })).toBeVisible();
  await expect(touchUp).toBeVisible({ timeout: 150_000 });
  await expect(undo).toBeHidden();
  await expect(item).toHaveAttribute("data-status", "completed");
});
