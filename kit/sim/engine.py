"""The vectorized simulation engine: one week is a handful of NumPy passes, no loop over people.

The rules are MODEL.md's, read as written down in ``kit/sim/RULES.md``, with the thresholds
and shared formulas of :mod:`kit.sim.rules`. Each step of RULES.md's week is one function here,
with the step's name (:func:`post`, :func:`fatigue`, :func:`connect`, :func:`engage`,
:func:`decay`, :func:`unfollow`, :func:`referral`, :func:`purchase`, :func:`after_sale`), its
sampling shortcut and the invariant it rests on in its docstring; :func:`_week` calls them in
order. A plain-Python twin, :mod:`kit.sim.reference`, has the same functions, person by
person, and the tests check that the two agree in distribution; the golden frames
(``tests/sim/test_golden.py``) pin this engine's output bit for bit.

State is kept in float32 / bool arrays of length N; people who matter in a week (followers,
the seller's relationships, customers and their neighbours) are handled through index arrays,
so a week costs O(N) cheap passes plus work proportional to those sets.

At lesson sizes a week is bound by the number of NumPy calls, not by N, so two exact
sampling shortcuts replace draws for everyone by draws for the few who matter: the
(follower, post) pairs that reach are drawn by skipping from one to the next with geometric
gaps (:func:`_successes`), and purchases by thinning (people are drawn with the largest
weekly chance any rate allows, then each keeps its own chance). The seller's maintained set
is searched among ties above last week's cut (:func:`_maintained`). All give exactly the
distributions and sets of RULES.md; ``tests/sim/test_sampling.py`` and the agreement tests check it.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from kit.sim import rules
from kit.sim.cost import check_fits
from kit.sim.graph import Graph, build_graph
from kit.sim.outputs import COUNT_COLUMNS, OUTPUT_COLUMNS
from kit.sim.scenario import Scenario

# Bounds for thinning are raised by this factor, so that float32 rounding of the
# probabilities they bound can never push one above its bound.
_ROUNDING = 1.0 + 1e-5

#: The parameters that meet float32 state in the week's arithmetic (see _World.f32).
_FLOAT32_OPERANDS = (
    "content_tie",
    "content_evidence",
    "fatigue_decay",
    "tolerance",
    "spam_weight",
    "unfollow_fatigue",
    "unfollow_base",
    "rec_base",
    "p_rel",
    "p_ad",
)

_COL = {name: i for i, name in enumerate(OUTPUT_COLUMNS)}
# The sale sources as plain ints and output positions: an Enum's iteration and attributes
# cost microseconds a week.
_SALE_AT = tuple(_COL[column] for column in rules.SALE_COLUMNS)
_N_SOURCES = len(rules.SALE_COLUMNS)
_RELATIONSHIP = int(rules.SaleSource.RELATIONSHIP)
_COUNTS = frozenset(COUNT_COLUMNS)


def _uniform_ints(rng: np.random.Generator, high: int, size: int) -> np.ndarray:
    """``size`` uniform integers in [0, high): Generator.integers is several times slower for
    the short arrays of a week, and float64 resolution keeps the bias below 1e-9 here."""
    return (rng.random(size) * high).astype(np.int64)


# Below this success probability a batch of Bernoulli trials is drawn by skipping from one
# success to the next (about n * p draws); above it, one uniform per trial is cheaper.
_SKIP_BELOW = 0.2

# No standard exponential draw of NumPy's reaches this: its ziggurat's tail gives
# r - log(1 - U) with r < 7.7 and U a double below 1 - 2**-53, so less than 7.7 + 36.8.
_EXPONENTIAL_MAX = 45.0


def _successes(rng: np.random.Generator, n: int, p: float, batch: int = 0) -> np.ndarray:
    """The sorted indices of the successes among ``n`` independent Bernoulli(``p``) trials.

    For small ``p`` the gaps between successes are drawn instead of the trials: a gap is
    Geometric(p), which is floor(E / -log(1 - p)) + 1 for E ~ Exponential(1), so a week's
    hundreds of successes among thousands of people cost hundreds of draws, not thousands.
    Gaps come in batches a little larger than the expected count (``batch``, if given, sets
    the batch size: tests use it to make the rare second batch happen).
    """
    if n <= 0 or p <= 0:
        return np.empty(0, dtype=np.int64)
    if p >= _SKIP_BELOW:
        return np.flatnonzero(rng.random(n) < p)
    rate = -math.log1p(-p)  # > 0: gaps beyond n are cut to n (no overflow for tiny p)
    cut = n * rate
    expected = n * p
    pos = np.empty(0, dtype=np.int64)
    start = 0  # the index the next gap counts from
    while start < n:
        k = batch or int(expected + 4.0 * math.sqrt(expected) + 8)
        gaps = rng.standard_exponential(k)
        if cut < _EXPONENTIAL_MAX:  # else no draw can exceed the cut
            np.minimum(gaps, cut, out=gaps)
        gaps /= rate  # at most about n: no overflow, even for a subnormal rate
        more = gaps.astype(np.int64)
        more += 1
        more[0] += start - 1
        np.add.accumulate(more, out=more)  # the position of each success
        pos = np.concatenate([pos, more]) if len(pos) else more
        start = int(more[-1]) + 1
    return pos[: pos.searchsorted(n)]


def _counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and how often each occurs (np.unique, faster for short arrays)."""
    if len(values) > 256:
        return np.unique(values, return_counts=True)
    counts = Counter(values.tolist())
    return np.fromiter(counts.keys(), np.int64, len(counts)), np.fromiter(
        counts.values(), np.int64, len(counts)
    )


