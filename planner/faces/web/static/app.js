// The web app: a form built from the rulebook's facts, the calendar with its timeline, conflicts
// with fixes as buttons, what-if moves, the date map, several years, adjournments and special
// meetings, downloads, a draft from a bylaws document, published timelines checked against the law.
// Everything goes through the HTTP API; the page's state lives in its URL.

import { CORE_SCHEMA, load as loadYaml } from "/app/vendor/js-yaml/js-yaml.mjs";
import { ApiError, download, get, post, setToken } from "/app/api.js";
import { attachTooltip, el, heatMap, margin, timeline } from "/app/charts.js";
import { bylawsBody, draftReview, reviewOf } from "/app/draft.js";
import { timelinesFromCsv, verdictsTable } from "/app/timelines.js";

const MAX_UPLOAD = 1048576; // the service's body limit (planner.faces.service.Limits.max_body_bytes)
const $ = (id) => document.getElementById(id);

// What the URL holds. Short keys keep links short; uploads travel whole, so a link reopens them too.
const fresh = () => ({
  rb: "", y: new Date().getFullYear() + 1, inc: "", lst: "none", f: {}, cl: [], oc: [], dr: [],
  up: null, ub: null, // an uploaded scenario / rulebook
  dq: null, // a draft from a bylaws document, as reviewed (then ub and up are its rulebook and skeleton)
  rx: {}, pins: {}, wv: [], // fixes applied: rules relaxed by days, events pinned to a date, rules waived
  mv: {}, // what-if moves of the planned calendar, re-checked
  v: "plan", yr: "", fd: "keep",
});
let state = fresh();
let bundled = []; // rulebook names
let packs = []; // [{name, applies}]
let book = null; // the rulebook JSON in use
let lastPlan = null;

// URL state --------------------------------------------------------------------------------------

function encodeState() {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decodeState(hash) {
  const text = atob(hash.replaceAll("-", "+").replaceAll("_", "/"));
  return { ...fresh(), ...JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0)))) };
}

function saveState() {
  history.replaceState(null, "", `#s=${encodeState()}`);
}

// Errors next to the fields they name ------------------------------------------------------------

function clearErrors(scope = document) {
  for (const p of scope.querySelectorAll(".error")) p.textContent = "";
  for (const f of scope.querySelectorAll("[aria-invalid]")) f.removeAttribute("aria-invalid");
}

// The field whose data-loc is the longest prefix of the error's path (after "body").
function fieldFor(path, scope) {
  let best = null, bestLength = 0;
  for (const field of scope.querySelectorAll("[data-loc]")) {
    if (field.closest("[hidden]")) continue;
    for (const loc of field.dataset.loc.split(" ")) {
      const parts = loc.split(".");
      if (parts.length > bestLength && parts.every((p, i) => String(path[i]) === p)) [best, bestLength] = [field, parts.length];
    }
  }
  return best;
}

function showError(error, scope, fallback) {
  if (error.status === 401) return askToken();
  if (!(error instanceof ApiError)) {
    $(fallback).textContent = String(error.message || error);
    return;
  }
  for (const { loc, msg } of error.detail) {
    const path = loc[0] === "body" ? loc.slice(1) : loc;
    const field = fieldFor(path, scope);
    const where = path.join(".");
    let text = where ? `${where}: ${msg}` : msg;
    if (field && field.type === "file" && field.files?.[0]) text = `${field.files[0].name}: ${text}`;
    const box = field ? $(`${field.id}-error`) : $(fallback);
    if (field) field.setAttribute("aria-invalid", "true");
    box.textContent = box.textContent ? `${box.textContent} ${text}` : text;
  }
  const first = scope.querySelector("[aria-invalid]");
  if (first) first.focus();
}

function askToken() {
  $("token-box").hidden = false;
  $("token").focus();
}

function busy(text) {
  $("busy").textContent = text;
  document.body.setAttribute("aria-busy", text ? "true" : "false");
}

// The form ----------------------------------------------------------------------------------------

const show = (value) => (typeof value === "string" ? value : JSON.stringify(value));

