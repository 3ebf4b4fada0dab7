import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Browsers are never downloaded: the system Chromium runs the tests (scripts/e2e.mjs checks it).
const port = Number(process.env.E2E_PORT ?? 8765);
// One mail folder shared by the server's SMTP sink and the tests. Set here in the main process,
// it is inherited by the web server and by the worker (which evaluates this file again).
process.env.E2E_MAIL_DIR ??= mkdtempSync(join(tmpdir(), "carsales-e2e-mail-"));

export default defineConfig({
  testDir: "./e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "bash ../scripts/e2e-server.sh",
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { E2E_PORT: String(port), E2E_MAIL_DIR: process.env.E2E_MAIL_DIR },
    // The server's logs are noise unless something goes wrong: CI and E2E_SERVER_LOGS=1 show them.
    stdout: "ignore",
    stderr: process.env.CI || process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
  },
});
