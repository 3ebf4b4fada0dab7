import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { expectDashboard, mainNav, signIn, signOut } from "./support/app";
import { pngHeader } from "./support/zip";

test("a salesperson writes an Instagram post and fixes a Reg Z finding; a manager publishes it and downloads the card", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await mainNav(page).getByRole("link", { name: "Content", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Content" })).toBeVisible();

  // A car from the demo inventory, an Instagram post, and a finance offer whose terms the
  // disclosure is built from.
  await page.getByLabel("Search the inventory").fill("RAV4");
  const rav4 = page.getByRole("list", { name: "Inventory" }).getByLabel("2024 Toyota RAV4 XLE");
  await rav4.check({ force: true });
  await expect(page.getByRole("list", { name: "Chosen vehicles" })).toContainText("RAV4");
  await expect(page.getByRole("radio", { name: /Instagram/ })).toBeChecked();
  await page.getByLabel("Audience").selectOption("commuters");
  await page
    .locator("label")
    .filter({ hasText: /^Finance$/ })
    .click();
  await page.getByLabel("Monthly payment ($)").fill("329");
  await page.getByLabel("Term (months)").fill("60");
  await page.getByLabel("Down payment ($)").fill("2000");
  await page.getByLabel("APR (%)").fill("4.9");
  await page.getByRole("button", { name: "Generate 3 variants" }).click();

  // Three variants side by side, in seconds; the second one goes into the editor.
  const workspace = page.getByTestId("content-workspace");
  await expect(workspace).toHaveAttribute("data-status", "draft");
  const variants = page.getByTestId("variant");
  await expect(variants).toHaveCount(3);
  await variants.nth(1).getByRole("button", { name: "Use variant 2" }).click();
  await expect(variants.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("social-preview")).toHaveAttribute("data-channel", "instagram");

  // A payment amount alone is a credit trigger: the linter underlines it as you type.
  const editor = page.getByRole("textbox", { name: "Text" });
  await editor.fill("Drive the 2024 Toyota RAV4 XLE home ");
  await editor.pressSequentially("for $329 a month! Stop by Demo Motors today.");
  const regZ = page.getByTestId("finding").and(page.locator('[data-category="reg-z"]'));
  await expect(regZ).toHaveCount(1);
  await expect(page.getByTestId("lint-mirror").locator('mark[data-severity="error"]')).toHaveText(
    "$329 a month",
  );
  await expect(page.getByTestId("social-preview")).toContainText("home for $329 a month!");

  // One click inserts the disclosure built from the offer; the finding goes.
  await regZ.getByRole("button", { name: "Insert disclosure" }).click();
  await expect(editor).toHaveValue(
    /^Drive the 2024 Toyota RAV4 XLE home for \$329 a month! .*APR.* Stop by/,
  );
  await expect(page.getByTestId("lint-clean")).toBeVisible();
  await expect(regZ).toHaveCount(0);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(workspace).toHaveAttribute("data-status", "review");
  await expect(page.getByTestId("content-status")).toHaveText("In review");
  const itemUrl = page.url();
  const title = (await workspace.getByRole("heading", { level: 2 }).first().textContent()) ?? "";
  expect(title).not.toBe("");

  // The manager sees it in the review queue and publishes it.
  await signOut(page);
  await signIn(page, "manager@demo.example");
  await expectDashboard(page, "Morgan");
  await page.getByRole("link", { name: "Review now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();
  const row = page.getByTestId("content-row").filter({ hasText: title });
  await row.getByRole("button", { name: "Review" }).click();
  await expect(row.getByTestId("social-preview")).toContainText("home for $329 a month!");
  await row.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Nothing to review")).toBeVisible();

  // Published: the card downloads as a PNG, with the text ready to copy.
  await page.goto(itemUrl);
  await expect(page.getByTestId("content-status")).toHaveText("Published");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download PNG card" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);
  const header = pngHeader(await readFile(await download.path()));
  expect(header, "the card is a PNG").not.toBeNull();
  expect(header!.width).toBeGreaterThanOrEqual(1000);
});
