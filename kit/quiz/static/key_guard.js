// The browser side of kit.quiz.controls.KeyGuard (an anywidget ES module).
// Keeps the keys a question needs from JupyterLab's notebook shortcuts: the arrow keys on
// radio buttons and drop-downs (JupyterLab would move to another cell), and Enter, which
// submits the question from a radio button, a checkbox or the last drop-down (JupyterLab
// would open the cell for editing).
// It also moves the focus where the kernel asks ({focus: "feedback" | "first"}): after a
// right answer the Submit button is disabled and after the last hint the hint button is,
// and a disabled or hidden control drops the focus to the page body, so the next Tab would
// go to JupyterLab's menus.
function focusIn(quiz, target, content) {
  if (target === "order") {  // the moved item's button, in its new row
    const rows = quiz.querySelectorAll(".kit-order-row");
    const row = rows[content.row];
    if (!row) return false;
    const buttons = [...row.querySelectorAll("button")];
    const same = buttons[content.step < 0 ? 0 : 1];
    const other = buttons[content.step < 0 ? 1 : 0];
    const button = same && !same.disabled ? same : other;
    if (!button) return false;
    button.focus();
    return document.activeElement === button;
  }
  if (target === "feedback") {
    const box = quiz.querySelector(".kit-feedback");
    if (!box || !box.textContent.trim()) return false;
    box.tabIndex = -1;
    box.focus();
    return document.activeElement === box;
  }
  const controls = [...quiz.querySelectorAll("input, select, textarea, button")].filter(
    (c) => !c.disabled && c.offsetParent !== null && !c.closest(".kit-restored"));
  const first = controls[0];
  if (!first) return false;
  first.focus();
  return document.activeElement === first;
}
function render({ model, el }) {
  model.on("msg:custom", (content) => {
    if (!content || !content.focus) return;
    let tries = 0;
    // the kernel's other updates (disabled buttons, the feedback) are drawn first
    const attempt = () => {
      const quiz = el.closest(".kit-quiz");
      if (quiz && focusIn(quiz, content.focus, content)) return;
      if (tries++ < 40) setTimeout(attempt, 50);
    };
    setTimeout(attempt, 30);
  });
  let tries = 0;
  function attach() {
    const quiz = el.closest(".kit-quiz");
    if (!quiz) { if (tries++ < 100) requestAnimationFrame(attach); return; }
    if (quiz.dataset.kitKeyGuard) return;
    quiz.dataset.kitKeyGuard = "1";
    quiz.addEventListener("keydown", (event) => {
      const target = event.target;
      const select = target.tagName === "SELECT";
      const box = target.tagName === "INPUT" && (target.type === "radio" || target.type === "checkbox");
      if ((select || (box && target.type === "radio")) && event.key.startsWith("Arrow")) {
        event.stopPropagation();
        return;
      }
      if (event.key !== "Enter" || event.shiftKey || !(select || box)) return;
      const selects = [...quiz.querySelectorAll("select")];
      if (select && selects[selects.length - 1] !== target) return;
      event.preventDefault();
      event.stopPropagation();
      const submit = [...quiz.querySelectorAll("button")].find(
        (b) => b.textContent.trim() === "Submit" && !b.disabled);
      if (submit) submit.click();
    });
  }
  attach();
}
export default { render };
