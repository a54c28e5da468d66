// One law enforcement agency and all its agreements, each linking to its lifecycle.
import { agreementHref, el, fetchJson, link, moa, modelNames, plural } from "/common.js";

const status = document.getElementById("status");
const id = new URLSearchParams(location.search).get("id") || "";

async function show() {
  status.textContent = "Loading…";
  try {
    const agency = await fetchJson(`/api/agencies/${encodeURIComponent(id)}`);
    document.title = `${agency.name} — 287(g)`;
    document.getElementById("title").textContent = agency.name;
    document.getElementById("facts").replaceChildren(
      el("dt", {}, "State"), el("dd", {}, agency.state),
      el("dt", {}, "Type"), el("dd", {}, agency.type || "—"),
      el("dt", {}, "County"), el("dd", {}, agency.county || "—"));
    const agreements = [...agency.agreements].sort((a, b) => (a.requestedOn || "").localeCompare(b.requestedOn || ""));
    document.querySelector("#agreements tbody").replaceChildren(...agreements.map(a => el("tr", {},
      el("td", {}, link(modelNames[a.model] || a.model, agreementHref(a.id))),
      el("td", {}, a.status),
      el("td", {}, a.requestedOn || ""),
      el("td", {}, a.signedOn || ""),
      el("td", {}, a.endedOn || ""),
      el("td", {}, moa(a)))));
    document.getElementById("caption").textContent = `${plural(agreements.length, "agreement")} in the record.`;
    status.textContent = "";
  } catch (error) {
    status.textContent = error.message;
  }
}

show();
