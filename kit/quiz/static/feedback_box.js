// The browser side of kit.quiz.controls.FeedbackBox (an anywidget ES module); typeset.js comes first.
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "kit-feedback";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.setAttribute("aria-atomic", "true");
  el.append(box);
  function para(text, cls) {
    const p = document.createElement("p");
    if (cls) p.className = cls;
    p.append(inlineMarkup(text));  // bank text: the Markdown subset, never HTML
    return p;
  }
  function draw() {
    const kind = model.get("kind");
    box.dataset.kind = kind;
    box.replaceChildren();
    if (kind) {
      const head = document.createElement("p");
      head.className = "kit-feedback-head";
      const mark = document.createElement("span");
      mark.className = "kit-feedback-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = model.get("mark");
      head.append(mark, document.createTextNode(model.get("title")));
      box.append(head);
    }
    if (model.get("message")) box.append(para(model.get("message")));
    const hints = model.get("hints");
    if (hints.length) {
      const title = para(hints.length === 1 ? "Hint:" : "Hints:");
      const list = document.createElement("ol");
      hints.forEach((hint) => {
        const li = document.createElement("li");
        li.append(inlineMarkup(hint));
        list.append(li);
      });
      box.append(title, list);
    }
    if (model.get("explanation")) {
      const p = para("");
      const strong = document.createElement("strong");
      strong.textContent = "Explanation: ";
      p.append(strong, inlineMarkup(model.get("explanation")));
      box.append(p);
    }
    if (model.get("note")) box.append(para(model.get("note"), "kit-feedback-note"));
    typeset(model, box);
  }
  draw();
  model.on("change", draw);
}
export default { render };
