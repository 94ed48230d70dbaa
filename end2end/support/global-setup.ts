// Starts the real Svar server once for the run (see svar.ts); its address
// reaches the tests through SVAR_BASE_URL. The journey spec starts its own
// server, with a test clock and a real SMTP server.
import { startSvar } from "./svar";

export { DEMO_PASSWORD } from "./svar";

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.SVAR_BASE_URL) {
    return async () => {}; // a server the caller started
  }
  const svar = await startSvar();
  process.env.SVAR_BASE_URL = svar.url;
  return svar.stop;
}
