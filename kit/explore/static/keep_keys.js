
function render({ el }) {
  let tries = 0;
  function attach() {
    const root = el.closest(".kit-explorer");
    if (!root) { if (tries++ < 100) requestAnimationFrame(attach); return; }
    if (root.dataset.kitKeepKeys) return;
    root.dataset.kitKeepKeys = "1";
    root.addEventListener("keydown", (event) => {
      const onHandle = event.target.classList && event.target.classList.contains("noUi-handle");
      const keys = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End",
        "PageUp", "PageDown"];
      if (onHandle && keys.includes(event.key)) event.stopPropagation();
    });
  }
  attach();
}
export default { render };
