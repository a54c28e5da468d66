// A tile grid of the states (one square each, placed roughly where the state lies), shaded by a count.

const layout = [
  ["AK", 0, 0], ["ME", 0, 10],
  ["WI", 1, 5], ["VT", 1, 9], ["NH", 1, 10],
  ["WA", 2, 0], ["ID", 2, 1], ["MT", 2, 2], ["ND", 2, 3], ["MN", 2, 4], ["IL", 2, 5], ["MI", 2, 6], ["NY", 2, 8], ["MA", 2, 9],
  ["OR", 3, 0], ["NV", 3, 1], ["WY", 3, 2], ["SD", 3, 3], ["IA", 3, 4], ["IN", 3, 5], ["OH", 3, 6], ["PA", 3, 7], ["NJ", 3, 8], ["CT", 3, 9], ["RI", 3, 10],
  ["CA", 4, 0], ["UT", 4, 1], ["CO", 4, 2], ["NE", 4, 3], ["MO", 4, 4], ["KY", 4, 5], ["WV", 4, 6], ["VA", 4, 7], ["MD", 4, 8], ["DE", 4, 9],
  ["AZ", 5, 1], ["NM", 5, 2], ["KS", 5, 3], ["AR", 5, 4], ["TN", 5, 5], ["NC", 5, 6], ["SC", 5, 7], ["DC", 5, 8],
  ["OK", 6, 3], ["LA", 6, 4], ["MS", 6, 5], ["AL", 6, 6], ["GA", 6, 7],
  ["HI", 7, 0], ["TX", 7, 3], ["FL", 7, 8],
];

/** USPS codes of the states, DC and the territories, with their names. */
export const stateNames = new Map([
  ["AL", "Alabama"], ["AK", "Alaska"], ["AZ", "Arizona"], ["AR", "Arkansas"], ["CA", "California"], ["CO", "Colorado"],
  ["CT", "Connecticut"], ["DE", "Delaware"], ["DC", "District of Columbia"], ["FL", "Florida"], ["GA", "Georgia"],
  ["HI", "Hawaii"], ["ID", "Idaho"], ["IL", "Illinois"], ["IN", "Indiana"], ["IA", "Iowa"], ["KS", "Kansas"],
  ["KY", "Kentucky"], ["LA", "Louisiana"], ["ME", "Maine"], ["MD", "Maryland"], ["MA", "Massachusetts"],
  ["MI", "Michigan"], ["MN", "Minnesota"], ["MS", "Mississippi"], ["MO", "Missouri"], ["MT", "Montana"],
  ["NE", "Nebraska"], ["NV", "Nevada"], ["NH", "New Hampshire"], ["NJ", "New Jersey"], ["NM", "New Mexico"],
  ["NY", "New York"], ["NC", "North Carolina"], ["ND", "North Dakota"], ["OH", "Ohio"], ["OK", "Oklahoma"],
  ["OR", "Oregon"], ["PA", "Pennsylvania"], ["RI", "Rhode Island"], ["SC", "South Carolina"], ["SD", "South Dakota"],
  ["TN", "Tennessee"], ["TX", "Texas"], ["UT", "Utah"], ["VT", "Vermont"], ["VA", "Virginia"], ["WA", "Washington"],
  ["WV", "West Virginia"], ["WI", "Wisconsin"], ["WY", "Wyoming"], ["AS", "American Samoa"], ["GU", "Guam"],
  ["MP", "Northern Mariana Islands"], ["PR", "Puerto Rico"], ["VI", "U.S. Virgin Islands"],
]);

/** The shade (0 to 5) of a count: 0 for none, then five steps on a square-root scale of the largest count. */
export function shade(count, max) {
  if (!count) return 0;
  return Math.min(5, 1 + Math.floor(4 * Math.sqrt(count / Math.max(max, 1))));
}

/**
 * Draws the grid into `container`: a button per state with its count, pressed when selected; states outside the
 * layout (territories) go on the last row. `onChoose(code, clicked)` gets "" when the selected tile is pressed again.
 */
export function drawTiles(container, counts, selected, onChoose) {
  const max = Math.max(0, ...counts.values());
  const placed = [...layout];
  let extraColumn = 10;
  for (const code of [...counts.keys()].sort()) {
    if (!placed.some(([c]) => c === code)) placed.push([code, 7, extraColumn++]);
  }
  container.replaceChildren(...placed.map(([code, row, column]) => {
    const count = counts.get(code) || 0;
    const name = stateNames.get(code) || code;
    const tile = document.createElement("button");
    tile.type = "button";
    tile.className = `tile shade-${shade(count, max)}`;
    tile.style.gridRow = String(row + 1);
    tile.style.gridColumn = String(column + 1);
    tile.dataset.state = code;
    tile.setAttribute("aria-pressed", String(code === selected));
    // The accessible name starts with the visible text (WCAG 2.5.3), then says it in words.
    tile.setAttribute("aria-label", `${code} ${count} — ${name}, ${count} agreement${count === 1 ? "" : "s"}`);
    tile.title = `${name}: ${count}`;
    const label = document.createElement("span");
    label.textContent = code;
    const number = document.createElement("span");
    number.className = "count";
    number.textContent = String(count);
    tile.append(label, " ", number);
    tile.addEventListener("click", () => onChoose(code === selected ? "" : code, code));
    return tile;
  }));
}
