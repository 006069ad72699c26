import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageReport {
  /** What a payload sets when it runs (undefined when none ran). */
  pwned: unknown;
  dialogs: string[];
  errors: string[];
  /** Requests other than file: URLs (a payload fetching something). */
  requests: string[];
  scripts: number;
  handlers: string[];
  jsLinks: number;
  text: string;
}

export interface Headless {
  /** Opens a local file, moves the mouse over it and reports what ran. */
  open(file: string): Promise<PageReport>;
  close(): Promise<void>;
}

/** Headless Chromium (from CHROMIUM_PATH or /usr/bin/chromium) with a throw-away profile. */
export async function headlessChromium(): Promise<Headless> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is required for the report tests and was not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), "tm-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
    ],
    viewport: { width: 1200, height: 900 },
  });
  return {
    async open(file) {
      const page = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => {
        if (!r.url().startsWith("file:")) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      for (const [x, y] of [
        [100, 100],
        [400, 300],
        [800, 600],
      ] as const)
        await page.mouse.move(x, y);
      // Browser-side code is given as source text: it runs in the page, not in Node.
      const state = (await page.evaluate(`(() => {
        const all = [...document.querySelectorAll("*")];
        return {
          pwned: window.__pwned,
          scripts: document.querySelectorAll("script").length,
          handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => el.tagName + "." + a.name)),
          jsLinks: [...document.querySelectorAll("a")].filter((a) => /^\\s*javascript:/i.test(a.getAttribute("href") || a.getAttribute("xlink:href") || "")).length,
          text: document.documentElement.textContent || "",
        };
      })()`)) as Omit<PageReport, "dialogs" | "errors" | "requests">;
      await page.close();
      return { ...state, dialogs, errors, requests };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
