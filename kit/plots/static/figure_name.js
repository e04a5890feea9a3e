// A static kit figure's accessible name: the summary shown under it (kit.plots.figure).
// Runs from the summary's own output (a trusted HTML output in JupyterLab): the figure is
// the output just before it in the same cell. The figure gets role=figure and the summary
// as its name, and its plotly toolbar leaves the Tab order (the mouse still reaches it),
// also after plotly redraws the toolbar.
(function (id) {
  var note = document.getElementById(id);
  if (!note) return;
  var text = note.textContent.trim();
  var child = note.closest(".jp-OutputArea-child");
  var before = child && child.previousElementSibling;
  if (!before) return;
  function name() {
    var plot = before.querySelector(".js-plotly-plot");
    if (!plot) return;
    if (plot.getAttribute("role") !== "figure") plot.setAttribute("role", "figure");
    if (plot.getAttribute("aria-label") !== text) plot.setAttribute("aria-label", text);
    var buttons = plot.querySelectorAll(".modebar-btn");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].tabIndex !== -1) buttons[i].tabIndex = -1;
    }
  }
  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; name(); });
  }).observe(before, { subtree: true, childList: true });
  name();
})
