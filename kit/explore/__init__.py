"""Live explorers on the simulator: sliders that re-run it, and predict-then-reveal questions.

- :func:`explore` returns an :class:`Explorer`: one slider per chosen ``Scenario`` field, a
  metric picker, a plotly ``FigureWidget`` updated in place when a slider moves, and the
  lab bench under it (run history and pins, scenario codes, the Bass yardstick, replay).
- :func:`predict_then_reveal` returns a :class:`Prediction`: the learner guesses a number
  within a stated range, then sees the simulation beside the guess.

The parts, each a module of this package:

- ``session``: :class:`Session`, one explorer's state as traits (strategies, fixed settings,
  slider values, metric, the latest run); every other part observes and sets it;
- ``explorer``: the explorer widget, the one place that writes its figure;
- ``controls``: the sliders, the metric menu and the guess box, in plain words;
- ``bench``: the lab bench, over ``history`` (every run kept), ``yardstick`` (the Bass curve
  a run implies, and why the run is off it) and ``replay`` (two runs side by side);
- ``predict`` (the widget) and ``answers`` (what a question asks, the guesses it accepts);
- ``static/``: the controls' JS and CSS.

Examples
--------
>>> ex = explore(sliders=["hours", "p_ad"], population=2_000, weeks=20)
>>> ex.controls["p_ad"].value = 0.03   # headless, the figure updates at once
>>> ex.runs, ex.session.values["p_ad"]
(2, 0.03)
"""

from kit.explore.explorer import Explorer, explore
from kit.explore.predict import Prediction, predict_then_reveal
from kit.explore.session import Session

__all__ = ["Explorer", "Prediction", "Session", "explore", "predict_then_reveal"]
