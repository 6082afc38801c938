// Captures the README screenshots from a running livediff_demo: node examples/screenshots/capture.mjs
import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
const base = process.env.LIVEDIFF_URL || "http://127.0.0.1:4000";
await page.goto(base + "/todos");
await page.waitForSelector(".phx-connected");
for (const t of ["Write the diff core", "Stream the feed", "Ship the demo"]) {
  await page.fill("#new-title", t);
  await page.press("#new-title", "Enter");
  await page.waitForFunction((n) => document.querySelectorAll("#todos > div").length >= n, 1);
}
await page.waitForTimeout(300);
await page.click("#todos > div:first-child input[type=checkbox]");
await page.waitForTimeout(300);
await page.screenshot({ path: "examples/screenshots/todos.png" });
await page.goto(base + "/feed");
await page.waitForSelector(".phx-connected");
await page.waitForTimeout(500);
await page.screenshot({ path: "examples/screenshots/feed.png" });
await page.goto(base + "/table");
await page.waitForSelector(".phx-connected");
await page.click("#run");
await page.waitForFunction(() => document.querySelectorAll("#tbody tr").length === 1000);
await page.click("#tbody tr:nth-child(3) a[phx-click=select]");
await page.waitForTimeout(300);
await page.screenshot({ path: "examples/screenshots/table.png" });
await browser.close();
