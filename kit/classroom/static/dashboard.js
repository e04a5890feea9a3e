// The instructor's live dashboard (kit.classroom.widget.Dashboard).
// The kernel computes every number; this module only draws them, and every `interval`
// seconds asks the kernel for fresh numbers. The timer lives in the view: it stops when the
// view is removed (output cleared, notebook closed), so a closed dashboard costs nothing.

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "style") Object.assign(node.style, value);
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "role")
      node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const pct = (x) => `${Math.round(100 * x)}%`;

function bar(share, colour, label, tried) {
  const track = h("div", { className: "kit-dash-track" });
  track.append(
    h("div", {
      className: "kit-dash-fill",
      style: { width: tried ? `${(100 * share).toFixed(1)}%` : "0", background: colour },
    }),
  );
  return h(
    "div",
    { className: "kit-dash-bar", title: `${label}: ${tried ? pct(share) : "nobody yet"}` },
    h("span", { className: "kit-dash-barlabel" }, label),
    track,
    h("span", { className: "kit-dash-value" }, tried ? pct(share) : "–"),
  );
}

function summary(stats, classId, where) {
  const when = stats.now ? new Date(stats.now).toLocaleTimeString() : "";
  const items = [
    ["learners", stats.learners],
    [`active in the last ${stats.active_minutes} min`, stats.active],
    ["questions finished", `${stats.finished} of ${stats.possible}`],
    ["attempts", stats.attempts],
  ];
  return h(
    "div",
    { className: "kit-dash-summary" },
    h(
      "div",
      { className: "kit-dash-title" },
      h("strong", {}, classId ? `Class ${classId}` : "All attempts"),
      h("span", { className: "kit-dash-where" }, ` · ${where} · updated ${when}`),
    ),
    h(
      "div",
      { className: "kit-dash-cards" },
      items.map(([label, value]) =>
        h(
          "div",
          { className: "kit-dash-card", "data-stat": label.split(" ")[0] },
          h("div", { className: "kit-dash-number" }, String(value)),
          h("div", { className: "kit-dash-cardlabel" }, label),
        ),
      ),
    ),
  );
}

function table(stats, colours) {
  const head = h(
    "tr",
    {},
    ["Question", "Tried", "Right", "Most common wrong answer", "Stuck"].map((t) =>
      h("th", { scope: "col" }, t),
    ),
  );
  const rows = stats.questions.map((q) => {
    const stuck = q.stuck.length
      ? h(
          "span",
          { className: "kit-dash-stuck", title: q.stuck.join(", ") },
          h("span", { className: "kit-dash-flag", "aria-hidden": "true" }, "⚑ "),
          `${q.stuck.length}: ${q.stuck.slice(0, 4).join(", ")}${q.stuck.length > 4 ? ", …" : ""}`,
        )
      : "";
    const wrong = q.common_wrong
      ? h(
          "span",
          {},
          h("q", {}, q.common_wrong),
          ` (${q.common_wrong_learners} learner${q.common_wrong_learners === 1 ? "" : "s"})`,
        )
      : "";
    return h(
      "tr",
      { "data-question": `${q.bank}/${q.question}` },
      h(
        "th",
        { scope: "row" },
        h("div", { className: "kit-dash-qid" }, `${q.bank}/${q.question}`),
        q.label !== q.question ? h("div", { className: "kit-dash-qlabel" }, q.label) : "",
      ),
      h("td", { className: "kit-dash-num", "data-stat": "tried" }, String(q.tried)),
      h(
        "td",
        { className: "kit-dash-bars" },
        bar(q.share_first_try, colours.first, "1st try", q.tried),
        bar(q.share_right, colours.right, "in the end", q.tried),
      ),
      h("td", {}, wrong),
      h("td", {}, stuck),
    );
  });
  return h(
    "table",
    { className: "kit-dash-table" },
    h("thead", {}, head),
    h("tbody", {}, rows),
  );
}

function render({ model, el }) {
  const root = h("div", { className: "kit-dash" });
  const status = h("div", {
    className: "kit-dash-status",
    role: "status",
    "aria-live": "polite",
  });
  const body = h("div", {});
  root.append(status, body);
  el.append(root);

  const draw = () => {
    const stats = model.get("stats");
    status.textContent = model.get("status");
    status.hidden = !model.get("status");
    body.replaceChildren();
    if (!stats || !stats.questions) return;
    body.append(summary(stats, model.get("class_id"), model.get("where")));
    if (stats.questions.length) body.append(table(stats, model.get("colours")));
    else body.append(h("p", { className: "kit-dash-empty" }, "No attempts yet."));
    root.dataset.refreshes = String(model.get("refreshes"));
  };
  model.on("change:stats", draw);
  model.on("change:status", draw);
  draw();

  let timer = null;
  const start = () => {
    if (timer !== null) clearInterval(timer);
    const seconds = Math.max(1, model.get("interval"));
    timer = setInterval(() => model.send({ type: "refresh" }), seconds * 1000);
  };
  model.on("change:interval", start);
  start();
  return () => {
    clearInterval(timer);
    timer = null;
    model.off("change:stats", draw);
    model.off("change:status", draw);
    model.off("change:interval", start);
  };
}

export default { render };