def _maintained(tie: np.ndarray, cap: int, floor: np.float32) -> tuple[np.ndarray, np.float32]:
    """The maintained set M of RULES step 4, and the floor to pass on to next week.

    M is the active people (tie > rules.ACTIVE_TIE), or the ``cap`` of them with the largest ties.
    When ``floor`` is above the active threshold, only ties at or above it are looked at
    first: if at least ``cap`` people are there, M is among them (found in a list of about
    ``cap`` people instead of every active one); if fewer, the floor was above the cap-th
    largest tie and everyone active is looked at. So any floor gives M; one at most this
    week's cap-th largest tie (last cut's, decayed) gives it fast. The floor returned is the
    cap-th largest tie when the set was cut (0 when it was not).
    """
    threshold = rules.ACTIVE_TIE
    active = (tie >= floor if floor > threshold else tie > threshold).nonzero()[0]
    if len(active) < cap and floor > threshold:  # the floor was too high
        active = (tie > threshold).nonzero()[0]
    if cap == 0:
        return active[:0], np.float32(0.0)
    if len(active) <= cap:
        return active, np.float32(0.0)
    ties = tie[active]
    cut = ties[ties.argpartition(len(active) - cap)[len(active) - cap]]  # the cap-th largest
    # Which people argpartition returns, and in what order, depends on the CPU (NumPy picks
    # a SIMD partition for the processor); M must not. Everyone above the cut is in, then
    # those exactly at it by index, and M is listed in index order.
    above = ties > cut
    at = (ties == cut).nonzero()[0][: cap - int(np.count_nonzero(above))]
    above[at] = True
    return active[above], cut


def seed_sequences(seed: int | None) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """Split a scenario's seed into independent streams for the graph and the dynamics."""
    graph_seq, dynamics_seq = np.random.SeedSequence(seed).spawn(2)
    return graph_seq, dynamics_seq


