import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Import boundaries. Each folder of src/features is one feature; other code (another feature, a
// route in src/app) reaches it only through its public src/features/<name>/index.ts, never its
// components, hooks or api module directly. Shared layers (src/ui, src/lib, src/app-shell) sit
// below every feature and import none. Inside a feature, files import each other relatively.
const FEATURES = readdirSync(new URL("./src/features", import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
// Zones resolve against this folder, whatever the working directory; the rule matches `except`
// globs against absolute paths.
const ROOT = fileURLToPath(new URL(".", import.meta.url));
const PUBLIC_ONLY = "Import another feature only through its index.ts: @/features/<name>.";
const boundaries = {
  // The alias form: `@/features/jobs/hooks/useJobEvents` is a deep import wherever it appears.
  "no-restricted-imports": [
    "error",
    { patterns: [{ group: ["@/features/*/*"], message: PUBLIC_ONLY }] },
  ],
  // Resolved paths, so relative imports (`../../jobs/hooks/useJobEvents`) are caught too.
  "import/no-restricted-paths": [
    "error",
    {
      basePath: ROOT,
      zones: [
        ...FEATURES.map((feature) => ({
          target: `./src/features/${feature}/**`,
          from: FEATURES.filter((other) => other !== feature).map(
            (other) => `./src/features/${other}/**`,
          ),
          except: [`${ROOT}src/features/*/index.ts`],
          message: PUBLIC_ONLY,
        })),
        {
          target: ["./src/ui/**", "./src/lib/**", "./src/app-shell/**"],
          from: ["./src/features/**"],
          message: "Shared layers (ui, lib, app-shell) must not depend on a feature.",
        },
      ],
    },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "out/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    "src/lib/api/schema.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
      eqeqeq: ["error", "smart"],
    },
  },
  { files: ["src/**/*.{ts,tsx}"], rules: boundaries },
  {
    files: ["scripts/**", "e2e/**", "playwright.config.ts"],
    rules: { "no-console": "off" },
  },
]);
