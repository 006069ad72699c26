import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = path.resolve("coverage/screenshots/threat-model-report.png");

// Each payload sets a marker if it ever runs; the test then checks the marker is still unset.
const PAYLOADS = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `"><svg onload="window.__pwned='svg'"></svg>`,
  `' onmouseover='window.__pwned=1' x='`,
  `javascript:window.__pwned='link'`,
];
const P = PAYLOADS.join(" ");

let s: TestSession;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is required for the HTML report test and was not found at ${CHROMIUM}. Install it (apt-get install -y chromium; .ci/run does this in CI) or set CHROMIUM_PATH.`,
    );
  }
  s = await connect({ toolset: "all" });
  await s.ok("set_business_context", { description: `Shop ${P}` });
  const zone = (await s.ok("add_trust_zone", { name: `Zone ${PAYLOADS[0]}`, trust_level: "Untrusted" })).id;
  const api = (await s.ok("add_component", { name: `API ${PAYLOADS[1]}`, type: "Compute", description: P }))
    .id;
  await s.ok("add_component_to_zone", { component_id: api, zone_id: zone });
  const db = (
    await s.ok("add_data_store", {
      name: `DB ${PAYLOADS[2]}`,
      type: "Relational",
      classification: "Confidential",
      encryption_at_rest: false,
    })
  ).id;
  await s.ok("add_connection", {
    source_id: api,
    destination_id: db,
    protocol: "TCP",
    port: 5432,
    encryption: false,
    description: P,
  });
  const severities = ["Low", "Critical", "Medium", "High"];
  const ids: string[] = [];
  for (const [i, severity] of severities.entries()) {
    const t = await s.ok("add_threat", {
      threat_source: `attacker ${PAYLOADS[i % PAYLOADS.length]}`,
      prerequisites: "with network access",
      threat_action: `steal data ${PAYLOADS[(i + 1) % PAYLOADS.length]}`,
      threat_impact: "data theft",
      category: i % 2 === 0 ? "Spoofing" : "Tampering",
      severity,
      likelihood: "Likely",
      affected_components: [i % 2 === 0 ? api : db],
      tags: [`t${i}<b>x</b>`],
    });
    ids.push(t.id);
  }
  const m = await s.ok("add_mitigation", { content: `Validate input ${PAYLOADS[3]}` });
  await s.ok("link_mitigation_to_threat", { mitigation_id: m.id, threat_id: ids[0] });
  await s.ok("export_threat_model", { formats: ["html"] });

  profile = mkdtempSync(path.join(tmpdir(), "tm-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1400, height: 1000 },
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await s?.close();
});

describe("HTML report in headless Chromium", () => {
  it("runs its own script only: no payload executes, nothing is fetched, sorting and filtering work", async () => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    // Browser-side code is given as source text: it runs in the page, not in Node.
    await page.addInitScript(
      `window.__violations = []; document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));`,
    );
    const file = path.join(s.root, ".threatmodel/threat-model.html");
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.mouse.move(300, 300);
    await page.mouse.move(700, 600);

    const state = (await page.evaluate(`(() => {
      const all = [...document.querySelectorAll("*")];
      return {
        pwned: window.__pwned,
        violations: window.__violations,
        ready: document.documentElement.getAttribute("data-report-ready"),
        scripts: document.querySelectorAll("script").length,
        images: document.querySelectorAll("img").length,
        svgs: document.querySelectorAll("svg").length,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => el.tagName + "." + a.name)),
        jsLinks: [...document.querySelectorAll("a")].filter((a) => /^\\s*javascript:/i.test(a.getAttribute("href") || "")).length,
        text: document.body.innerText,
      };
    })()`)) as {
      pwned: unknown;
      violations: string[];
      ready: string | null;
      scripts: number;
      images: number;
      svgs: number;
      handlers: string[];
      jsLinks: number;
      text: string;
    };
    expect(state.pwned).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(state.violations).toEqual([]);
    expect(state.ready).toBe("true"); // our script did run (CSP hash matches)
    expect(state.scripts).toBe(1);
    expect(state.images).toBe(0);
    expect(state.svgs).toBe(1); // the diagram only
    expect(state.handlers).toEqual([]);
    expect(state.jsLinks).toBe(0);
    // The payloads are shown as text, exactly as written.
    expect(state.text).toContain(`API ${PAYLOADS[1]}`);
    expect(state.text).toContain(`Zone ${PAYLOADS[0]}`);
    expect(await page.locator("svg text", { hasText: "<img src=x" }).count()).toBeGreaterThan(0);

    // Sort the threat table by severity (ascending, then descending).
    const severities = () =>
      page.$$eval("#threat-table tbody tr td:nth-child(3)", (cells) => cells.map((c) => c.textContent));
    expect(await severities()).toEqual(["Low", "Critical", "Medium", "High"]);
    await page.click("#threat-table thead th:nth-child(3)");
    expect(await severities()).toEqual(["Low", "Medium", "High", "Critical"]);
    await page.click("#threat-table thead th:nth-child(3)");
    expect(await severities()).toEqual(["Critical", "High", "Medium", "Low"]);

    // Filter by STRIDE category, then by text.
    const visible = () => page.locator("#threat-table tbody tr:visible").count();
    await page.selectOption('select[data-field="category"]', "Tampering");
    expect(await visible()).toBe(2);
    await expect(page.locator(".filters .count").textContent()).resolves.toBe("2 of 4 shown");
    await page.selectOption('select[data-field="category"]', "");
    await page.fill(".filters input[type=search]", "onerror");
    expect(await visible()).toBe(3); // rows mentioning that payload: in the statement or the affected API name
    await page.fill(".filters input[type=search]", "");
    expect(await visible()).toBe(4);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(await page.evaluate("window.__pwned === undefined")).toBe(true);
  });
});