class _World:
    """The state of one run: per-person arrays plus the graph."""

    def __init__(self, params: dict, graph: Graph | None, rng: np.random.Generator):
        n = params["population"]
        self.params = params  # Scenario.resolved()
        self.n = n
        self.graph = graph
        self.rng = rng
        self.follower = np.zeros(n, dtype=bool)
        self.aware = np.zeros(n, dtype=bool)
        self.customer = np.zeros(n, dtype=bool)
        # tie and the positive and negative evidence a, b: rows of one block, so that one
        # pass decays all three (RULES step 5)
        self.tie_a_b = np.zeros((3, n), dtype=np.float32)
        self.tie, self.a, self.b = self.tie_a_b
        keep_tie, forget = 1.0 - params["tie_decay"], params["forget"]
        self.decay = np.array([[keep_tie], [forget], [forget]], np.float32)
        self.fatigue = np.zeros(n, dtype=np.float32)
        # The float parameters and thresholds as 0-d float32 arrays: as the operand of a ufunc
        # on float32 state, one costs about half what a Python float does (no scalar to
        # convert on every call) and gives the same float32 result.
        values = {name: params[name] for name in _FLOAT32_OPERANDS}
        values.update(
            one=1.0,
            zero=0.0,
            active=rules.ACTIVE_TIE,
            connect=rules.CONNECT_TIE,
            strong=rules.STRONG_TIE,
            ally=rules.ALLY_TRUST,
            keep_rec=1.0 - params["rec_base"],
            disappointed=rules.DISAPPOINTED_EVIDENCE,
        )
        self.f32 = {name: np.array(value, np.float32) for name, value in values.items()}
        self.trust_now = np.zeros(n, dtype=np.float32)  # trust after decay; see update_trust
        self.ads_seen = np.zeros(n, dtype=np.float32)
        self.customers = np.empty(n, dtype=np.int64)  # indices of customers, first n_customers
        self.n_customers = 0
        self.bought_week = np.zeros(n, dtype=np.int32)  # week of the purchase; 0 for never
        self.sale_source = np.full(n, rules.NO_SALE, dtype=np.int8)  # a rules.SaleSource
        # Every customer's neighbours, concatenated in customer order, and each customer's
        # degree: customers never lapse, so this only grows (RULES step 7). The first is a
        # buffer that doubles when full; its first n_ref entries are in use.
        self.ref_nb_buf = np.empty(0, dtype=np.intp)  # bincount's index type: no copy
        self.n_ref = 0
        self.customer_degree = np.zeros(n, dtype=np.int64)
        self.n_indexed = 0
        # r_j = trust_j * (rec_base + (1 - rec_base) * tie_j) > 0 for every customer when
        # both the trust prior and rec_base are positive: then a neighbour of a customer
        # feels pressure from the week after the purchase on, and awareness needs setting once.
        self.pressure_always_positive = params["prior_a"] > 0 and params["rec_base"] > 0
        if graph is not None:  # q_wom / degree: referral pressure's rate per unit of sums
            # (the float32 product, held in float64 to multiply the float64 sums directly)
            q_inv_degree = graph.inv_degree * np.float32(params["q_wom"])
            self.q_inv_degree = q_inv_degree.astype(np.float64)
        self.all_aware = False  # set once everyone is (complete graph, RULES step 7)
        self.kept_floor = np.float32(0.0)  # a floor for M's search; see _maintained
        # Step 4's powers and multiples of k, the interactions one person gets in a week, as
        # tables by k (at most the week's interactions, a stochastic rounding of this): a
        # gather costs a fraction of a power, and gives the very same numbers.
        self.interactions = rules.interactions(params)
        ks = np.arange(math.floor(self.interactions) + 2)
        self.tie_kept = rules.tie_kept(ks, params["tie_gain"])
        self.help_got = ks * params["help_evidence"]  # k * help_evidence
        self.follow_chance = rules.follow_chance(ks, params["follow_after_engage"])
        start = rng.choice(n, size=params["initial_followers"], replace=False)
        self.followers = start.astype(np.int64)  # indices of current followers, any order
        self.follower[start] = True
        self.aware[start] = True
        self.a[start] = params["fame"]

    def index_new_customers(self) -> np.ndarray:
        """Append the neighbours of customers added since the last call to ``ref_nb`` (and
        their degrees to ``customer_degree``); return those neighbours."""
        g = self.graph
        first, last = self.n_indexed, self.n_customers
        new = self.customers[first:last]
        deg = g.degree_int[new]
        self.customer_degree[first:last] = deg
        ends = deg.cumsum()
        total = int(ends[-1])
        # positions of every new customer's neighbours in indices, without a Python loop:
        # entry e of customer c sits at indptr[c] + (e - where c's entries start)
        pos = np.arange(total)
        ends -= deg
        pos += np.repeat(g.indptr[new] - ends, deg)
        fresh = g.indices[pos]
        end = self.n_ref + total
        if end > len(self.ref_nb_buf):  # grow by doubling: appending costs O(1) amortized
            grown = np.empty(max(end, 2 * len(self.ref_nb_buf), 1024), dtype=np.intp)
            grown[: self.n_ref] = self.ref_nb_buf[: self.n_ref]
            self.ref_nb_buf = grown
        self.ref_nb_buf[self.n_ref : end] = fresh
        self.n_ref = end
        self.n_indexed = last
        return fresh

    @property
    def ref_nb(self) -> np.ndarray:
        """Every customer's neighbours, concatenated in customer order."""
        return self.ref_nb_buf[: self.n_ref]

    def trust(self, idx: np.ndarray | slice) -> np.ndarray:
        """Beta-reputation trust (a + a0) / (a + b + a0 + b0); 0 when nothing is known."""
        return self.trust_of(self.a[idx], self.b[idx])

    def trust_of(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """:meth:`trust` from given evidence ``a`` and ``b`` (float32 arrays)."""
        a0, b0 = self.params["prior_a"], self.params["prior_b"]
        num = a + np.float32(a0)
        den = num + b + np.float32(b0)
        if a0 + b0 > 0:  # the denominator is positive, since a, b >= 0
            return num / den
        return np.divide(num, den, out=np.zeros_like(num), where=den > 0)

    def update_trust(self) -> None:
        """Recompute ``trust_now`` for everyone, after the week's decay.

        Steps 7-9 and the outputs read trust after step 5 (and the buyers' after step 9, which
        sets theirs); one pass over everyone is cheaper than recomputing it for four
        overlapping groups.
        """
        a0, b0 = np.float32(self.params["prior_a"]), np.float32(self.params["prior_b"])
        num = np.add(self.a, a0)
        den = np.add(num, self.b)
        den += b0
        if a0 + b0 > 0:
            np.divide(num, den, out=self.trust_now)
        else:
            self.trust_now.fill(0.0)
            np.divide(num, den, out=self.trust_now, where=den > 0)

    def sample_non_followers(self, k: int) -> np.ndarray:
        """``min(k, #non-followers)`` distinct non-followers, uniformly (RULES step 3)."""
        rng, n = self.rng, self.n
        free = n - len(self.followers)
        k = min(k, free)
        if k <= 0:
            return np.empty(0, dtype=np.int64)
        if free < 4 * k or free < n // 2:
            pool = np.flatnonzero(~self.follower)
            return rng.choice(pool, size=k, replace=False)
        # Rejection sampling: the first k distinct non-followers of a uniform stream are a
        # uniform k-subset of the non-followers. Small k (the usual case) dedupes in Python,
        # which beats np.unique's overhead by several times.
        picked: list[int] = []
        while len(picked) < k:
            draw = _uniform_ints(rng, n, k + k // 2 + 8)
            draw = draw[~self.follower[draw]]
            picked = list(dict.fromkeys([*picked, *draw.tolist()]))
        return np.array(picked[:k], dtype=np.int64)

    def random_neighbours(self, people: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One uniform neighbour of each person, given one uniform draw ``u`` per person,
        and whether the person has any: where not, the neighbour is a placeholder."""
        if self.graph is None:  # complete graph: a uniform other person
            other = (u * (self.n - 1)).astype(np.int64)
            other += other >= people
            return other, np.ones(len(people), dtype=bool)
        g = self.graph
        deg = g.degree_float[people]
        pos = (u * deg).astype(np.int64)
        pos += g.first_neighbour[people]
        return g.indices[pos], deg > 0


class _Week:
    """What the steps of one week hand on to each other (RULES.md's E_i, A_i, x_i, ...).

    Only the followers a post reached are listed (``exposed``, as indices, with their
    exposures and ads seen in the same order); everyone else's E_i and A_i are 0.
    """

    __slots__ = (
        "number",
        "followers_before",
        "n_exposures",
        "exposed",
        "exposures",
        "ads",
        "personal",
        "joined",
        "n_joined",
        "n_left",
        "pressure_sums",
        "uniform_pressure",
        "sales",
        "n_sales",
    )

    def __init__(self, number: int, followers: np.ndarray):
        self.number = number  # 1, 2, ...: the week of the outputs and of bought_week
        self.followers_before = followers  # the follower indices at the start of the week
        self.n_exposures = 0  # the output exposures: sum of E_i
        self.exposed: np.ndarray | None = None  # the followers reached (E_i > 0)
        self.exposures: np.ndarray | None = None  # their E_i (float32)
        self.ads: np.ndarray | None = None  # their A_i; None if no ad reached anyone
        self.personal: np.ndarray | None = None  # their P_i; None if no personal post did
        self.joined: list[np.ndarray] = []  # the people who followed in steps 3 and 4
        self.n_joined = 0
        self.n_left = 0
        self.pressure_sums: np.ndarray | None = None  # sum of r_j over each one's neighbours
        self.uniform_pressure = 0.0  # x_i on the complete graph (everyone's, a non-customer's)
        self.sales = [0] * _N_SOURCES  # by SaleSource
        self.n_sales = 0


def post(world: _World, week: _Week) -> None:
    """RULES step 1: the week's posts, some of them ads, reach the followers.

    Shortcut: each (follower, post) pair reaches independently with probability reach; the
    pairs that do are drawn directly by :func:`_successes` (pair f * n_posts + j; posts
    j < n_ads are the ads). That gives follower f Binomial(n_ads, reach) ad and
    Binomial(n_personal, reach) personal exposures, for a few draws per exposure instead of
    two binomials per follower.
    """
    params, rng, f32 = world.params, world.rng, world.f32
    followers = week.followers_before
    n_posts = rules.stochastic_round(rules.posts(params), rng)
    promo = params["promo_share"]
    if not n_posts or promo <= 0:
        n_ads = 0
    else:
        n_ads = n_posts if promo >= 1 else int(rng.binomial(n_posts, promo))
    if not (n_posts and len(followers) and params["reach"] > 0):
        return
    hits = _successes(rng, len(followers) * n_posts, params["reach"])
    week.n_exposures = len(hits)
    if not len(hits):
        return
    # Only the exposed followers change in steps 1 and 2 (the others gain no tie, evidence,
    # fatigue or spam), so only they are touched.
    who, which_post = np.divmod(hits, n_posts)
    counts = np.bincount(who, minlength=len(followers))
    seen = counts.nonzero()[0]  # the exposed, as positions in the followers list
    exposed = week.exposed = followers[seen]
    exposures = week.exposures = counts[seen].astype(np.float32)  # each one's E_i >= 1
    if n_ads == n_posts:
        week.ads = exposures
    elif n_ads:
        ads = np.bincount(who[which_post < n_ads], minlength=len(followers))[seen]
        week.ads = ads.astype(np.float32)
        week.personal = exposures - week.ads
    else:
        week.personal = exposures
    # Invariant: every follower is aware already (each rule that adds a follower makes them
    # aware), so "exposed people become aware" has nothing left to do.
    if week.personal is not None:
        tie_exposed = world.tie[exposed]
        tie_exposed += f32["content_tie"] * week.personal
        world.tie[exposed] = np.minimum(tie_exposed, f32["one"], out=tie_exposed)
        world.a[exposed] += f32["content_evidence"] * week.personal
    if week.ads is not None:
        world.ads_seen[exposed] = week.ads  # read in step 8, cleared after it


def fatigue(world: _World, week: _Week) -> None:
    """RULES step 2: fatigue decays and piles up; ads seen above tolerance add to b.

    The excess over tolerance is not kept for step 6: fatigue does not change between the
    two steps, so step 6 works it out again for the followers only.
    """
    params, f32 = world.params, world.f32
    world.fatigue *= f32["fatigue_decay"]
    if not week.n_exposures:
        return
    exposed = week.exposed
    fatigue_exposed = world.fatigue[exposed]
    fatigue_exposed += week.exposures
    world.fatigue[exposed] = fatigue_exposed
    if week.ads is not None and params["spam_weight"] > 0:
        excess = np.maximum(fatigue_exposed - f32["tolerance"], f32["zero"], out=fatigue_exposed)
        excess *= f32["spam_weight"]
        excess *= week.ads / week.exposures  # the ad share of each one's exposures
        world.b[exposed] += excess


def connect(world: _World, week: _Week) -> None:
    """RULES step 3: connect requests to distinct non-followers, some followed back.

    Shortcut: the requests go to min(n_req, #non-followers) distinct non-followers, each
    following back with probability follow_back, so the ones who follow back are a uniform
    set of Binomial(min(n_req, #non-followers), follow_back) non-followers, drawn as such.
    """
    params, rng = world.params, world.rng
    n_req = rules.stochastic_round(rules.requests(params), rng)
    n_asked = min(n_req, world.n - len(week.followers_before))
    n_back = int(rng.binomial(n_asked, params["follow_back"])) if n_asked > 0 else 0
    if n_back:
        back = world.sample_non_followers(n_back)
        world.follower[back] = True
        world.aware[back] = True
        world.tie[back] = np.maximum(world.tie[back], world.f32["connect"])
        week.joined.append(back)


def engage(world: _World, week: _Week) -> None:
    """RULES step 4: one-to-one interactions, to kept relationships, followers not yet
    engaged and introductions, applied together.

    Shortcuts: the maintained set M is searched among ties above last week's cut
    (:func:`_maintained`), and one batch of uniforms serves the week's choices.
    """
    params, rng, f32, tie = world.params, world.rng, world.f32, world.tie
    n_int = rules.stochastic_round(world.interactions, rng)
    if not n_int:
        return
    # Invariant: the tables by k are sized in _World for k up to floor(interactions) + 1,
    # the most this rounding gives, and no one receives more than n_int interactions.
    assert n_int < len(world.tie_kept), "step 4's tables are too short for this week"
    cap = rules.team_capacity(params)
    # The cap-th largest tie when the set was last cut, decayed as ties are since, is a
    # floor for this week's: ties only grow between decays.
    kept, world.kept_floor = _maintained(tie, cap, world.kept_floor)
    n_new = int(rng.binomial(n_int, params["explore"])) if len(kept) else n_int
    n_fol = int(rng.binomial(n_new, rules.TO_UNENGAGED)) if n_new else 0
    if n_fol:
        # followers not yet engaged; the followers list includes this week's new ones
        followers = week.followers_before
        if week.joined:
            followers = np.concatenate([followers, *week.joined])
        unengaged = followers[tie[followers] <= f32["active"]]
        if not len(unengaged):
            n_fol = 0
    n_keep, n_intro = n_int - n_new, n_new - n_fol
    # One batch of uniforms for the week's choices: maintenance targets, unengaged
    # followers, introducers, their neighbours, and follow decisions (<= n_int people).
    u = rng.random(n_keep + n_fol + 2 * n_intro + n_int)
    targets = []
    if n_keep:
        targets.append(kept[(u[:n_keep] * len(kept)).astype(np.int64)])
    if n_fol:
        picks = u[n_keep : n_keep + n_fol] * len(unengaged)
        targets.append(unengaged[picks.astype(np.int64)])
    if n_intro:
        at = n_keep + n_fol
        if len(kept):
            introducers = kept[(u[at : at + n_intro] * len(kept)).astype(np.int64)]
            friend, has = world.random_neighbours(introducers, u[at + n_intro : at + 2 * n_intro])
            anyone = tie[friend] > f32["active"]  # active already: a random person instead
            anyone |= ~has
        else:
            friend = np.full(n_intro, -1, dtype=np.int64)
            anyone = np.ones(n_intro, dtype=bool)
        n_anyone = int(np.count_nonzero(anyone))
        if n_anyone:
            friend[anyone] = _uniform_ints(rng, world.n, n_anyone)
        targets.append(friend)
    people, k = _counts(np.concatenate(targets) if len(targets) > 1 else targets[0])
    tie[people] = 1.0 - (1.0 - tie[people]) * world.tie_kept[k]
    world.a[people] += world.help_got[k]
    world.aware[people] = True
    outside = ~world.follower[people]
    asked = people[outside]
    if len(asked):
        decide = u[len(u) - n_int : len(u) - n_int + len(asked)]
        joined = asked[decide < world.follow_chance[k[outside]]]
        world.follower[joined] = True
        week.joined.append(joined)


def decay(world: _World, week: _Week) -> None:
    """RULES step 5: ties fade, evidence is forgotten; trust is worked out afresh."""
    world.tie_a_b *= world.decay  # tie, a and b in one pass
    # Invariant for _maintained: the floor decays exactly as the ties do (float32, alike).
    world.kept_floor *= world.decay[0, 0]
    world.update_trust()


def unfollow(world: _World, week: _Week) -> None:
    """RULES step 6: followers (this week's new ones too) leave, more readily when tired
    and weakly tied."""
    params, f32 = world.params, world.f32
    followers = week.followers_before
    if week.joined:
        followers = np.concatenate([followers, *week.joined])
    week.n_joined = len(followers) - len(week.followers_before)
    if len(followers) and (params["unfollow_base"] > 0 or params["unfollow_fatigue"] > 0):
        excess = world.fatigue[followers]
        excess -= f32["tolerance"]
        np.maximum(excess, f32["zero"], out=excess)
        p_leave = rules.leave_chance(
            excess, world.tie[followers], f32["unfollow_base"], f32["unfollow_fatigue"], f32["one"]
        )  # a chance above 1 always leaves below: min(1, chance) of RULES needs no pass
        leave = world.rng.random(len(followers)) < p_leave
        week.n_left = int(np.count_nonzero(leave))
        if week.n_left:
            world.follower[followers[leave]] = False
            followers = followers[~leave]
    world.followers = followers


def referral(world: _World, week: _Week) -> None:
    """RULES step 7: customers' recommendations press on their neighbours.

    Shortcut: each customer's neighbours are listed once, when they buy (customers never
    lapse), and the pressure sums are one weighted bincount over that list.
    """
    customers = world.customers[: world.n_customers]
    if not len(customers):
        return
    f32 = world.f32
    propensity = rules.referral_propensity(
        world.trust_now[customers], world.tie[customers], f32["rec_base"], f32["keep_rec"]
    )
    if world.graph is None:
        # complete graph in mean field: every non-customer hears from every customer
        week.uniform_pressure = float(np.add.reduce(propensity, dtype=np.float64)) / (world.n - 1)
        if week.uniform_pressure > 0 and not world.all_aware:
            world.aware[:] = True
            world.all_aware = True
        return
    fresh = world.index_new_customers() if world.n_indexed < len(customers) else None
    if not world.n_ref:
        return
    listed = world.ref_nb
    # widened before it is repeated: bincount sums float64 weights
    weights = propensity.astype(np.float64).repeat(world.customer_degree[: len(customers)])
    week.pressure_sums = np.bincount(listed, weights=weights, minlength=world.n)
    # Invariant: with a positive trust prior and rec_base every customer's propensity is
    # positive, so a customer's neighbours feel pressure from the week after the purchase
    # on, and are made aware once, when listed; otherwise week by week.
    if not world.pressure_always_positive:
        world.aware[listed[weights > 0]] = True
    elif fresh is not None:
        world.aware[fresh] = True


def _thinning_bound(params: dict, most_ads: float, most_pressure: float) -> float:
    """A weekly purchase rate no aware non-customer's exceeds (RULES step 8).

    rate = trust * (p_ad * ads_seen + p_rel * tie) + q_wom * x with trust, tie <= 1, ads
    seen at most ``most_ads`` and referral pressure x at most ``most_pressure`` (a mean of
    propensities, each at most 1; on the complete graph every non-customer's is the same).
    """
    return params["p_rel"] + params["p_ad"] * most_ads + params["q_wom"] * most_pressure


#: How far (relative) NumPy's vectorised expm1 may stray from the exact value on any CPU:
#: its SIMD versions (AVX2, AVX-512, none) differ in the last bit or two of a float32.
_EXPM1_SLACK = 2.0**-20


def _buy(rate: np.ndarray, draw: np.ndarray) -> np.ndarray:
    """``draw < 1 - exp(-rate)``, element by element, the same on every CPU.

    NumPy picks an expm1 for the processor it runs on, and their float32 results differ in
    the last bit now and then, which would make a seeded run depend on the machine. The fast
    vectorised value decides every draw that is clearly on one side; the few within a
    hair of it (about one in a million) are decided by the C library's ``expm1`` in double
    precision rounded to float32, which is the same wherever the kit runs.
    """
    p_buy = np.expm1(-rate)
    np.negative(p_buy, out=p_buy)
    buy = draw < p_buy
    close = np.abs(draw - p_buy) <= p_buy * _EXPM1_SLACK
    if close.any():
        for i in close.nonzero()[0].tolist():
            exact = np.float32(-math.expm1(-float(rate[i])))
            buy[i] = draw[i] < exact
    return buy


def purchase(world: _World, week: _Week) -> np.ndarray | None:
    """RULES step 8: aware non-customers buy under competing hazards; each sale is
    attributed to one source. Returns the buyers (None if nobody bought).

    Shortcut (thinning): no one's rate exceeds :func:`_thinning_bound`'s ``bound``, so
    people drawn with probability p_top = 1 - exp(-bound) are the only ones who can buy,
    each then with probability P(buy) / p_top: exactly P(buy) in all, and only a few
    hundred people a week need their rate worked out. Invariant: the bound is at least
    every rate (``tests/sim/test_invariants.py`` checks it week by week); p_top is raised a
    little so that float32 rounding can never push a P(buy) above it.
    """
    params, rng, f32 = world.params, world.rng, world.f32
    with_ads = week.ads is not None and params["p_ad"] > 0
    most_ads = float(np.maximum.reduce(week.ads)) if with_ads else 0.0
    most_pressure = 1.0 if week.pressure_sums is not None else week.uniform_pressure
    bound = _thinning_bound(params, most_ads, most_pressure)
    p_top = -math.expm1(-bound * _ROUNDING)
    if p_top < _SKIP_BELOW:
        drawn = _successes(rng, world.n, p_top)
        drawn = drawn[world.aware[drawn] > world.customer[drawn]]  # aware non-customers
    else:
        p_top = 1.0
        drawn = (world.aware > world.customer).nonzero()[0]
    buyers = None
    if len(drawn):
        trust = world.trust_now[drawn]
        seller = world.tie[drawn]  # the rate of the seller's own parts, ad and relationship
        seller *= f32["p_rel"]
        if with_ads:
            ad_part = f32["p_ad"] * world.ads_seen[drawn]
            seller += ad_part
        seller *= trust
        if week.pressure_sums is not None:  # x_i = sums_i / degree_i, only for those drawn
            pressure_rate = week.pressure_sums[drawn]
            pressure_rate *= world.q_inv_degree[drawn]
            rate = np.add(seller, pressure_rate, out=np.empty_like(seller))  # float32
        elif week.uniform_pressure:
            rate = seller + params["q_wom"] * week.uniform_pressure
        else:
            rate = seller
        # P(buy) = 1 - exp(-rate): float32 expm1 keeps a tiny rate's relative precision, and
        # the uniforms are float64, so a probability below float32's 2**-24 steps still counts.
        draw = rng.random(len(drawn))
        if p_top < 1.0:
            draw *= p_top
        buy = _buy(rate, draw)
        week.n_sales = int(np.count_nonzero(buy))
        if week.n_sales:
            buyers = drawn[buy]
            # attribution: a uniform point in [0, rate) falls in the ad, the relationship or
            # the referral part of the buyer's rate, laid end to end in SaleSource order
            point = rng.random(week.n_sales)
            point *= rate[buy]
            relationship_end = seller[buy]
            if with_ads:
                ad_end = ad_part[buy]
                ad_end *= trust[buy]
                source = (point >= ad_end).astype(np.int8)  # AD or RELATIONSHIP
            else:
                source = np.full(week.n_sales, _RELATIONSHIP, dtype=np.int8)
            source += point >= relationship_end  # one more past the relationship: REFERRAL
            week.sales = np.bincount(source, minlength=_N_SOURCES).tolist()
            world.bought_week[buyers] = week.number
            world.sale_source[buyers] = source
    if week.ads is not None:
        world.ads_seen[week.exposed] = 0.0
    return buyers


def after_sale(world: _World, week: _Week, buyers: np.ndarray | None) -> None:
    """RULES step 9: buyers become customers, and add evidence as they are satisfied."""
    if buyers is None:
        return
    n_buyers = len(buyers)
    world.customer[buyers] = True
    world.customers[world.n_customers : world.n_customers + n_buyers] = buyers
    world.n_customers += n_buyers
    happy = world.rng.random(n_buyers) < world.params["satisfaction"]
    a_buyers = world.a[buyers]
    if rules.SATISFIED_EVIDENCE == 1.0:  # a bool adds 1: no multiplication needed
        a_buyers += happy
    else:
        a_buyers += happy * np.float32(rules.SATISFIED_EVIDENCE)
    world.a[buyers] = a_buyers  # buyers are distinct: no update is lost
    b_buyers = world.b[buyers]
    b_buyers += ~happy * world.f32["disappointed"]
    world.b[buyers] = b_buyers
    world.trust_now[buyers] = world.trust_of(a_buyers, b_buyers)


def _record(world: _World, week: _Week, row: np.ndarray) -> None:
    """The week's outputs (RULES.md, "Outputs") into ``row``."""
    f32, trust = world.f32, world.trust_now
    strong = world.tie > f32["strong"]
    n_strong = np.count_nonzero(strong)
    strong &= trust > f32["ally"]  # now the allies
    n_followers = len(world.followers)
    row[_COL["followers"]] = n_followers
    row[_COL["new_followers"]] = week.n_joined
    row[_COL["unfollows"]] = week.n_left
    row[_COL["aware"]] = np.count_nonzero(world.aware)
    row[_COL["customers"]] = world.n_customers
    row[_COL["new_customers"]] = week.n_sales
    for at, count in zip(_SALE_AT, week.sales, strict=True):
        row[at] = count
    row[_COL["mean_trust"]] = (
        float(np.add.reduce(trust[world.followers], dtype=np.float64)) / n_followers
        if n_followers
        else np.nan
    )
    row[_COL["strong_ties"]] = n_strong
    row[_COL["allies"]] = np.count_nonzero(strong)
    row[_COL["exposures"]] = week.n_exposures
    hours_done = world.params["hours"] * week.number  # the seller's hours so far
    row[_COL["hours_per_customer"]] = (
        hours_done / world.n_customers if world.n_customers else np.nan
    )


#: RULES.md's week, step by step (step 9, after the sale, follows step 8 in _week).
STEPS = (post, fatigue, connect, engage, decay, unfollow, referral, purchase, after_sale)


def _week(world: _World, row: np.ndarray, number: int) -> None:
    """One week: RULES steps 1 to 9 in order, then the outputs into ``row``."""
    week = _Week(number, world.followers)
    post(world, week)
    fatigue(world, week)
    connect(world, week)
    engage(world, week)
    decay(world, week)
    unfollow(world, week)
    referral(world, week)
    after_sale(world, week, purchase(world, week))
    _record(world, week, row)


def run(scenario: Scenario) -> pd.DataFrame:
    """Run one scenario with the vectorized engine; see :func:`kit.sim.simulate`."""
    return run_with_state(scenario)[0]


def run_with_state(scenario: Scenario, each_week=None) -> tuple[pd.DataFrame, _World]:
    """Run one scenario and also return the final per-person state.

    The state (``follower``, ``aware``, ``customer``, ``tie``, ``a``, ``b``, ``bought_week``,
    ``sale_source``, ``graph``, ``trust(idx)``) is what pictures of the seller's network need;
    the frame is exactly :func:`run`'s. ``each_week(world, week)``, if given, is called after
    every week to look at the state as it is then (it must not change it); replays of a run
    use it to record who is aware and who is an ally week by week.
    """
    check_fits(scenario)  # a run that would not fit in memory is refused before it starts
    params = scenario.resolved()  # as every step reads them (world.params)
    graph_seq, dynamics_seq = seed_sequences(scenario.seed)
    graph = build_graph(
        params["graph"], params["population"], params["mean_degree"], params["rewire"], graph_seq
    )
    rng = np.random.default_rng(dynamics_seq)
    world = _World(params, graph, rng)
    weeks = params["weeks"]
    out = np.zeros((weeks, len(OUTPUT_COLUMNS)), dtype=np.float64)
    out[:, _COL["week"]] = np.arange(1, weeks + 1)
    out[:, _COL["hours_post"]] = params["post_share"] * params["hours"]
    out[:, _COL["hours_connect"]] = params["connect_share"] * params["hours"]
    out[:, _COL["hours_engage"]] = params["engage_share"] * params["hours"]
    for t in range(weeks):
        _week(world, out[t], t + 1)
        if each_week is not None:
            each_week(world, t + 1)
    return to_frame(out), world


def to_frame(out: np.ndarray) -> pd.DataFrame:
    """Turn the weekly output matrix into the tidy frame with the documented dtypes."""
    # column by column: several times faster than a float frame and then astype
    return pd.DataFrame(
        {
            name: out[:, i].astype(np.int64) if name in _COUNTS else out[:, i]
            for i, name in enumerate(OUTPUT_COLUMNS)
        }
    )
