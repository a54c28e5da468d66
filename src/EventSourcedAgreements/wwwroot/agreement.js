// One agreement: how it stands, and its lifecycle as a timeline from the public API.
import { agencyHref, describeSource, el, externalLink, fetchJson, keepInAddress, link, moa, modelNames } from "/common.js";

const status = document.getElementById("status");
const knownAt = document.getElementById("knownAt");
const id = new URLSearchParams(location.search).get("id") || "";

const eventNames = {
  AgreementRequested: "Requested",
  AgreementSigned: "MOA signed",
  AgreementAmended: "Amended",
  AgreementRenewed: "Renewed under a new MOA",
  AgreementSuspended: "Suspended",
  AgreementReinstated: "Reinstated",
  AgreementTerminated: "Terminated",
  AgreementExpired: "Expired",
  AgreementDelisted: "No longer on ICE's list",
  RequestWithdrawn: "Request withdrawn",
  RequestRejected: "Request rejected",
  SigningDateCorrected: "Signing date corrected",
  SigningDateDisputed: "Signing date disputed",
  ExpiryCorrected: "Expiry date corrected",
  MoaLinkChanged: "MOA link changed",
  ScheduledChangeTookEffect: "Scheduled change took effect",
  ExpiryReminderIssued: "Expiry reminder",
};

/** What happened to an officer, by the event's name (the activity counts officers per day and kind). */
const officerEventNames = {
  OfficerNominated: "nominated",
  BackgroundInvestigationCompleted: "background investigation completed",
  TrainingCompleted: "training completed",
  OfficerCertified: "certified and authorized",
  AuthoritySuspended: "authority suspended",
  AuthoritySuspendedForRefresher: "authority suspended: refresher training overdue",
  AuthorityReinstated: "authority reinstated",
  AuthorityRevoked: "authority revoked",
  OfficerSeparated: "left the agency",
  AuthorityLapsedWithAgreement: "authority ended or paused with the agreement",
  AuthorityRestoredWithAgreement: "authority restored with the agreement",
  OfficerDateCorrected: "a recorded date corrected",
};

/** A suspension or termination recorded ahead of its date, in words. */
const changeNames = { Suspended: "suspension", Terminated: "termination" };

/** What an event says beyond its name and date, in sentences (the reason given, if any, comes after). */
function details(type, data) {
  const expires = data.expiresOn ? ` It expires on ${data.expiresOn}.` : "";
  switch (type) {
    case "AgreementRequested": return [`${data.agencyName} asked to join under the ${modelNames[data.model] || data.model}.`];
    case "AgreementSigned": return [`The MOA was signed on ${data.signedOn}.${expires}`, moaLine(data)];
    case "AgreementAmended": return [`Effective ${data.effectiveOn}.${expires}`, moaLine(data)];
    case "AgreementRenewed": return [`A new MOA signed on ${data.signedOn} replaced the one signed on ${data.replacedMoaSignedOn}.${expires}`, moaLine(data)];
    case "AgreementSuspended": return data.scheduled ? [`Recorded ahead of its date: the agreement stays in force until ${data.effectiveOn}.`] : [];
    case "AgreementTerminated": return [`Ended on the initiative of ${data.initiatedBy === "Agency" ? "the agency" : "ICE"}, effective ${data.effectiveOn}.`
      + (data.scheduled ? ` Recorded ahead of its date: the agreement stays in force until then.` : "")];
    case "ScheduledChangeTookEffect": return [`The ${changeNames[data.change] || data.change} recorded ahead of its date took effect on ${data.effectiveOn}: the agreement is now ${data.change}.`];
    case "AgreementDelisted": return [`Last on a list published ${data.lastSeenOn}; missing from the list published ${data.firstMissingOn}. The list does not say when or why it ended.`];
    case "SigningDateCorrected":
    case "ExpiryCorrected": return [`From ${data.from || "none"} to ${data.to}.`];
    case "MoaLinkChanged": return [moaLine(data) || "The MOA link was removed."];
    case "SigningDateDisputed": return [`A list printed ${data.signedOn} as the signing date, and the evidence does not support it; it stands, marked disputed, until a source moves it.`];
    case "ExpiryReminderIssued": return [`The MOA expires on ${data.expiresOn}, within ${data.withinDays} days: a reminder, the agreement is unchanged.`];
    default: return [];
  }
}

function eventName(e) {
  if (e.type === "ScheduledChangeTookEffect" && changeNames[e.data.change]) return `Scheduled ${changeNames[e.data.change]} took effect`;
  if (e.data.scheduled) return `${eventNames[e.type]} (scheduled)`;
  return eventNames[e.type] || e.type;
}

