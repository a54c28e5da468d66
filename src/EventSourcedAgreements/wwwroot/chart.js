// A line chart of agreements in force per model over time, drawn as SVG from the timeline endpoint.

const svgNs = "http://www.w3.org/2000/svg";
const height = 260;
const margin = { top: 12, right: 16, bottom: 28, left: 44 };

export const series = [
  { key: "total", label: "All models", className: "line-total" },
  { key: "JEM", label: "Jail Enforcement Model", className: "line-jem" },
  { key: "WSO", label: "Warrant Service Officer", className: "line-wso" },
  { key: "TFM", label: "Task Force Model", className: "line-tfm" },
];

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const valueOf = (point, key) => (key === "total" ? point.total : point.agreements[key] || 0);

/** The points from the first with an agreement on (the years before say nothing); none when no point has one. */
export function trimmed(points) {
  const first = points.findIndex(p => p.total > 0);
  return first < 0 ? [] : points.slice(first);
}

/** A sentence saying what the chart shows, for people who cannot see it. */
export function describe(points) {
  if (points.length === 0) return "No agreements in the record.";
  const first = points[0];
  const last = points[points.length - 1];
  const peak = points.reduce((best, p) => (p.total > best.total ? p : best), first);
  return `Agreements in force each month from ${first.asOf} to ${last.asOf}: ${first.total} at the start, `
    + `${peak.total} at the most (${peak.asOf}), ${last.total} at the end.`;
}

/**
 * Draws the chart into `container` with a marker at `asOf` (YYYY-MM-DD) and calls `onChoose(point)` when the reader
 * clicks a month or moves with the arrow keys. The SVG is drawn at about the width it gets (so its text keeps its size
 * on a phone) and is one focusable slider over the months, whose value is the marked month and its count.
 */
export function drawChart(container, points, asOf, onChoose) {
  const hadFocus = container.contains(document.activeElement);
  // From the window, not the box: measuring the box would lay out the whole page (an 800-row table) just for this.
  const width = Math.round(Math.max(300, Math.min(720, window.innerWidth < 960 ? window.innerWidth - 32 : 720)));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, role: "slider", tabindex: 0, class: "chart",
    "aria-label": "Month shown", "aria-describedby": "chart-help chart-description",
    "aria-valuemin": 0, "aria-valuemax": Math.max(0, points.length - 1),
  });
  const description = svg("desc", { id: "chart-description" }, describe(points));
  chart.append(svg("title", {}, "Agreements in force over time, per support model"), description);
  if (points.length === 0) {
    chart.setAttribute("aria-valuenow", 0);
    chart.setAttribute("aria-valuetext", "No agreements in the record");
    container.replaceChildren(chart);
    return;
  }

  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...points.map(p => p.total));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = i => margin.left + (points.length === 1 ? plotWidth / 2 : (i * plotWidth) / (points.length - 1));
  const y = value => margin.top + plotHeight - (value * plotHeight) / top;

  const yearStep = Math.max(1, Math.ceil((36 * points.length) / 12 / plotWidth)); // a year label every 36 px or more
  for (let value = 0; value <= top; value += step) {
    chart.append(svg("line", { x1: margin.left, x2: width - margin.right, y1: y(value), y2: y(value), class: "grid" }));
    chart.append(svg("text", { x: margin.left - 6, y: y(value) + 4, class: "axis", "text-anchor": "end" }, value.toLocaleString("en-US")));
  }
  points.forEach((point, i) => {
    if (point.asOf.slice(5, 7) === "01" && Number(point.asOf.slice(0, 4)) % yearStep === 0) {
      chart.append(svg("text", { x: x(i), y: height - 8, class: "axis", "text-anchor": "middle" }, point.asOf.slice(0, 4)));
    }
  });
  for (const { key, className } of series) {
    if (key !== "total" && points.every(p => valueOf(p, key) === 0)) continue;
    const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(valueOf(p, key)).toFixed(1)}`).join("");
    chart.append(svg("path", { d: path, class: `line ${className}`, "data-series": key }));
  }

  const chosen = nearestIndex(points, asOf);
  const marker = svg("g", { class: "marker" });
  chart.setAttribute("aria-valuenow", Math.max(0, chosen));
  if (chosen >= 0) {
    const p = points[chosen];
    chart.setAttribute("aria-valuetext", `${p.asOf}: ${p.total} agreement${p.total === 1 ? "" : "s"} in force`);
    marker.append(svg("line", { x1: x(chosen), x2: x(chosen), y1: margin.top, y2: margin.top + plotHeight }));
    marker.append(svg("circle", { cx: x(chosen), cy: y(p.total), r: 4 }));
    const anchor = x(chosen) > width / 2 ? "end" : "start";
    marker.append(svg("text", { x: x(chosen) + (anchor === "end" ? -6 : 6), y: margin.top + 12, "text-anchor": anchor, class: "marker-label" }, `${p.asOf}: ${p.total}`));
  }
  chart.append(marker);

  chart.addEventListener("click", event => {
    const box = chart.getBoundingClientRect();
    const at = ((event.clientX - box.left) / box.width) * width;
    const i = Math.round(((at - margin.left) / plotWidth) * (points.length - 1));
    onChoose(points[Math.max(0, Math.min(points.length - 1, i))]);
  });
  chart.addEventListener("keydown", event => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -12, ArrowUp: 12, Home: -Infinity, End: Infinity };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const from = chosen < 0 ? points.length - 1 : chosen;
    onChoose(points[Math.max(0, Math.min(points.length - 1, from + moves[event.key]))]);
  });
  container.replaceChildren(chart);
  if (hadFocus) chart.focus();
}

/** The point whose month holds `asOf`, or the nearest one. */
export function nearestIndex(points, asOf) {
  if (!asOf || points.length === 0) return -1;
  const month = asOf.slice(0, 7);
  const exact = points.findIndex(p => p.asOf.slice(0, 7) === month);
  if (exact >= 0) return exact;
  return asOf < points[0].asOf ? 0 : points.length - 1;
}

function niceStep(max) {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map(m => m * power).find(s => s >= rough);
}
