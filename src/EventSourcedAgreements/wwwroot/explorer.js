// The participation explorer: reads the public API and keeps what it shows in the address, so a link shows the same.
import { agencyHref, agreementHref, el, fetchJson, isoDay, keepInAddress, link, moa, plural } from "/common.js";
import { drawChart, series, trimmed } from "/chart.js";
import { drawTiles, stateNames } from "/tiles.js";

const form = document.getElementById("query");
const asOf = document.getElementById("asOf");
const knownAt = document.getElementById("knownAt");
const model = document.getElementById("model");
const state = document.getElementById("state");
const status = document.getElementById("status");
const compare = document.getElementById("compare");
const from = document.getElementById("from");
const to = document.getElementById("to");

const timelineStart = "2005-01-31";
let timeline = [];
/** The "as known on" day the timeline was asked for ("" for today's knowledge). */
let timelineKnownAt = null;
/** What the page shows: the last answer applied, with the date and model it answers. */
let shown = null;
/** Whether the reader chose the dates of the changes (then they stay, and go into the address). */
let comparing = false;
/** Each load takes a number; an answer that is not the latest one asked for is dropped. */
let latest = 0;
let latestChanges = 0;

state.append(...[...stateNames].sort((a, b) => a[1].localeCompare(b[1])).map(([code, name]) => el("option", { value: code }, name)));

function address() {
  const params = new URLSearchParams({ asOf: shown ? shown.asOfText : asOf.value.trim() });
  if (shown?.knownAt) params.set("knownAt", shown.knownAt);
  if (shown?.model) params.set("model", shown.model);
  if (state.value) params.set("state", state.value);
  if (comparing && from.value.trim() && to.value.trim()) {
    params.set("from", from.value.trim());
    params.set("to", to.value.trim());
  }
  return params;
}

/** A signing date the list printed and the evidence does not support, marked as such with why. */
function disputed(reason) {
  const note = document.createElement("small");
  note.className = "disputed";
  note.textContent = ` disputed: ${reason}`;
  return note;
}

/** A row of the table, built with the plainest DOM calls: the 2025 lists have over 800. */
function participantRow(p) {
  const row = document.createElement("tr");
  row.insertCell().textContent = p.stateName;
  row.insertCell().append(link(p.agency, agreementHref(p.agreementId, shown.knownAt)));
  row.insertCell().textContent = p.modelName;
  const signed = row.insertCell();
  signed.textContent = p.signedOn;
  if (p.signingDispute) signed.append(disputed(p.signingDispute));
  row.insertCell().append(moa(p));
  if (shown.officers) row.insertCell().textContent = p.authorizedOfficers ?? 0;
  return row;
}

const headings = ["State", "Law enforcement agency", "Support type", "Signed", "MOA"];

/** The table's headings: ICE's layout, and the authorized officers only where the record knows officers. */
function renderHeadings() {
  const names = shown.officers ? [...headings, "Authorized officers"] : headings;
  document.querySelector("#participants thead tr").replaceChildren(...names.map(name => el("th", { scope: "col" }, name)));
}

function renderTable() {
  const rows = shown.answer.participants.filter(p => !state.value || p.state === state.value);
  const fragment = document.createDocumentFragment();
  for (const p of rows) fragment.append(participantRow(p));
  document.querySelector("#participants tbody").replaceChildren(fragment);
  const where = state.value ? ` in ${stateNames.get(state.value) || state.value}` : "";
  const officers = shown.officers ? `, ${plural(rows.reduce((sum, p) => sum + (p.authorizedOfficers ?? 0), 0), "officer")} authorized under them` : "";
  const caption = `${plural(rows.length, "agreement")} in force${where} on ${shown.answer.asOf}${shown.model ? ` (${shown.model})` : ""}`
    + `${officers}${shown.knownAt ? `, as known on ${shown.knownAt}` : ""}.`;
  document.getElementById("caption").textContent = caption;
  document.getElementById("table-title").textContent = `Agreements in force${where}`;
  return caption;
}

function renderTiles() {
  const counts = new Map();
  for (const p of shown.answer.participants) counts.set(p.state, (counts.get(p.state) || 0) + 1);
  drawTiles(document.getElementById("tiles"), counts, state.value, (code, clicked) => {
    state.value = code;
    keepInAddress(address());
    announce(renderTable());
    renderTiles();
    document.querySelector(`#tiles [data-state="${clicked}"]`)?.focus();
  });
}

