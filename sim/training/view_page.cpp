#include "sim/training/view_page.hpp"

namespace drsim {

std::string_view view_page() {
  // Colours: dark text on white, each above 4.5:1; the series' colours are those of a colour-blind-safe palette, and
  // every alert's state is written as well as coloured.
  static constexpr std::string_view page = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>drsim game day</title>
<style>
  :root { --ink: #111827; --muted: #374151; --line: #d1d5db; --accent: #1d4ed8; }
  * { box-sizing: border-box; }
  body { margin: 0; padding: 1rem 1.5rem; font: 18px/1.4 "DejaVu Sans", system-ui, sans-serif; color: var(--ink);
         background: #fff; }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 2rem; }
  h1 { font-size: 1.5rem; margin: 0; }
  h2 { font-size: 1.2rem; margin: 1rem 0 0.5rem; }
  #clock { font-size: 2rem; font-weight: bold; font-variant-numeric: tabular-nums; }
  #pace { color: var(--muted); }
  #offline { color: #b91c1c; font-weight: bold; }
  .grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0 2rem; }
  @media (max-width: 900px) { .grid { grid-template-columns: minmax(0, 1fr); } }
  #chart { width: 100%; height: auto; display: block; }
  #chart text { font: 14px "DejaVu Sans", sans-serif; fill: var(--ink); }
  #legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; margin: 0.3rem 0 0; padding: 0; list-style: none; }
  #legend span { display: inline-block; width: 1.6rem; height: 0.35rem; margin-right: 0.4rem; vertical-align: middle; }
  table { border-collapse: collapse; width: 100%; }
  table { font-size: 16px; }
  th, td { text-align: left; padding: 0.25rem 0.4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  td.name { overflow-wrap: anywhere; }
  td.time { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .firing { color: #b91c1c; font-weight: bold; }
  .acknowledged { color: #92400e; font-weight: bold; }
  .resolved { color: #166534; }
  form { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; }
  label { font-weight: bold; }
  input { flex: 1; min-width: 12rem; font: inherit; padding: 0.4rem 0.6rem; border: 2px solid var(--muted);
          border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
  button { font: inherit; padding: 0.4rem 1rem; border: 0; border-radius: 4px; background: var(--accent);
           color: #fff; cursor: pointer; }
  pre { white-space: pre-wrap; margin: 0.5rem 0; padding: 0.5rem; background: #f3f4f6; border-radius: 4px;
        font: 15px/1.35 "DejaVu Sans Mono", monospace; }
  #timeline { max-height: 22rem; overflow-y: auto; margin: 0; padding: 0; list-style: none;
              font: 15px/1.4 "DejaVu Sans Mono", monospace; }
  #timeline li { padding: 0.1rem 0; border-bottom: 1px solid #f3f4f6; }
  .empty { color: var(--muted); }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
</style>
</head>
<body>
<header>
  <h1 id="title">drsim game day</h1>
  <div><span class="visually-hidden">Drill time </span><span id="clock" aria-live="off">00:00:00</span></div>
  <div id="pace">waiting for the drill</div>
  <div id="offline" role="alert"></div>
</header>
<main class="grid">
  <section aria-labelledby="chart-title">
    <h2 id="chart-title">Success ratio of the clients</h2>
    <svg id="chart" viewBox="0 0 900 340" role="img" aria-label="success ratio of each client population over drill time"></svg>
    <ul id="legend" aria-label="client populations"></ul>
    <h2 id="command-title">Command</h2>
    <form id="command-form" aria-labelledby="command-title">
      <label for="command">Type a command</label>
      <input id="command" name="command" autocomplete="off" spellcheck="false" placeholder="help">
      <button type="submit">Send</button>
    </form>
    <pre id="answer" aria-live="polite" aria-label="answer of the command">Commands go to the session as if typed at its terminal; help lists them.</pre>
  </section>
  <section>
    <h2 id="alerts-title">Alerts</h2>
    <table aria-labelledby="alerts-title">
      <thead><tr><th scope="col">Alert</th><th scope="col">State</th><th scope="col">Fired</th><th scope="col"><abbr title="acknowledged">Acked</abbr></th><th scope="col">Resolved</th></tr></thead>
      <tbody id="alerts"><tr><td colspan="5" class="empty">none yet</td></tr></tbody>
    </table>
    <h2 id="timeline-title">Timeline</h2>
    <ol id="timeline" aria-labelledby="timeline-title"></ol>
  </section>
</main>
<section id="debrief-section" hidden>
  <h2>Debrief</h2>
  <pre id="debrief"></pre>
</section>
<script>
"use strict";
const colours = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];
const svgNs = "http://www.w3.org/2000/svg";
const frame = { left: 60, right: 880, top: 34, bottom: 300 };
const $ = (id) => document.getElementById(id);

function clock(seconds) {
  // As drsim prints it: to the millisecond, then whole seconds.
  const s = Math.floor(Math.round(seconds * 1000) / 1000);
  const two = (n) => String(n).padStart(2, "0");
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function element(name, attributes, text) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawChart(state) {
  const svg = $("chart");
  svg.replaceChildren();
  const end = Math.max(state.now_s, 2 * state.fault_onset_s, 600);
  const steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const tick = steps.find((step) => end / step <= 8) || 86400;
  const span = Math.ceil(end / tick) * tick;
  const x = (t) => frame.left + (frame.right - frame.left) * t / span;
  const y = (ratio) => frame.bottom - (frame.bottom - frame.top) * ratio;
  for (let share = 0; share <= 1.0001; share += 0.25) {
    svg.append(element("line", { x1: frame.left, x2: frame.right, y1: y(share), y2: y(share), stroke: "#e5e7eb" }));
    svg.append(element("text", { x: frame.left - 8, y: y(share) + 5, "text-anchor": "end" }, `${share * 100} %`));
  }
  for (let t = 0; t <= span; t += tick) {
    svg.append(element("line", { x1: x(t), x2: x(t), y1: frame.bottom, y2: frame.bottom + 6, stroke: "#374151" }));
    svg.append(element("text", { x: x(t), y: frame.bottom + 24, "text-anchor": "middle" }, clock(t).slice(0, 5)));
  }
  svg.append(element("line", { x1: frame.left, x2: frame.right, y1: frame.bottom, y2: frame.bottom, stroke: "#374151" }));
  const threshold = y(state.threshold);
  svg.append(element("line", { x1: frame.left, x2: frame.right, y1: threshold, y2: threshold, stroke: "#111827",
                               "stroke-dasharray": "8 6", "stroke-width": 1.5 }));
  svg.append(element("text", { x: frame.right - 4, y: threshold + 20, "text-anchor": "end" },
                     `threshold ${(state.threshold * 100).toFixed(1)} %`));
  if (state.fault_onset_s <= state.now_s) {
    const onset = x(state.fault_onset_s);
    svg.append(element("line", { x1: onset, x2: onset, y1: frame.top, y2: frame.bottom, stroke: "#b91c1c",
                                 "stroke-dasharray": "3 4", "stroke-width": 2 }));
    const anchor = onset - frame.left < 60 ? "start" : "middle";
    svg.append(element("text", { x: onset, y: frame.top - 12, fill: "#b91c1c", "text-anchor": anchor },
                       `fault ${clock(state.fault_onset_s)}`));
  }
  const legend = $("legend");
  legend.replaceChildren();
  state.success.forEach((series, i) => {
    const colour = colours[i % colours.length];
    let d = "";
    series.steps.forEach(([t, ratio], k) => {
      d += k === 0 ? `M${x(t)},${y(ratio)}` : `H${x(t)}V${y(ratio)}`;
    });
    if (d) d += `H${x(state.now_s)}`;
    svg.append(element("path", { d, fill: "none", stroke: colour, "stroke-width": 4, "stroke-linejoin": "round" }));
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.style.background = colour;
    const last = series.steps.length ? series.steps[series.steps.length - 1][1] : 1;
    item.append(swatch, `${series.population}: ${(last * 100).toFixed(1)} % of requests succeed`);
    legend.append(item);
  });
}

function drawAlerts(state) {
  const body = $("alerts");
  body.replaceChildren();
  if (!state.alerts.length) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 5;
    cell.className = "empty";
    cell.textContent = "none yet";
    return;
  }
  for (const alert of state.alerts) {
    const row = body.insertRow();
    const name = row.insertCell();
    name.textContent = alert.name;
    name.className = "name";
    name.title = alert.text;
    const stateCell = row.insertCell();
    const word = alert.resolved_s !== null ? "resolved" : alert.acknowledged_s !== null ? "acknowledged" : "firing";
    stateCell.textContent = word;
    stateCell.className = word;
    for (const time of [alert.fired_s, alert.acknowledged_s, alert.resolved_s]) {
      const cell = row.insertCell();
      cell.className = "time";
      cell.textContent = time === null ? "" : clock(time);
    }
  }
}

let shownLines = -1;
function drawTimeline(state) {
  if (state.timeline.length === shownLines) return;
  shownLines = state.timeline.length;
  const list = $("timeline");
  list.replaceChildren();
  for (const line of state.timeline.slice(-200)) {
    const item = document.createElement("li");
    item.textContent = `${line.clock}  ${line.text}`;
    list.append(item);
  }
  list.scrollTop = list.scrollHeight;
}

function render(state) {
  $("title").textContent = `Game day: ${state.scenario}, ${state.strategy}`;
  $("clock").textContent = state.clock;
  $("pace").textContent = state.ended ? "the drill is over: its debrief is below"
    : state.trainee_left ? "the session has ended: the drill runs on without commands"
    : state.paused ? "paused: send resume to go on"
    : `running at ${state.speed} simulated seconds per second`;
  drawChart(state);
  drawAlerts(state);
  drawTimeline(state);
  for (const control of document.querySelectorAll("#command-form input, #command-form button"))
    control.disabled = state.ended;
  if (state.debrief !== null) {
    $("debrief-section").hidden = false;
    $("debrief").textContent = state.debrief;
  }
}

async function poll() {
  try {
    const response = await fetch("state", { cache: "no-store" });
    render(await response.json());
    $("offline").textContent = "";
  } catch (error) {
    $("offline").textContent = "drsim is not answering: the session may have ended";
  }
  setTimeout(poll, 1000);
}

$("command-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("command");
  const text = input.value.trim();
  if (!text) return;
  $("answer").textContent = `> ${text}\n…`;
  try {
    const response = await fetch("command", { method: "POST", body: text, headers: { "Content-Type": "text/plain" } });
    $("answer").textContent = `> ${text}\n${await response.text()}`;
    input.value = "";
  } catch (error) {
    $("answer").textContent = `> ${text}\ndrsim is not answering`;
  }
});

poll();
</script>
</body>
</html>
)html";
  return page;
}

} // namespace drsim
