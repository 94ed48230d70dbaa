import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The flags keep it quiet on
// a machine without internet and let it run as root in CI.
const chromium = process.env.SVAR_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./support/global-setup.ts",
  // The debug wasm client (about 13 MB) takes seconds to compile in the
  // browser, more with two workers on two cores: hydration waits need room.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // No retries: a stalled page or a flaky step is a defect to find, not to
  // hide (scripts/soak.py hunts for stalls).
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: process.env.SVAR_BASE_URL,
    // Svar's first users are Danish; tests that need English ask for it.
    locale: "da-DK",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
