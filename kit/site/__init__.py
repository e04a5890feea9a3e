"""The lessons as an offline static website (issue 26).

``kit lessons site OUT_DIR`` (or ``make site``) runs every lesson in a fresh kernel with
``KIT_STATIC=1`` and writes a folder that opens from disk (``file://``) and from any static
host: ``index.html`` (the self-study route and each lesson's progress in this browser), one
page per lesson, the glossary, the images, one shared ``plotly.min.js`` from the installed
plotly package and the kit's own JS and CSS. Nothing is loaded from a CDN.

The parts:

- :mod:`kit.site.emit`: in the lesson's kernel, under ``KIT_STATIC=1``, every quiz widget,
  explorer, prediction and solution button adds its static form to its display output (the
  MIME type :data:`kit.site.emit.MIME`), computed from the live object: questions with
  everything the browser needs to grade them, explorers' runs precomputed over a small grid
  of their sliders, predictions' runs.
- :mod:`kit.site.render`: a notebook's cells as HTML (markdown, highlighted code, outputs).
- :mod:`kit.site.build`: executes the lessons (nbclient) and writes the folder.
- ``kit/site/static/``: ``grader.js`` (the graders, ported from :mod:`kit.quiz`; the parity
  test runs both on every shipped question), ``site.js`` (quizzes, explorers, predictions,
  solutions and progress in ``localStorage``) and ``site.css`` (light and dark follow
  ``prefers-color-scheme``).

The quizzes in the page are self-checks: the answers are in the page source.
"""

from __future__ import annotations

__all__ = ["MIME"]

#: The MIME type of the kit's static form in a display output.
MIME = "application/vnd.kit.static+json"
