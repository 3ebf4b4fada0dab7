#!/usr/bin/env node
// `npm run e2e`: runs Playwright against the system Chromium (browsers are never downloaded).
// Without Chromium the run is skipped locally but fails in CI, where it must not pass silently.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!existsSync(chromium)) {
  if (process.env.CI) {
    console.error(
      `e2e: no Chromium at ${chromium} (set CHROMIUM_PATH); failing because CI is set.`,
    );
    process.exit(1);
  }
  console.log(
    `e2e skipped: no Chromium at ${chromium} (set CHROMIUM_PATH to run the end-to-end tests).`,
  );
  process.exit(0);
}

if (!existsSync(join(root, "out", "index.html"))) {
  console.error("e2e: frontend/out is missing; run `npm run build` first (the Makefile does).");
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [join(root, "node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } },
);
process.exit(result.status ?? 1);
