"""What a run will cost before it starts: memory and work, and the limits a run must fit.

A scenario code is fifty characters, yet it can ask for ten million people with a thousand
contacts each for a hundred years. :func:`estimate` says what a run needs from its size alone
(no graph built, nothing allocated), in well under a millisecond:

* **memory**: the per-person state (about :data:`BYTES_PER_PERSON` bytes each), the graph
  (about :data:`BYTES_PER_EDGE_END` bytes per contact, more while a small-world graph is
  rewired), and the weekly output. Measured against NumPy's own allocations (tracemalloc's
  peak) on the sizes in ``benchmarks/cost_estimate.py``;
* **work**: person-weeks and contacts, the two things a run's time grows with.

:func:`check_fits` refuses a run that would not fit in the memory the machine has free, with a
sentence naming both sizes; every run goes through it (``engine.run_with_state``).
:func:`check_interactive` refuses, in well under a second, a run beyond what an explorer, a
pasted code or a prediction should start while a learner waits (:data:`INTERACTIVE`): far above
every lesson's sliders, far below what would keep a kernel busy for minutes. The command line
runs large scenarios on purpose (``kit simulate``), with a progress bar.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from kit.errors import KitError

#: NumPy bytes a run holds per person (state arrays, indices, the week's work arrays).
BYTES_PER_PERSON = 64
#: Bytes per contact end (one direction of an edge) of a random graph, as built.
BYTES_PER_EDGE_END = 22
#: Small-world graphs hold a ring and its rewired copy while they are built.
SMALL_WORLD_FACTOR = 1.9
#: Part of the free memory a single run may take (the rest is left to the kernel and pandas).
MEMORY_SHARE = 0.7

#: The largest run an explorer, a pasted code or a prediction starts while a learner waits:
#: about 2 s of engine time on a 2-core laptop. The lessons' largest run is 20,000 people for
#: 156 weeks with 10 contacts each (3.1 million person-weeks, 200,000 contact ends).
INTERACTIVE = {"person_weeks": 60_000_000, "edge_ends": 20_000_000, "memory": 1_000_000_000}


class TooBig(KitError, ValueError):
    """A run that would not fit (memory) or would take too long for where it was asked."""


@dataclass(frozen=True)
class Cost:
    """What a run needs: bytes of memory at its peak, person-weeks and contact ends."""

    memory: int
    person_weeks: int
    edge_ends: int

    def describe(self) -> str:
        return f"about {_bytes(self.memory)} of memory, {self.person_weeks:,} person-weeks"


def _bytes(n: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}" if n < 10 * size else f"{n / size:,.0f} {unit}"
    return f"{n:.0f} bytes"


def estimate(scenario) -> Cost:
    """The memory and work a run of ``scenario`` needs, from its sizes alone.

    Examples
    --------
    >>> from kit.sim import Scenario
    >>> c = estimate(Scenario(population=1_000_000, weeks=156))
    >>> 200e6 < c.memory < 400e6, c.person_weeks
    (True, 156000000)
    """
    n, weeks = int(scenario.population), int(scenario.weeks)
    if scenario.graph == "complete":
        edge_ends = 0
    else:
        edge_ends = int(n * float(scenario.mean_degree))
    graph = edge_ends * BYTES_PER_EDGE_END
    if scenario.graph == "small_world":
        graph = int(graph * SMALL_WORLD_FACTOR)
    memory = n * BYTES_PER_PERSON + graph + weeks * 20 * 8
    return Cost(memory=memory, person_weeks=n * weeks, edge_ends=edge_ends)


def available_memory() -> int | None:
    """Bytes of memory free for a new run now (Linux: MemAvailable; else total), or None."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _smaller(scenario) -> str:
    if scenario.graph != "complete" and scenario.mean_degree > 50:
        return "fewer contacts per person (mean_degree) or fewer people"
    return "fewer people (population)"


def check_fits(scenario) -> Cost:
    """Refuse a run that would not fit in the memory free now; returns its :class:`Cost`."""
    cost = estimate(scenario)
    free = available_memory()
    if free is not None and cost.memory > MEMORY_SHARE * free:
        raise TooBig(
            f"This run needs about {_bytes(cost.memory)} of memory; this machine has "
            f"{_bytes(free)} free. Choose {_smaller(scenario)}."
        )
    return cost


def check_interactive(scenario) -> Cost:
    """Refuse a run too large to start while a learner waits (:data:`INTERACTIVE`).

    Explorers, pasted scenario codes and predictions call this first, so a huge run is refused
    in a moment with a sentence, and the explorer keeps working.
    """
    cost = check_fits(scenario)
    limit = INTERACTIVE
    if (
        cost.person_weeks > limit["person_weeks"]
        or cost.edge_ends > limit["edge_ends"]
        or cost.memory > limit["memory"]
    ):
        raise TooBig(
            f"This run is too large to start here ({scenario.population:,} people for "
            f"{scenario.weeks:,} weeks, {cost.describe()}); here a run may have up to "
            f"{limit['person_weeks']:,} person-weeks and {_bytes(limit['memory'])}. Choose "
            f"{_smaller(scenario)} or fewer weeks, or run it with 'kit simulate', which shows "
            "its progress."
        )
    return cost
