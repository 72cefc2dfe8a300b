// The drawings in a real browser: Debian's Chromium (headless, via playwright-core) renders the
// Mermaid text with the real Mermaid library, served from 127.0.0.1, and opens the SVG; both must
// draw without error, with red edges exactly where the findings are. One screenshot of each is kept
// in test/artifacts/ (gitignored). Skips, saying why, when Chromium cannot start.
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { AT, draw, fixtureDir, FIXTURES } from "../helpers/graph.ts";
import { cli } from "../helpers/cli.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const ARTIFACTS = join(ROOT, "test/artifacts");
/** Debian's Chromium; NLP_CHROMIUM names another binary. */
const CHROMIUM = process.env.NLP_CHROMIUM ?? "/usr/bin/chromium";
const MERMAID = join(ROOT, "node_modules/mermaid/dist/mermaid.min.js");

/** The edges each fixture has an error on (client -> listener), as written by hand from its configs. */
const RED: Record<string, string[]> = {
  mtls: ["k2->l3"],
  "services-and-dangling": ["k0->l1"],
  "scheme-tls": ["k0->l1"],
  "instance-mtls": ["k1->l0"],
};

let context: BrowserContext | undefined;
let why = "";
let server: Server | undefined;
let base = "";
const pages = new Map<string, string>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    why = `${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`;
    return;
  }
  try {
    const { chromium } = await import("playwright-core");
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "nlp-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1600, height: 1000 },
      timeout: 60_000,
    });
  } catch (e) {
    why = `Chromium did not start: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`;
    return;
  }
  server = createServer((req, res) => {
    if (req.url === "/mermaid.min.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(readFileSync(MERMAID));
      return;
    }
    const body = pages.get(req.url ?? "");
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": req.url!.endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8" });
    res.end(body);
  });
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

function skipWithoutBrowser(ctx: { skip: (note?: string) => void }): Page | undefined {
  if (!context) {
    console.warn(`skipped: ${why}`);
    ctx.skip(why);
  }
  return undefined;
}

/** Renders Mermaid text in the page; returns the parse error, if any, and the red edges by their ends. */
async function renderMermaid(page: Page, text: string): Promise<{ error?: string; red: string[]; edges: number; labels: string }> {
  pages.set("/mermaid.html", `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#fff"><div id="out"></div><script src="/mermaid.min.js"></script></body>`);
  await page.goto(`${base}/mermaid.html`);
  return page.evaluate(async (src: string) => {
    const m = (globalThis as unknown as { mermaid: { initialize: (o: object) => void; parse: (t: string) => Promise<unknown>; render: (id: string, t: string) => Promise<{ svg: string }> } }).mermaid;
    m.initialize({ startOnLoad: false, securityLevel: "strict", flowchart: { htmlLabels: true } });
    try {
      await m.parse(src);
      const { svg } = await m.render("graph", src);
      document.getElementById("out")!.innerHTML = svg;
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e), red: [], edges: 0, labels: "" };
    }
    const paths = [...document.querySelectorAll<SVGPathElement>("#out svg path[data-edge='true'], #out svg .edgePaths path")];
    const red: string[] = [];
    for (const p of paths) {
      const stroke = getComputedStyle(p).stroke;
      // Mermaid names an edge path L_<from>_<to>_<n> (data-id; the element id has the diagram's prefix).
      const m2 = /^L_([a-z0-9]+)_([a-z0-9]+)_\d+$/.exec(p.dataset.id ?? "");
      if (stroke === "rgb(209, 36, 47)" && m2) red.push(`${m2[1]}->${m2[2]}`);
    }
    return { red: [...new Set(red)].sort(), edges: new Set(paths.map((p) => p.dataset.id ?? p.id)).size, labels: document.querySelector("#out svg")!.textContent };
  }, text);
}

