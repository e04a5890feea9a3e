"""One call per picture: every function returns a :class:`plotly.graph_objects.Figure`.

All figures share one colour-blind-safe palette (Okabe-Ito), one colour, dash and marker per
strategy (:data:`STRATEGY_COLOURS`, :data:`STRATEGY_DASHES`, :data:`STRATEGY_MARKERS`) and the
``kit`` plotly template (transparent background, so they read in JupyterLab's light and dark
themes). The figures only draw: the numbers they mark (crossover weeks, sweep winners,
summaries, a run's final state) come from :mod:`kit.sim.analysis`.

- :func:`over_time`: strategies over time, the crossover week marked;
- :func:`sales_sources`: where sales come from (ads, relationships, referrals);
- :func:`band`: the mean of an ensemble with a 5-95% band;
- :func:`sweep_winner`: which strategy wins across two parameters (:func:`kit.sim.sweep`);
- :func:`flip_ranking`: what would flip a comparison, ranked (:func:`kit.sim.flip_analysis`);
- :func:`network`: the people around the seller at the end of a run (:func:`kit.sim.final_state`);
- :func:`celebrities`: followers against following, from the articles;
- :func:`dunbar_layers`: Dunbar's layers against typical network sizes.

Examples
--------
>>> from kit import plots, sim
>>> df = sim.compare(["broadcast", "relationship"], population=2_000, weeks=30, seed=1)
>>> fig = plots.over_time(df, "customers")
>>> fig.data[0].line.color == plots.STRATEGY_COLOURS["broadcast"]
True
"""

from kit.plots.articles import celebrities, dunbar_layers
from kit.plots.curves import band, over_time, sales_sources, sweep_winner
from kit.plots.flip import flip_ranking
from kit.plots.network import network
from kit.plots.style import (
    METRIC_LABELS,
    OKABE_ITO,
    SOURCE_COLOURS,
    STRATEGY_COLOURS,
    STRATEGY_DASHES,
    STRATEGY_MARKERS,
    TEMPLATE_NAME,
    metric_label,
    strategy_style,
)

__all__ = [
    "METRIC_LABELS",
    "OKABE_ITO",
    "SOURCE_COLOURS",
    "STRATEGY_COLOURS",
    "STRATEGY_DASHES",
    "STRATEGY_MARKERS",
    "TEMPLATE_NAME",
    "band",
    "celebrities",
    "dunbar_layers",
    "flip_ranking",
    "metric_label",
    "network",
    "over_time",
    "sales_sources",
    "strategy_style",
    "sweep_winner",
]
