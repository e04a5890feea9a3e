/* The kit's quiz graders in JavaScript, for the static website (kit.site).
 *
 * A port of kit/quiz/grading.py, choice.py, numeric.py, text.py, arrange.py (grading) and
 * kit/quiz/state.py (attempts, statuses and what the feedback box says). A question is the
 * JSON that kit.site.emit.question_spec writes; a response has the form Python's
 * Question.grade takes (a label, a list of labels, a typed string, a list of items in order,
 * an object left -> right). grade() returns {correct, score, message, valid} exactly as the
 * Python grader does, messages included: tests/site/test_grader_parity.py runs every
 * question of every shipped bank through both with right, wrong and malformed answers.
 *
 * Works in the page (window.KitGrader) and under node (module.exports).
 */
(function (root) {
  "use strict";

  var CORRECT = "Correct!";
  var INCORRECT = "Not quite.";
  var TYPE_A_NUMBER = "type digits such as 42, 1,500 or 2.5";
  var TITLES = { correct: "Correct", incorrect: "Not yet", out_of_attempts: " (no attempts left)" };

  // Python's str.isspace() characters (str.strip and str.split use them).
  var WS = "\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var STRIP_RE = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var RSTRIP_RE = new RegExp("[" + WS + "]+$");
  var SPLIT_RE = new RegExp("[" + WS + "]+");

  function KitValueError(message) {
    this.message = message;
  }

  function feedback(correct, score, message, valid) {
    return { correct: correct, score: score, message: message, valid: valid !== false };
  }
  function invalid(message) {
    return feedback(false, 0.0, message, false);
  }

  // ------------------------------------------------------------------ Python's words
  function pyStrip(s) {
    return s.replace(STRIP_RE, "");
  }
  function pySplit(s) {
    var t = pyStrip(s);
    return t ? t.split(SPLIT_RE) : [];
  }
  function reprString(s) {
    var quote = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      var code = s.charCodeAt(i);
      if (c === "\\") out += "\\\\";
      else if (c === quote) out += "\\" + c;
      else if (c === "\n") out += "\\n";
      else if (c === "\r") out += "\\r";
      else if (c === "\t") out += "\\t";
      else if (code < 32 || code === 127) out += "\\x" + ("0" + code.toString(16)).slice(-2);
      else out += c;
    }
    return quote + out + quote;
  }
  function pyRepr(x) {
    if (x === null || x === undefined) return "None";
    if (x === true) return "True";
    if (x === false) return "False";
    if (typeof x === "number") return pyNumber(x);
    if (typeof x === "string") return reprString(x);
    if (Array.isArray(x)) return "[" + x.map(pyRepr).join(", ") + "]";
    return "{" + Object.keys(x).map(function (k) { return reprString(k) + ": " + pyRepr(x[k]); }).join(", ") + "}";
  }
  function pyStr(x) {
    return typeof x === "string" ? x : pyRepr(x);
  }
  function pyNumber(x) {
    // JSON numbers reach Python as int when whole; the kit's samples keep to those.
    if (Number.isInteger(x)) return String(x);
    var s = String(x);
    return s.indexOf("e") >= 0 ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
  }
  function capitalize(s) {
    return s.slice(0, 1).toUpperCase() + s.slice(1);
  }

  // ------------------------------------------------------------------ numbers
  var FLOAT_RE = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
  var SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;
  var GROUPED_RE = /^[+-]?\d{1,3}(?:([,\u00a0\u202f\u2009' ])\d{3})(?:\1\d{3})*(?:\.\d*)?$/;

  function pyFloat(text) {
    var s = pyStrip(text);
    var special = SPECIAL_RE.exec(s);
    if (special) {
      if (special[2].toLowerCase() === "nan") return NaN;
      return special[1] === "-" ? -Infinity : Infinity;
    }
    if (!FLOAT_RE.test(s)) throw new KitValueError("could not convert string to float");
    return Number(s.replace(/_/g, ""));
  }

  // Python reads any Unicode decimal digit (４２, ٤٢) as float() and \d do; JavaScript only
  // 0-9. Decimal digits come in runs of ten from 0, so a digit's value is its place in its run.
  var ND = /\p{Nd}/u;
  function asciiDigits(text) {
    return Array.from(text).map(function (c) {
      if (c >= "0" && c <= "9") return c;
      if (!ND.test(c)) return c;
      var cp = c.codePointAt(0);
      var start = cp;
      while (ND.test(String.fromCodePoint(start - 1))) start -= 1;
      return String((cp - start) % 10);
    }).join("");
  }

  function parseNumber(value) {
    var number;
    if (value === true || value === false) throw new KitValueError("enter a number, not true/false");
    if (typeof value === "number") {
      number = value;
    } else if (typeof value === "string") {
      var text = asciiDigits(pyStrip(value)).replace(/\u2212/g, "-");
      if (text.slice(-1) === "%") text = text.slice(0, -1).replace(RSTRIP_RE, "");
      if (GROUPED_RE.test(text)) text = text.replace(/[,\u00a0\u202f\u2009' ]/g, "");
      text = text.split(" ").join("");
      if (!text) throw new KitValueError("enter a number: " + TYPE_A_NUMBER);
      try {
        if (text.split("/").length === 2) {
          var parts = text.split("/");
          var top = pyFloat(parts[0]);
          var bottom = pyFloat(parts[1]);
          if (bottom === 0) throw new KitValueError("a fraction cannot have 0 below the line");
          number = top / bottom;
        } else if (text.indexOf(",") >= 0 || text.indexOf("_") >= 0) {
          throw new KitValueError("not a number");
        } else {
          number = pyFloat(text);
        }
      } catch (exc) {
        if (!(exc instanceof KitValueError)) throw exc;
        if (exc.message.indexOf("below the line") >= 0) throw exc;
        if (text.indexOf(",") >= 0) {
          throw new KitValueError(
            reprString(pyStrip(value)) + " is not a number; a comma separates thousands (1,500), " +
              "and a point the decimals (2.5)"
          );
        }
        throw new KitValueError(reprString(pyStrip(value)) + " is not a number; " + TYPE_A_NUMBER);
      }
    } else {
      throw new KitValueError("enter a number: " + TYPE_A_NUMBER);
    }
    if (!isFinite(number)) throw new KitValueError("enter a finite number: " + TYPE_A_NUMBER);
    return number;
  }

  function readNumber(value) {
    try {
      return parseNumber(value);
    } catch (exc) {
      if (exc instanceof KitValueError) return null;
      throw exc;
    }
  }

  function toPrecision(x, digits) {
    if (x === 0 || !isFinite(x)) return x;
    return Number(x.toPrecision(digits)); // exact binary value, ties away from zero, as Python's
  }

  // ------------------------------------------------------------------ texts
  function codePoints(s) {
    return Array.from(s);
  }
  function levenshtein(a, b) {
    a = codePoints(a);
    b = codePoints(b);
    if (a.length < b.length) {
      var t = a;
      a = b;
      b = t;
    }
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0)));
      }
      previous = current;
    }
    return previous[previous.length - 1];
  }
  function similarity(a, b) {
    var longest = Math.max(codePoints(a).length, codePoints(b).length);
    return longest === 0 ? 1.0 : 1.0 - levenshtein(a, b) / longest;
  }

  // ------------------------------------------------------------------ the types
  function wrong(q, message, score) {
    return feedback(false, score || 0.0, message || q.default_feedback || INCORRECT);
  }

  function option(q, label) {
    if (typeof label === "string") {
      for (var i = 0; i < q.options.length; i++) {
        var o = q.options[i];
        if (o.label === label || pyStrip(o.label) === pyStrip(label)) return o;
      }
    }
    var choices = q.options.map(function (o) { return reprString(o.label); }).join("; ");
    throw new KitValueError(pyRepr(label) + " is not one of the options (" + choices + ")");
  }

  function gradeSingle(q, response) {
    if (Array.isArray(response)) {
      if (response.length !== 1) return invalid("Choose exactly one option.");
      response = response[0];
    }
    if (response === null || response === undefined || response === "") return invalid("Choose one option.");
    var o = option(q, response);
    if (o.correct) return feedback(true, 1.0, o.feedback || CORRECT);
    return wrong(q, o.feedback);
  }

  function countSummary(chosen, nWrong, missing) {
    function n(k, word) {
      return k + " " + word + (k === 1 ? "" : "s") + " " + (k === 1 ? "is" : "are");
    }
    var still = n(missing, "right option") + " still missing";
    if (!nWrong) {
      var yours = chosen === 1 ? "Your choice is" : "Your " + chosen + " choices are";
      return yours + " right, but " + still + ".";
    }
    var bad = nWrong + " of your " + chosen + " choices " + (nWrong === 1 ? "is" : "are") + " not right";
    if (chosen === 1) bad = "Your choice is not right";
    if (!missing) return "You have every right option, but " + bad[0].toLowerCase() + bad.slice(1) + ".";
    return bad + ", and " + still + ".";
  }

  function gradeMulti(q, response) {
    if (typeof response === "string") response = [response];
    if (!Array.isArray(response)) return invalid("Give a list of the options you choose.");
    var chosen = [];
    response.forEach(function (label) {
      var o = option(q, label);
      if (chosen.indexOf(o) < 0) chosen.push(o);
    });
    if (!chosen.length) return invalid("Choose at least one option.");
    var nCorrect = q.options.filter(function (o) { return o.correct; }).length;
    var hits = chosen.filter(function (o) { return o.correct; }).length;
    var bad = chosen.filter(function (o) { return !o.correct; });
    if (hits === nCorrect && !bad.length) {
      var good = chosen.map(function (o) { return o.feedback; }).filter(Boolean);
      return feedback(true, 1.0, good.length ? good.join(" ") : CORRECT);
    }
    var score = q.partial_credit ? Math.max(0.0, (hits - bad.length) / nCorrect) : 0.0;
    var notes = bad.map(function (o) { return o.feedback; }).filter(Boolean);
    var summary = countSummary(chosen.length, bad.length, nCorrect - hits);
    return feedback(false, score, [q.default_feedback || INCORRECT].concat(notes, [summary]).join(" "));
  }

  function numericMatches(a, r) {
    if (a.kind === "default") return true;
    if (a.kind === "range") return a.range[0] <= r && r < a.range[1];
    var allowed = Math.max(a.tolerance, a.rel_tolerance * Math.abs(a.value));
    return allowed === 0 ? r === a.value : Math.abs(r - a.value) <= allowed;
  }

  function gradeNumeric(q, response) {
    var r;
    try {
      r = parseNumber(response);
    } catch (exc) {
      if (!(exc instanceof KitValueError)) throw exc;
      return invalid(capitalize(exc.message) + ".");
    }
    if (q.sig_figs !== null && q.sig_figs !== undefined) r = toPrecision(r, q.sig_figs);
    for (var i = 0; i < q.answers.length; i++) {
      var a = q.answers[i];
      if (numericMatches(a, r)) {
        if (a.kind === "default") return wrong(q, a.feedback);
        if (a.correct) return feedback(true, 1.0, a.feedback || CORRECT);
        return wrong(q, a.feedback);
      }
    }
    return wrong(q);
  }

  function norm(q, text, matchCase) {
    text = pyStrip(text);
    if (q.normalize_whitespace) text = pySplit(text).join(" ");
    return matchCase ? text : text.toLowerCase();
  }

  function pyRegex(pattern, matchCase) {
    // re.fullmatch: the whole text; Python's \Z is JavaScript's $ here.
    return new RegExp("^(?:" + pattern.replace(/\\Z/g, "$") + ")$", matchCase ? "" : "i");
  }

  function textMatches(q, a, response) {
    if (a.kind === "default") return true;
    var matchCase = a.match_case === null || a.match_case === undefined ? q.match_case : a.match_case;
    var given = norm(q, response, matchCase);
    if (a.kind === "regex") return pyRegex(a.text, matchCase).test(given);
    var expected = norm(q, a.text, matchCase);
    if (given === expected) return true;
    var t = a.fuzzy_threshold === null || a.fuzzy_threshold === undefined ? q.fuzzy_threshold : a.fuzzy_threshold;
    return t !== null && t !== undefined && similarity(given, expected) >= t;
  }

  function gradeText(q, response) {
    if (typeof response === "number") response = pyNumber(response);
    if (typeof response !== "string") return invalid("Type your answer as text.");
    if (!pyStrip(response)) return invalid("Type an answer first.");
    for (var i = 0; i < q.answers.length; i++) {
      var a = q.answers[i];
      if (textMatches(q, a, response)) {
        if (a.correct && a.kind !== "default") return feedback(true, 1.0, a.feedback || CORRECT);
        return wrong(q, a.feedback);
      }
    }
    return wrong(q);
  }

  function sortedStrings(list) {
    return list.slice().sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
  }

  function gradeOrdering(q, response) {
    if (!Array.isArray(response)) return invalid("Give the items as a list in your order.");
    var given = response.slice();
    var items = q.items;
    var distinct = given.map(pyRepr).filter(function (x, i, all) { return all.indexOf(x) === i; });
    var same = JSON.stringify(sortedStrings(given.map(pyStr))) === JSON.stringify(sortedStrings(items));
    if (!same || distinct.length !== given.length) {
      return invalid("Put every item in order exactly once: " + items.join("; "));
    }
    var n = items.length;
    if (given.every(function (g, i) { return g === items[i]; })) return feedback(true, 1.0, CORRECT);
    var rank = {};
    items.forEach(function (item, i) { rank[item] = i; });
    var placed = given.filter(function (g, i) { return g === items[i]; }).length;
    var score;
    var ordered = 0;
    var pairs = (n * (n - 1)) / 2;
    if (q.scoring === "position") {
      score = placed / n;
    } else if (q.scoring === "pairwise") {
      for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) if (rank[given[i]] < rank[given[j]]) ordered++;
      score = ordered / pairs;
    } else {
      score = 0.0;
    }
    var notes = [];
    given.forEach(function (g, i) {
      if (g !== items[i] && Object.prototype.hasOwnProperty.call(q.feedback, g)) notes.push(q.feedback[g]);
    });
    var summary = "Items in the right place: " + placed + " of " + n + ".";
    if (q.scoring === "pairwise") summary += " Pairs in the right order: " + ordered + " of " + pairs + ".";
    return wrong(q, [q.default_feedback || INCORRECT].concat(notes, [summary]).join(" "), score);
  }

  function gradeMatching(q, response) {
    if (response === null || typeof response !== "object" || Array.isArray(response)) {
      return invalid("Give a dict: left-hand item -> your match.");
    }
    var key = {};
    var lefts = q.pairs.map(function (p) { key[p[0]] = p[1]; return p[0]; });
    var given = Object.keys(response);
    for (var i = 0; i < given.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(key, given[i])) {
        return invalid(reprString(given[i]) + " is not a left-hand item; they are: " + lefts.join("; "));
      }
    }
    var right = lefts.filter(function (left) {
      return Object.prototype.hasOwnProperty.call(response, left) && response[left] === key[left];
    });
    var n = lefts.length;
    if (right.length === n) return feedback(true, 1.0, CORRECT);
    var score = q.partial_credit ? right.length / n : 0.0;
    var notes = lefts
      .filter(function (x) { return right.indexOf(x) < 0 && Object.prototype.hasOwnProperty.call(q.feedback, x); })
      .map(function (x) { return q.feedback[x]; });
    var summary = "Pairs matched right: " + right.length + " of " + n + ".";
    return wrong(q, [q.default_feedback || INCORRECT].concat(notes, [summary]).join(" "), score);
  }

  var GRADERS = {
    single: gradeSingle,
    multi: gradeMulti,
    numeric: gradeNumeric,
    text: gradeText,
    ordering: gradeOrdering,
    matching: gradeMatching,
  };

  /* Grade one response; never throws for bad input (as Question.grade). */
  function grade(q, response) {
    if (q.jupyterquiz) return invalid("This question is graded as jupyterquiz grades it, which needs the notebook.");
    var fn = GRADERS[q.type];
    if (!fn) return invalid("This kind of question (" + q.type + ") needs the notebook.");
    try {
      return fn(q, response);
    } catch (exc) {
      if (exc instanceof KitValueError) return invalid("Could not read that answer: " + exc.message);
      throw exc;
    }
  }

  // ------------------------------------------------------------------ attempts (state.py)
  function newState() {
    return { attempts: 0, status: "unanswered", score: 0.0, hints_shown: 0 };
  }
  function isDone(state) {
    return state.status === "correct" || state.status === "out_of_attempts";
  }
  function after(q, state, fb) {
    var attempts = state.attempts + 1;
    var status;
    if (fb.correct) status = "correct";
    else if (q.max_attempts !== null && q.max_attempts !== undefined && attempts >= q.max_attempts) status = "out_of_attempts";
    else status = "incorrect";
    return { attempts: attempts, status: status, score: Math.max(state.score, fb.score), hints_shown: state.hints_shown };
  }
  function withHint(q, state) {
    if (state.hints_shown >= q.hints.length) return state;
    return Object.assign({}, state, { hints_shown: state.hints_shown + 1 });
  }
  function percent(score) {
    // Python's '{:.0%}': the double score * 100, ties to even.
    var v = score * 100;
    var f = Math.floor(v);
    var r = v - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(v);
    return r + "%";
  }
  /* What the feedback box shows (state.present); state is the state after fb. */
  function present(q, state, fb, opts) {
    opts = opts || {};
    var titles = Object.assign({}, TITLES, opts.titles || {});
    var counted = opts.counted !== false;
    var kind, mark, title;
    if (!fb.valid) {
      kind = "info"; mark = "ℹ"; title = "Check your answer";
    } else if (fb.correct) {
      kind = "correct"; mark = "✓"; title = titles.correct;
    } else if (fb.score > 0) {
      kind = "partial"; mark = "◐"; title = "Partly right (" + percent(fb.score) + ")";
    } else {
      kind = "incorrect"; mark = "✗"; title = titles.incorrect;
    }
    if (state.status === "out_of_attempts" && !fb.correct && counted) title += titles.out_of_attempts;
    var message = fb.correct && fb.message === CORRECT ? "" : fb.message;
    var parts = opts.note ? [opts.note] : [];
    if (state.attempts) {
      var limit = q.max_attempts ? " of " + q.max_attempts : "";
      parts.push("Attempt " + state.attempts + limit + ".");
      if (!isDone(state)) {
        parts.push("Try again.");
        var left = q.hints.length - state.hints_shown;
        if (left && counted && !fb.correct) parts.push("Stuck? Show a hint (" + left + " left).");
      }
    }
    var explanation = isDone(state) ? q.explanation || "" : "";
    if (state.status === "out_of_attempts" && !fb.correct && opts.answer) {
      explanation = "The answer: " + opts.answer + "." + (explanation ? " Why: " + explanation : "");
    }
    return { kind: kind, mark: mark, title: title, message: message, explanation: explanation.trim(), note: parts.join(" ") };
  }

  /* Python's f"{value:,.0f}" / f"{value:,.3g}" as kit.explore.answers.say_number. */
  function sayNumber(value) {
    function commas(s) {
      var neg = s[0] === "-";
      if (neg) s = s.slice(1);
      var dot = s.indexOf(".");
      var whole = dot < 0 ? s : s.slice(0, dot);
      var rest = dot < 0 ? "" : s.slice(dot);
      return (neg ? "-" : "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + rest;
    }
    if (Math.abs(value) >= 100 || Number.isInteger(value)) return commas(roundHalfEven(value));
    var exp = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(value.toPrecision(3)))));
    if (exp < -4) {
      var e = value.toExponential(2).replace(/\.?0+e/, "e");
      return e.replace(/e([+-])(\d)$/, "e$10$2");
    }
    var s = value.toPrecision(3);
    if (s.indexOf(".") >= 0) s = s.replace(/0+$/, "").replace(/\.$/, "");
    return commas(s);
  }
  function roundHalfEven(v) {
    var f = Math.floor(v);
    var r = v - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(v);
    return String(r === 0 ? 0 : r);
  }

  var api = {
    CORRECT: CORRECT,
    INCORRECT: INCORRECT,
    TITLES: TITLES,
    grade: grade,
    parseNumber: parseNumber,
    readNumber: readNumber,
    toPrecision: toPrecision,
    similarity: similarity,
    levenshtein: levenshtein,
    newState: newState,
    isDone: isDone,
    after: after,
    withHint: withHint,
    present: present,
    percent: percent,
    sayNumber: sayNumber,
    pyRepr: pyRepr,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.KitGrader = api;
})(this);