/** The knowledge axis of every question: what the record knew at the end of the day in "as known on", if given. */
function known(params) {
  if (shown?.knownAt) params.set("knownAt", shown.knownAt);
  return params;
}

/** Draws the chart with its marker on `marked` (by default the date shown); a chosen month is marked at once, loaded a moment later. */
function renderChart(marked = shown?.answer.asOf) {
  drawChart(document.getElementById("chart"), timeline, marked, point => {
    asOf.value = point.asOf;
    renderChart(point.asOf);
    clearTimeout(renderChart.pending);
    renderChart.pending = setTimeout(show, 200);
  });
}

function announce(text) {
  status.textContent = text;
}

async function show() {
  const mine = ++latest;
  const asked = { asOfText: asOf.value.trim(), knownAt: knownAt.value.trim(), model: model.value };
  const params = new URLSearchParams({ asOf: asked.asOfText });
  if (asked.knownAt) params.set("knownAt", asked.knownAt);
  if (asked.model) params.set("model", asked.model);
  document.querySelector("#participants").setAttribute("aria-busy", "true");
  announce("Loading…");
  try {
    const [answer, summary] = await Promise.all([
      fetchJson(`/api/participants?${params}`),
      fetchJson(`/api/participants/summary?${new URLSearchParams({ asOf: asked.asOfText, ...(asked.knownAt ? { knownAt: asked.knownAt } : {}) })}`),
    ]);
    if (mine !== latest) return;
    shown = { ...asked, answer, officers: answer.participants.some(p => p.authorizedOfficers != null) };
    if (!comparing) {
      from.value = yearBefore(answer.asOf);
      to.value = answer.asOf;
    }
    keepInAddress(address());
    if (timelineKnownAt !== asked.knownAt) loadTimeline(asked.knownAt);
    // The chart measures its box: drawn before the table, so that measuring does not lay out 800 new rows twice.
    renderChart();
    renderTiles();
    renderHeadings();
    const caption = renderTable();
    document.getElementById("sentence").textContent = summary.sentence || "No agreement was in force on that date.";
    const officerCount = document.getElementById("officer-count");
    officerCount.hidden = !summary.officers;
    officerCount.textContent = summary.officers
      ? `${plural(summary.officers.officers, "designated officer")} held 287(g) authority under ${plural(summary.officers.agreements, "agreement")} that day.`
      : "";
    document.getElementById("counts").replaceChildren(...summary.models.map(m =>
      el("li", { dataset: { model: m.model } }, el("strong", {}, String(m.agreements)), `${m.name} (${m.model})`)));
    const uncertain = answer.uncertain.length > 0
      ? ` ${plural(answer.uncertain.length, "more agreement")} had disappeared from a published list without a known end; not counted.`
      : "";
    announce(caption + uncertain);
    if (!comparing) showChanges();
  } catch (error) {
    if (mine !== latest) return;
    announce(shown ? `${error.message} Still showing ${shown.answer.asOf}.` : error.message);
  } finally {
    if (mine === latest) document.querySelector("#participants").removeAttribute("aria-busy");
  }
}

const changeNames = {
  Signed: ["Signed", "signed"],
  Renewed: ["Renewed (new MOA)", "renewed under a new MOA"],
  Amended: ["Amended", "amended"],
  Suspended: ["Suspended", "suspended"],
  Reinstated: ["Reinstated", "reinstated"],
  Terminated: ["Terminated", "terminated"],
  Expired: ["Expired", "expired"],
  Delisted: ["Left ICE's list", "left ICE's list"],
};