function buildFacts() {
  const box = $("facts");
  box.replaceChildren(el("legend", {}, "Facts of this meeting"));
  for (const [name, spec] of Object.entries(book?.facts || {})) {
    const id = `fact-${name}`;
    const options = [el("option", { value: "" }, spec.default === null ? "— choose —" : `default: ${show(spec.default)}`),
      ...spec.values.map((v) => el("option", { value: JSON.stringify(v) }, show(v))),
      el("option", { value: JSON.stringify("choose") }, "let the planner choose")];
    const given = state.f[name];
    // A value the rulebook does not allow (from an upload) stays, marked, so nothing typed is lost.
    if (given !== undefined && given !== "choose" && !spec.values.some((v) => v === given)) {
      options.push(el("option", { value: JSON.stringify(given) }, `${show(given)} (not allowed)`));
    }
    const select = el("select", { id, name, "data-loc": `scenario.facts.${name} facts.${name}`,
      "aria-describedby": `${id}-doc ${id}-error` }, options);
    select.value = given === undefined ? "" : JSON.stringify(given);
    select.addEventListener("change", () => {
      if (select.value === "") delete state.f[name];
      else state.f[name] = JSON.parse(select.value);
    });
    box.append(el("div", { class: "field" }, el("label", { for: id }, name.replaceAll("_", " ")), select,
      el("p", { class: "doc", id: `${id}-doc` }, spec.doc || ""), el("p", { class: "error", id: `${id}-error`, role: "alert" })));
  }
}

function fillForm() {
  const select = $("rulebook");
  const options = bundled.map((name) => el("option", { value: name }, name));
  if (state.ub) options.unshift(el("option", { value: "@upload" }, state.dq ? `drafted from ${state.dq.source}: ${state.ub.id}` : `uploaded: ${state.ub.id || "(no id)"}`));
  select.replaceChildren(...options);
  select.value = state.ub ? "@upload" : state.rb;
  $("rulebook-doc").textContent = book ? `${book.title}. ${book.document}` : "";
  $("year").value = state.y;
  $("incorporation").value = state.inc;
  $("listing").value = state.lst;
  $("closures").value = state.cl.join("\n");
  $("office-closures").value = (state.oc || []).join("\n"); // a link made before the field has none
  $("drop").value = state.dr.join(", ");
  $("fixed-date").value = state.fd;
  $("years").value = state.yr || `${state.y}-${Number(state.y) + 2}`;
  $("reset-changes").hidden = !changed();
  buildFacts();
  $("draft").replaceChildren(...(state.dq ? [draftReview(state.dq)] : []));
}

const lines = (text) => text.split(/[\n;]+/).map((line) => line.trim()).filter(Boolean);

function readForm() {
  state.y = Number($("year").value) || $("year").value;
  state.inc = $("incorporation").value.trim().toUpperCase();
  state.lst = $("listing").value;
  // One a line: a yearly date ("December 24", "last Friday of November") has spaces.
  state.cl = lines($("closures").value);
  state.oc = lines($("office-closures").value);
  state.dr = $("drop").value.split(/[\s,]+/).filter(Boolean);
}

const changed = () => Object.keys(state.rx).length + Object.keys(state.pins).length + state.wv.length + Object.keys(state.mv).length > 0;

async function loadBook() {
  book = state.ub || (state.rb ? await get(`/v1/rulebooks/${encodeURIComponent(state.rb)}`) : null);
}

// The request: the scenario from the upload or the form, the fixes applied --------------------------

function relaxed(rule, days) {
  // A fix "let the rule give N days" adds N days to each of the rule's margins, as the explanation counts them.
  if (rule.kind !== "gap" || (rule.min_days == null && rule.max_days == null) || rule.max_months != null) return null;
  const out = { ...rule };
  if (rule.min_days != null) out.min_days = Math.max(0, rule.min_days - days);
  if (rule.max_days != null) out.max_days = rule.max_days + days;
  return out;
}

