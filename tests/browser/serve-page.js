// relocfund serve's page in headless chromium, as a planner uses it: open it,
// drag a slider, wait for the answer, check the status and totals it shows
// against `relocfund solve --set` of the value it shows, save a variant and
// solve that with the CLI, take a screenshot.  Run by tests/test_serve_browser.c:
//   node serve-page.js URL SCENARIO SCREENSHOT.png RELOCFUND [CHROMIUM]
// Exit 0 when every check holds; else 1 with the first failure on stderr.
"use strict";
const puppeteer = require("puppeteer-core");
const {execFileSync} = require("child_process");
const path = require("path");

const [url, scenario, screenshot, cli, chromium] = process.argv.slice(2);
const FIGURES = ["cost_yuan", "unfunded_yuan", "cap_excess_yuan", "households_over_cap",
  "registered_self_funding_yuan", "synchronous_self_funding_yuan", "integrated_agri_yuan",
  "surplus_employment_base_yuan", "surplus_industry_yuan"];

function cliPlan(file, sets) {
  const args = ["solve", file, "--format", "json"];
  sets.forEach((s) => args.push("--set", s));
  try {
    return JSON.parse(execFileSync(cli, args, {stdio: ["ignore", "pipe", "ignore"]}));
  } catch (e) {
    if (e.status === 1) return JSON.parse(e.stdout); // a plan with a gap or a violation
    throw e;
  }
}

function check(cond, what) {
  if (!cond) throw new Error(what);
}

// What the page shows: the status and every key figure's raw value.
async function shown(page) {
  return page.evaluate((figures) => {
    const out = {status: document.getElementById("status").dataset.status, totals: {}};
    figures.forEach((k) => { out.totals[k] = Number(document.getElementById("fig-" + k).dataset.value); });
    return out;
  }, FIGURES);
}

function expectSame(page, plan, what) {
  check(page.status === plan.status, `${what}: the page shows ${page.status}, the CLI ${plan.status}`);
  FIGURES.forEach((k) => check(page.totals[k] === plan.totals[k],
    `${what}: ${k} is ${page.totals[k]} on the page, ${plan.totals[k]} from the CLI`));
}

