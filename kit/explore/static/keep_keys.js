
// Every slider gets an accessible name (its plain label) and speaks its visible value
// ("1.0%", not 0.01): ipywidgets' slider handles have neither.
function nameSliders(root) {
  for (const slider of root.querySelectorAll(".widget-slider")) {
    const label = slider.querySelector(".widget-label");
    const handle = slider.querySelector(".noUi-handle");
    const readout = slider.querySelector(".widget-readout");
    if (!label || !handle) continue;
    const name = label.textContent.trim();
    if (handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
    if (readout) {
      const value = readout.textContent.trim();
      if (handle.getAttribute("aria-valuetext") !== value) {
        handle.setAttribute("aria-valuetext", value);
      }
      if (readout.getAttribute("aria-label") !== `${name}, value`) {
        readout.setAttribute("aria-label", `${name}, value`);
      }
    }
  }
}
// Each figure is named by the explorer's one-sentence summary (what it shows, how each line
// ends), and its plotly toolbar leaves the Tab order (the mouse still reaches it), so
// the keyboard is not held in a dozen toolbar buttons.
function nameFigures(root) {
  const summary = root.querySelector(".kit-figure-summary");
  for (const plot of root.querySelectorAll(".js-plotly-plot")) {
    if (summary) {
      plot.setAttribute("role", "figure");
      plot.setAttribute("aria-label", summary.textContent.trim());
    }
    for (const button of plot.querySelectorAll(".modebar-btn")) {
      if (button.tabIndex !== -1) button.tabIndex = -1;
    }
  }
}
function render({ el }) {
  let tries = 0;
  function attach() {
    const root = el.closest(".kit-explorer");
    if (!root) { if (tries++ < 100) requestAnimationFrame(attach); return; }
    if (root.dataset.kitKeepKeys) return;
    root.dataset.kitKeepKeys = "1";
    nameSliders(root);
    nameFigures(root);
    keepFiguresFitted(root);
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; nameSliders(root); nameFigures(root); });
    }).observe(root, { subtree: true, childList: true, characterData: true });
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