function request() {
  const base = state.up || {};
  const scenario = {
    schema_version: 1, name: base.name || `${book?.title || state.rb} ${state.y}`, ...base,
    rulebook: state.ub ? state.ub.id : state.rb, year: state.y, facts: { ...(base.facts || {}), ...state.f },
    listing: state.lst, rules: [...(base.rules || [])],
  };
  if (state.oc?.length) scenario.office_closures = state.oc;
  if (state.inc) scenario.incorporation = state.inc;
  else if (!base.incorporation) delete scenario.incorporation;
  let inline = state.ub ? structuredClone(state.ub) : null;
  const drop = [...state.dr, ...state.wv];
  for (const [id, days] of Object.entries(state.rx)) {
    const own = scenario.rules.findIndex((r) => r.id === id);
    const inBook = (book?.rules || []).findIndex((r) => r.id === id);
    const rule = own >= 0 ? scenario.rules[own] : inBook >= 0 ? book.rules[inBook] : null;
    const eased = rule && relaxed(rule, days);
    if (!eased) drop.push(id); // a pack's rule, or one not countable in days: planned as waived
    else if (own >= 0) scenario.rules[own] = eased;
    else {
      inline = inline || structuredClone(book);
      inline.rules[inBook] = eased;
    }
  }
  for (const [event, date] of Object.entries(state.pins)) {
    scenario.rules.push({ id: `app-pin-${event}`.replaceAll("_", "-"), kind: "on_date", source: "operational",
      cite: "Web app: date chosen", summary: `${event} on ${date}, as chosen in the web app.`, event, date });
  }
  const body = { scenario, holidays: state.cl, drop: [...new Set(drop)] };
  if (inline) body.rulebook = inline;
  return body;
}

// Views ------------------------------------------------------------------------------------------

function table(headers, rows, caption) {
  return el("table", {}, caption ? el("caption", {}, caption) : null,
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c, i) => (i ? el("td", {}, c) : el("th", { scope: "row" }, c)))))));
}

// What the plan says about itself: warnings, notes (a waived notice), and its coverage (the law it was
// and was not checked against, unverified rules, events bounded on one side only), as the API gives them.
function notes(plan) {
  const items = [];
  for (const w of plan.warnings) items.push(el("li", { class: "warning" }, `Warning: ${w}`));
  for (const w of plan.external?.warnings || []) items.push(el("li", { class: "warning" }, `Warning: ${w}`));
  for (const n of plan.notes || []) items.push(el("li", { class: "note" }, `Note: ${n}`));
  if (plan.packs.length) items.push(el("li", {}, `Rule packs applied: ${plan.packs.join(", ")}.`));
  const cov = plan.coverage;
  const list = (kind, lines) => el("ul", { "data-coverage": kind }, lines.map((line) => el("li", {}, line)));
  if (cov) {
    items.push(el("li", {}, "Checked against:", list("checked_against", cov.checked_against)));
    for (const line of cov.not_checked) {
      // A gap the warnings already name (no state given) is shown once, as coverage.
      const said = items.findIndex((li) => li.textContent === `Warning: ${line}`);
      if (said >= 0) items.splice(said, 1);
      items.push(el("li", { class: "warning", "data-coverage": "not_checked" }, line));
    }
    if (cov.unverified_rules.length) {
      items.push(el("li", { class: "warning" }, `${cov.unverified_rules.length} rule(s) not verified against their source (marked [unverified]):`,
        list("unverified_rules", cov.unverified_rules)));
    }
    if (cov.unconstrained.length) {
      items.push(el("li", {}, "Bounded on one side only (planned next to the step they serve):", list("unconstrained", cov.unconstrained)));
    }
  }
  for (const f of plan.findings) items.push(el("li", {}, `Finding: ${f.text}`));
  return items.length ? el("section", { "aria-label": "Warnings, notes and coverage", class: "notes" }, el("h3", {}, "Warnings, notes and coverage"), el("ul", {}, items)) : null;
}

