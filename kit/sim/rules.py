"""The model's thresholds and shared formulas, written once (``kit/sim/RULES.md``).

The vectorized engine (:mod:`kit.sim.engine`), the plain-Python reference
(:mod:`kit.sim.reference`) and the Mesa benchmark model (``benchmarks/mesa_model.py``) all
read the numbers and formulas below from here, so a rule changes in one place. Each
implementation still does the per-person arithmetic its own way (the engine in float32
arrays, in an order the golden frames pin down; the reference one person at a time); where a
formula here is written for scalars and arrays alike, both call it.

To change a rule: change it here and in RULES.md, run the agreement tests
(``tests/sim/test_agreement.py``), and re-record the golden frames on purpose (see
CONTRIBUTING.md, "How to change a rule of the model").

Examples
--------
>>> import numpy as np
>>> stochastic_round(2.0, np.random.default_rng(0))  # a whole number: no draw, no change
2
>>> SaleSource.REFERRAL.column
'sales_referral'
>>> round(follow_chance(2, 0.5), 2)  # two interactions, each followed with probability 1/2
0.75
"""

from __future__ import annotations

import math
from enum import IntEnum

import numpy as np

# ---------------------------------------------------------------------- thresholds
#: A relationship is active above this tie (step 4: the maintained set, introductions).
ACTIVE_TIE = 0.05
#: The tie a connect request that is followed back leaves, at least (step 3).
CONNECT_TIE = 0.02
#: Outputs: a strong tie is above this ...
STRONG_TIE = 0.5
#: ... and an ally also trusts the seller above this.
ALLY_TRUST = 0.6
#: Step 4: the expected share of the new (exploring) interactions that go to followers not yet
#: engaged; the rest are introductions.
TO_UNENGAGED = 0.5
#: Step 9: a satisfied buyer adds this to a; a disappointed one this to b (trust is easier to
#: lose than to win).
SATISFIED_EVIDENCE = 1.0
DISAPPOINTED_EVIDENCE = 2.0


class SaleSource(IntEnum):
    """What a sale is attributed to (step 8), in the order the rate's terms are laid out."""

    AD = 0
    RELATIONSHIP = 1
    REFERRAL = 2

    @property
    def column(self) -> str:
        """The output column that counts this week's sales from this source."""
        return SALE_COLUMNS[self]


#: The output columns of the sale sources, indexed by :class:`SaleSource`.
SALE_COLUMNS = ("sales_ad", "sales_relationship", "sales_referral")
#: The source recorded for a person who has not bought.
NO_SALE = -1


# ---------------------------------------------------------------------- the week's budget
def stochastic_round(x: float, rng: np.random.Generator) -> int:
    """floor(x), plus one with probability frac(x): the expected count is exactly x.

    No draw is made when x is whole, so a whole budget uses no random number.
    """
    whole = math.floor(x)
    frac = x - whole
    return whole + (1 if frac > 0 and rng.random() < frac else 0)


def posts(s: dict) -> float:
    """Step 1: the week's posts before rounding, post_share * hours / post_cost."""
    return s["post_share"] * s["hours"] / s["post_cost"]


def requests(s: dict) -> float:
    """Step 3: the week's connect requests before rounding."""
    return s["connect_share"] * s["hours"] / s["connect_cost"]


def interactions(s: dict) -> float:
    """Step 4: the week's interactions before rounding, the ambassadors' hours included."""
    return (s["engage_share"] * s["hours"] + s["ambassadors"] * s["ambassador_hours"]) / s[
        "engage_cost"
    ]


def team_capacity(s: dict) -> int:
    """Step 4: the seller and the ambassadors pooled keep at most this many relationships."""
    return s["capacity"] * (1 + s["ambassadors"])


# ---------------------------------------------------------------------- per-person formulas
def _power(base: float, k):
    """``base ** k`` for a scalar or an array of ``k``, the same on every CPU.

    NumPy's vectorised power differs with the processor (AVX-512 and AVX2 builds round the
    last bit differently now and then), which would make a seeded run depend on the machine;
    the C library's ``pow``, one element at a time, does not. Arrays here are step 4's
    small tables (a few dozen entries, built once a run).
    """
    if np.ndim(k) == 0:
        return base**k
    ks = np.asarray(k)
    return np.array([base**v for v in ks.ravel().tolist()], dtype=np.float64).reshape(ks.shape)


def tie_kept(k, tie_gain: float):
    """Step 4: the share of the gap to a full tie left after ``k`` interactions,
    (1 - tie_gain) ** k (so tie becomes 1 - (1 - tie) * tie_kept); scalars or arrays."""
    return _power(1.0 - tie_gain, k)


def follow_chance(k, follow_after_engage: float):
    """Step 4: the chance that a non-follower follows after ``k`` interactions."""
    return 1.0 - _power(1.0 - follow_after_engage, k)


def trust(a: float, b: float, prior_a: float, prior_b: float) -> float:
    """Beta-reputation trust (a + prior_a) / (a + b + prior_a + prior_b); 0 when nothing is
    known (a zero denominator). For one person; the engine divides whole arrays the same way."""
    num = a + prior_a
    den = num + b + prior_b
    return num / den if den > 0 else 0.0


def referral_propensity(trust, tie, rec_base, keep_rec):
    """Step 7: a customer's propensity to recommend, trust * (rec_base + (1 - rec_base) * tie).

    ``keep_rec`` is 1 - rec_base, worked out once per run by the caller (in float64, then
    in the caller's precision). Scalars or arrays.
    """
    return trust * (rec_base + keep_rec * tie)


def leave_chance(excess, tie, unfollow_base, unfollow_fatigue, one=1.0):
    """Step 6: a follower's chance to leave before the cap at 1,
    (unfollow_base + unfollow_fatigue * excess) * (1 - tie), tie after decay.

    ``one`` is the number 1 as the caller's arrays want it (the engine passes a float32 0-d
    array: a Python number costs NumPy a conversion on every call). Scalars or arrays.
    """
    return (unfollow_base + unfollow_fatigue * excess) * (one - tie)


# ---------------------------------------------------------------------- graph
def edges_started_per_person(mean_degree: float) -> float:
    """The random graph: each person starts Poisson(mean_degree / 2) edges, so the number of
    edges is Poisson(N * mean_degree / 2) (see RULES.md, "Graph")."""
    return mean_degree / 2


def ring_half_width(mean_degree: float, population: int) -> int:
    """The small-world ring: each person links to the next this many (k / 2, k being
    mean_degree rounded to an even number >= 2, and k below the population)."""
    half = max(1, int(round(mean_degree / 2)))
    return min(half, (population - 1) // 2) or 1
