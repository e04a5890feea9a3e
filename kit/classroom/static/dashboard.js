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

// "Did the workshop work?": the concept inventory's gain (kit.classroom.gain).
function gainSection(gain, colours) {
  const box = h("section", { className: "kit-dash-gain", "aria-label": "Learning gain" });
  box.append(h("h3", {}, "Did the workshop work? (concept inventory)"));
  const cards = [
    ["normalised gain ⟨g⟩", gain.gain === null ? "–" : gain.gain.toFixed(2), "gain"],
    ["learners with both tests", gain.n_matched, "matched"],
    ["before → after", gain.pre === null ? "–" : `${Math.round(gain.pre)}% → ${Math.round(gain.post)}%`, "prepost"],
    ["not matched (one test only)", gain.pre_only + gain.post_only, "unmatched"],
  ];
  if (gain.delayed) cards.push(["a week later", `${Math.round(gain.delayed.delayed)}% (n ${gain.delayed.n})`, "delayed"]);
  box.append(
    h(
      "div",
      { className: "kit-dash-cards" },
      cards.map(([label, value, key]) =>
        h(
          "div",
          { className: "kit-dash-card", "data-gain": key },
          h("div", { className: "kit-dash-number" }, String(value)),
          h("div", { className: "kit-dash-cardlabel" }, label),
        ),
      ),
    ),
  );
  box.append(h("p", { className: "kit-dash-words" }, gain.words));
  if (gain.n_matched) {
    const delayed = gain.items.some((i) => i.delayed !== null);
    const head = h(
      "tr",
      {},
      ["Item", "Right before → after (first try)"].concat(delayed ? ["A week later"] : []).map((t) =>
        h("th", { scope: "col" }, t),
      ),
    );
    const rows = gain.items.map((i) =>
      h(
        "tr",
        { "data-item": i.question },
        h("th", { scope: "row" }, h("div", { className: "kit-dash-qid" }, i.question), h("div", { className: "kit-dash-qlabel" }, i.label)),
        h(
          "td",
          { className: "kit-dash-bars" },
          bar(i.pre, colours.first, "before", 1),
          bar(i.post, colours.right, "after", 1),
        ),
        delayed ? h("td", { className: "kit-dash-num" }, i.delayed === null ? "" : pct(i.delayed)) : "",
      ),
    );
    box.append(h("table", { className: "kit-dash-table" }, h("thead", {}, head), h("tbody", {}, rows)));
  }
  return box;
}

const FLAG_SHORT = {
  negative: "negative discrimination",
  "near-zero": "near-zero discrimination",
  "everyone-right": "everyone right",
  "nobody-right": "nobody right",
  unpicked: "a distractor nobody picks",
};

const fmt2 = (x) => (x === null || x === undefined ? "–" : (x >= 0 ? "+" : "") + x.toFixed(2));

