// The browser side of kit.quiz.controls.KeyGuard (an anywidget ES module).
// Keeps the keys a question needs from JupyterLab's notebook shortcuts: the arrow keys on
// radio buttons and drop-downs (JupyterLab would move to another cell), and Enter, which
// submits the question from a radio button, a checkbox or the last drop-down (JupyterLab
// would open the cell for editing).
function render({ el }) {
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
