// Starts real processes for the tests: the Svar server (fresh SQLite
// database, demo clinics) and, for the journey, a real SMTP server.
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "@playwright/test";

export const root = resolve(__dirname, "..", "..");

/** The demo staff's password in browser tests (see server/src/seed.rs). */
export const DEMO_PASSWORD = "e2e-demo-password";

export interface Running {
  url: string;
  dir: string;
  stop: () => Promise<void>;
}

/** Waits for a line matching `pattern` on the process's output. */
function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolveMatch, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolveMatch(match);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before listening:\n${output}`));
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
    server.on("error", reject);
  });
}

function stopper(child: ChildProcess, dir: string) {
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Starts Svar with a fresh database; `env` adds or overrides settings. */
export async function startSvar(env: Record<string, string> = {}): Promise<Running> {
  // SVAR_BIN may be relative to where Playwright runs (end2end/).
  const binary = process.env.SVAR_BIN ? resolve(process.env.SVAR_BIN) : join(root, "target", "debug", "svar");
  const dir = mkdtempSync(join(tmpdir(), "svar-e2e-"));
  // A known port, so links in mail (the public URL) point back here.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(binary, ["serve"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${join(dir, "svar.db")}`,
      SVAR_LISTEN: `127.0.0.1:${port}`,
      SVAR_PUBLIC_URL: url,
      SVAR_DEMO: "true",
      SVAR_DEMO_PASSWORD: DEMO_PASSWORD,
      SVAR_SITE_ROOT: join(root, "target", "site"),
      SVAR_MAIL_DIR: join(dir, "mail"),
      SVAR_LOG: process.env.SVAR_LOG ?? "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await waitFor(server, /listening on http:\/\/127\.0\.0\.1:\d+/, "svar");
  // Keep draining output so the server never blocks on a full pipe.
  server.stdout?.resume();
  server.stderr?.resume();
  return { url, dir, stop: stopper(server, dir) };
}

/** Starts an SMTP server (aiosmtpd) that writes each mail into `dir`. */
export async function startSmtpSink(): Promise<Running> {
  const python = process.env.SVAR_E2E_PYTHON ?? join(root, "target", "e2e-venv", "bin", "python");
  const dir = mkdtempSync(join(tmpdir(), "svar-smtp-"));
  const sink = spawn(python, [join(__dirname, "smtp_sink.py"), dir], { stdio: ["ignore", "pipe", "pipe"] });
  const match = await waitFor(sink, /smtp listening on (\d+)/, "the SMTP server");
  sink.stdout?.resume();
  sink.stderr?.resume();
  return { url: `smtp://127.0.0.1:${match[1]}`, dir, stop: stopper(sink, dir) };
}

/**
 * A Svar of the spec's own with a real SMTP server, started before the
 * spec's tests and stopped after them: a fresh database, the scheduler
 * every second, mail through SMTP. `env` adds settings (a test clock, for a
 * spec that moves time). Read `svar` and `smtp` inside the tests.
 */
export function ownSvar(env: Record<string, string> = {}): { readonly svar: Running; readonly smtp: Running } {
  let smtp: Running | undefined;
  let svar: Running | undefined;
  test.beforeAll(async () => {
    smtp = await startSmtpSink();
    svar = await startSvar({
      SVAR_SMTP_URL: smtp.url,
      SVAR_MAIL_FROM: "Svar <svar@demo-ent.example>",
      SVAR_SCHEDULER_INTERVAL_SECS: "1",
      ...env,
    });
  });
  test.afterAll(async () => {
    await svar?.stop();
    await smtp?.stop();
  });
  const started = (r: Running | undefined, what: string) => {
    if (!r) throw new Error(`${what} is not started: read it inside a test`);
    return r;
  };
  return {
    get svar() {
      return started(svar, "Svar");
    },
    get smtp() {
      return started(smtp, "the SMTP server");
    },
  };
}