describe("graph drawings in headless Chromium", () => {
  it("graph --certs: Mermaid parses and draws the gantt chart, one bar per certificate", async (ctx) => {
    skipWithoutBrowser(ctx);
    const dir = await fixtureDir("mtls");
    const r = await cli(["graph", "--certs", "--at", AT, ...FIXTURES.mtls!.files], { cwd: dir });
    expect(r.code).toBe(0);
    const page = await context!.newPage();
    pages.set("/mermaid.html", `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#fff"><div id="out"></div><script src="/mermaid.min.js"></script></body>`);
    await page.goto(`${base}/mermaid.html`);
    const out = await page.evaluate(async (src: string) => {
      const m = (globalThis as unknown as { mermaid: { initialize: (o: object) => void; render: (id: string, t: string) => Promise<{ svg: string }> } }).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: "strict" });
      try {
        const { svg } = await m.render("certs", src);
        document.getElementById("out")!.innerHTML = svg;
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e), tasks: [] as string[] };
      }
      return { tasks: [...document.querySelectorAll("#out svg text.taskText, #out svg text.taskTextOutsideRight, #out svg text.taskTextOutsideLeft")].map((t) => t.textContent.trim()) };
    }, r.stdout);
    expect(out.error).toBeUndefined();
    expect(out.tasks.filter((t) => t.startsWith("CN="))).toHaveLength(6);
    expect(out.tasks, JSON.stringify(out.tasks)).toContain("CN=scheduler.build.internal, O=example (certs/scheduler.pem) expiring");
    await page.close();
  }, 120_000);

  for (const name of Object.keys(FIXTURES)) {
    it(`${name}: Mermaid renders, red edges are the ones with errors`, async (ctx) => {
      skipWithoutBrowser(ctx);
      const r = await draw(name, "mermaid");
      expect(r.code).toBe(0);
      const page = await context!.newPage();
      const out = await renderMermaid(page, r.stdout);
      expect(out.error).toBeUndefined();
      expect(out.edges).toBe(r.stdout.split("\n").filter((l) => /^ {2}\S+ (-->|-\.->)\|/.test(l)).length);
      expect(out.red).toEqual(RED[name]);
      expect(out.labels).toContain("legend");
      if (name === "mtls") {
        expect(out.labels).toContain("client cert: CN=worker-0, O=example");
        await page.locator("#out svg").screenshot({ path: join(ARTIFACTS, "graph-mtls-mermaid.png") });
      }
      await page.close();
    }, 120_000);

    it(`${name}: the SVG opens, with its edges, labels and red edges`, async (ctx) => {
      skipWithoutBrowser(ctx);
      const r = await draw(name, "svg");
      expect(r.code).toBe(0);
      pages.set(`/${name}.svg`, r.stdout);
      const page = await context!.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/${name}.svg`);
      const out = await page.evaluate(() => {
        const svg = document.querySelector("svg")!;
        const parseError = document.querySelector("parsererror")?.textContent ?? undefined;
        const edges = [...svg.querySelectorAll<SVGGElement>("g.edge")].map((g) => {
          const path = g.querySelector("path")!;
          return { ends: `${g.dataset.from}->${g.dataset.to}`, red: getComputedStyle(path).stroke === "rgb(209, 36, 47)", length: path.getTotalLength() };
        });
        return { parseError, edges, text: svg.textContent, width: svg.getBoundingClientRect().width };
      });
      expect(out.parseError).toBeUndefined();
      expect(errors).toEqual([]);
      expect(out.width).toBeGreaterThan(100);
      for (const e of out.edges) expect(e.length).toBeGreaterThan(20);
      expect(out.edges.filter((e) => e.red).map((e) => e.ends).sort()).toEqual(RED[name]);
      expect(out.text).toContain("legend");
      expect(out.text).toMatch(/grpcs? :\d+/);
      if (name === "mtls") {
        expect(out.edges.length).toBe(5);
        expect(out.text).toContain("client cert: CN=worker-0, O=example · checked by: certs/worker-ca.pem");
        await page.setViewportSize({ width: 2200, height: 900 });
        await page.screenshot({ path: join(ARTIFACTS, "graph-mtls-svg.png"), timeout: 90_000 });
      }
      await page.close();
    }, 120_000);
  }
});
