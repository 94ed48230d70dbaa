import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The flags keep it quiet on
// a machine without internet and let it run as root in CI.
const chromium = process.env.SVAR_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./support/global-setup.ts",
  // `make test` runs every spec against the release build (the optimised
  // client hydrates in well under a second), so Playwright's own waits
  // (5 s for a condition, 30 s for a test) hold; the few tests that walk
  // many pages set a longer test timeout of their own. One worker: two
  // workers on two cores (each with its own Svar and Chromium) ran the
  // machine at a load average of 6.6 and a timeout in a page wait is then
  // the machine, not Svar.
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
