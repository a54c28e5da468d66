// What every page of the explorer shares: reading the public API, building elements, names of things.

export const modelNames = { JEM: "Jail Enforcement Model", WSO: "Warrant Service Officer", TFM: "Task Force Model" };

/** The API's JSON answer, or an Error carrying the problem's detail (RFC 9457) when it refuses. */
export async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || `The service answered ${response.status}.`);
  return body;
}

/** An element with properties (the dataset under its own key) and children (strings or nodes). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else node[key] = value;
  }
  node.append(...children.filter(c => c !== undefined && c !== null && c !== false));
  return node;
}

export function link(text, href) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

/** A link to a document outside the service (an MOA on ice.gov). */
export function externalLink(text, href) {
  const a = link(text, href);
  a.rel = "noopener noreferrer";
  return a;
}

/** An MOA as the published lists show it: its link, "posted" when a list says so without one, else `none`. */
export function moa(item, text = "MOA", none = "") {
  if (item.moaUrl) return externalLink(text ?? item.moaUrl, item.moaUrl);
  return item.moaPosted ? "posted" : none;
}

/** An agreement's page; with a day, its lifecycle as the record stood then. */
export const agreementHref = (id, knownAt) => `/agreement.html?id=${encodeURIComponent(id)}${knownAt ? `&knownAt=${encodeURIComponent(knownAt)}` : ""}`;
export const agencyHref = id => `/agency.html?id=${encodeURIComponent(id)}`;

/** YYYY-MM-DD of a Date, in UTC like the service's "today". */
export const isoDay = date => date.toISOString().slice(0, 10);

export function plural(count, word, many = `${word}s`) {
  return `${count.toLocaleString("en-US")} ${count === 1 ? word : many}`;
}

/** Keeps the query in the address without adding a history entry per change, so a copied link shows the same. */
export function keepInAddress(params) {
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

/** Where a fact came from, in words: a published list (its date and file) or a command and the role that sent it. */
export function describeSource(source, role) {
  const published = /^publication (\d{4}-\d{2}-\d{2}) (.+?) sha256:([0-9a-f]{64})$/.exec(source || "");
  if (published) return { text: `ICE's list published ${published[1]} (${published[2]})`, detail: `sha256 ${published[3]}` };
  if (source === "deadline") return { text: "Recorded by the service when the date came", detail: null };
  const who = { "program-officer": "the program office", agency: "the agency", auditor: "an auditor" }[role] || "a command";
  return { text: `Recorded by ${who}`, detail: null };
}
