
const NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
const RADIUS = { "0": 3, "1": 4, "2": 5.5, "3": 6.5 };
function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "kit-replay";
  el.classList.add("jupyter-widgets");  // a widget view, as ipywidgets' own views are marked
  el.append(root);
  let timer = null, shown = 0, nodes = [], lines = [], marker = null, label = null;
  let frameTimes = [];
  function build() {
    const data = model.get("data");
    root.replaceChildren();
    nodes = []; lines = []; shown = 0;
    if (!data || !data.sides) return;
    const colours = Object.fromEntries(data.legend.map(([k, , c]) => [k, c]));
    // controls
    const bar = document.createElement("div");
    bar.className = "kit-replay-controls";
    const play = document.createElement("button");
    play.className = "kit-replay-play";
    const back = document.createElement("button");
    back.className = "kit-replay-back"; back.textContent = "◀ week"; back.title = "one week back";
    const fwd = document.createElement("button");
    fwd.className = "kit-replay-step"; fwd.textContent = "week ▶"; fwd.title = "one week on";
    const scrub = document.createElement("input");
    scrub.type = "range"; scrub.min = 1; scrub.max = data.weeks; scrub.step = 1;
    scrub.className = "kit-replay-scrub";
    scrub.setAttribute("aria-label", "week");
    label = document.createElement("span");
    label.className = "kit-replay-week";
    bar.append(play, back, fwd, scrub, label);
    root.append(bar);
    // networks
    const panels = document.createElement("div");
    panels.className = "kit-replay-panels";
    root.append(panels);
    const W = 300, H = 260, PAD = 10;
    data.sides.forEach((side) => {
      const box = document.createElement("figure");
      const cap = document.createElement("figcaption");
      cap.style.color = side.colour;
      cap.textContent = side.title + " · " + side.people.length + " of " +
        side.population.toLocaleString("en") + " people";
      const pic = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img",
        "aria-label": "network of " + side.title });
      const X = (i) => PAD + side.x[i] * (W - 2 * PAD), Y = (i) => PAD + side.y[i] * (H - 2 * PAD);
      const g = svg("g", { class: "kit-replay-edges" });
      for (let e = 0; e < side.edges.length; e += 2) {
        const u = side.edges[e], v = side.edges[e + 1];
        g.append(svg("line", { x1: X(u), y1: Y(u), x2: X(v), y2: Y(v) }));
      }
      pic.append(g);
      const circles = side.people.map((p, i) => {
        const c = svg("circle", { cx: X(i), cy: Y(i), r: RADIUS["0"], "data-state": "0" });
        const tip = svg("title"); tip.textContent = "person " + p; c.append(tip);
        pic.append(c);
        return c;
      });
      nodes.push({ circles, states: side.states, now: null, colours });
      box.append(cap, pic);
      panels.append(box);
    });
    // legend
    const legend = document.createElement("div");
    legend.className = "kit-replay-legend";
    for (const [k, text, colour] of data.legend) {
      const item = document.createElement("span");
      const dot = svg("svg", { width: 14, height: 14 });
      dot.append(svg("circle", { cx: 7, cy: 7, r: RADIUS[k], "data-state": k,
        style: `fill:${k === "0" ? "none" : colour};stroke:${colour}` }));
      item.append(dot, document.createTextNode(" " + text));
      legend.append(item);
    }
    root.append(legend);
    // curves
    const CW = 620, CH = 200, L = 56, R = 12, T = 12, B = 30;
    const chart = svg("svg", { viewBox: `0 0 ${CW} ${CH}`, class: "kit-replay-chart",
      role: "img", "aria-label": data.metric + " week by week" });
    const top = Math.max(1, ...data.sides.flatMap((s) => s.curve.filter((v) => isFinite(v))));
    const cx = (w) => L + (w - 1) / Math.max(1, data.weeks - 1) * (CW - L - R);
    const cy = (v) => CH - B - v / top * (CH - T - B);
    chart.append(svg("line", { x1: L, y1: CH - B, x2: CW - R, y2: CH - B, class: "kit-axis" }));
    chart.append(svg("line", { x1: L, y1: T, x2: L, y2: CH - B, class: "kit-axis" }));
    for (const [v, y] of [[0, cy(0)], [top, cy(top)]]) {
      const tick = svg("text", { x: L - 6, y: y + 4, "text-anchor": "end", class: "kit-tick" });
      tick.textContent = Math.round(v).toLocaleString("en");
      chart.append(tick);
    }
    const xt = svg("text", { x: (L + CW - R) / 2, y: CH - 6, "text-anchor": "middle",
      class: "kit-tick" });
    xt.textContent = "week (of " + data.weeks + ") · " + data.metric;
    chart.append(xt);
    marker = svg("line", { y1: T, y2: CH - B, class: "kit-replay-now" });
    chart.append(marker);
    data.sides.forEach((side, k) => {  // a key for the two lines, top left
      const y = T + 8 + 16 * k;
      chart.append(svg("line", { x1: L + 12, y1: y, x2: L + 40, y2: y, stroke: side.colour,
        "stroke-width": 2.5, "stroke-dasharray": side.dash }));
      const name = svg("text", { x: L + 46, y: y + 4, class: "kit-key" });
      name.textContent = side.title;
      chart.append(name);
    });
    data.sides.forEach((side) => {
      const line = svg("polyline", { fill: "none", stroke: side.colour, "stroke-width": 2.5,
        "stroke-dasharray": side.dash, class: "kit-replay-curve" });
      const pts = side.curve.map(
        (v, i) => `${cx(i + 1).toFixed(1)},${cy(isFinite(v) ? v : 0).toFixed(1)}`);
      // the value this week, as a dot: week 1 (nothing played yet) shows where both start
      const dot = svg("circle", { r: 4, fill: side.colour, class: "kit-replay-dot" });
      chart.append(line, dot);
      lines.push({ line, pts, dot });
    });
    root.append(chart);
    function setPlaying(on) {
      if (timer) { clearInterval(timer); timer = null; }
      play.textContent = on ? "❚❚ pause" : "▶ play";
      play.setAttribute("aria-label", on ? "pause" : "play");
      root.dataset.playing = on ? "1" : "0";
      if (on) {
        frameTimes = [];  // the frame times reported are those of the latest play
        if (shown >= data.weeks) show(1);
        timer = setInterval(() => {
          if (shown >= data.weeks) { setPlaying(false); sync(); return; }
          show(shown + 1);
        }, model.get("interval_ms"));
      }
    }
    function sync() { model.set("week", shown); model.save_changes(); }
    play.addEventListener("click", () => { const on = !timer; setPlaying(on); if (!on) sync(); });
    function stepBy(n) {
      setPlaying(false);
      show(Math.max(1, Math.min(data.weeks, shown + n)));
      sync();
    }
    back.addEventListener("click", () => stepBy(-1));
    fwd.addEventListener("click", () => stepBy(1));
    scrub.addEventListener("input", () => { setPlaying(false); show(Number(scrub.value)); });
    scrub.addEventListener("change", sync);
    // JupyterLab binds arrows and Home/End to moving between cells: keep them on the slider
    const KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End",
      "PageUp", "PageDown"];
    scrub.addEventListener("keydown", (e) => { if (KEYS.includes(e.key)) e.stopPropagation(); });
    function show(week) {
      const t0 = performance.now();
      week = Math.max(1, Math.min(data.weeks, week));
      for (const side of nodes) {
        const now = side.states[Math.min(week, side.states.length) - 1];
        const before = side.now;
        for (let i = 0; i < now.length; i++) {
          const s = now.charCodeAt(i);
          if (before !== null && before.charCodeAt(i) === s) continue;
          const k = now[i], c = side.circles[i];
          c.setAttribute("data-state", k);
          c.setAttribute("r", RADIUS[k]);
          c.style.fill = k === "0" ? "none" : side.colours[k];
          c.style.stroke = side.colours[k];
        }
        side.now = now;
      }
      for (const { line, pts, dot } of lines) {
        line.setAttribute("points", pts.slice(0, week).join(" "));
        const [x, y] = pts[Math.min(week, pts.length) - 1].split(",");
        dot.setAttribute("cx", x); dot.setAttribute("cy", y);
      }
      marker.setAttribute("x1", cx(week)); marker.setAttribute("x2", cx(week));
      scrub.value = week;
      label.textContent = "week " + week + " of " + data.weeks;
      shown = week;
      root.dataset.week = week;
      root.getBoundingClientRect();  // count style and layout in the frame's time
      const ms = performance.now() - t0;
      frameTimes.push(ms);
      root.dataset.frames = frameTimes.length;
      root.dataset.frameMaxMs = Math.max(...frameTimes).toFixed(2);
      const sorted = frameTimes.slice().sort((a, b) => a - b);
      root.dataset.frameP95Ms = sorted[Math.floor(0.95 * (sorted.length - 1))].toFixed(2);
      root.dataset.frameMedianMs = sorted[Math.floor(0.5 * (sorted.length - 1))].toFixed(2);
    }
    root._show = show;
    // every frame's time of the latest play, for benchmarks/replay_browser.py
    Object.defineProperty(root, "_kitFrameTimes", { get: () => frameTimes, configurable: true });
    setPlaying(false);
    show(model.get("week") || 1);
    frameTimes = [];
  }
  build();
  model.on("change:data", build);
  model.on("change:week", () => {
    const w = model.get("week");
    if (w !== shown && root._show) root._show(w);
  });
  return () => { if (timer) clearInterval(timer); };
}
export default { render };