function calendarTable(plan, movable) {
  const rules = new Map(plan.rules.map((r) => [r.id, r]));
  const rows = plan.events.filter((e) => e.date).map((event) => {
    const ids = event.binding.length ? event.binding : event.tightest;
    const shown = ids.map((id) => rules.get(id)).filter(Boolean);
    const ruleCell = el("span", {}, shown.map((r, i) => {
      const tag = el("span", { tabindex: "0", class: `rule-ref${r.slack_days === 0 ? " binding" : ""}` }, `${i ? "; " : ""}${r.cite} (${r.id})`);
      attachTooltip(tag, [`${r.cite}: ${r.id}`, r.summary, r.text, `margin ${margin(r)} days`]);
      return tag;
    }));
    const slack = shown.length ? Math.min(...shown.map((r) => r.slack_days ?? Infinity)) : null;
    const cells = [event.date, event.weekday.slice(0, 3), event.label, ruleCell,
      slack === null || slack === Infinity ? "" : slack === 0 ? el("strong", {}, "0 (binding)") : String(slack)];
    if (movable) {
      const id = `move-${event.id}`;
      const input = el("input", { type: "date", id, value: state.mv[event.id] || event.date, "aria-label": `Move ${event.label} to` });
      const button = el("button", { type: "button", "data-move": event.id }, "Check");
      button.addEventListener("click", () => {
        state.mv[event.id] = input.value;
        runCheck();
      });
      cells.push(el("span", { class: "move" }, input, button));
    }
    return el("tr", { "data-event": event.id }, cells.map((c, i) => (i ? el("td", {}, c) : el("th", { scope: "row" }, c))));
  });
  const headers = ["Date", "Day", "What to do", "Rule", "Margin (days)", ...(movable ? ["What if it moved?"] : [])];
  return el("table", { class: "calendar" }, el("caption", {}, "The calendar: each step, the rule that sets it and its margin"),
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))), el("tbody", {}, rows));
}

function fixButton(fix) {
  const label = fix.allowed ? fix.text : `Plan as if: ${fix.text}`;
  const attrs = { type: "button", class: `fix${fix.allowed ? "" : " legal"}`, "data-fix": `${fix.kind}:${fix.target}` };
  if (fix.together?.length) attrs["data-together"] = fix.together.join(" "); // relaxed with the target
  const button = el("button", attrs, label);
  button.addEventListener("click", () => applyFix(fix));
  return el("li", {}, button, fix.allowed ? null : el("p", { class: "doc" }, `Needs a legal step: ${fix.legal_route || "none known"}.`));
}

function conflicts(explanation, withFixes = true) {
  if (!explanation) return null;
  return el("section", { class: "conflicts", "aria-label": "Why there is no calendar" },
    el("h3", {}, "Why there is no calendar"),
    // Past its time limit an explanation gives what it found: said first, since more may exist.
    explanation.stopped ? el("p", { class: "stopped" }, `The explanation ${explanation.stopped}.`) : null,
    el("ul", {}, explanation.conflicts.map((c) => el("li", {}, c.text, el("p", { class: "doc" }, `Cites: ${c.cites.join("; ")}`)))),
    withFixes ? el("h3", {}, "Fixes: each re-plans with the change applied") : null,
    !withFixes ? null : explanation.fixes.length ? el("ul", { class: "fixes" }, explanation.fixes.map(fixButton))
      : el("p", {}, explanation.stopped ? "No fix was found before the time limit." : "No single change fixes it."));
}

const named = (plan) => (plan.scenario.includes(String(plan.year)) ? plan.scenario : `${plan.scenario} (${plan.year})`);

function renderPlan(plan) {
  lastPlan = plan;
  const ok = plan.status === "feasible" || plan.status === "compliant";
  const head = el("h2", { id: "plan-status", class: ok ? "ok" : "bad" },
    ok ? `Calendar for ${named(plan)}` : `No calendar for ${named(plan)}: the rules conflict`);
  const parts = [head, notes(plan)];
  if (ok) {
    parts.push(calendarTable(plan, true), el("div", { id: "check" }), el("h3", {}, "Timeline"),
      el("p", { class: "doc" }, "Hover or focus an event or a rule to see it; red marks a binding rule (no margin left)."), timeline(plan));
  } else {
    parts.push(conflicts(plan.explanation));
  }
  parts.push(el("details", {}, el("summary", {}, "Every rule, its status and margin"),
    table(["Rule", "Cite", "Class", "Status", "Margin", "Requires"],
      plan.rules.map((r) => [r.id, r.cite, r.layer, `${r.status}${r.verified ? "" : " [unverified]"}`, margin(r), r.text]))));
  $("result").replaceChildren(...parts.filter(Boolean));
  $("downloads").hidden = !ok;
  $("reset-changes").hidden = !changed();
}