function moaLine(data) {
  if (data.moaUrl) return el("span", {}, "MOA: ", externalLink(data.moaUrl, data.moaUrl));
  return data.moaPosted ? "ICE's list shows the MOA as posted, without a link." : null;
}

function fact(term, ...value) {
  return [el("dt", {}, term), el("dd", {}, ...value)];
}

function showAgreement(a) {
  const model = modelNames[a.model] || a.model;
  document.title = `${a.agencyName} — ${a.model} — 287(g) agreement`;
  document.getElementById("title").textContent = `${a.agencyName}: ${model}`;
  document.getElementById("facts").replaceChildren(
    ...fact("Status", el("span", { className: "status" }, a.status)),
    ...(a.pending ? fact("Pending", `${a.pending.change} from ${a.pending.effectiveOn} — ${a.pending.reason}`) : []),
    ...fact("Agency", link(a.agencyName, agencyHref(a.agencyId)), `, ${a.state}${a.county ? ` (${a.county})` : ""}`),
    ...fact("Support model", `${model} (${a.model})`),
    ...fact("Requested", a.requestedOn || "—"),
    ...fact("MOA signed", a.signedOn || "—", a.signingDispute?.signedOn === a.signedOn ? ` — disputed: ${a.signingDispute.reason}` : ""),
    ...fact("Expires", a.expiresOn || "—"),
    ...(a.endedOn ? fact("Ended", `${a.endedOn}${a.endReason ? ` — ${a.endReason}` : ""}`) : []),
    ...fact("MOA", moa(a, a.moaUrl, "—")));
}

function showLifecycle(entries) {
  document.getElementById("lifecycle").replaceChildren(...entries.map(e => {
    const source = describeSource(e.source, e.actorRole);
    const known = e.knownAt.slice(0, 10);
    return el("li", { dataset: { type: e.type, version: String(e.version) } },
      el("h3", {}, el("time", { dateTime: e.on }, e.on), ` — ${eventName(e)}`),
      ...details(e.type, e.data).filter(Boolean).map(line => el("p", {}, line)),
      e.reason ? el("p", {}, `Reason given: ${e.reason}`) : null,
      el("p", { className: "source" }, `${source.text}; known since ${known}.`, source.detail ? el("br") : null, source.detail));
  }));
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** The agreement's officers as counts; the section stays hidden where the record knows none. */
function showOfficers(activity) {
  const section = document.getElementById("officers");
  section.hidden = activity.nominated === 0;
  if (section.hidden) return;
  document.getElementById("officers-summary").textContent =
    `${plural(activity.nominated, "officer", "officers")} nominated under this agreement; ${activity.authorizedToday} holding authority on ${activity.today}.`;
  document.querySelector("#officer-activity tbody").replaceChildren(...activity.activity.map(a => el("tr", { dataset: { type: a.type } },
    el("td", {}, el("time", { dateTime: a.on }, a.on)),
    el("td", {}, officerEventNames[a.type] || a.type),
    el("td", { className: "number" }, String(a.officers)),
    el("td", { className: "number" }, String(a.authorizedOn)))));
}

let latest = 0;

async function show() {
  const mine = ++latest;
  const params = new URLSearchParams({ id });
  if (knownAt.value.trim()) params.set("knownAt", knownAt.value.trim());
  status.textContent = "Loading…";
  try {
    const query = knownAt.value.trim() ? `?${new URLSearchParams({ knownAt: knownAt.value.trim() })}` : "";
    const [agreement, lifecycle, officers] = await Promise.all([
      fetchJson(`/api/agreements/${encodeURIComponent(id)}`),
      fetchJson(`/api/agreements/${encodeURIComponent(id)}/lifecycle${query}`),
      fetchJson(`/api/agreements/${encodeURIComponent(id)}/officer-activity${query}`),
    ]);
    if (mine !== latest) return;
    keepInAddress(params);
    showAgreement(agreement);
    showLifecycle(lifecycle);
    showOfficers(officers);
    status.textContent = knownAt.value.trim()
      ? `The lifecycle as the record stood at the end of ${knownAt.value.trim()}: ${lifecycle.length} event(s). "As it stands" is today's.`
      : `${lifecycle.length} event(s).`;
  } catch (error) {
    if (mine === latest) status.textContent = error.message;
  }
}

document.getElementById("known").addEventListener("submit", event => {
  event.preventDefault();
  if (event.target.reportValidity()) show();
});
knownAt.value = new URLSearchParams(location.search).get("knownAt") || "";
show();
