// Starts the real Svar server once for the run: a free port (port 0), a
// fresh SQLite database in a temporary folder, the demo clinic seeded.
// The server's address reaches the tests through SVAR_BASE_URL.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");

/** The demo staff's password in browser tests (see server/src/seed.rs). */
export const DEMO_PASSWORD = "e2e-demo-password";

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.SVAR_BASE_URL) {
    return async () => {}; // a server the caller started
  }
  const binary = process.env.SVAR_BIN ?? join(root, "target", "debug", "svar");
  const dataDir = mkdtempSync(join(tmpdir(), "svar-e2e-"));
  const server = spawn(binary, ["serve"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${join(dataDir, "svar.db")}`,
      SVAR_LISTEN: "127.0.0.1:0",
      SVAR_DEMO: "true",
      SVAR_DEMO_PASSWORD: DEMO_PASSWORD,
      SVAR_SITE_ROOT: join(root, "target", "site"),
      SVAR_LOG: process.env.SVAR_LOG ?? "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`svar did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`svar exited with ${code} before listening:\n${output}`));
    });
  });
  process.env.SVAR_BASE_URL = baseUrl;
  // Keep draining output so the server never blocks on a full pipe.
  server.stdout.resume();
  server.stderr.resume();

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