function renderCheck(result) {
  const broken = result.rules.filter((r) => r.status === "violated");
  const moves = Object.entries(state.mv).map(([e, d]) => `${e} to ${d}`).join(", ");
  const box = $("check");
  if (!box) return;
  box.replaceChildren(el("section", { class: broken.length ? "bad" : "ok", "aria-live": "polite", "aria-label": "What the move breaks" },
    el("h3", {}, broken.length ? `Moving ${moves} breaks ${broken.length} rule(s)` : `Moving ${moves} breaks no rule`),
    broken.length ? el("ul", { class: "broken" }, broken.map((r) => el("li", { "data-rule": r.id },
      `${r.cite} (${r.id}): ${r.text}: broken by ${-r.slack_days} day(s)`))) : el("p", {}, "Every rule still holds."),
    el("button", { type: "button", id: "clear-moves" }, "Put the dates back")));
  $("clear-moves").addEventListener("click", () => {
    state.mv = {};
    runPlan();
  });
}

// Actions ----------------------------------------------------------------------------------------

async function act(text, scope, fallback, work) {
  clearErrors(scope);
  busy(text);
  try {
    await work();
    saveState();
  } catch (error) {
    showError(error, scope, fallback);
  } finally {
    busy("");
  }
}

async function runPlan() {
  readForm();
  showView("plan");
  const ticket = ++latest.plan;
  await act("Planning…", $("plan-form"), "form-error", async () => {
    await loadBook();
    const plan = await post("/v1/plan", request());
    if (ticket !== latest.plan) return;
    renderPlan(plan);
    if (Object.keys(state.mv).length && (plan.status === "feasible" || plan.status === "compliant")) await check(plan);
  });
}

async function check(plan) {
  const events = Object.fromEntries(plan.events.filter((e) => e.date).map((e) => [e.id, e.date]));
  Object.assign(events, state.mv);
  renderCheck(await post("/v1/check", { ...request(), dates: { events, facts: plan.facts } }));
}

async function runCheck() {
  await act("Checking…", $("plan-form"), "form-error", () => check(lastPlan));
}

function applyFix(fix) {
  if (fix.kind === "change_fact") state.f[fix.target] = fix.value;
  else if (fix.kind === "waive_rule") state.wv.push(fix.target);
  else if (fix.kind === "relax_rule") {
    // A joint fix (rules stating the same limit, a bylaw restating its statute): each gives the same days.
    for (const id of [fix.target, ...(fix.together || [])]) state.rx[id] = (state.rx[id] || 0) + fix.days;
  }
  else if (fix.kind === "move_date") {
    // "move EVENT to Fri YYYY-MM-DD, N days from what CITE sets": pin the event there, the rule set aside.
    const found = /^move (\S+) to \w{3} (\d{4}-\d{2}-\d{2})/.exec(fix.text);
    if (found) state.pins[found[1]] = found[2];
    state.wv.push(fix.target);
  }
  fillForm();
  runPlan();
}

let latest = { plan: 0, datemap: 0 }; // only the answer to the newest request of a kind is shown

async function runDateMap() {
  readForm();
  state.fd = $("fixed-date").value;
  const ticket = ++latest.datemap;
  await act("Mapping the year…", $("plan-form"), "form-error", async () => {
    await loadBook();
    const map = await post("/v1/datemap", { ...request(), fixed_date: state.fd });
    if (ticket !== latest.datemap) return;
    $("datemap").replaceChildren(heatMap(map, (date) => {
      state.pins[map.event] = date;
      if (state.fd === "set_aside") state.wv = [...new Set([...state.wv, ...map.set_aside.map((r) => r.id)])];
      runPlan();
    }));
  });
}