// Item analysis (kit.classroom.analysis): one row per question, the distractor table folded.
function itemsSection(report) {
  const box = h("section", { className: "kit-dash-items", "aria-label": "Item analysis" });
  box.append(h("h3", {}, "Item analysis"));
  box.append(
    h(
      "p",
      { className: "kit-dash-words" },
      `${report.learners} learners; ${report.flagged} of ${report.items.length} questions flagged. ` +
        "Difficulty: share right at the first try. Discrimination: how well the question agrees " +
        "with the rest of its bank (point-biserial; upper-lower 27% in brackets). Open a question " +
        "for every option's picks and the misconception it stands for.",
    ),
  );
  const head = h(
    "tr",
    {},
    ["Question", "Answered", "Difficulty", "Discrimination", "Flags"].map((t) => h("th", { scope: "col" }, t)),
  );
  const rows = report.items.map((i) => {
    const details = h("details", {}, h("summary", {}, h("span", { className: "kit-dash-qid" }, `${i.bank}/${i.question}`)));
    details.append(h("div", { className: "kit-dash-qlabel" }, i.label));
    if (i.options.length) {
      details.append(
        h(
          "table",
          { className: "kit-dash-options" },
          h("tr", {}, ["Option", "Picked first", "Stands for"].map((t) => h("th", { scope: "col" }, t))),
          i.options.map((o) =>
            h(
              "tr",
              { className: o.correct ? "kit-dash-right" : o.picked ? "" : "kit-dash-unpicked" },
              h("td", {}, o.label),
              h("td", { className: "kit-dash-num" }, `${o.picked}${i.n ? ` (${pct(o.share)})` : ""}`),
              h("td", {}, o.correct ? "✓ the right answer" : o.misconception || ""),
            ),
          ),
        ),
      );
    }
    if (i.answers.length) {
      details.append(
        h(
          "ul",
          {},
          i.answers.map((a) => h("li", {}, `${a.answer} — ${a.learners} (${a.correct ? "right" : "wrong"})`)),
        ),
      );
    }
    // The table says each flag in a few words; the question's details say what to do.
    const flags = i.flags.length
      ? h(
          "ul",
          { className: "kit-dash-flags" },
          i.flags.map((f) =>
            h(
              "li",
              { title: f.words, "data-flag": f.flag },
              h("span", { className: "kit-dash-flag", "aria-hidden": "true" }, "⚑ "),
              FLAG_SHORT[f.flag] || f.flag,
            ),
          ),
        )
      : "";
    if (i.flags.length)
      details.append(
        h("ul", { className: "kit-dash-flagwords" }, i.flags.map((f) => h("li", {}, `⚑ ${FLAG_SHORT[f.flag] || f.flag}: ${f.words}`))),
      );
    return h(
      "tr",
      { "data-analysis": `${i.bank}/${i.question}` },
      h("th", { scope: "row" }, details),
      h("td", { className: "kit-dash-num" }, String(i.n)),
      h("td", { className: "kit-dash-num" }, i.difficulty === null ? "–" : pct(i.difficulty)),
      h(
        "td",
        { className: "kit-dash-num" },
        `${fmt2(i.discrimination)}${i.upper_lower === null ? "" : ` (${fmt2(i.upper_lower)})`}`,
      ),
      h("td", {}, flags),
    );
  });
  box.append(h("table", { className: "kit-dash-table" }, h("thead", {}, head), h("tbody", {}, rows)));
  return box;
}

// The capstone rubric's scores (kit.classroom.rubric); the form is Dashboard.rubric_form().
function rubricSection(rubric) {
  const box = h("section", { className: "kit-dash-rubric", "aria-label": "Capstone rubric" });
  box.append(h("h3", {}, `Capstone rubric${rubric.title ? `: ${rubric.title}` : ""}`));
  const names = Object.keys(rubric.scores).sort();
  if (!names.length) {
    box.append(h("p", { className: "kit-dash-words" }, "No defence scored yet: dashboard.rubric_form() opens the form, or kit progress rubric --sheet FILE a spreadsheet."));
    return box;
  }
  const head = h(
    "tr",
    {},
    ["Learner"].concat(rubric.criteria.map((c) => `${c.name} (0–${c.top})`), [`Total (of ${rubric.total})`]).map((t) => h("th", { scope: "col" }, t)),
  );
  const rows = names.map((name) => {
    const mine = rubric.scores[name];
    const total = Object.values(mine).reduce((a, b) => a + b, 0);
    return h(
      "tr",
      { "data-learner": name },
      h("th", { scope: "row" }, name),
      rubric.criteria.map((c) => h("td", { className: "kit-dash-num" }, c.id in mine ? String(mine[c.id]) : "–")),
      h("td", { className: "kit-dash-num" }, String(total)),
    );
  });
  box.append(h("table", { className: "kit-dash-table" }, h("thead", {}, head), h("tbody", {}, rows)));
  return box;
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
    const gain = model.get("gain");
    if (gain && gain.items) body.append(gainSection(gain, model.get("colours")));
    const items = model.get("items");
    if (items && items.items && items.items.length) body.append(itemsSection(items));
    const rubric = model.get("rubric");
    if (rubric && rubric.criteria) body.append(rubricSection(rubric));
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
