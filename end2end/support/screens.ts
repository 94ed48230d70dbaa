// One check for every screen a person sees: it fits the window (no page
// wider than a 360 px phone), axe-core finds no WCAG 2.2 AA violation,
// and, with SVAR_SCREENSHOTS=<folder> (`make screenshots`), a picture of it
// is written for review.
import AxeBuilder from "@axe-core/playwright";
import { expect, Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** Checks the page as it is now; `name` names it in messages and files. */
export async function checkScreen(page: Page, name: string) {
  const width = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    widest: [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      // Inside a table's scroll box is fine, unless absolutely placed (then the box does not hold it).
      .filter((e) => !(e.parentElement?.closest(".table-box") && getComputedStyle(e).position !== "absolute") && !e.closest(".skip-link"))
      .slice(-3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${e.className}`),
    // Text can overflow a box that itself fits (a long word).
    text: (() => {
      const out: string[] = [];
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n && out.length < 3; n = walk.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        const right = Math.max(0, ...[...range.getClientRects()].map((r) => r.right));
        if (right > window.innerWidth + 1 && !n.parentElement?.closest(".table-box, .skip-link")) {
          out.push(`${n.parentElement?.tagName.toLowerCase()}: ${(n.textContent ?? "").slice(0, 60)}`);
        }
      }
      return out;
    })(),
  }));
  expect(width.page, `${name} is wider than the window: ${JSON.stringify(width)}`).toBeLessThanOrEqual(width.window);

  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const violations = axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  expect(violations, `${name}: accessibility`).toEqual([]);

  const folder = process.env.SVAR_SCREENSHOTS;
  if (folder) {
    mkdirSync(folder, { recursive: true });
    const size = page.viewportSize();
    const file = `${name.replace(/[^a-z0-9æøå-]+/gi, "-").toLowerCase()}-${size?.width ?? 0}.png`;
    await page.screenshot({ path: join(folder, file), fullPage: true });
  }
}
