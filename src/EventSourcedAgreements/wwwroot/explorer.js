// The participation explorer: reads the public API and keeps what it shows in the address, so a link shows the same.
import { agencyHref, agreementHref, el, externalLink, fetchJson, isoDay, keepInAddress, link, plural } from "/common.js";
import { drawChart, series } from "/chart.js";
import { drawTiles } from "/tiles.js";

const form = document.getElementById("query");
const asOf = document.getElementById("asOf");
const model = document.getElementById("model");
const state = document.getElementById("state");
const status = document.getElementById("status");
const compare = document.getElementById("compare");
const from = document.getElementById("from");
const to = document.getElementById("to");

const stateNames = new Map();
let timeline = [];
let answer = null;
let comparing = false;
const timelineStart = "2005-01-31";

function address() {
  const params = new URLSearchParams({ asOf: asOf.value.trim() });
  if (model.value) params.set("model", model.value);
  if (state.value) params.set("state", state.value);
  if (comparing && from.value.trim() && to.value.trim()) {
    params.set("from", from.value.trim());
    params.set("to", to.value.trim());
  }
  return params;
}

/** The API query of the view: the date and model (the state is chosen on the page from the same answer). */
function participantsQuery() {
  const params = new URLSearchParams({ asOf: asOf.value.trim() });
  if (model.value) params.set("model", model.value);
  return params;
}

function titleCase(name) {
  return name.toLowerCase().replace(/\b\w/g, c => c.toUpperCase()).replace(/\bOf\b/g, "of");
}

