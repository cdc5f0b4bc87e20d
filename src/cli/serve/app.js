"use strict";
/* relocfund serve's page: sliders over the scenario's parameters, each change
 * re-solved by the server once (/api/view: the plan's status and totals for
 * the figures, and the HTML report's summary and charts, drawn by the
 * report's own code).  One request at a time: a change made meanwhile is sent when the
 * answer comes (so answers come in order; seq/shown only guard that). */
const TOKEN = new URLSearchParams(location.search).get("token") || "";
const TEXT = {
  zh: {save: "另存为变体", xlsx: "下载 XLSX", html: "下载 HTML", reset: "重置", summary: "结论",
       figures: "关键数字", figure: "项目", base: "基准方案", current: "当前", change: "变化",
       changes: "变更", charts: "图表", none: "(无变更: 基准方案)", solving: "求解中…",
       sources: "资金到位", county: "县级预算与政策", sites: "安置点",
       yuan: "元", yuan_per_m2: "元/m²", m2: "m²", wan: "万元", households: "户",
       balanced: "收支平衡, 符合政策", unfunded_gap: "存在资金缺口", cap_violation: "超出政策上限",
       error: "输入有误", ms: "毫秒", name: "变体名称 (字母、数字、- 或 _):",
       replace: "文件已存在, 是否覆盖?", saved: "已保存: ",
       filter: "筛选参数 (名称, 如 \"圩镇\" 或 \"单价\")", shown: "显示 {n} / {all} 项",
       stale: "当前输入有误, 以下仍是上一次求解的方案。",
       unsolved: "未能求解", stale_unsolved: "没有得到答复, 以下仍是上一次求解的方案。",
       unit: "金额单位：万元",
       cost_yuan: "总成本", unfunded_yuan: "资金缺口", cap_excess_yuan: "超出自筹上限金额",
       households_over_cap: "超出自筹上限户数", registered_self_funding_yuan: "建档立卡户自筹",
       synchronous_self_funding_yuan: "同步搬迁户自筹", integrated_agri_yuan: "整合涉农资金列支",
       surplus_employment_base_yuan: "结余转入就业基地", surplus_industry_yuan: "结余转入产业发展"},
  en: {save: "Save as variant", xlsx: "Download XLSX", html: "Download HTML", reset: "Reset",
       summary: "Summary", figures: "Key figures", figure: "Figure", base: "Base plan",
       current: "Current", change: "Change", changes: "Changes", charts: "Charts",
       none: "(no changes: the base plan)", solving: "solving…", sources: "Funds arrived",
       county: "County budget and policy", sites: "Sites", yuan: "yuan", yuan_per_m2: "yuan/m²",
       m2: "m²", wan: "万元", households: "households", balanced: "Balanced and compliant",
       unfunded_gap: "Unfunded gap", cap_violation: "Over a policy cap", error: "Input error",
       ms: "ms", name: "Variant name (letters, digits, - or _):",
       replace: "The file exists. Replace it?", saved: "Saved: ",
       filter: "Filter (a name, as \"township\" or \"housing\")", shown: "{n} of {all} shown",
       stale: "The current input has an error; below is still the last plan solved.",
       unsolved: "Not solved", stale_unsolved: "No answer came; below is still the last plan solved.",
       unit: "Amounts in 万元 (10,000 yuan).",
       cost_yuan: "Total cost", unfunded_yuan: "Unfunded gap", cap_excess_yuan: "Over the self-funding cap",
       households_over_cap: "Households over the cap", registered_self_funding_yuan: "Registered self-funding",
       synchronous_self_funding_yuan: "Synchronous self-funding", integrated_agri_yuan: "Integrated agri funds used",
       surplus_employment_base_yuan: "Surplus to employment bases", surplus_industry_yuan: "Surplus to industry"}
};
const FIGURES = ["cost_yuan", "unfunded_yuan", "cap_excess_yuan", "households_over_cap",
  "registered_self_funding_yuan", "synchronous_self_funding_yuan", "integrated_agri_yuan",
  "surplus_employment_base_yuan", "surplus_industry_yuan"];

let lang = "zh", scenario = null, base = {}, current = {}, baseTotals = null;
let seq = 0, shown = 0, busy = false, again = false, timer = null, drawn = false;
const $ = (id) => document.getElementById(id);
const t = (k) => TEXT[lang][k] || k;

async function api(path, body, binary) {
  const r = await fetch(path, {
    method: body === undefined ? "GET" : "POST", cache: "no-store",
    headers: {"X-Relocfund-Token": TOKEN, "Content-Type": "application/json"},
    body: body === undefined ? undefined : JSON.stringify(body)});
  if (binary && r.ok) return {status: r.status, blob: await r.blob()};
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch (e) { json = null; }
  return {status: r.status, json: json, text: text};
}

