"""The strategy simulator: a seller and a population on a social graph.

The science is in MODEL.md; how each rule is read is in ``kit/sim/RULES.md``. The model
reduces to the Bass diffusion model in a limit (:meth:`Scenario.bass_limit`), which is how we
know it is right.

Examples
--------
>>> from kit import sim
>>> df = sim.simulate(sim.Scenario.preset("relationship", population=5_000, weeks=52, seed=1))
>>> list(df.columns[:3])
['week', 'followers', 'new_followers']
>>> runs = sim.compare(["broadcast", "relationship"], population=5_000, weeks=26, seed=1)
>>> sorted(runs["strategy"].unique())
['broadcast', 'relationship']
"""

from kit.sim.analysis import (
    FinalState,
    crossover,
    final_state,
    sales_summary,
    summarise,
    sweep_winners,
)
from kit.sim.api import (
    bass_curve,
    bass_discrete,
    compare,
    ensemble,
    simulate,
)
from kit.sim.describe import describe
from kit.sim.flip import flip_analysis
from kit.sim.labels import say_shares
from kit.sim.outputs import OUTPUT_COLUMNS
from kit.sim.scenario import GRAPHS, PRESETS, Scenario
from kit.sim.sweep import sweep
from kit.sim.tables import show

__all__ = [
    "GRAPHS",
    "FinalState",
    "OUTPUT_COLUMNS",
    "PRESETS",
    "Scenario",
    "bass_curve",
    "bass_discrete",
    "compare",
    "crossover",
    "describe",
    "ensemble",
    "final_state",
    "flip_analysis",
    "show",
    "simulate",
    "sales_summary",
    "say_shares",
    "summarise",
    "sweep",
    "sweep_winners",
]
