// The plan's timeline (SVG) and the date map's heat map (a grid of buttons), built with the DOM:
// no innerHTML with data, so a rule's text can never become markup.

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  node.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const day = (iso) => Date.parse(`${iso}T00:00:00Z`);
export const margin = (rule) => (rule.slack_days === null || rule.slack_days === undefined ? "" : `${rule.slack_days}`);

// Hover or focus shows a rule (or an event) in the shared tooltip; Escape or leaving hides it.
export function attachTooltip(target, lines) {
  const tip = document.getElementById("tooltip");
  const show = () => {
    tip.replaceChildren(...lines.map((line, i) => el(i ? "p" : "strong", {}, line)));
    const box = target.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = `${Math.max(4, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${window.scrollY + box.bottom + 6}px`;
  };
  const hide = () => (tip.hidden = true);
  target.addEventListener("mouseenter", show);
  target.addEventListener("focus", show);
  target.addEventListener("mouseleave", hide);
  target.addEventListener("blur", hide);
  target.addEventListener("keydown", (e) => e.key === "Escape" && hide());
}

// A rule that names exactly two dated events spans from one to the other; the others mark one day.
function spans(plan) {
  const byRule = new Map();
  for (const event of plan.events) {
    if (!event.date) continue;
    for (const id of event.rules) byRule.set(id, [...(byRule.get(id) || []), event]);
  }
  const rules = new Map(plan.rules.map((r) => [r.id, r]));
  const out = [];
  for (const [id, events] of byRule) {
    const rule = rules.get(id);
    if (!rule || rule.status === "not_applicable" || events.length !== 2) continue;
    const [a, b] = events.map((e) => day(e.date)).sort((x, y) => x - y);
    out.push({ rule, from: a, to: b, names: events.map((e) => e.id) });
  }
  return out.sort((x, y) => x.from - y.from || x.to - y.to || x.rule.id.localeCompare(y.rule.id));
}

export function timeline(plan) {
  const dated = plan.events.filter((e) => e.date).sort((a, b) => day(a.date) - day(b.date));
  if (!dated.length) return null;
  const ranges = spans(plan);
  const first = day(dated[0].date) - 3 * DAY;
  const last = day(dated[dated.length - 1].date) + 3 * DAY;
  const width = 1000, left = 10, right = 990, row = 22, top = 30;
  const x = (t) => left + ((t - first) / (last - first)) * (right - left);
  const height = top + (dated.length + ranges.length) * row + 20;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "group",
    "aria-label": "Timeline: each event on its date, each rule as a bar between its two events; binding rules in red" });
  // Month ticks, so the eye can place a date.
  const tick = new Date(first);
  tick.setUTCDate(1);
  for (tick.setUTCMonth(tick.getUTCMonth() + 1); tick.getTime() < last; tick.setUTCMonth(tick.getUTCMonth() + 1)) {
    const at = x(tick.getTime());
    chart.append(svg("line", { x1: at, x2: at, y1: 18, y2: height - 10, class: "month" }),
      svg("text", { x: at + 3, y: 14, class: "month-label" }, tick.toISOString().slice(0, 7)));
  }
  dated.forEach((event, i) => {
    const y = top + i * row;
    const binding = event.binding.length > 0;
    const g = svg("g", { tabindex: "0", role: "img", class: `event${binding ? " binding" : ""}`,
      "aria-label": `${event.date} ${event.weekday}: ${event.label}${binding ? `; binding: ${event.binding.join(", ")}` : ""}` });
    const cx = x(day(event.date));
    const anchorEnd = cx > width / 2;
    g.append(svg("circle", { cx, cy: y, r: binding ? 7 : 5 }),
      svg("text", { x: anchorEnd ? cx - 10 : cx + 10, y: y + 4, "text-anchor": anchorEnd ? "end" : "start" }, `${event.date} ${event.label}`));
    chart.append(g);
    attachTooltip(g, [`${event.label} (${event.id})`, `${event.weekday} ${event.date}`,
      `rules: ${event.rules.join(", ")}`, binding ? `binding: ${event.binding.join(", ")}` : `tightest: ${event.tightest.join(", ")}`]);
  });
  ranges.forEach((span, i) => {
    const y = top + (dated.length + i) * row;
    const binding = span.rule.slack_days === 0;
    const broken = span.rule.status === "violated";
    const g = svg("g", { tabindex: "0", role: "img", class: `span${binding ? " binding" : ""}${broken ? " broken" : ""}`,
      "aria-label": `${span.rule.id} (${span.rule.cite}): ${span.rule.text}; margin ${margin(span.rule)} days${binding ? ", binding" : ""}` });
    const x1 = x(span.from), x2 = Math.max(x(span.to), x1 + 2);
    const label = `${span.rule.id} (margin ${margin(span.rule)})`;
    const room = label.length * 7; // about 7 units a character at this size
    // Beside the bar where it fits (right, else left), else inside it.
    const [tx, anchor] = x2 + 6 + room < width ? [x2 + 6, "start"] : x1 - 6 - room > 0 ? [x1 - 6, "end"] : [x1 + 6, "start"];
    g.append(svg("rect", { x: x1, y: y - 5, width: x2 - x1, height: 10, rx: 3 }),
      svg("text", { x: tx, y: y + 4, "text-anchor": anchor, class: tx === x1 + 6 ? "inside" : "" }, label));
    chart.append(g);
    attachTooltip(g, [`${span.rule.cite}: ${span.rule.id}`, span.rule.summary, span.rule.text,
      `margin: ${margin(span.rule)} days${binding ? " (binding: no margin left)" : ""}`, `${span.rule.status}`]);
  });
  return chart;
}

