// Helper prepended to the controls that typeset math (see kit/quiz/controls.py).
function typeset(model, el) {
  // Reuse JupyterLab's own MathJax (the one HTMLMath uses); without it TeX stays as text.
  requestAnimationFrame(() => {
    try {
      const rendermime = model.widget_manager && model.widget_manager._rendermime;
      const typesetter = rendermime && rendermime.latexTypesetter;
      if (typesetter) typesetter.typeset(el);
    } catch (err) {
      console.warn("kit.quiz: could not typeset math", err);
    }
  });
}

// The kit's Markdown subset in bank text (kit/quiz/markup.py does the same in Python):
// `code`, **bold** / __bold__, *italics* / _italics_ and [words](https://...) links, built
// as DOM nodes from text (never parsed as HTML: bank text is untrusted); the rest stays text.
const MARKS = [
  [/\[([^\]]+)\]\(((?:https?:\/\/|mailto:)[^)\s]+)\)/g, "a", 1],
  [/(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)/g, "strong", 2],
  [/(?<![\w*$\\])\*(?=[^*\s])([^*]*?[^*\s])\*(?![\w*])|(?<![\w$\\])_(?=[^_\s])([^_]*?[^_\s])_(?!\w)/g, "em", 1],
];
function markSpans(text, start, end) {
  let best = null;
  for (const [re, tag, skip] of MARKS) {
    re.lastIndex = start;
    const m = re.exec(text);
    if (m && m.index + m[0].length <= end && (!best || m.index < best.m.index)) {
      best = { m, tag, skip };
    }
  }
  const nodes = [];
  if (!best) {
    if (end > start) nodes.push(document.createTextNode(text.slice(start, end)));
    return nodes;
  }
  const { m, tag, skip } = best;
  if (m.index > start) nodes.push(document.createTextNode(text.slice(start, m.index)));
  const el = document.createElement(tag);
  const inner = m[1] !== undefined ? m[1] : m[2];
  if (tag === "a") {
    el.href = m[2];
    el.target = "_blank";
    el.rel = "noopener noreferrer";
  }
  el.append(...markSpans(text, m.index + skip, m.index + skip + inner.length));
  nodes.push(el, ...markSpans(text, m.index + m[0].length, end));
  return nodes;
}
function inlineMarkup(text) {
  const frag = document.createDocumentFragment();
  String(text).split(/`([^`]+)`/).forEach((part, i) => {
    if (i % 2) {
      const code = document.createElement("code");
      code.textContent = part;
      frag.append(code);
    } else {
      frag.append(...markSpans(part, 0, part.length));
    }
  });
  return frag;
}