function rememberStates(rows) {
  for (const p of rows) {
    if (!stateNames.has(p.state)) stateNames.set(p.state, titleCase(p.stateName));
  }
  const known = [...stateNames.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const chosen = state.value;
  state.replaceChildren(el("option", { value: "" }, "All states"), ...known.map(([code, name]) => el("option", { value: code }, name)));
  state.value = stateNames.has(chosen) ? chosen : "";
}

function renderTable() {
  const rows = answer.participants.filter(p => !state.value || p.state === state.value);
  const body = document.querySelector("#participants tbody");
  body.replaceChildren(...rows.map(p => el("tr", {},
    el("td", {}, p.stateName),
    el("td", {}, link(p.agency, agreementHref(p.agreementId))),
    el("td", {}, p.modelName),
    el("td", {}, p.signedOn),
    el("td", {}, p.moaUrl ? externalLink("MOA", p.moaUrl) : p.moaPosted ? "posted" : ""))));
  const where = state.value ? ` in ${stateNames.get(state.value) || state.value}` : "";
  document.getElementById("caption").textContent =
    `${plural(rows.length, "agreement")} in force${where} on ${answer.asOf}${model.value ? ` (${model.value})` : ""}.`;
  document.getElementById("table-title").textContent = state.value ? `Agreements in force${where}` : "Agreements in force";
}

function renderTiles() {
  const counts = new Map();
  for (const p of answer.participants) counts.set(p.state, (counts.get(p.state) || 0) + 1);
  drawTiles(document.getElementById("tiles"), counts, stateNames, state.value, code => {
    state.value = code;
    keepInAddress(address());
    renderTable();
    renderTiles();
    document.querySelector(`#tiles [data-state="${code || answer.participants[0]?.state}"]`)?.focus();
  });
}

function renderChart() {
  drawChart(document.getElementById("chart"), timeline, answer?.asOf, point => {
    asOf.value = point.asOf;
    show().then(() => document.querySelector("#chart svg")?.focus());
  });
}

async function show() {
  keepInAddress(address());
  status.textContent = "Loading…";
  try {
    const [participants, summary] = await Promise.all([
      fetchJson(`/api/participants?${participantsQuery()}`),
      fetchJson(`/api/participants/summary?${new URLSearchParams({ asOf: asOf.value.trim() })}`),
    ]);
    answer = participants;
    rememberStates(answer.participants);
    renderTable();
    renderTiles();
    renderChart();
    document.getElementById("sentence").textContent = summary.sentence || "No agreement was in force on that date.";
    document.getElementById("counts").replaceChildren(...summary.models.map(m =>
      el("li", { dataset: { model: m.model } }, el("strong", {}, String(m.agreements)), `${m.name} (${m.model})`)));
    status.textContent = answer.uncertain.length > 0
      ? `${plural(answer.uncertain.length, "more agreement")} had disappeared from a published list without a known end; not counted.`
      : "";
  } catch (error) {
    status.textContent = error.message;
  }
}

const changeNames = {
  Signed: "Signed", Renewed: "Renewed (new MOA)", Amended: "Amended", Suspended: "Suspended", Reinstated: "Reinstated",
  Terminated: "Terminated", Expired: "Expired", Delisted: "Left ICE's list",
};

async function showChanges() {
  keepInAddress(address());
  const summary = document.getElementById("changes-summary");
  summary.textContent = "Loading…";
  try {
    const changes = await fetchJson(`/api/participants/changes?${new URLSearchParams({ from: from.value.trim(), to: to.value.trim() })}`);
    const kinds = new Map();
    for (const c of changes.changes) kinds.set(c.kind, (kinds.get(c.kind) || 0) + 1);
    summary.textContent = changes.count === 0
      ? `Nothing changed from ${changes.from} to ${changes.to}.`
      : `From ${changes.from} to ${changes.to}: ${[...kinds].map(([kind, n]) => `${n} ${changeNames[kind]?.toLowerCase() || kind}`).join(", ")}.`;
    document.querySelector("#changes tbody").replaceChildren(...changes.changes.map(c => el("tr", { dataset: { kind: c.kind } },
      el("td", {}, c.notBefore ? `${c.notBefore} – ${c.on}` : c.on),
      el("td", {}, changeNames[c.kind] || c.kind),
      el("td", {}, c.stateName),
      el("td", {}, link(c.agency, agreementHref(c.agreementId)), " ", el("a", { href: agencyHref(c.agencyId), className: "quiet" }, "(agency)")),
      el("td", {}, c.model))));
    document.getElementById("changes-caption").textContent = `${plural(changes.count, "change")} from ${changes.from} to ${changes.to}.`;
  } catch (error) {
    summary.textContent = error.message;
  }
}

async function loadTimeline() {
  // Month ends, like a month typed in the date field: a point and the table for its date tell the same number.
  const now = new Date();
  const endOfThisMonth = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)));
  try {
    const answer = await fetchJson(`/api/participants/timeline?${new URLSearchParams({ from: timelineStart, to: endOfThisMonth, interval: "month" })}`);
    const first = answer.points.findIndex(p => p.total > 0);
    timeline = first < 0 ? [] : answer.points.slice(first);
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

async function download() {
  const params = participantsQuery();
  if (state.value) params.set("state", state.value);
  const response = await fetch(`/api/participants?${params}`, { headers: { Accept: "text/csv" } });
  if (!response.ok) {
    status.textContent = `The service answered ${response.status}.`;
    return;
  }
  const file = el("a", { href: URL.createObjectURL(await response.blob()) });
  file.download = `287g-participants-${params.get("asOf")}${model.value ? `-${model.value}` : ""}${state.value ? `-${state.value}` : ""}.csv`;
  file.click();
  URL.revokeObjectURL(file.href);
}

form.addEventListener("submit", event => {
  event.preventDefault();
  if (form.reportValidity()) show();
});
state.addEventListener("change", () => {
  keepInAddress(address());
  if (answer) {
    renderTable();
    renderTiles();
  }
});
document.getElementById("download").addEventListener("click", () => { if (form.reportValidity()) download(); });
compare.addEventListener("submit", event => {
  event.preventDefault();
  if (compare.reportValidity()) {
    comparing = true;
    showChanges();
  }
});

const initial = new URLSearchParams(location.search);
asOf.value = initial.get("asOf") || isoDay(new Date());
model.value = initial.get("model") || "";
if (initial.get("state")) {
  state.append(el("option", { value: initial.get("state") }, initial.get("state")));
  state.value = initial.get("state");
}
comparing = initial.has("from") && initial.has("to");
from.value = initial.get("from") || yearBefore(asOf.value);
to.value = initial.get("to") || asOf.value;
show().then(() => (from.value && to.value ? showChanges() : null));
loadTimeline();