async function runYears() {
  readForm();
  state.yr = $("years").value.trim();
  await act("Planning the years…", $("years-form"), "form-error", async () => {
    await loadBook();
    const { scenario, rulebook, holidays, drop } = request();
    const result = await post("/v1/years", { scenario, rulebook, holidays, drop, years: state.yr });
    const ids = [];
    for (const cycle of result.cycles) for (const e of cycle.plan?.events || []) if (e.date && !ids.includes(e.id)) ids.push(e.id);
    const label = (id) => result.cycles.flatMap((c) => c.plan?.events || []).find((e) => e.id === id)?.label || id;
    const rows = ids.map((id) => [label(id), ...result.cycles.map((c) => {
      const e = (c.plan?.events || []).find((x) => x.id === id);
      return e?.date ? `${e.date} ${e.weekday.slice(0, 3)}` : "—";
    })]);
    rows.unshift(["Status", ...result.cycles.map((c) => c.status)]);
    $("years-result").replaceChildren(table(["Step", ...result.cycles.map((c) => String(c.year))], rows, `${result.scenario}, ${result.first} to ${result.last}`),
      ...result.cycles.filter((c) => c.plan?.explanation).map((c) => el("p", { class: "bad" }, `${c.year}: `,
        c.plan.explanation.conflicts.map((x) => x.text).join(" "))));
  });
}

function changeResult(result, target) {
  const plan = result.plan;
  $(target).replaceChildren(
    el("h3", {}, `${result.status.replaceAll("_", " ")}${result.days_later != null ? `: ${result.days_later} days later` : ""}`),
    el("ul", {}, (result.requirements || []).map((r) => el("li", {}, el("strong", {}, `${r.topic.replaceAll("_", " ")}: `), r.text))),
    ...(result.assumptions || []).map((a) => el("p", { class: "doc" }, `Assumption: ${a}`)),
    plan && plan.events.some((e) => e.date) ? calendarTable(plan, false) : null,
    conflicts(plan?.explanation, false));
}

async function runAdjourn() {
  readForm();
  await act("Working out the adjournment…", $("adjourn-form"), "adjourn-error", async () => {
    if (!lastPlan) await runPlanQuiet();
    const { scenario, rulebook, holidays } = request();
    const events = Object.fromEntries(lastPlan.events.filter((e) => e.date).map((e) => [e.id, e.date]));
    const body = { scenario, rulebook, holidays, dates: { events }, to: $("adjourn-to").value || null,
      postponed: $("adjourn-postponed").checked, reason: $("adjourn-reason").value, new_record_date: $("adjourn-new-record").checked };
    if ($("adjourn-decided").value) body.decided = $("adjourn-decided").value;
    changeResult(await post("/v1/adjourn", body), "adjourn-result");
  });
}

async function runPlanQuiet() {
  await loadBook();
  lastPlan = await post("/v1/plan", request());
}

async function runSpecial() {
  readForm();
  await act("Planning the special meeting…", $("special-form"), "special-error", async () => {
    await loadBook();
    const { scenario, rulebook, holidays } = request();
    const body = { scenario, rulebook, holidays, [$("special-trigger").value]: $("special-date").value || null };
    if ($("special-meeting").value) body.meeting = $("special-meeting").value;
    const trigger = $("special-trigger").value;
    $("special-date").dataset.loc = trigger; // the error for demand or called lands on this field
    changeResult(await post("/v1/special", body), "special-result");
  });
}