const CATEGORY = { feasible: "a calendar exists", fixed_date: "the bylaws fix another date", legal: "a statute or bylaw blocks it",
  lead_time: "not enough time for the steps before it" };

// The year as a grid: a row per month, a button per day coloured by its verdict. One tab stop;
// the arrow keys move a day (left/right) or a week (up/down); Enter or a click chooses the day.
export function heatMap(map, choose) {
  const grid = el("div", { class: "heatmap", "data-fixed-date": map.fixed_date, role: "group", "aria-label": `Date map ${map.year}: ${map.event} on each day` });
  const buttons = [];
  const months = new Map();
  for (const d of map.days) {
    const month = d.date.slice(0, 7);
    if (!months.has(month)) months.set(month, []);
    months.get(month).push(d);
  }
  for (const [month, days] of months) {
    const row = el("div", { class: "month-row" }, el("span", { class: "month-name", "aria-hidden": "true" }, month));
    for (const d of days) {
      const why = d.feasible ? CATEGORY.feasible : `${CATEGORY[d.category] || d.category}: ${d.blocking.join(", ")}`;
      const button = el("button", { type: "button", class: `cell ${d.category}`, tabindex: "-1", "data-date": d.date,
        "aria-label": `${d.weekday} ${d.date}: ${why}` }, d.date.slice(8));
      button.addEventListener("click", () => choose(d.date));
      attachTooltip(button, [`${d.weekday} ${d.date}`, why]);
      buttons.push(button);
      row.append(button);
    }
    grid.append(row);
  }
  const start = buttons.find((b) => b.classList.contains("feasible")) || buttons[0];
  if (start) start.tabIndex = 0;
  grid.addEventListener("keydown", (e) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    const at = buttons.indexOf(document.activeElement);
    if (step === undefined || at < 0) return;
    e.preventDefault();
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + step))];
    buttons[at].tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  const legend = el("ul", { class: "legend", "aria-label": "Colours" },
    Object.entries(CATEGORY).map(([k, text]) => el("li", {}, el("span", { class: `cell ${k}`, "aria-hidden": "true" }), ` ${text}`)));
  return el("div", {}, legend, grid);
}
