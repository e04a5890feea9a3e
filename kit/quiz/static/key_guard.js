// The browser side of kit.quiz.controls.KeyGuard (an anywidget ES module).
function render({ el }) {
  let tries = 0;
  function attach() {
    const quiz = el.closest(".kit-quiz");
    if (!quiz) { if (tries++ < 100) requestAnimationFrame(attach); return; }
    if (quiz.dataset.kitKeyGuard) return;
    quiz.dataset.kitKeyGuard = "1";
    quiz.addEventListener("keydown", (event) => {
      const target = event.target;
      const choice = target.tagName === "SELECT" ||
        (target.tagName === "INPUT" && target.type === "radio");
      if (choice && event.key.startsWith("Arrow")) event.stopPropagation();
    });
  }
  attach();
}
export default { render };