// A bylaws document: drafted by the API, shown for review, then planned as an uploaded rulebook
// (its scenario skeleton as the uploaded scenario), so fixes, moves and links work on it as on any.
async function draftBylaws() {
  const input = $("upload-bylaws");
  const file = input.files[0];
  if (!file) return;
  readForm();
  let drafted = false;
  await act("Drafting rules from the bylaws…", $("bylaws-field"), "upload-bylaws-error", async () => {
    const body = await bylawsBody(file, MAX_UPLOAD);
    if (state.inc) body.state = state.inc;
    if (Number.isInteger(state.y)) body.year = state.y;
    let draft;
    try {
      draft = await post("/v1/draft", body);
    } catch (error) {
      // Whatever the API names (the format, the document, the body's size), it is about this file.
      if (error instanceof ApiError) for (const d of error.detail) if (!d.loc.length || d.loc.join(".") === "body") d.loc = ["body", "document"];
      throw error;
    }
    Object.assign(state, { ub: draft.rulebook, up: draft.scenario, dq: reviewOf(draft), f: {}, rx: {}, pins: {}, wv: [], mv: {} });
    await loadBook();
    fillForm();
    drafted = true;
  });
  if (drafted) await runPlan();
}

// Timelines: the form's row (when it holds anything) first, then the pasted rows; an error in a
// pasted row is shown at the paste box with its line.
async function runTimelines() {
  const form = $("timelines-form");
  await act("Checking the timelines…", form, "timelines-error", async () => {
    const row = { company: $("tl-company").value.trim(), state: $("tl-state").value.trim().toUpperCase(), listing: $("tl-listing").value,
      kind: $("tl-kind").value, record_date: $("tl-record").value, mailing_date: $("tl-mailing").value, meeting_date: $("tl-meeting").value };
    const own = row.state || row.record_date || row.mailing_date || row.meeting_date;
    const pasted = timelinesFromCsv($("tl-csv").value);
    const timelines = [], sources = [], lines = [];
    if (own || !pasted.length) {
      timelines.push(Object.fromEntries(Object.entries(row).filter(([, v]) => v !== "")));
      sources.push("the form");
      lines.push(null);
    }
    for (const { line, timeline } of pasted) timelines.push(timeline), sources.push(`line ${line}`), lines.push(line);
    try {
      const answer = await post("/v1/timelines", { timelines });
      $("timelines-result").replaceChildren(verdictsTable(answer.verdicts, sources));
    } catch (error) {
      if (error instanceof ApiError) {
        for (const d of error.detail) {
          const i = d.loc[0] === "body" && d.loc[1] === "timelines" ? d.loc[2] : undefined;
          if (typeof i === "number" && lines[i] !== null) {
            const field = d.loc.slice(3).join(".");
            d.msg = `line ${lines[i]}: ${field ? `${field}: ` : ""}${d.msg}`;
            d.loc = ["body", "csv"];
          }
        }
      }
      throw error;
    }
  });
}

// Uploads: parsed here (YAML core schema: dates stay text), checked by the API like any request.
async function readUpload(input) {
  const file = input.files[0];
  if (!file) return null;
  if (file.size > MAX_UPLOAD) throw new ApiError(422, [{ loc: ["body", input.dataset.loc], msg: `file is larger than ${MAX_UPLOAD} bytes (the service's limit)` }]);
  let data;
  try {
    data = loadYaml(await file.text(), { schema: CORE_SCHEMA, filename: file.name });
  } catch (error) {
    const line = error.mark ? ` at line ${error.mark.line + 1}` : "";
    throw new ApiError(422, [{ loc: ["body", input.dataset.loc], msg: `malformed YAML${line}: ${error.reason || error.message}` }]);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new ApiError(422, [{ loc: ["body", input.dataset.loc], msg: "expected a mapping at the top" }]);
  }
  return data;
}

async function uploadScenario() {
  await act("Reading the scenario…", $("plan-form"), "form-error", async () => {
    const data = await readUpload($("upload-scenario"));
    if (!data) return;
    readForm();
    state.up = data;
    // What the file says wins; what it leaves out keeps what the form holds.
    if (typeof data.rulebook === "string" && !state.ub) state.rb = data.rulebook;
    if (data.year !== undefined) state.y = data.year;
    if (data.incorporation !== undefined) state.inc = String(data.incorporation);
    if (data.listing !== undefined) state.lst = String(data.listing);
    if (data.facts && typeof data.facts === "object") Object.assign(state.f, data.facts);
    Object.assign(state, { rx: {}, pins: {}, wv: [], mv: {} });
    if (!state.ub && !bundled.includes(state.rb)) {
      fillForm();
      throw new ApiError(422, [{ loc: ["body", "rulebook"], msg: `names rulebook ${JSON.stringify(data.rulebook)}, which is not bundled: upload it too` }]);
    }
    await loadBook();
    fillForm();
  });
  if (!$("plan-form").querySelector("[aria-invalid]")) await runPlan();
}

