"""The kit's colours as plain data (no plotly): Okabe & Ito's colour-blind-safe palette.

:mod:`kit.plots.style` draws with these; the teacher's dashboard (:mod:`kit.classroom`)
reads them without loading the plotting stack.

Examples
--------
>>> OKABE_ITO["blue"]
'#0072B2'
"""

from __future__ import annotations

__all__ = ["OKABE_ITO"]

#: Okabe-Ito colours by name (black is left out: it vanishes on a dark background). Orange,
#: sky blue and yellow are darkened from Okabe & Ito's #E69F00, #56B4E9 and #F0E442, which
#: have only about 2.3:1 (1.3:1 for yellow) against white; the hue stays.
OKABE_ITO: dict[str, str] = {
    "orange": "#C17F00",
    "sky_blue": "#3E8FC7",
    "bluish_green": "#009E73",
    "yellow": "#8F8A00",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
