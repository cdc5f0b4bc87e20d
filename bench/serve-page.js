// What a planner feels on relocfund serve's page: the time from a slider's
// input event to the answer drawn (status, key figures, summary and charts
// replaced, and the next frame painted), in headless chromium, one change
// at a time.  Run by bench/serve-page.sh, which finds puppeteer-core for it:
//   NODE_PATH=tests/browser/node_modules node bench/serve-page.js URL CHANGES [CHROMIUM]
// Prints one line: median and p95 in ms, and the median of what the page
// itself shows beside its status (from sending the request to the answer
// put in place, before the browser lays it out and paints it).
"use strict";
const puppeteer = require("puppeteer-core");
const [url, n, chromium] = process.argv.slice(2);

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium || "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"]});
  const page = await browser.newPage();
  await page.setViewport({width: 1400, height: 1000});
  await page.goto(url, {waitUntil: "load"});
  await page.waitForFunction(() => document.body.dataset.solved, {timeout: 60000});
  const times = await page.evaluate(async (count) => {
    const sliders = Array.from(document.querySelectorAll(".ctl input[type=range]"));
    let seed = 17;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const felt = [], shown = [];
    for (let i = 0; i < count; i++) {
      const r = sliders[Math.floor(rand() * sliders.length)];
      const min = Number(r.min), max = Number(r.max), step = Number(r.step) || 1;
      const before = document.body.dataset.solved;
      const answered = new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          if (document.body.dataset.solved !== before) { mo.disconnect(); resolve(); }
        });
        mo.observe(document.body, {attributes: true, attributeFilter: ["data-solved"]});
      });
      const t0 = performance.now();
      r.value = String(min + Math.round(rand() * (max - min) / step) * step);
      r.dispatchEvent(new Event("input", {bubbles: true}));
      await answered;
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      felt.push(performance.now() - t0);
      shown.push(parseFloat(document.getElementById("latency").textContent));
    }
    return {felt, shown};
  }, Number(n));
  const q = (a, p) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  console.log(`page: ${times.felt.length} changes, from the slider's input event to the answer drawn: ` +
    `median ${q(times.felt, 0.5).toFixed(1)} ms, p95 ${q(times.felt, 0.95).toFixed(1)} ms ` +
    `(shown beside the status: median ${q(times.shown, 0.5).toFixed(0)} ms)`);
  await browser.close();
})().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