function sets() {
  return scenario.parameters.filter((p) => current[p.path] !== base[p.path])
    .map((p) => p.path + "=" + current[p.path]);
}

function fmtNumber(v, digits) {
  return Number(v).toLocaleString(lang === "zh" ? "zh-CN" : "en-US", {maximumFractionDigits: digits});
}

function fmtFigure(key, v) {
  if (key.endsWith("_yuan")) return fmtNumber(v / 10000, 6) + " " + t("wan");
  return fmtNumber(v, 0) + " " + t("households");
}

function showMessage(text) { $("message").textContent = text || ""; }
/* An answer's error lines in the page's language (docs/serve.md), else its text. */
const errorText = (r) => r.json && r.json.messages
  ? ((lang === "zh" && r.json.messages_zh) || r.json.messages).join("\n") : r.text;

function labels() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach((e) => { e.textContent = t(e.dataset.t); });
  $("lang").textContent = lang === "zh" ? "English" : "中文";
  $("filter").placeholder = t("filter");
  $("filter").setAttribute("aria-label", t("filter"));
  if (!scenario) return;
  $("title").textContent = scenario.name[lang] + " — relocfund";
  document.title = scenario.name[lang];
  document.querySelectorAll(".ctl").forEach((c) => {
    const p = scenario.parameters[Number(c.dataset.index)];
    c.querySelector("label").textContent = p.label[lang];
    c.querySelector(".unit").textContent = t(p.unit);
  });
  document.querySelectorAll("legend").forEach((l) => { l.textContent = t(l.dataset.group); });
  filter();
}

/* Shows only the controls whose label (in either language) or path holds
 * every word typed in the filter box, and the groups that keep one. */
function filter() {
  if (!scenario) return;
  const words = $("filter").value.trim().toLowerCase().split(/\s+/).filter((w) => w);
  let n = 0;
  document.querySelectorAll(".ctl").forEach((c) => {
    const p = scenario.parameters[Number(c.dataset.index)];
    const text = (p.label.zh + " " + p.label.en + " " + p.path).toLowerCase();
    const hit = words.every((w) => text.includes(w));
    c.hidden = !hit;
    if (hit) n++;
  });
  document.querySelectorAll("#controls fieldset").forEach((f) => {
    f.hidden = !f.querySelector(".ctl:not([hidden])");
  });
  const all = scenario.parameters.length;
  $("shown").textContent = words.length ? t("shown").replace("{n}", n).replace("{all}", all) : "";
}

function buildControls() {
  const aside = $("controls");
  aside.textContent = "";
  const groups = {};
  scenario.parameters.forEach((p, i) => {
    base[p.path] = current[p.path] = String(p.value);
    if (!groups[p.group]) {
      const fs = document.createElement("fieldset");
      const lg = document.createElement("legend");
      lg.dataset.group = p.group;
      fs.appendChild(lg);
      aside.appendChild(fs);
      groups[p.group] = fs;
    }
    const div = document.createElement("div");
    div.className = "ctl";
    div.dataset.index = String(i);
    div.dataset.path = p.path;
    const label = document.createElement("label");
    const row = document.createElement("div");
    row.className = "row";
    const range = document.createElement("input");
    range.type = "range";
    range.min = p.min; range.max = p.max; range.step = p.step; range.value = p.value;
    range.setAttribute("aria-label", p.path);
    const num = document.createElement("input");
    num.type = "number";
    num.step = "any"; num.min = p.min; num.value = p.value;
    num.setAttribute("aria-label", p.path);
    const unit = document.createElement("span");
    unit.className = "unit muted";
    range.addEventListener("input", () => { num.value = range.value; change(p.path, range.value); });
    num.addEventListener("input", () => {
      if (num.value === "" || !isFinite(Number(num.value))) return;
      range.value = num.value;
      change(p.path, num.value);
    });
    row.append(range, num, unit);
    div.append(label, row);
    groups[p.group].appendChild(div);
  });
  labels();
}

function change(path, value) {
  current[path] = String(value);
  document.querySelectorAll(".ctl").forEach((c) => {
    c.classList.toggle("changed", current[c.dataset.path] !== base[c.dataset.path]);
  });
  // Sent at once (the changes of one event turn together), not after a
  // pause: a slider dragged without stopping is answered as it moves, one
  // request at a time (solve).
  if (timer === null) timer = setTimeout(() => { timer = null; solve(); }, 0);
}

async function solve() {
  if (busy) { again = true; return; }
  busy = true;
  const my = ++seq, body = {set: sets(), lang: lang}, t0 = performance.now();
  $("latency").textContent = t("solving");
  try {
    const view = await api("/api/view", body);
    if (my > shown) {
      shown = my;
      render(view, body.set);
      $("latency").textContent = Math.round(performance.now() - t0) + " " + t("ms");
    }
  } catch (e) { // no answer at all (the server stopped)
    unsolved("unsolved", String(e));
    $("latency").textContent = "";
  }
  busy = false;
  if (again) { again = false; solve(); }
}

