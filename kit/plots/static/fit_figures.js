// Figures that keep to their cell (issue 25). Plotly draws a FigureWidget at its cell's
// width once and does not follow it (its own resize hook never runs under anywidget), so a
// smaller window or an opened file browser left the figure running past the cell with its
// legend and last ticks cut off. Every figure of the kit's widgets is made with plotly's
// `responsive` config (kit.plots.figure.widget), which gives it a redraw-at-the-container's-
// width handler; this calls that handler whenever the widget holding the figures changes
// width, or a figure's drawing is not as wide as its container. A width plotly wrote into
// the figure's layout (drawn while hidden, it takes 700 px and keeps them; the kit never
// sets one) is dropped first, or the redraw would keep it.
function keepFiguresFitted(root) {
  if (!root || root.dataset.kitFitFigures || typeof ResizeObserver !== "function") return;
  root.dataset.kitFitFigures = "1";
  let queued = false;
  const fit = () => {
    queued = false;
    for (const plot of root.querySelectorAll(".js-plotly-plot")) {
      const svg = plot.querySelector(".main-svg");
      if (!svg || typeof plot._responsiveChartHandler !== "function") continue;
      const room = plot.getBoundingClientRect().width;
      if (!room || Math.abs(svg.getBoundingClientRect().width - room) < 2) continue;
      if (plot.layout) delete plot.layout.width;
      plot._responsiveChartHandler();
    }
  };
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(fit);
  };
  new ResizeObserver(later).observe(root);
  // a figure drawn after the widget (a revealed prediction) or redrawn by the kernel
  new MutationObserver(later).observe(root, { childList: true, subtree: true });
}
