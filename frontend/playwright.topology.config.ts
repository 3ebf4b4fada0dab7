import { defineConfig } from "@playwright/test";

import base from "./playwright.config";

// The browser smoke test of the production topology: scripts/topology_smoke.py starts nginx
// (deploy/nginx.conf, TLS with a throw-away self-signed certificate) in front of two API
// processes and a worker, then runs the photo spec through it at TOPOLOGY_URL. Nothing is
// started from here.
const url = process.env.TOPOLOGY_URL;
if (!url) {
  throw new Error("TOPOLOGY_URL is not set: run scripts/topology_smoke.py (make topology)");
}

export default defineConfig({
  ...base,
  testDir: "./e2e",
  testMatch: "images.spec.ts",
  outputDir: "test-results/topology",
  reporter: "list",
  webServer: undefined,
  use: { ...base.use, baseURL: url, ignoreHTTPSErrors: true },
});