/* No plan for the current values: the status says why (kind "error", the
 * values are wrong: a 4xx answer; "unsolved", no answer or the server
 * failed), the message says what, and the last plan, if any, stays below,
 * dimmed under a line saying it is the last one. */
function unsolved(kind, message) {
  const st = $("status");
  st.dataset.status = kind;
  st.textContent = t(kind);
  showMessage(message);
  $("stale").dataset.t = kind === "error" ? "stale" : "stale_unsolved";
  $("stale").textContent = t($("stale").dataset.t);
  $("view").classList.toggle("stale", drawn);
}

function render(view, changes) {
  const st = $("status");
  if (view.status !== 200 || !view.json) {
    unsolved(view.status >= 400 && view.status < 500 ? "error" : "unsolved", errorText(view));
    document.body.dataset.solved = String(shown);
    return;
  }
  showMessage("");
  $("view").classList.remove("stale");
  drawn = true;
  const p = view.json;
  if (!baseTotals && changes.length === 0) baseTotals = p.totals;
  st.dataset.status = p.status;
  st.textContent = t(p.status);
  const tb = $("figures").tBodies[0];
  tb.textContent = "";
  FIGURES.forEach((k) => {
    const tr = tb.insertRow();
    tr.id = "fig-" + k;
    tr.dataset.value = String(p.totals[k]);
    const b = baseTotals ? baseTotals[k] : p.totals[k], d = p.totals[k] - b;
    tr.insertCell().textContent = t(k);
    [b, p.totals[k]].forEach((v) => { const c = tr.insertCell(); c.className = "n"; c.textContent = fmtFigure(k, v); });
    const c = tr.insertCell();
    c.className = "n" + (d > 0 ? " up" : d < 0 ? " down" : "");
    c.textContent = d === 0 ? "" : (d > 0 ? "+" : "") + fmtFigure(k, d);
  });
  const ul = $("changes");
  ul.textContent = "";
  scenario.parameters.forEach((q) => {
    if (current[q.path] === base[q.path]) return;
    const li = document.createElement("li");
    li.textContent = q.label[lang] + ": " + fmtNumber(base[q.path], 2) + " → " +
      fmtNumber(current[q.path], 2) + " " + t(q.unit) + "  (" + q.path + "=" + current[q.path] + ")";
    ul.appendChild(li);
  });
  if (!ul.children.length) { const li = document.createElement("li"); li.textContent = t("none"); ul.appendChild(li); }
  // The server's HTML (every text in it escaped), parsed inert and moved in.
  [["summary", p.summary_html], ["charts", p.charts_html]].forEach(([id, html]) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    $(id).replaceChildren(...Array.from(doc.body.childNodes, (n) => document.importNode(n, true)));
  });
  document.body.dataset.solved = String(shown);
}

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function exportAs(format) {
  const r = await api("/api/export", {set: sets(), format: format, lang: lang}, true);
  if (r.blob) download(r.blob, scenario.scenario + "." + format);
  else showMessage(errorText(r));
}

async function saveVariant() {
  const name = window.prompt(t("name"), "variant");
  if (name === null) return;
  let r = await api("/api/save", {set: sets(), name: name});
  if (r.status === 409 && window.confirm(t("replace") + "\n" + errorText(r)))
    r = await api("/api/save", {set: sets(), name: name, replace: true});
  if (r.status === 201) {
    showMessage(t("saved") + r.json.file + (r.json.policy_file ? ", " + r.json.policy_file : ""));
    document.body.dataset.saved = r.json.file;
  } else {
    showMessage(errorText(r));
  }
}

function reset() {
  document.querySelectorAll(".ctl").forEach((c) => {
    const p = scenario.parameters[Number(c.dataset.index)];
    c.querySelectorAll("input").forEach((i) => { i.value = p.value; });
  });
  scenario.parameters.forEach((p) => change(p.path, base[p.path]));
}

async function start() {
  labels();
  $("save").addEventListener("click", saveVariant);
  $("xlsx").addEventListener("click", () => exportAs("xlsx"));
  $("html").addEventListener("click", () => exportAs("html"));
  $("reset").addEventListener("click", reset);
  $("filter").addEventListener("input", filter);
  // The controls scroll in their own pane below the header, so the figures
  // stay in sight while a slider far down the list moves.
  const head = document.querySelector("header");
  new ResizeObserver(() => document.documentElement.style.setProperty("--head", head.offsetHeight + "px"))
    .observe(head);
  $("lang").addEventListener("click", () => { lang = lang === "zh" ? "en" : "zh"; labels(); solve(); });
  const r = await api("/api/scenario");
  if (r.status !== 200) { showMessage(r.text); return; }
  scenario = r.json;
  buildControls();
  solve();
}

start();
