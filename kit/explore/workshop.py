"""The capstone workshop's explorer (lesson 06): a learner's design on their business.

Examples
--------
>>> from kit.sim import workshop
>>> ex = design_explorer(workshop.design(0.1, 0, 0.9, 0.2), "B2B consultant")
>>> sorted(ex.controls)
['hours', 'p_ad', 'promo_share', 'reach']
>>> sorted(ex.frame["strategy"].unique())
['balanced', 'your design']
"""

from __future__ import annotations

from collections.abc import Sequence

from kit.explore.explorer import Explorer, explore
from kit.sim import workshop

#: The sliders of the design explorer: time budget, ads among posts, reach, ad response.
DESIGN_SLIDERS = ("hours", "promo_share", "reach", "p_ad")

#: What its metric menu offers besides customers.
DESIGN_METRICS = ("allies", "mean_trust", "hours_per_customer", "sales_referral")


def design_explorer(
    mine: workshop.Design,
    name: str,
    against: str = "balanced",
    sliders: Sequence[str] = DESIGN_SLIDERS,
    metrics: Sequence[str] = DESIGN_METRICS,
) -> Explorer:
    """An explorer of the design next to ``against`` on business ``name``.

    Every field the business changes is held fixed at the business's value, except those
    given a slider, which start there. The design is called ``"your design"``
    (:data:`kit.sim.workshop.MINE`), as the lesson calls it, in the legend, the history and
    the pins.

    Parameters
    ----------
    mine : kit.sim.workshop.Design
        The learner's design (:func:`kit.sim.workshop.design`).
    name : str
        One of :data:`kit.sim.workshop.BUSINESSES`.
    against : str
        The preset drawn beside it.
    sliders, metrics : sequence of str
        The fields on sliders, and the metric menu's other entries.
    """
    if not isinstance(mine, workshop.Design):
        raise workshop.WorkshopError("mine: give the design made by workshop.design(...)")
    fields = workshop.business(name)
    held = {field: value for field, value in fields.items() if field not in sliders}
    first = mine.scenario(name, seed=1)
    strategies = {workshop.MINE: first, against: against}
    return explore(strategies, tuple(sliders), "customers", metrics=list(metrics), **held)
