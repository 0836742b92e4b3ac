// Starting from a bylaws document: the file as POST /v1/draft takes it, and the draft shown for
// review (each drafted rule with its quote and confidence, the drafter's questions beside the rules
// they concern, the sentences it did not understand).

import { ApiError } from "/app/api.js";
import { el } from "/app/charts.js";

// The extensions the drafter reads (planner.drafting.text.FORMATS); text ones may travel as JSON text.
export const BYLAWS_FORMATS = [".txt", ".md", ".markdown", ".htm", ".html", ".xml", ".docbook", ".jsx", ".pdf", ".docx"];
const TEXT_FORMATS = new Set([".txt", ".md", ".markdown", ".htm", ".html", ".xml", ".docbook", ".jsx"]);

const extension = (name) => (/\.[^.]+$/.exec(name)?.[0] || "").toLowerCase();

function base64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

// The request body for a file: UTF-8 text as text (smaller), anything else (PDF, Word, a cp1252
// EDGAR export) as its bytes in base64, so the server decodes it as the CLI would. The body must fit
// the service's limit as sent (base64 is 4/3 of the file), checked here so no request is wasted.
export async function bylawsBody(file, maxBytes) {
  const fail = (msg) => new ApiError(422, [{ loc: ["body", "name"], msg }]);
  if (!BYLAWS_FORMATS.includes(extension(file.name))) {
    throw fail(`unknown document format ${JSON.stringify(extension(file.name) || "(none)")}; give one of ${BYLAWS_FORMATS.join(", ")}`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let body = null;
  if (TEXT_FORMATS.has(extension(file.name))) {
    try {
      body = { name: file.name, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      // not UTF-8: sent as bytes below
    }
  }
  body = body || { name: file.name, content_base64: base64(bytes) };
  const size = new TextEncoder().encode(JSON.stringify(body)).length;
  if (size > maxBytes) {
    const how = body.text === undefined ? " in base64" : "";
    throw fail(`the file is ${file.size} bytes, ${size} as sent${how}: more than the service's limit of ${maxBytes} bytes`);
  }
  return body;
}

// What the page keeps of a draft (and the link carries): everything the review shows.
export function reviewOf(draft) {
  const count = (status) => draft.coverage.filter((c) => c.status === status).length;
  return {
    source: draft.source, rules: draft.rules, dates: draft.dates || [], questions: draft.questions,
    counts: { drafted: count("drafted"), out_of_scope: count("out_of_scope"), not_understood: count("not_understood"),
      understood_not_drafted: count("understood_not_drafted") },
    not_understood: draft.coverage.filter((c) => c.status === "not_understood").map(({ cite, line, sentence, reason }) => ({ cite, line, sentence, reason })),
  };
}

// A question concerns a rule when it names the rule (two sections in conflict) or was asked of the
// same sentence (same line and section).
export function concerns(question, rule) {
  return new RegExp(`\\b${rule.id}\\b`).test(question.question)
    || (question.line === rule.line && question.cite.split("; ").includes(rule.cite));
}

const when = (rule) => Object.entries(rule.when).map(([fact, value]) => `${fact.replaceAll("_", " ")} ${Array.isArray(value) ? `is one of ${value.join(", ")}` : `is ${value}`}`);

// The rule in words: "record date at least 10 and at most 60 days before meeting".
export function ruleWords(rule) {
  const label = (event) => event.replaceAll("_", " ");
  const maxUnit = rule.max_unit || rule.unit;
  let bounds;
  if (rule.min !== null && rule.max !== null) {
    bounds = maxUnit === rule.unit ? `at least ${rule.min} and at most ${rule.max} ${rule.unit}`
      : `at least ${rule.min} ${rule.unit} and at most ${rule.max} ${maxUnit}`;
  } else if (rule.min !== null) bounds = `at least ${rule.min} ${rule.unit}`;
  else bounds = `at most ${rule.max} ${maxUnit}`;
  const condition = when(rule);
  return `${label(rule.before)} ${bounds} before ${label(rule.after)}${condition.length ? `, when ${condition.join(" and ")}` : ""}`;
}

const ROLL_WORDS = {
  none: "", next_business_day: ", or the next business day if it is not one",
  previous_business_day: ", or the business day before if it is not one", next_non_holiday: ", or the next day if it is a holiday",
};

// The meeting date in words: "meeting on first Tuesday of May" or "meeting between June 1 and June 30".
export function dateWords(fixed) {
  const event = fixed.event.replaceAll("_", " ");
  const day = fixed.kind === "on_date" ? `${event} on ${fixed.day}`
    : `${event} ${fixed.not_before ? `not before ${fixed.not_before}` : ""}${fixed.not_before && fixed.not_after ? " and " : ""}${fixed.not_after ? `not after ${fixed.not_after}` : ""}`;
  const condition = when(fixed);
  return `${day}${ROLL_WORDS[fixed.roll] ?? `, roll ${fixed.roll}`}${condition.length ? `, when ${condition.join(" and ")}` : ""}`;
}

export function draftReview(review) {
  const questionList = (questions) => el("ul", { class: "questions" }, questions.map((q) => el("li", { "data-kind": q.kind }, q.question)));
  const placed = new Set();
  const dates = review.dates || [];
  const row = (rule, words) => {
    const asked = review.questions.filter((q) => concerns(q, rule));
    for (const q of asked) placed.add(q);
    return el("tr", { "data-rule": rule.id, class: asked.length ? "asked" : null },
      el("th", { scope: "row" }, rule.id),
      el("td", {}, `${rule.cite} (line ${rule.line})`),
      el("td", {}, words),
      el("td", {}, el("blockquote", {}, rule.quote)),
      el("td", { class: "confidence" }, `${Math.round(rule.confidence * 100)}%`),
      el("td", {}, asked.length ? questionList(asked) : "—"));
  };
  const rows = review.rules.map((rule) => row(rule, ruleWords(rule)));
  const dateRows = dates.map((fixed) => row(fixed, dateWords(fixed)));
  const header = (first) => el("thead", {}, el("tr", {}, [first, "Section", "Reads", "Quote", "Confidence", "Questions"].map((h) => el("th", { scope: "col" }, h))));
  const others = review.questions.filter((q) => !placed.has(q));
  const n = review.rules.length, q = review.questions.length;
  return el("section", { id: "draft-review", "aria-labelledby": "draft-title" },
    el("h2", { id: "draft-title" }, `Drafted from ${review.source}: ${n} rule${n === 1 ? "" : "s"}, ${q} question${q === 1 ? "" : "s"}`),
    el("p", { class: "doc warning" }, "A draft for a person to review, not a reading of the law: every drafted rule is unverified until "
      + "checked against its quote, "
      + (dates.length ? "the meeting date below is read from the bylaws' own words (check its holiday roll), "
        : "no meeting date was read from the bylaws (the calendar below puts the meeting anywhere in the plan year, a placeholder), ")
      + "and a question means the text left something open."),
    dates.length ? el("table", { class: "draft-dates" }, el("caption", {}, "Drafted meeting date: the sentence it comes from, and the questions about it"),
      header("Date rule"), el("tbody", {}, dateRows)) : null,
    n ? el("table", { class: "draft-rules" }, el("caption", {}, "Drafted rules: the sentence each comes from, and the questions about it"),
      header("Rule"), el("tbody", {}, rows)) : el("p", {}, "No rule drafted: no timing clause was read into a rule."),
    others.length ? el("section", { class: "other-questions", "aria-label": "Questions on no drafted rule" },
      el("h3", {}, "Questions on no drafted rule"),
      el("ul", { class: "questions" }, others.map((x) => el("li", { "data-kind": x.kind },
        el("strong", {}, `${x.cite}${x.line > 1 ? ` (line ${x.line})` : ""}: `), x.question, x.quote ? el("blockquote", {}, x.quote) : null)))) : null,
    el("details", { class: "draft-coverage" },
      el("summary", {}, `Sentences with a time expression: ${review.counts.drafted} drafted, ${review.counts.out_of_scope} out of scope, ${review.counts.not_understood} not understood`
        + (review.counts.understood_not_drafted ? `, ${review.counts.understood_not_drafted} understood but not drafted (see the questions)` : "")),
      review.not_understood.length ? el("ul", {}, review.not_understood.map((c) => el("li", {}, el("strong", {}, `${c.cite} (line ${c.line}): `), c.sentence,
        c.reason ? el("p", { class: "doc" }, c.reason) : null))) : el("p", {}, "Every such sentence was drafted or is out of scope.")));
}