async function uploadRulebook() {
  await act("Reading the rulebook…", $("plan-form"), "form-error", async () => {
    const data = await readUpload($("upload-rulebook"));
    if (!data) return;
    readForm();
    state.ub = data;
    state.dq = null; // a rulebook of one's own replaces the draft
    await loadBook();
    fillForm();
  });
}

function showView(view) {
  state.v = view;
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

function openView(view) {
  showView(view);
  if (view === "datemap") runDateMap();
  else if (view === "plan") runPlan();
  else saveState();
}

// Start ------------------------------------------------------------------------------------------

function wire() {
  $("plan-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.mv = {};
    runPlan();
  });
  $("rulebook").addEventListener("change", async () => {
    readForm();
    const value = $("rulebook").value;
    if (value !== "@upload") Object.assign(state, { rb: value, ub: null, up: null, dq: null, f: {}, rx: {}, pins: {}, wv: [], mv: {} });
    await act("Loading the rulebook…", $("plan-form"), "form-error", async () => {
      await loadBook();
      fillForm();
    });
  });
  $("upload-scenario").addEventListener("change", uploadScenario);
  $("upload-rulebook").addEventListener("change", uploadRulebook);
  $("upload-bylaws").addEventListener("change", draftBylaws);
  $("timelines-form").addEventListener("submit", (e) => (e.preventDefault(), runTimelines()));
  $("reset-changes").addEventListener("click", () => {
    Object.assign(state, { rx: {}, pins: {}, wv: [], mv: {} });
    runPlan();
  });
  $("fixed-date").addEventListener("change", runDateMap);
  $("years-form").addEventListener("submit", (e) => (e.preventDefault(), runYears()));
  $("adjourn-form").addEventListener("submit", (e) => (e.preventDefault(), runAdjourn()));
  $("special-form").addEventListener("submit", (e) => (e.preventDefault(), runSpecial()));
  for (const button of document.querySelectorAll("[data-export]")) {
    button.addEventListener("click", () => act("Preparing the file…", $("plan-form"), "form-error", async () => {
      busy(`Saved ${await download({ ...request(), format: button.dataset.export })}`);
    }));
  }
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => openView(tab.dataset.view));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowLeft: -1, ArrowRight: 1 }[e.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      openView(next.dataset.view);
    });
  }
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setToken($("token").value);
    $("token-box").hidden = true;
    start();
  });
}

async function start() {
  try {
    bundled = await get("/v1/rulebooks");
    packs = await Promise.all((await get("/v1/packs")).map(async (name) => ({ name, applies: (await get(`/v1/packs/${name}`)).applies })));
  } catch (error) {
    if (error.status === 401) return askToken();
    $("form-error").textContent = `The planner's API does not answer: ${error.message}`;
    return;
  }
  $("states").replaceChildren(...packs.filter((p) => p.applies.incorporation).map((p) => el("option", { value: p.applies.incorporation }, p.name)));
  const hash = location.hash.startsWith("#s=") ? location.hash.slice(3) : "";
  try {
    state = hash ? decodeState(hash) : { ...fresh(), rb: bundled.includes("williams-natural-gas") ? "williams-natural-gas" : bundled[0] };
  } catch {
    state = { ...fresh(), rb: bundled[0] };
    $("form-error").textContent = "The link's plan could not be read; starting afresh.";
  }
  await act("Loading the rulebook…", $("plan-form"), "form-error", async () => {
    await loadBook();
    fillForm();
  });
  showView(state.v);
  document.body.dataset.ready = "true"; // for the browser tests: the form is built
  if (hash) {
    const view = state.v;
    await runPlan();
    if (view !== "plan") openView(view);
  }
}

wire();
start();
