import type { Config } from "tailwindcss";

// Loaded from src/app/globals.css with `@config` (Tailwind v4 reads this JS config for
// compatibility). Design tokens live here so that components use names, not raw colours.
const config: Config = {
  darkMode: "class",
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: {
        sans: [
          "ui-sans-serif",
          "system-ui",
          "-apple-system",
          "Segoe UI",
          "Roboto",
          "Helvetica Neue",
          "Arial",
          "sans-serif",
        ],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
      colors: {
        brand: {
          50: "#eef4ff",
          100: "#dbe7ff",
          200: "#bfd3ff",
          300: "#93b4fd",
          400: "#608bfa",
          500: "#3b66f5",
          600: "#2548ea",
          700: "#1d37d7",
          800: "#1e2fae",
          900: "#1e2e89",
          950: "#171e53",
        },
      },
    },
  },
};

export default config;