async function showChanges() {
  const mine = ++latestChanges;
  const summary = document.getElementById("changes-summary");
  summary.textContent = "Loading…";
  try {
    const changes = await fetchJson(`/api/participants/changes?${known(new URLSearchParams({ from: from.value.trim(), to: to.value.trim() }))}`);
    if (mine !== latestChanges) return;
    keepInAddress(address());
    const kinds = new Map();
    for (const c of changes.changes) kinds.set(c.kind, (kinds.get(c.kind) || 0) + 1);
    summary.textContent = changes.count === 0
      ? `Nothing changed from ${changes.from} to ${changes.to}.`
      : `From ${changes.from} to ${changes.to}: ${[...kinds].map(([kind, n]) => `${n} ${changeNames[kind]?.[1] || kind}`).join(", ")}.`;
    document.querySelector("#changes tbody").replaceChildren(...changes.changes.map(c => el("tr", { dataset: { kind: c.kind } },
      el("td", {}, c.notBefore ? `${c.notBefore} – ${c.on}` : c.on),
      el("td", {}, changeNames[c.kind]?.[0] || c.kind),
      el("td", {}, c.stateName),
      el("td", {}, link(c.agency, agreementHref(c.agreementId)), " ", el("a", { href: agencyHref(c.agencyId), className: "quiet" }, "(agency)")),
      el("td", {}, c.model))));
    document.getElementById("changes-caption").textContent = `${plural(changes.count, "change")} from ${changes.from} to ${changes.to}.`;
  } catch (error) {
    if (mine === latestChanges) summary.textContent = error.message;
  }
}

async function loadTimeline(knowledge) {
  timelineKnownAt = knowledge;
  // Month ends, like a month typed in the date field: a point and the table for its date tell the same number.
  const now = new Date();
  const endOfThisMonth = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)));
  try {
    const params = new URLSearchParams({ from: timelineStart, to: endOfThisMonth, interval: "month" });
    if (knowledge) params.set("knownAt", knowledge);
    const answer = await fetchJson(`/api/participants/timeline?${params}`);
    if (knowledge !== timelineKnownAt) return;
    timeline = trimmed(answer.points);
  } catch (error) {
    document.getElementById("chart").textContent = `The chart could not be drawn: ${error.message}`;
    return;
  }
  document.getElementById("legend").replaceChildren(...series
    .filter(s => s.key === "total" || timeline.some(p => p.agreements[s.key] > 0))
    .map(s => el("li", { className: s.className }, s.label)));
  renderChart();
}

/** The same day a year before a date (YYYY-MM or YYYY-MM-DD; a month means its first day here), or "" if it is none. */
function yearBefore(date) {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(date);
  return match ? isoDay(new Date(Date.UTC(Number(match[1]) - 1, Number(match[2]) - 1, Number(match[3] || 1)))) : "";
}

/** Saves the rows shown (date, model and state of the view, not of unsubmitted controls) as the API's CSV. */
async function download() {
  if (!shown) return;
  const params = known(new URLSearchParams({ asOf: shown.answer.asOf }));
  if (shown.model) params.set("model", shown.model);
  if (state.value) params.set("state", state.value);
  try {
    const response = await fetch(`/api/participants?${params}`, { headers: { Accept: "text/csv" } });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      announce(problem.detail || `The service answered ${response.status}.`);
      return;
    }
    const file = el("a", { href: URL.createObjectURL(await response.blob()) });
    file.download = `287g-participants-${params.get("asOf")}${shown.model ? `-${shown.model}` : ""}${state.value ? `-${state.value}` : ""}.csv`;
    file.click();
    setTimeout(() => URL.revokeObjectURL(file.href), 10_000);
  } catch (error) {
    announce(`The download failed: ${error.message}`);
  }
}

form.addEventListener("submit", event => {
  event.preventDefault();
  if (form.reportValidity()) show();
});
state.addEventListener("change", () => {
  if (!shown) return;
  keepInAddress(address());
  announce(renderTable());
  renderTiles();
});
document.getElementById("download").addEventListener("click", download);
for (const field of [from, to]) field.addEventListener("input", () => { comparing = true; });
compare.addEventListener("submit", event => {
  event.preventDefault();
  if (compare.reportValidity()) {
    comparing = true;
    showChanges();
  }
});
let resizing;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => renderChart(), 150);
});

const initial = new URLSearchParams(location.search);
asOf.value = initial.get("asOf") || isoDay(new Date());
model.value = initial.get("model") || "";
knownAt.value = initial.get("knownAt") || "";
state.value = stateNames.has(initial.get("state")) ? initial.get("state") : "";
comparing = initial.has("from") && initial.has("to");
if (comparing) {
  from.value = initial.get("from");
  to.value = initial.get("to");
  showChanges();
}
show();
loadTimeline(knownAt.value.trim());
