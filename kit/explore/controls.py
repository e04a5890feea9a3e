"""The explorers' controls in plain words: labelled sliders, a grouped metric menu, the guess box.

Each slider shows a short human label and its unit ("Reach", "share of followers who see a
post, %"), reads out in that unit (6%, not 0.06) and moves in the unit's natural step
(hours in whole hours); the field's name, for those who code, is in the small print and
the tooltip. The metric menu offers the few metrics a lesson needs, grouped under plain
headings (a native ``<select>`` with ``<optgroup>``s, so the keyboard works as everywhere),
which :data:`kit.sim.outputs.OUTPUTS` and ``MENU`` define. :class:`GuessBox` is where a
learner types a prediction (:mod:`kit.explore.predict`). Each control's browser side is in
``kit/explore/static/``.

Examples
--------
>>> name, slider, box = labelled_slider("reach", {"reach": 0.06})
>>> slider.description, slider.readout_format, slider.step
('Reach', '.0%', 0.01)
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import anywidget
import ipywidgets as w
import traitlets as t

from kit import sim
from kit.files import static_text
from kit.plots.style import metric_label
from kit.sim import outputs

__all__ = [
    "DEFAULT_METRICS",
    "METRIC_GROUPS",
    "GuessBox",
    "KeepKeys",
    "MetricMenu",
    "labelled_slider",
    "menu_groups",
]

#: Every metric the menu can offer, under its plain heading, in menu order
#: (:data:`kit.sim.outputs.OUTPUTS`' groups, in :data:`kit.sim.outputs.MENU`'s order).
METRIC_GROUPS: dict[str, tuple[str, ...]] = outputs.menu_groups()

#: What the menu offers when a lesson names no metrics: the few most lessons need.
DEFAULT_METRICS = outputs.DEFAULT_MENU

# The explorer's own styles, and the kit's figure stylesheet (figure text follows the theme).
_CSS = static_text("kit.explore", "controls.css") + "\n" + static_text("kit.plots", "figure.css")
# keepFiguresFitted(root): the figures of an explorer or a prediction follow its width.
_FIT_JS = static_text("kit.plots", "fit_figures.js") + "\n"


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step))) if step > 0 else 3


def labelled_slider(spec: Any, start_values: Mapping[str, Any]) -> tuple[str, w.Widget, w.Widget]:
    """The slider of one field, labelled in plain words; returns ``(name, slider, box)``.

    ``spec`` is a field name or ``(name, min, max[, step])``. ``box`` holds the slider and
    its small print (the plain unit and the field's name).
    """
    if isinstance(spec, str):
        name, bounds = spec, None
    elif isinstance(spec, Sequence) and len(spec) in (3, 4) and isinstance(spec[0], str):
        name, bounds = spec[0], tuple(spec[1:])
    else:
        raise ValueError(
            f"sliders: {spec!r} is not a field name or (name, min, max[, step]); "
            f"choose names from {', '.join(sim.Scenario.numeric_fields())}"
        )
    if name not in sim.Scenario.numeric_fields():
        raise ValueError(
            f"sliders: {name!r} has no slider; choose from "
            f"{', '.join(sim.Scenario.numeric_fields())}"
        )
    info = sim.Scenario.field_info(name)
    start = start_values[name]
    lo, hi = info["slider_min"], info["slider_max"]
    step = info["ui_step"]
    if bounds is not None:
        lo, hi = bounds[0], bounds[1]
        step = bounds[2] if len(bounds) == 3 else step
        if not info["min"] <= lo < hi <= info["max"]:
            raise ValueError(
                f"sliders: the range ({lo}, {hi}) of {name!r} must lie within "
                f"[{info['min']:g}, {info['max']:g}] with min < max"
            )
    value = min(max(start, lo), hi)
    common = {
        "description": info["label"],
        "tooltip": f"{info['label']}: {info['plain_unit']} (parameter {name}: {info['doc']})",
        "continuous_update": False,  # re-run on release, so dragging stays smooth
        "style": {"description_width": "initial"},
        "layout": w.Layout(width="auto", min_width="300px"),
    }
    readout = info["readout"]
    if info["integer"]:
        slider = w.IntSlider(value=int(value), min=int(lo), max=int(hi), step=int(step), **common)
        if readout:
            slider.readout_format = readout
    else:
        if not readout or (bounds is not None and len(bounds) == 3):
            readout = f".{_decimals(step)}{'%' if readout.endswith('%') else 'f'}"
            if readout.endswith("%"):
                readout = f".{max(0, _decimals(step) - 2)}%"
        slider = w.FloatSlider(
            value=float(value),
            min=float(lo),
            max=float(hi),
            step=float(step),
            readout_format=readout,
            **common,
        )
    # The unit in plain words; the setting's code name (for those who code) and its
    # description are in the tooltip, not in the text a learner reads.
    tip = f"{info['doc']} (in code: {name})"
    small = w.HTML(
        f"<div class='kit-control-small' title='{html.escape(tip, quote=True)}'>"
        f"{html.escape(info['plain_unit'])}</div>"
    )
    box = w.VBox([slider, small])
    box.add_class("kit-control")
    return name, slider, box


def menu_groups(metrics: Iterable[str]) -> list[list[Any]]:
    """``[[heading, [[label, metric], ...]], ...]`` for the metrics, in the groups' order."""
    wanted = list(dict.fromkeys(metrics))
    groups = []
    for heading, members in METRIC_GROUPS.items():
        chosen = [[metric_label(m), m] for m in members if m in wanted]
        if chosen:
            groups.append([heading, chosen])
    return groups


class MetricMenu(anywidget.AnyWidget):
    """A drop-down of metrics under plain group headings; ``value`` is the column name.

    A native ``<select>`` with ``<optgroup>``: Tab reaches it, the arrow keys choose (they
    are kept from JupyterLab, which would move to another cell), Enter or Space opens it.
    """

    _esm = static_text("kit.explore", "metric_menu.js")
    _css = _CSS
    description = t.Unicode("Show").tag(sync=True)
    groups = t.List().tag(sync=True)
    value = t.Unicode("").tag(sync=True)

    @property
    def options(self) -> list[str]:
        """The metrics offered, in menu order."""
        return [m for _, items in self.groups for _, m in items]

    @t.validate("value")
    def _valid_value(self, proposal: dict) -> str:
        value = proposal["value"]
        if self.groups and value not in self.options:
            raise t.TraitError(f"metric: {value!r} is not offered; choose from {self.options}")
        return value


class KeepKeys(anywidget.AnyWidget):
    """Keeps arrow, Home/End and Page keys on an explorer's slider handles.

    JupyterLab binds ArrowUp/ArrowDown (and others) in command mode to "move to another
    cell"; a keyboard learner moving a slider must move the slider, not the notebook.
    """

    _esm = _FIT_JS + static_text("kit.explore", "keep_keys.js")
    _css = _CSS


class GuessBox(anywidget.AnyWidget):
    """The guess: a labelled box, its range beside it, a Reveal button and a message line.

    Enter in the box does what the button does. Both send the text itself to the kernel
    (``{"event": "reveal", "value": ...}``), so a fast typist is never judged on an older
    value. The message line is an ``aria-live`` region: a refused guess is read out.
    """

    _esm = _FIT_JS + static_text("kit.explore", "guess_box.js")
    # predict.css: the box's spacing and wrapping (no widget had loaded it since the
    # explorer became a package, so guess, range and button ran together)
    _css = _CSS + "\n" + static_text("kit.explore", "predict.css")
    value = t.Unicode("").tag(sync=True)
    label = t.Unicode("Your guess").tag(sync=True)
    range_text = t.Unicode("").tag(sync=True)
    button_label = t.Unicode("Reveal").tag(sync=True)
    message = t.Unicode("").tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)

    def __init__(self, on_reveal: Callable[[str], Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_reveal = on_reveal
        self.on_msg(self._message)

    def focus(self, target: str = "guess") -> None:
        """Move the keyboard focus in the browser: ``"guess"`` (this box) or ``"again"``
        (the prediction's "Predict again" button)."""
        self.send({"focus": target})

    def _message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "reveal" and not self.disabled:
            value = content.get("value")
            if isinstance(value, str):
                with self.hold_trait_notifications():
                    self.value = value
                self._on_reveal(value)