// Waits until the page has answered its last change (nothing in flight).
async function settled(page) {
  await page.waitForFunction(() => {
    const l = document.getElementById("latency").textContent;
    return document.body.dataset.solved && l && !/…/.test(l);
  }, {timeout: 30000});
  await new Promise((r) => setTimeout(r, 300));
  await page.waitForFunction(() => !/…/.test(document.getElementById("latency").textContent),
    {timeout: 30000});
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium || "chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"]});
  let code = 0;
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1400, height: 1000});
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));
    page.on("request", (r) => { if (!r.url().startsWith(url.replace(/\/\?.*/, "")) && !r.url().startsWith("blob:"))
      errors.push("a request off the server: " + r.url()); });
    await page.goto(url, {waitUntil: "load"});
    await settled(page);
    expectSame(await shown(page), cliPlan(scenario, []), "the base plan");
    // The three charts of the report: each drawn, or (a chart with nothing
    // to show, as the cap chart of a plan where nobody pays) its sentence.
    const charts = await page.$$eval("#charts figure.chart", (fs) => fs.map((f) =>
      f.querySelector("svg") ? "drawn" : f.classList.contains("none") && f.querySelector("p").textContent.trim() ? "said" : "empty"));
    check(charts.length === 3 && !charts.includes("empty"), `charts: ${charts.join(", ") || "none"}, not 3 drawn or said`);
    check(charts.filter((c) => c === "drawn").length >= 2, `only ${charts.join(", ")}: the Sankey and the site bars must be drawn`);

    // Drag the policy loans' slider to a fifth of its track.
    const sel = '.ctl[data-path="sources.policy_loans.arrived"]';
    const range = await page.$(sel + " input[type=range]");
    const box = await range.boundingBox();
    const y = box.y + box.height / 2;
    const from = await page.$eval(sel + " input[type=range]", (r) => (r.value - r.min) / (r.max - r.min));
    await page.mouse.move(box.x + 8 + from * (box.width - 16), y);
    await page.mouse.down();
    let x = 0;
    for (let i = 1; i <= 10; i++) {
      x = box.x + 8 + (from + (0.2 - from) * i / 10) * (box.width - 16);
      await page.mouse.move(x, y);
      await new Promise((r) => setTimeout(r, 25));
    }
    // Still held and moving a pixel to and fro, as a hand does: an answer
    // comes without the slider being let go (not on "change" alone).
    const before = await page.evaluate(() => document.body.dataset.solved);
    let answered = false;
    for (let k = 0; k < 200 && !answered; k++) {
      answered = await page.evaluate((b) => document.body.dataset.solved !== b, before);
      await page.mouse.move(x + (k % 2), y);
      await new Promise((r) => setTimeout(r, 25));
    }
    check(answered, "no answer while the slider was held and moving");
    await page.mouse.up();
    await settled(page);
    // A drag without a pause: an input event every 10 ms for up to 3 s. The
    // first answer comes while it goes on, not when it stops.
    const waited = await page.evaluate(async (s) => {
      const r = document.querySelector(s + " input[type=range]");
      const start = document.body.dataset.solved, v0 = Number(r.value), step = Number(r.step) || 1;
      const t0 = performance.now();
      for (let k = 1; k <= 300; k++) {
        r.value = String(v0 + (k % 2) * step);
        r.dispatchEvent(new Event("input", {bubbles: true}));
        await new Promise((res) => setTimeout(res, 10));
        if (document.body.dataset.solved !== start) break;
      }
      const ms = document.body.dataset.solved !== start ? performance.now() - t0 : null;
      r.value = String(v0);
      r.dispatchEvent(new Event("input", {bubbles: true}));
      return ms;
    }, sel);
    check(waited !== null, "no answer during a drag without a pause (3 s of input events)");
    await settled(page);
    const value = await page.$eval(sel + " input[type=number]", (n) => n.value);
    check(value !== "51625000", "the slider did not move");
    const set = ["sources.policy_loans.arrived=" + value];
    const moved = cliPlan(scenario, set);
    expectSame(await shown(page), moved, "after the slider moved to " + value);
    const listed = await page.$eval("#changes", (u) => u.textContent);
    check(listed.includes(set[0]), "the change is not listed: " + listed);

    // Type an exact number into the housing cost of the first site.
    const num = '.ctl[data-path="sites[0].costs.housing_per_m2"] input[type=number]';
    await page.click(num, {clickCount: 3});
    await page.type(num, "2650");
    await settled(page);
    set.push("sites[0].costs.housing_per_m2=2650");
    expectSame(await shown(page), cliPlan(scenario, set), "after typing 2650");
    await page.screenshot({path: screenshot, fullPage: false});

    // An impossible value: the status says so, the CLI's message is shown,
    // and the last plan stays, dimmed and said to be the last; a good value
    // again brings the view back.
    const area = '.ctl[data-path="sites[1].costs.area_per_person_m2"] input[type=number]';
    const goodArea = await page.$eval(area, (n) => n.value), errorsBefore = errors.length;
    await page.click(area, {clickCount: 3});
    await page.type(area, "-5");
    await page.waitForFunction(() => document.getElementById("status").dataset.status === "error", {timeout: 30000});
    const bad = await page.evaluate(() => ({
      message: document.getElementById("message").textContent,
      stale: document.getElementById("view").classList.contains("stale"),
      note: document.getElementById("stale").offsetParent !== null}));
    const cliError = (() => {
      try {
        execFileSync(cli, ["solve", scenario, "--lang", "zh", "--set", "sites[1].costs.area_per_person_m2=-5"],
          {stdio: ["ignore", "ignore", "pipe"]});
        return "(the CLI took -5)";
      } catch (e) {
        return String(e.stderr).split("\n").find((l) => l.startsWith("relocfund：错误")) || String(e.stderr);
      }
    })();
    check(bad.message.split("\n").includes(cliError), `the page says\n${bad.message}\nnot the CLI's\n${cliError}`);
    check(bad.stale && bad.note, "the last plan is not marked as the last after an error");
    await page.click(area, {clickCount: 3});
    await page.type(area, goodArea);
    await settled(page);
    check(!(await page.evaluate(() => document.getElementById("view").classList.contains("stale"))),
      "the view stays dimmed after a good value");
    expectSame(await shown(page), cliPlan(scenario, set), "after the impossible value was undone");
    // chromium logs the answer's 400 as a failed load: expected here alone.
    const logged = errors.splice(errorsBefore);
    errors.push(...logged.filter((e) => !/status of 400 \(Bad Request\)/.test(e)));

    // No answer at all (the connection fails): the status says the plan was
    // not solved, not that the input is wrong, and the last plan stays
    // dimmed; the next change that is answered brings the view back.
    const errorsBeforeCut = errors.length;
    await page.setRequestInterception(true);
    const cut = (r) => (r.url().includes("/api/view") ? r.abort() : r.continue());
    page.on("request", cut);
    await page.click(num, {clickCount: 3});
    await page.type(num, "2640");
    await page.waitForFunction(() => document.getElementById("status").dataset.status === "unsolved",
      {timeout: 30000});
    const cutView = await page.evaluate(() => ({
      status: document.getElementById("status").textContent,
      stale: document.getElementById("view").classList.contains("stale"),
      note: document.getElementById("stale").textContent}));
    check(cutView.status === "未能求解" && cutView.stale && cutView.note.startsWith("没有得到答复"),
      "without an answer the page shows " + JSON.stringify(cutView));
    page.off("request", cut);
    await page.setRequestInterception(false);
    await page.click(num, {clickCount: 3});
    await page.type(num, "2650");
    await settled(page);
    expectSame(await shown(page), cliPlan(scenario, set), "after the connection came back");
    check(!(await page.evaluate(() => document.getElementById("view").classList.contains("stale"))),
      "the view stays dimmed after an answer");
    errors.push(...errors.splice(errorsBeforeCut).filter((e) => !/request failed|ERR_FAILED/.test(e)));

    // The controls scroll in their own pane: at the end of the list the
    // key figures are still in sight.
    const aside = await (await page.$("aside")).boundingBox();
    await page.mouse.move(aside.x + aside.width / 2, aside.y + 200);
    for (let i = 0; i < 10; i++) await page.mouse.wheel({deltaY: 600});
    await page.waitForFunction(() => document.querySelector("aside").scrollTop > 0, {timeout: 5000})
      .catch(() => {});
    const inSight = await page.evaluate(() => window.scrollY === 0 &&
      document.querySelector("aside").scrollTop > 0 &&
      document.getElementById("figures").getBoundingClientRect().bottom <= window.innerHeight);
    check(inSight, "the mouse wheel over the controls scrolled the page, not the controls");
    // The filter box: a site's name leaves that site's two controls; a
    // word in English does the same; clearing it shows every control.
    const visible = () => page.$$eval(".ctl", (cs) => cs.filter((c) => c.offsetParent !== null)
      .map((c) => c.dataset.path));
    const all = (await visible()).length;
    await page.type("#filter", "杰村");
    let left = await visible();
    check(left.length === 2 && left.every((p) => p.startsWith("sites[1].")),
      "filtering by 杰村 leaves " + left.join(", "));
    await page.click("#filter", {clickCount: 3});
    await page.type("#filter", "jiecun HOUSING");
    left = await visible();
    check(left.length === 1 && left[0] === "sites[1].costs.housing_per_m2",
      "filtering by 'jiecun HOUSING' leaves " + left.join(", "));
    check((await page.$eval("#shown", (e) => e.textContent)) === `显示 1 / ${all} 项`, "no count of the shown controls");
    await page.click("#filter", {clickCount: 3});
    await page.keyboard.press("Backspace");
    check((await visible()).length === all, "clearing the filter does not show every control");

    // Save a variant; the CLI solves it to the same figures.
    page.on("dialog", (d) => d.type() === "prompt" ? d.accept("browser") : d.accept());
    await page.click("#save");
    await page.waitForFunction(() => document.body.dataset.saved, {timeout: 30000});
    const saved = await page.evaluate(() => document.body.dataset.saved);
    const variant = path.isAbsolute(saved) ? saved : path.resolve(saved);
    expectSame(await shown(page), cliPlan(variant, []), "the saved variant " + variant);

    // Reset: the base plan again.
    await page.click("#reset");
    await settled(page);
    expectSame(await shown(page), cliPlan(scenario, []), "after reset");
    check(errors.length === 0, "the page reported: " + errors.join("; "));
  } catch (e) {
    console.error(String(e && e.stack || e));
    code = 1;
  }
  await browser.close();
  process.exit(code);
})();
