// Figures that keep to their cell (issue 25). Plotly draws a FigureWidget at its cell's
// width once and does not follow it (its own resize hook never runs under anywidget), so a
// smaller window or an opened file browser left the figure running past the cell with its
// legend and last ticks cut off. Every figure of the kit's widgets is made with plotly's
// `responsive` config (kit.plots.figure.widget), which gives it a redraw-at-the-container's-
// width handler; this calls that handler whenever the widget holding the figures changes width.
function keepFiguresFitted(root) {
  if (!root || root.dataset.kitFitFigures || typeof ResizeObserver !== "function") return;
  root.dataset.kitFitFigures = "1";
  let width = root.getBoundingClientRect().width;
  let queued = false;
  new ResizeObserver(() => {
    const now = root.getBoundingClientRect().width;
    if (queued || Math.abs(now - width) < 1) return;
    width = now;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      for (const plot of root.querySelectorAll(".js-plotly-plot")) {
        if (typeof plot._responsiveChartHandler === "function") plot._responsiveChartHandler();
      }
    });
  }).observe(root);
}
