/* The static website's parts (kit.site): figures, quizzes, explorers, predictions, solutions.
 *
 * Every part reads the JSON the kernel wrote beside it (kit.site.emit) from a
 * <script type="application/json"> in the page: no request leaves the page. Quizzes grade
 * with KitGrader (grader.js, the Python graders ported); answers, attempts and guesses are
 * kept in localStorage under "kit-site:v1:". Light and dark follow prefers-color-scheme.
 *
 * window.kitSite reports what was drawn (for the browser test): figures expected and drawn,
 * questions made answerable, explorers, predictions, solutions.
 */
(function () {
  "use strict";
  var G = window.KitGrader;
  var PREFIX = "kit-site:v1:";
  // Parts that need a live kernel say so and link to where the index says how to get one.
  var LIVE_PAGE = "index.html#run-live";
  var site = (window.kitSite = {
    figures: { expected: 0, drawn: 0 },
    questions: 0,
    explorers: 0,
    predictions: 0,
    solutions: 0,
    errors: [],
  });
  var lesson = document.body.getAttribute("data-lesson") || "";
  var uid = 0;

  // ------------------------------------------------------------------ storage
  var memory = {};
  function load(key) {
    try {
      var text = window.localStorage.getItem(PREFIX + key);
      return text ? JSON.parse(text) : null;
    } catch (e) {
      return memory[key] || null; // storage off (private mode, file:// policy): this visit only
    }
  }
  function save(key, value) {
    memory[key] = value;
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (e) {
      /* kept in memory for this visit */
    }
  }
  function remove(key) {
    delete memory[key];
    try {
      window.localStorage.removeItem(PREFIX + key);
    } catch (e) {
      /* nothing kept */
    }
  }
  function allKeys() {
    var out = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) out.push(k.slice(PREFIX.length));
      }
    } catch (e) {
      out = Object.keys(memory);
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "html") node.innerHTML = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  // Bank text's small Markdown subset (`code`, **bold**, *italics*), built as DOM nodes (the
  // text is never parsed as HTML), as the notebook's typeset.js shows it; plain() drops the
  // marks where only text can go (drop-down options, names read by screen readers).
  function inline(text) {
    var frag = document.createDocumentFragment();
    String(text).split(/`([^`]+)`/).forEach(function (part, i) {
      if (i % 2) { frag.appendChild(el("code", { text: part })); return; }
      part.split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|\b_[^_]+_\b)/).forEach(function (bit) {
        if (/^\*\*[^*]+\*\*$/.test(bit)) frag.appendChild(el("strong", { text: bit.slice(2, -2) }));
        else if (/^\*[^*]+\*$/.test(bit) || /^_[^_]+_$/.test(bit)) frag.appendChild(el("em", { text: bit.slice(1, -1) }));
        else if (bit) frag.appendChild(document.createTextNode(bit));
      });
    });
    return frag;
  }
  function plain(text) {
    return String(text).replace(/`([^`]+)`/g, "$1").replace(/\*\*([^*]+)\*\*/g, "$1").replace(/\*([^*\s][^*]*)\*/g, "$1");
  }
  // "<what> needs the lessons running live (see how)." as a note with its link
  function liveNote(what, extra, plural) {
    return el("p", { class: "kit-note kit-needs-live" }, [
      what + (plural ? " need" : " needs") + " the lessons running live in JupyterLab (",
      el("a", { href: LIVE_PAGE, text: "see how" }),
      ")" + (extra || "") + ".",
    ]);
  }
  function nextId(base) {
    uid += 1;
    return "kit-" + base + "-" + uid;
  }
  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function fmtG(x) {
    return String(Number(Number(x).toPrecision(6)));
  }
  function keyOf(response) {
    return JSON.stringify(response, Object.keys(response || {}).sort());
  }

  // ------------------------------------------------------------------ figures
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function themed(layout) {
    var d = dark && dark.matches;
    var ink = d ? "#e8e8e8" : "#1f1f1f";
    var grid = d ? "#3d3d3d" : "#e4e4e4";
    var out = JSON.parse(JSON.stringify(layout || {}));
    out.paper_bgcolor = "rgba(0,0,0,0)";
    out.plot_bgcolor = d ? "#161616" : "#ffffff";
    out.font = Object.assign({ family: "system-ui, sans-serif", size: 13 }, out.font || {}, { color: ink });
    ["xaxis", "yaxis"].forEach(function (ax) {
      out[ax] = Object.assign({}, out[ax] || {}, { gridcolor: grid, zerolinecolor: grid, linecolor: grid });
    });
    out.autosize = true;
    delete out.width;
    return out;
  }
  var plots = [];
  function draw(div, fig) {
    div.classList.add("kit-plot");
    if (plots.indexOf(div) < 0) plots.push(div);
    div._kitFigure = fig;
    return Promise.resolve(window.Plotly.react(div, fig.data, themed(fig.layout), {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["toImage", "sendDataToCloud"],
    })).then(function (gd) {
      // The toolbar stays out of the Tab order (the mouse still reaches it).
      var buttons = div.querySelectorAll(".modebar-btn");
      for (var i = 0; i < buttons.length; i++) buttons[i].tabIndex = -1;
      return gd;
    });
  }
  function drawCounted(div, fig) {
    site.figures.expected += 1;
    return Promise.resolve(draw(div, fig)).then(
      function () {
        site.figures.drawn += 1;
        div.setAttribute("data-drawn", "1");
      },
      function (err) {
        site.errors.push(String(err));
      }
    );
  }
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", function () {
      plots.forEach(function (div) {
        if (div._kitFigure) draw(div, div._kitFigure);
      });
    });
  }

  // ------------------------------------------------------------------ the feedback box
  function feedbackBox() {
    var box = el("div", { class: "kit-feedback", role: "status", "aria-live": "polite" });
    box.show = function (shown) {
      box.className = "kit-feedback" + (shown.kind ? " kit-" + shown.kind : "");
      box.innerHTML = "";
      if (shown.title) {
        box.appendChild(el("p", { class: "kit-feedback-title" }, [
          el("span", { class: "kit-mark", "aria-hidden": "true", text: shown.mark + " " }),
          el("strong", { text: shown.title }),
        ]));
      }
      if (shown.message) box.appendChild(el("p", {}, [inline(shown.message)]));
      if (shown.explanation) box.appendChild(el("p", { class: "kit-explanation" }, [el("strong", { text: "Explanation: " }), inline(shown.explanation)]));
      if (shown.note) box.appendChild(el("p", { class: "kit-note", text: shown.note }));
    };
    return box;
  }

  // ------------------------------------------------------------------ a question
  function Question(form, into) {
    var q = form.question;
    var self = this;
    var storeKey = "q:" + form.key;
    var name = nextId("q");
    this.form = form;
    this.state = G.newState();
    this.lastCounted = null;
    this.listeners = [];
    var root = el("div", { class: "kit-quiz", role: "group", "aria-labelledby": name + "-prompt" });
    var banner = el("div", { class: "kit-restored", hidden: "" });
    var bannerText = el("span", { class: "kit-restored-text" });
    var again = el("button", { type: "button", text: "Start again" });
    banner.appendChild(bannerText);
    banner.appendChild(again);
    root.appendChild(banner);
    root.appendChild(el("div", { id: name + "-prompt", class: "kit-prompt", html: form.prompt_html }));
    if (q.jupyterquiz || !(q.type in { single: 1, multi: 1, numeric: 1, text: 1, ordering: 1, matching: 1 })) {
      root.appendChild(liveNote("Answering this question"));
      into.appendChild(root);
      this.response = function () { return null; };
      return;
    }
    var input = el("div", { class: "kit-input" });
    var controls = [];
    var order = form.order.map(function (i) { return form.labels[i]; });
    var current = null; // ordering: the items in the learner's order
    if (q.type === "single" || q.type === "multi") {
      var fs = el("fieldset", { class: "kit-choices" }, [el("legend", { class: "kit-sr", text: "Options" })]);
      order.forEach(function (label, i) {
        var id = name + "-o" + i;
        var box = el("input", { type: q.type === "single" ? "radio" : "checkbox", id: id, name: name, value: label });
        controls.push(box);
        box.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter") { ev.preventDefault(); self.submit(); }
        });
        fs.appendChild(el("div", { class: "kit-choice" }, [box, el("label", { for: id }, [inline(label)])]));
      });
      input.appendChild(fs);
    } else if (q.type === "numeric" || q.type === "text") {
      var id = name + "-answer";
      var box = el("input", {
        type: "text",
        id: id,
        autocomplete: "off",
        placeholder: q.type === "numeric" ? "a number, e.g. 42, 1,500 or 2.5" : "type here",
      });
      box.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { ev.preventDefault(); self.submit(); }
      });
      controls.push(box);
      input.appendChild(el("label", { for: id, text: "Your answer " }));
      input.appendChild(box);
    } else if (q.type === "ordering") {
      current = order.slice();
      var list = el("ol", { class: "kit-order" });
      input.appendChild(list);
      var drawOrder = function (focus) {
        list.innerHTML = "";
        current.forEach(function (item, i) {
          var up = el("button", { type: "button", "aria-label": "Move “" + plain(item) + "” up", text: "↑" });
          var down = el("button", { type: "button", "aria-label": "Move “" + plain(item) + "” down", text: "↓" });
          var done = G.isDone(self.state);
          up.disabled = done || i === 0;
          down.disabled = done || i === current.length - 1;
          up.addEventListener("click", function () { move(i, -1, "up"); });
          down.addEventListener("click", function () { move(i, 1, "down"); });
          list.appendChild(el("li", {}, [el("span", { class: "kit-order-item" }, [inline(item)]), up, down]));
          if (focus && focus[0] === item) (focus[1] === "up" ? (up.disabled ? down : up) : (down.disabled ? up : down)).focus();
        });
      };
      var move = function (i, step, which) {
        var j = i + step;
        if (j < 0 || j >= current.length) return;
        var item = current[i];
        current[i] = current[j];
        current[j] = item;
        drawOrder([item, which]);
      };
      this.drawOrder = drawOrder;
      drawOrder();
    } else if (q.type === "matching") {
      form.lefts.forEach(function (left, i) {
        var id = name + "-m" + i;
        var select = el("select", { id: id, "data-left": left }, [el("option", { value: "", text: "Choose…" })]);
        order.forEach(function (label) { select.appendChild(el("option", { value: label, text: plain(label) })); });
        controls.push(select);
        input.appendChild(el("div", { class: "kit-match" }, [el("label", { for: id }, [inline(left), " "]), select]));
      });
    }
    root.appendChild(input);
    var blind = !!form.blind; // the inventory's pre-test: one answer, saved, no feedback
    var submit = el("button", { type: "button", class: "kit-primary", text: blind ? "Save" : "Submit" });
    var hint = el("button", { type: "button", text: "Show a hint" });
    if (!q.hints.length || blind) hint.hidden = true;
    root.appendChild(el("div", { class: "kit-buttons" }, [submit, hint]));
    var hints = el("div", { class: "kit-hint-list", role: "status", "aria-live": "polite" });
    root.appendChild(hints);
    var fb = feedbackBox();
    root.appendChild(fb);
    into.appendChild(root);

    this.response = function () {
      if (q.type === "single") {
        var picked = controls.filter(function (c) { return c.checked; });
        return picked.length ? picked[0].value : null;
      }
      if (q.type === "multi") return controls.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
      if (q.type === "numeric" || q.type === "text") return controls[0].value;
      if (q.type === "ordering") return current.slice();
      var out = {};
      controls.forEach(function (s) { if (s.value) out[s.getAttribute("data-left")] = s.value; });
      return out;
    };
    this.setResponse = function (r) {
      if (q.type === "single" || q.type === "multi") {
        var wanted = r === null || r === undefined ? [] : Array.isArray(r) ? r : [r];
        controls.forEach(function (c) { c.checked = wanted.indexOf(c.value) >= 0; });
      } else if (q.type === "numeric" || q.type === "text") {
        controls[0].value = r === null || r === undefined ? "" : String(r);
      } else if (q.type === "ordering") {
        current = Array.isArray(r) && r.length === order.length ? r.slice() : order.slice();
        self.drawOrder();
      } else {
        controls.forEach(function (s) {
          var v = r && r[s.getAttribute("data-left")];
          s.value = v && order.indexOf(v) >= 0 ? v : "";
        });
      }
    };
    function showSaved(note) {
      fb.show({ kind: "info", mark: "✓", title: "Saved", message: "Your answer is saved. Whether it was right comes after the capstone.", note: note || "" });
    }
    this.done = function () {
      return blind ? self.state.attempts > 0 : G.isDone(self.state);
    };
    function refresh() {
      var done = self.done();
      submit.disabled = done;
      var left = q.hints.length - self.state.hints_shown;
      hint.disabled = done || left <= 0;
      hint.textContent = left ? "Show a hint (" + left + " left)" : "No more hints";
      controls.forEach(function (c) { c.disabled = done; });
      if (self.drawOrder) self.drawOrder();
    }
    function drawHints() {
      hints.innerHTML = "";
      q.hints.slice(0, self.state.hints_shown).forEach(function (h, i) {
        hints.appendChild(el("p", {}, [el("strong", { text: "Hint " + (i + 1) + " of " + q.hints.length + (i ? " (more specific)" : "") + ": " }), inline(h)]));
      });
    }
    function show(feedback, counted, note) {
      fb.show(G.present(q, self.state, feedback, { titles: form.titles, counted: counted, note: note, answer: form.answer_text }));
    }
    function persist(response, feedback) {
      save(storeKey, { state: self.state, response: response, last: self.lastCounted, time: new Date().toISOString() });
      self.listeners.forEach(function (fn) { fn(); });
    }
    this.submit = function () {
      var response = self.response();
      var feedback = G.grade(q, response);
      if (!feedback.valid) return show(feedback, false), feedback;
      if (blind) {
        if (self.state.attempts) {
          fb.show({ kind: "info", mark: "✓", title: "Saved", note: "Already saved; only the first answer counts." });
          return feedback;
        }
        self.state = { attempts: 1, status: "saved", score: feedback.score, hints_shown: 0 };
        showSaved();
        refresh();
        persist(response, feedback);
        return feedback;
      }
      if (G.isDone(self.state)) return show(feedback, false, "Already finished; this try was not recorded."), feedback;
      var key = keyOf(response);
      if (key === self.lastCounted) {
        show(feedback, false, "This is the answer you gave last time, so it was not counted again: change something first.");
        return feedback;
      }
      self.lastCounted = key;
      self.state = G.after(q, self.state, feedback);
      show(feedback, true);
      refresh();
      persist(response, feedback);
      return feedback;
    };
    this.startAgain = function () {
      self.state = G.newState();
      self.lastCounted = null;
      self.setResponse(null);
      fb.show({ note: "Started again: your earlier answers to this question are cleared." });
      drawHints();
      banner.hidden = true;
      remove(storeKey);
      refresh();
      self.listeners.forEach(function (fn) { fn(); });
    };
    submit.addEventListener("click", function () { self.submit(); });
    hint.addEventListener("click", function () {
      var next = G.withHint(q, self.state);
      if (next === self.state) return;
      self.state = next;
      drawHints();
      refresh();
      persist(self.response());
    });
    again.addEventListener("click", function () { self.startAgain(); });
    // restore an earlier visit
    var stored = load(storeKey);
    if (stored && stored.state && stored.state.attempts) {
      self.state = stored.state;
      self.lastCounted = stored.last;
      self.setResponse(stored.response);
      drawHints();
      if (blind) showSaved("Restored from your earlier visit.");
      else show(G.grade(q, stored.response), true, "Restored from your earlier visit.");
      var n = stored.state.attempts;
      bannerText.innerHTML = "";
      bannerText.appendChild(el("strong", { text: "From an earlier visit" }));
      bannerText.appendChild(document.createTextNode(": your last answer and its feedback (" + n + " attempt" + (n === 1 ? "" : "s") + " so far). "));
      banner.hidden = false;
    }
    refresh();
    site.questions += 1;
    root.setAttribute("data-answerable", "1");
  }

  function section(form, into) {
    var root = el("div", { class: "kit-quiz-section" });
    var head = el("div", { class: "kit-section-head" }, [
      el("h3", { text: form.title }),
      el("p", { text: form.intro || "A self-check: answers are graded in your browser and kept in this browser. It is not an exam (the answers are in the page source)." }),
    ]);
    var score = el("p", { class: "kit-section-score", "aria-live": "polite" });
    root.appendChild(head);
    root.appendChild(score);
    into.appendChild(root);
    var items = form.questions.map(function (f) { return new Question(f, root); });
    var summary = feedbackBox();
    root.appendChild(summary);
    function updatePhase() {
      var n = items.length;
      var done = items.filter(function (it) { return it.state.attempts > 0; }).length;
      score.textContent = "Answered " + done + " of " + n;
      if (done < n) return summary.show({ note: n - done + " to go." });
      if (form.phase === "pre") {
        return summary.show({ kind: "info", mark: "ℹ", title: "All answered", message: "All " + n + " answers are saved. After the capstone you answer the same questions again; the comparison there shows both, side by side." });
      }
      var right = items.filter(function (it) { return it.state.status === "correct"; }).length;
      summary.show({ kind: "info", mark: "ℹ", title: "All answered", message: "You answered " + right + " of " + n + " right. The comparison below shows how that compares with your answers before the course, question by question." });
    }
    function update() {
      if (form.phase) return updatePhase();
      var n = items.length;
      var total = 0, points = 0, answered = 0, finished = 0, right = 0, review = [];
      items.forEach(function (it) {
        var q = it.form.question;
        total += q.points;
        points += it.state.score * q.points;
        if (it.state.attempts > 0) answered += 1;
        if (G.isDone(it.state)) finished += 1;
        if (it.state.status === "correct") right += 1;
        else review.push(String(items.indexOf(it) + 1));
      });
      score.textContent = "Score: " + fmtG(points) + " of " + fmtG(total) + " points · answered " + answered + " of " + n;
      if (finished < n) {
        summary.show({ note: "Summary appears when every question is finished (" + (n - finished) + " to go)." });
        return;
      }
      summary.show({
        kind: right === n ? "correct" : "info",
        mark: right === n ? "✓" : "ℹ",
        title: "Summary",
        message: "You answered " + right + " of " + n + " questions right, scoring " + fmtG(points) + " of " + fmtG(total) + " points." +
          (review.length ? " Worth reviewing: question" + (review.length > 1 ? "s " : " ") + review.join(", ") + "." : " Well done."),
      });
    }
    items.forEach(function (it) { it.listeners.push(update); });
    update();
    return items;
  }

  // ------------------------------------------------------------------ explorers
  function explorer(form, into) {
    var root = el("div", { class: "kit-explorer" });
    var name = nextId("ex");
    var positions = form.sliders.map(function (s) { return s.values.length; });
    var same = positions.every(function (n) { return n === positions[0]; });
    var note = el("div", { class: "kit-explorer-note" }, [
      el("p", {
        class: "kit-note",
        text:
          "The runs were made when this website was built, for " +
          (same ? positions[0] + " positions of " + (positions.length > 1 ? "each slider" : "the slider")
                : form.sliders.map(function (s) { return s.values.length + " positions of " + s.label; }).join(", ")) +
          (form.mode === "one-at-a-time" && positions.length > 1
            ? ". One slider moves at a time: moving one puts the others back where they started."
            : "."),
      }),
      liveNote("The run history, pins, scenario codes, the Bass yardstick and the replay", "", true),
    ]);
    var grid = el("div", { class: "kit-explorer-controls" });
    var inputs = [];
    form.sliders.forEach(function (s, i) {
      var id = name + "-s" + i;
      var start = s.values.indexOf(s.start);
      var range = el("input", { type: "range", id: id, min: "0", max: String(s.values.length - 1), step: "1", value: String(Math.max(0, start)) });
      var readout = el("output", { for: id, class: "kit-readout" });
      var wrap = el("div", { class: "kit-slider" }, [
        el("label", { for: id, text: s.label }),
        range,
        readout,
        el("div", { class: "kit-control-small", title: s.doc }, [s.unit]),
      ]);
      grid.appendChild(wrap);
      inputs.push({ spec: s, range: range, readout: readout, start: Math.max(0, start) });
    });
    var menuId = name + "-metric";
    var menu = el("select", { id: menuId });
    form.metrics.forEach(function (m) { menu.appendChild(el("option", { value: m[0], text: m[1] })); });
    menu.value = form.metric;
    grid.appendChild(el("div", { class: "kit-metric" }, [el("label", { for: menuId, text: "Show " }), menu]));
    var figure = el("div", { class: "kit-plot", role: "figure", "aria-label": "The explorer's runs" });
    var status = el("p", { class: "kit-explorer-status", "aria-live": "polite" });
    root.appendChild(grid);
    root.appendChild(figure);
    root.appendChild(status);
    root.appendChild(note);
    into.appendChild(root);
    function say(s, i) {
      var v = s.values[i];
      var text = s.readout && /%$/.test(s.readout) ? fmtG(v * 100) + "%" : fmtG(v);
      return text;
    }
    function update(moved) {
      if (form.mode === "one-at-a-time" && moved !== undefined) {
        inputs.forEach(function (it, k) { if (k !== moved) it.range.value = String(it.start); });
      }
      var key = inputs.map(function (it) { return fmtG(it.spec.values[+it.range.value]); }).join("|");
      inputs.forEach(function (it) {
        var text = say(it.spec, +it.range.value);
        it.readout.textContent = text;
        it.range.setAttribute("aria-valuetext", text + " " + it.spec.unit);
      });
      var run = form.runs[key] || form.runs[Object.keys(form.runs).filter(function (k) { return k === key; })[0]];
      var size = form.size.population.toLocaleString("en-US") + " people · " + form.size.weeks + " weeks · seed " + form.size.seed;
      if (!run) {
        status.textContent = "These settings were not run when this website was built; other settings need the lessons running live (see the note below).";
        return null;
      }
      if (run.error) {
        status.textContent = "Could not run these settings: " + run.error;
        return null;
      }
      status.textContent = form.strategies.join(" vs ") + " · " + size + " · precomputed";
      return draw(figure, run[menu.value]);
    }
    inputs.forEach(function (it, k) {
      it.range.addEventListener("input", function () { update(k); });
    });
    menu.addEventListener("change", function () { update(); });
    site.figures.expected += 1;
    Promise.resolve(update()).then(function () {
      site.figures.drawn += 1;
      figure.setAttribute("data-drawn", "1");
    });
    site.explorers += 1;
  }

  // ------------------------------------------------------------------ predictions
  function prediction(form, into) {
    var storeKey = "p:" + form.key;
    var root = el("div", { class: "kit-prediction" });
    var name = nextId("pr");
    root.appendChild(el("p", {}, [el("strong", { text: "Predict: " }), form.prompt]));
    var box = el("input", { type: "text", id: name, autocomplete: "off", placeholder: form.example });
    var reveal = el("button", { type: "button", class: "kit-primary", text: "Reveal" });
    var message = el("p", { class: "kit-guess-message", role: "status", "aria-live": "polite" });
    root.appendChild(el("div", { class: "kit-guess" }, [el("label", { for: name, text: "Your guess (" + form.range_text + ") " }), box, reveal]));
    root.appendChild(message);
    var result = el("div", { class: "kit-prediction-result", "aria-live": "polite" });
    root.appendChild(result);
    var again = el("button", { type: "button", text: "Start again", hidden: "" });
    root.appendChild(again);
    root.appendChild(liveNote("“Predict again on a new run” (the same question on a run with other chance draws)"));
    into.appendChild(root);
    var weekly = form.weekly;
    function sayValue(v) {
      return weekly ? "week " + fmtG(v) : G.sayNumber(v) + form.unit;
    }
    function problem(text) {
      var v = G.readNumber(text);
      var lo = form.range[0], hi = form.range[1];
      if (v === null) {
        var shown = text.trim() || "an empty box";
        return "“" + shown + "” is not a number: type " + form.range_text + ", e.g. " + form.example + ".";
      }
      if ((lo !== null && v < lo) || (hi !== null && v > hi)) {
        var where = lo !== null && v < lo ? "before the run starts" : "beyond the run";
        if (!weekly) where = lo !== null && v < lo ? "below what is possible here" : "more than the run can reach";
        return G.sayNumber(v) + " is " + where + ": type " + form.range_text + ". Nothing was counted.";
      }
      return "";
    }
    function distance(guess) {
      var what = sayValue(form.answer);
      var head = "You guessed " + sayValue(guess) + "; the simulation says " + what;
      var gap = guess - form.answer;
      if (gap === 0) return head + ": exactly the same.";
      if (weekly) {
        var weeks = Math.abs(gap);
        return head + ": " + fmtG(weeks) + " week" + (weeks !== 1 ? "s" : "") + " " + (gap < 0 ? "early" : "late") + ".";
      }
      var side = gap < 0 ? "below" : "above";
      if (form.answer) return head + ": " + G.sayNumber(Math.abs(gap)) + form.unit + " " + side + " (" + G.percent(Math.abs(gap) / Math.abs(form.answer)) + " of the simulation's number).";
      return head + ": " + G.sayNumber(Math.abs(gap)) + form.unit + " " + side + ".";
    }
    function show(guess, earlier) {
      box.value = weekly ? fmtG(guess) : G.sayNumber(guess);
      box.disabled = true;
      reveal.disabled = true;
      var close = G.grade(form.question, String(guess)).correct;
      var key = close ? "close" : guess < form.answer ? "low" : "high";
      result.innerHTML = "";
      result.appendChild(el("p", {}, [el("strong", { text: "Your guess vs the simulation" })]));
      if (earlier) result.appendChild(el("p", {}, [el("em", { text: "Your guess from an earlier visit." })]));
      result.appendChild(el("p", { text: distance(guess) }));
      result.appendChild(el("p", {}, [el("strong", { text: "What that tells you: " }), form.meaning[key]]));
      var fig = JSON.parse(JSON.stringify(form.figure));
      var layout = fig.layout;
      layout.shapes = (layout.shapes || []).slice();
      layout.annotations = (layout.annotations || []).slice();
      var line = { color: "#7f7f7f", dash: "dash", width: 2.5 };
      if (weekly) {
        layout.shapes.push({ type: "line", xref: "x", yref: "paper", x0: guess, x1: guess, y0: 0, y1: 1, line: line });
        // the label on the side of the line with room for it (not cut off at the chart's edge)
        var xr = (layout.xaxis && layout.xaxis.range) || [form.range[0] || 0, form.range[1] || guess];
        var leftHalf = guess - xr[0] < (xr[1] - xr[0]) / 2;
        layout.annotations.push({ x: guess, xref: "x", y: 0, yref: "paper", yanchor: "bottom", text: "your guess: week " + fmtG(guess), showarrow: false, xanchor: leftHalf ? "left" : "right", bgcolor: "rgba(127,127,127,0.12)" });
      } else {
        var yr = (layout.yaxis && layout.yaxis.range) || [0, 1];
        var shownY = Math.min(Math.max(guess, yr[0]), yr[1]);
        var label = "your guess: " + G.sayNumber(guess) + form.unit + (shownY !== guess ? " (off this chart)" : "");
        layout.shapes.push({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: shownY, y1: shownY, line: line });
        layout.annotations.push({ x: 0, xref: "paper", y: shownY, yref: "y", yanchor: "bottom", xanchor: "left", text: label, showarrow: false });
      }
      var div = el("div", { class: "kit-plot", role: "figure", "aria-label": "Your guess vs the simulation" });
      result.appendChild(div);
      again.hidden = false;
      return drawCounted(div, fig);
    }
    function commit() {
      var text = box.value;
      var p = problem(text);
      if (p) {
        message.textContent = p;
        return;
      }
      message.textContent = "";
      var guess = G.readNumber(text);
      save(storeKey, { guess: guess, time: new Date().toISOString() });
      show(guess, false);
    }
    reveal.addEventListener("click", commit);
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); commit(); }
    });
    again.addEventListener("click", function () {
      remove(storeKey);
      result.innerHTML = "";
      box.disabled = false;
      reveal.disabled = false;
      box.value = "";
      again.hidden = true;
      message.textContent = "Started again: your earlier guess is cleared.";
      box.focus();
    });
    var stored = load(storeKey);
    if (stored && typeof stored.guess === "number") show(stored.guess, true);
    site.predictions += 1;
  }

  // ------------------------------------------------------------------ solutions
  function solution(form, into) {
    var root = el("div", { class: "kit-solution" });
    var show = el("button", { type: "button", text: "Show a solution", title: "Show a solution to challenge " + form.challenge + ": " + form.title });
    var body = el("div", { class: "kit-solution-body", hidden: "" });
    body.appendChild(el("p", {}, [el("strong", { text: "A solution" }), " (one of several that work): " + form.title]));
    String(form.explain || "").split(/\n\s*\n/).forEach(function (p) { if (p.trim()) body.appendChild(el("p", { text: p.trim() })); });
    if (form.code) {
      body.appendChild(el("pre", { class: "kit-solution-code" }, [el("code", { text: form.code })]));
      body.appendChild(liveNote("Running this solution", ", where its “Run this solution” button runs it for you"));
    }
    show.addEventListener("click", function () {
      body.hidden = false;
      show.hidden = true;
      body.setAttribute("tabindex", "-1");
      body.focus();
    });
    root.appendChild(show);
    root.appendChild(body);
    into.appendChild(root);
    site.solutions += 1;
  }

  // quiz.my_gain(): the reader's own answers before, after and a week later, from this browser
  function gain(form, into) {
    var root = el("div", { class: "kit-my-gain" });
    var words = el("p", { "aria-live": "polite" });
    var table = el("table", { class: "kit-my-gain-table" });
    root.appendChild(words);
    root.appendChild(table);
    into.appendChild(root);
    function mark(v) {
      return v === null ? "–" : v ? "✓ right" : "✗ not yet";
    }
    function draw() {
      var phases = ["pre", "post", "delayed"];
      var totals = { pre: [0, 0, 0], post: [0, 0, 0], delayed: [0, 0, 0] }; // right, answered, asked
      var rows = form.items.map(function (item) {
        var got = {};
        phases.forEach(function (phase) {
          if (phase === "delayed" && !item.delayed) { got[phase] = ""; return; }
          totals[phase][2] += 1;
          var kept = load("q:" + form.banks[phase] + "/" + item.id);
          if (!kept || !kept.state || !kept.state.attempts) { got[phase] = null; return; }
          var right = phase === "pre" ? G.grade(item.question, kept.response).correct : kept.state.status === "correct";
          totals[phase][1] += 1;
          if (right) totals[phase][0] += 1;
          got[phase] = right;
        });
        return [item.label, mark(got.pre), mark(got.post), got.delayed === "" ? "" : mark(got.delayed)];
      });
      rows.push(["Total right"].concat(phases.map(function (p) {
        return totals[p][1] ? totals[p][0] + " of " + totals[p][2] : "–";
      })));
      table.innerHTML = "";
      var head = el("tr", {}, [el("th", { scope: "col", text: "Question" })].concat(phases.map(function (p) {
        var w = form.words[p];
        return el("th", { scope: "col", text: w.charAt(0).toUpperCase() + w.slice(1) });
      })));
      table.appendChild(el("thead", {}, [head]));
      var body = el("tbody");
      rows.forEach(function (r) {
        body.appendChild(el("tr", {}, [el("th", { scope: "row", text: r[0] })].concat(r.slice(1).map(function (c) { return el("td", { text: c }); }))));
      });
      table.appendChild(body);
      var pre = totals.pre, post = totals.post;
      if (!pre[1]) words.textContent = "You have not taken the pre-test in this browser yet (lesson 00).";
      else if (!post[1]) words.textContent = "Before the course you answered " + pre[0] + " of " + pre[2] + " right. Take the post-test above to compare.";
      else words.textContent = "Before the course you answered " + pre[0] + " of " + pre[2] + " right; after it, " + post[0] + " of " + post[2] +
        (totals.delayed[1] ? "; a week later, " + totals.delayed[0] + " of " + totals.delayed[2] : "") + ". From this browser's answers only.";
    }
    draw();
    gains.push(draw);
  }
  var gains = [];

  function unsupported(form, into) {
    var part = liveNote(form.words || "This part of the lesson");
    part.classList.add("kit-unsupported");
    into.appendChild(part);
  }

  // ------------------------------------------------------------------ the page
  var questions = [];
  function lessonProgress() {
    if (!lesson) return;
    // a question asked twice on a page (on its own and in the end-of-lesson set) counts once;
    // before-course answers are saved, not graded, so they are not counted as wrong
    var seen = {}, total = 0, answered = 0, right = 0, saved = 0;
    questions.forEach(function (it) {
      var key = it.form && it.form.key ? it.form.key : "#" + total;
      var was = seen[key];
      var now = { answered: it.state.attempts > 0, right: it.state.status === "correct", saved: it.state.status === "saved" };
      if (!was) { total += 1; seen[key] = now; return; }
      seen[key] = { answered: was.answered || now.answered, right: was.right || now.right, saved: was.saved || now.saved };
    });
    Object.keys(seen).forEach(function (k) {
      if (seen[k].answered) answered += 1;
      if (seen[k].right) right += 1;
      if (seen[k].saved) saved += 1;
    });
    save("lesson:" + lesson, { total: total, answered: answered, right: right, saved: saved });
  }
  function start() {
    var parts = document.querySelectorAll("[data-kit]");
    Array.prototype.forEach.call(parts, function (holder) {
      var form;
      try {
        form = readJSON(holder.getAttribute("data-kit"));
        if (form.kind === "question") questions.push(new Question(form, holder));
        else if (form.kind === "section") questions = questions.concat(section(form, holder));
        else if (form.kind === "explorer") explorer(form, holder);
        else if (form.kind === "prediction") prediction(form, holder);
        else if (form.kind === "solution") solution(form, holder);
        else if (form.kind === "gain") gain(form, holder);
        else unsupported(form, holder);
      } catch (err) {
        site.errors.push(String(err && err.stack || err));
        unsupported({ what: form && form.kind }, holder);
      }
    });
    questions.forEach(function (it) {
      it.listeners.push(lessonProgress);
      it.listeners.push(function () { gains.forEach(function (fn) { fn(); }); });
    });
    if (questions.length) lessonProgress();
    Array.prototype.forEach.call(document.querySelectorAll("[data-fig]"), function (div) {
      drawCounted(div, readJSON(div.getAttribute("data-fig")));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".kit-progress[data-lesson]"), function (span) {
      var p = load("lesson:" + span.getAttribute("data-lesson"));
      if (!p || !p.answered) return;
      var graded = p.answered - (p.saved || 0);
      span.textContent = "answered " + p.answered + " of " + p.total + " questions" +
        (graded ? ", " + p.right + " right" : "") +
        (p.saved ? " (" + p.saved + " before-course answer" + (p.saved === 1 ? "" : "s") + " saved for comparing later, not graded)" : "");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".kit-clear-page"), function (b) {
      b.addEventListener("click", function () {
        if (!window.confirm("Clear your answers and guesses on this page?")) return;
        questions.forEach(function (it) { it.startAgain(); });
        Array.prototype.forEach.call(document.querySelectorAll("[data-kit]"), function (holder) {
          var form = readJSON(holder.getAttribute("data-kit"));
          if (form && form.kind === "prediction") remove("p:" + form.key);
        });
        if (lesson) remove("lesson:" + lesson);
        window.location.reload();
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".kit-clear-all"), function (b) {
      b.addEventListener("click", function () {
        if (!window.confirm("Clear every answer and guess kept in this browser for these lessons?")) return;
        allKeys().forEach(remove);
        window.location.reload();
      });
    });
    // a code block wider than the page scrolls: the keyboard must reach it too
    Array.prototype.forEach.call(document.querySelectorAll("pre"), function (pre) {
      if (pre.scrollWidth > pre.clientWidth + 1) {
        pre.setAttribute("tabindex", "0");
        pre.setAttribute("role", "region");
        pre.setAttribute("aria-label", "Code (scrolls sideways)");
      }
    });
    site.ready = true;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
