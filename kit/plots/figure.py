"""The one home of a static kit figure's summary: what a screen reader reads, shown under it.

Every ``kit.plots`` function returns a :class:`KitFigure`: a plotly figure whose
``layout.meta["summary"]`` holds one or two generated sentences saying what it shows and
its headline numbers (made by :mod:`kit.plots.summary`). The summary travels with the
figure's data, so the static site (:mod:`kit.site.render`) reads it too.

Shown in a notebook (the last line of a cell), a :class:`KitFigure` is two outputs: the
figure, drawn by JupyterLab's plotly renderer as any figure, then a small paragraph with the
summary. That paragraph's output also carries the kit's figure stylesheet (text in the
kit's grey takes the theme's text colour, so it reads on the light and the dark theme) and
a few lines of script that make the summary the figure's accessible name (``role=figure``)
and take its toolbar out of the Tab order. Untrusted (a saved notebook reopened without
running it), JupyterLab drops the style and the script and keeps the paragraph.

Examples
--------
>>> import plotly.graph_objects as go
>>> fig = described(go.Figure(), "Figure: nothing yet.")
>>> fig.summary
'Figure: nothing yet.'
>>> 'class="kit-figure-summary"' in summary_html(fig.summary, "kit-fig-1")
True
"""

from __future__ import annotations

import html
import itertools
from typing import Any

import plotly.graph_objects as go

from kit.files import static_text
from kit.plots.style import fit_text

__all__ = ["CSS", "KitFigure", "described", "summary_html", "widget"]

#: The stylesheet of every kit figure in JupyterLab (also loaded by the explorers).
CSS = static_text("kit.plots", "figure.css")
_NAME_JS = static_text("kit.plots", "figure_name.js")
#: Marks the summary's output, so a page built from the notebook can leave it out (the
#: static site shows the summary from the figure's own data).
OUTPUT_METADATA = {"kit": {"figure_summary": True}}
_ids = itertools.count(1)


class KitFigure(go.Figure):
    """A plotly figure with a generated summary (``layout.meta["summary"]``)."""

    @property
    def summary(self) -> str:
        """The figure in a sentence or two ('' if none was given)."""
        meta = self.layout.meta
        return str(meta.get("summary", "")) if isinstance(meta, dict) else ""

    def _ipython_display_(self) -> None:
        from IPython.display import display

        super()._ipython_display_()
        text = self.summary
        if text:
            ident = f"kit-figure-summary-{next(_ids)}"
            display(
                {"text/html": summary_html(text, ident), "text/plain": text},
                raw=True,
                metadata=OUTPUT_METADATA,
            )


def described(fig: go.Figure, summary: str) -> KitFigure:
    """``fig`` as a :class:`KitFigure` whose summary is ``summary``; its title and notes
    are wrapped to fit a narrow cell (:func:`kit.plots.style.fit_text`)."""
    out = fig if isinstance(fig, KitFigure) else KitFigure(fig)
    fit_text(out)
    meta: Any = out.layout.meta
    out.layout.meta = {**(meta if isinstance(meta, dict) else {}), "summary": summary}
    return out


def summary_html(text: str, ident: str) -> str:
    """The summary's output: the stylesheet, the paragraph and the naming script."""
    return (
        f"<style>{CSS}</style>"
        f'<p class="kit-figure-summary" id="{html.escape(ident)}">{html.escape(text)}</p>'
        f"<script>{_NAME_JS}({_js_string(ident)});</script>"
    )


def _js_string(text: str) -> str:
    import json

    return json.dumps(text).replace("<", "\\u003c")


def widget(fig: go.Figure) -> go.FigureWidget:
    """``fig`` as a ``FigureWidget`` that keeps to its cell's width.

    Plotly draws a ``FigureWidget`` once at its cell's width and does not follow it: made
    narrower (a smaller window, the file browser opened), the figure ran past the cell and
    its legend and last ticks were cut. ``responsive`` makes plotly redraw it at its
    container's width; the explorer's and the prediction's scripts
    (``kit/plots/static/fit_figures.js``) call that redraw whenever the cell changes size.
    The legend goes under the plot, so it never needs the room right of it.
    """
    out = go.FigureWidget(fig)
    out._config = {**out._config, "responsive": True}
    out.layout.legend.update(orientation="h", x=0, y=-0.2, yanchor="top", xanchor="left")
    return out
