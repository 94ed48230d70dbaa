import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The flags keep it quiet on
// a machine without internet and let it run as root in CI.
const chromium = process.env.SVAR_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./support/global-setup.ts",
  // The debug wasm client (about 14 MB) takes seconds to compile in the
  // browser. Two workers on two cores (each with its own Svar and Chromium)
  // pushed that past the hydration wait in two full runs on 2026-12-04
  // (load average 6.6; every failing test passed alone), so one worker:
  // a steady machine, not a longer wait.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // No retries: a stalled page or a flaky step is a defect to find, not to
  // hide (scripts/soak.py hunts for stalls).
  retries: 0,
  workers: 1,
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
