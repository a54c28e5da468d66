// The participation explorer: reads the public API and keeps what it shows in the address, so a link shows the same.
"use strict";

const form = document.getElementById("query");
const asOf = document.getElementById("asOf");
const model = document.getElementById("model");
const status = document.getElementById("status");

function query() {
  const params = new URLSearchParams({ asOf: asOf.value.trim() });
  if (model.value) params.set("model", model.value);
  return params;
}

function cell(row, text, link) {
  const td = row.insertCell();
  if (link) {
    const a = document.createElement("a");
    a.href = link;
    a.textContent = text;
    a.rel = "noopener";
    td.append(a);
  } else {
    td.textContent = text ?? "";
  }
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || body.title || `The service answered ${response.status}.`);
  return body;
}

async function show() {
  const params = query();
  history.replaceState(null, "", `?${params}`);
  status.textContent = "Loading…";
  try {
    const [answer, summary] = await Promise.all([
      fetchJson(`/api/participants?${params}`),
      fetchJson(`/api/participants/summary?${new URLSearchParams({ asOf: params.get("asOf") })}`),
    ]);
    const body = document.querySelector("#participants tbody");
    const rows = document.createDocumentFragment();
    for (const p of answer.participants) {
      const row = document.createElement("tr");
      cell(row, p.stateName);
      cell(row, p.agency);
      cell(row, p.modelName);
      cell(row, p.signedOn);
      cell(row, p.moaUrl ? "MOA" : p.moaPosted ? "posted" : "", p.moaUrl);
      rows.append(row);
    }
    body.replaceChildren(rows);
    document.getElementById("caption").textContent =
      `${answer.count} agreement${answer.count === 1 ? "" : "s"} in force on ${answer.asOf}${model.value ? ` (${model.value})` : ""}.`;
    document.getElementById("sentence").textContent = summary.sentence || "No agreement was in force on that date.";
    document.getElementById("counts").replaceChildren(...summary.models.map(m => {
      const item = document.createElement("li");
      item.dataset.model = m.model;
      const number = document.createElement("strong");
      number.textContent = m.agreements;
      item.append(number, `${m.name} (${m.model})`);
      return item;
    }));
    status.textContent = answer.uncertain.length > 0
      ? `${answer.uncertain.length} more agreement(s) had disappeared from a published list without a known end; not counted.`
      : "";
  } catch (error) {
    status.textContent = error.message;
  }
}

async function download() {
  const params = query();
  const response = await fetch(`/api/participants?${params}`, { headers: { Accept: "text/csv" } });
  if (!response.ok) {
    status.textContent = `The service answered ${response.status}.`;
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `287g-participants-${params.get("asOf")}${model.value ? `-${model.value}` : ""}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

form.addEventListener("submit", event => {
  event.preventDefault();
  if (form.reportValidity()) show();
});
document.getElementById("download").addEventListener("click", () => { if (form.reportValidity()) download(); });

const initial = new URLSearchParams(location.search);
asOf.value = initial.get("asOf") || new Date().toISOString().slice(0, 10);
model.value = initial.get("model") || "";
show();
