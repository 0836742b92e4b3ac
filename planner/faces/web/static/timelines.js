// Published timelines checked against the law alone (POST /v1/timelines): pasted CSV rows read
// as `planner check --timelines` reads its file, and each verdict shown with the broken rules in words.

import { ApiError } from "/app/api.js";
import { el } from "/app/charts.js";

// The columns of planner.model.timeline.Timeline, in the order a row without a header gives them.
export const COLUMNS = ["company", "state", "listing", "kind", "record_date", "mailing_date", "meeting_date"];
export const MAX_TIMELINES = 500; // the most one request takes (TimelinesRequest.timelines)

// RFC 4180 fields: quotes around a field may hold commas, newlines and doubled quotes.
// Returns the records, each with the line it starts on.
export function parseCsv(text) {
  const records = [];
  let field = "", record = [], quoted = false, line = 1, start = 1, touched = false;
  const endRecord = () => {
    record.push(field);
    if (touched || record.length > 1 || field.trim()) records.push({ line: start, cells: record });
    field = "", record = [], touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"') (quoted = true), (touched = true);
    else if (c === ",") record.push(field), (field = ""), (touched = true);
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) throw new ApiError(422, [{ loc: ["body", "csv"], msg: `line ${start}: a quoted field is not closed` }]);
  endRecord();
  return records;
}

// The timelines of pasted CSV, with a header line (named columns, others ignored, as the CLI does)
// or without (the columns in COLUMNS' order). Empty cells are left out, so the defaults apply.
export function timelinesFromCsv(text) {
  const records = parseCsv(text.replace(/^\ufeff/, ""));
  if (!records.length) return [];
  const head = records[0].cells.map((c) => c.trim().toLowerCase());
  const named = head.includes("meeting_date");
  const columns = named ? head : COLUMNS;
  const rows = named ? records.slice(1) : records;
  if (rows.length > MAX_TIMELINES) throw new ApiError(422, [{ loc: ["body", "csv"], msg: `${rows.length} rows; at most ${MAX_TIMELINES} at once` }]);
  return rows.map(({ line, cells }) => {
    if (!named && cells.length > COLUMNS.length) {
      throw new ApiError(422, [{ loc: ["body", "csv"], msg: `line ${line}: ${cells.length} columns; without a header a row has at most ${COLUMNS.length} (${COLUMNS.join(", ")})` }]);
    }
    const timeline = {};
    cells.forEach((cell, i) => {
      if (COLUMNS.includes(columns[i]) && cell.trim()) timeline[columns[i]] = cell.trim();
    });
    return { line, timeline };
  });
}

const VERDICT = { compliant: "compliant", "compliant as far as given": "compliant as far as given", non_compliant: "not compliant", error: "could not be checked" };

function why(v) {
  const items = [];
  for (const b of v.broken) items.push(el("li", { class: "broken-rule" }, b));
  if (v.error) items.push(el("li", { class: "row-error" }, v.error));
  for (const n of v.not_checked) items.push(el("li", { class: "warning" }, n));
  if (v.not_given.length) items.push(el("li", {}, `Not given, so not checked: ${v.not_given.map((e) => e.replaceAll("_", " ")).join(", ")}.`));
  if (v.packs.length) items.push(el("li", {}, `Checked against: ${v.packs.join(", ")}.`));
  return el("ul", {}, items);
}

// One row a verdict; `sources` names where each timeline came from ("the form", "line 3").
export function verdictsTable(verdicts, sources) {
  const tally = {};
  for (const v of verdicts) tally[VERDICT[v.verdict]] = (tally[VERDICT[v.verdict]] || 0) + 1;
  const summary = Object.entries(tally).map(([k, n]) => `${n} ${k}`).join(", ");
  return el("table", { class: "verdicts" },
    el("caption", {}, `${verdicts.length} timeline${verdicts.length === 1 ? "" : "s"} checked: ${summary}`),
    el("thead", {}, el("tr", {}, ["From", "Company", "State, listing, kind", "Record", "Mailing", "Meeting", "Verdict", "Why"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, verdicts.map((v, i) => el("tr", { "data-verdict": v.verdict },
      el("th", { scope: "row" }, sources[i]), el("td", {}, v.company || "—"),
      el("td", {}, `${v.state}, ${v.listing === "none" ? "not listed" : v.listing.toUpperCase()}, ${v.kind}`),
      el("td", {}, v.record_date || "—"), el("td", {}, v.mailing_date || "—"), el("td", {}, v.meeting_date),
      el("td", { class: v.verdict === "non_compliant" || v.verdict === "error" ? "bad" : "ok" }, VERDICT[v.verdict]),
      el("td", {}, why(v))))));
}
