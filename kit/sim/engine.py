"""The vectorized simulation engine: one week is a handful of NumPy passes, no loop over people.

The rules are MODEL.md's, read as written down in ``kit/sim/RULES.md``; the step numbers in
the comments below are that file's. A plain-Python twin, :mod:`kit.sim.reference`, follows the
same rules person by person, and the tests check that the two agree in distribution.

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
from kit.sim.graph import Graph, build_graph
from kit.sim.outputs import COUNT_COLUMNS, OUTPUT_COLUMNS
from kit.sim.scenario import Scenario

# Bounds for thinning are raised by this factor, so that float32 rounding of the
# probabilities they bound can never push one above its bound.
_ROUNDING = 1.0 + 1e-5

#: The parameters that meet float32 state in the week's arithmetic (see _World.c).
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
    order = ties.argpartition(len(active) - cap)
    return active[order[len(active) - cap :]], ties[order[len(active) - cap]]


def seed_sequences(seed: int | None) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """Split a scenario's seed into independent streams for the graph and the dynamics."""
    graph_seq, dynamics_seq = np.random.SeedSequence(seed).spawn(2)
    return graph_seq, dynamics_seq


class _World:
    """The state of one run: per-person arrays plus the graph."""

    def __init__(self, s: dict, graph: Graph | None, rng: np.random.Generator):
        n = s["population"]
        self.s = s
        self.n = n
        self.graph = graph
        self.rng = rng
        self.follower = np.zeros(n, dtype=bool)
        self.aware = np.zeros(n, dtype=bool)
        self.customer = np.zeros(n, dtype=bool)
        # tie and the positive and negative evidence a, b: rows of one block, so that one
        # pass decays all three (RULES step 5)
        self.tie_ab = np.zeros((3, n), dtype=np.float32)
        self.tie, self.a, self.b = self.tie_ab
        self.decay = np.array([[1.0 - s["tie_decay"]], [s["forget"]], [s["forget"]]], np.float32)
        self.fatigue = np.zeros(n, dtype=np.float32)
        # The float parameters and thresholds as 0-d float32 arrays: as the operand of a ufunc
        # on float32 state, one costs about half what a Python float does (no scalar to
        # convert on every call) and gives the same float32 result.
        values = {name: s[name] for name in _FLOAT32_OPERANDS}
        values.update(
            one=1.0,
            zero=0.0,
            active=rules.ACTIVE_TIE,
            connect=rules.CONNECT_TIE,
            strong=rules.STRONG_TIE,
            ally=rules.ALLY_TRUST,
            keep_rec=1.0 - s["rec_base"],
            disappointed=rules.DISAPPOINTED_EVIDENCE,
        )
        self.c = {name: np.array(value, np.float32) for name, value in values.items()}
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
        self.pressure_always_positive = s["prior_a"] > 0 and s["rec_base"] > 0
        if graph is not None:  # q_wom / degree: referral pressure's rate per unit of sums
            # (the float32 product, held in float64 to multiply the float64 sums directly)
            q_inv_degree = graph.inv_degree * np.float32(s["q_wom"])
            self.q_inv_degree = q_inv_degree.astype(np.float64)
        self.all_aware = False  # set once everyone is (complete graph, RULES step 7)
        self.kept_floor = np.float32(0.0)  # a floor for M's search; see _maintained
        # Step 4's powers and multiples of k, the interactions one person gets in a week, as
        # tables by k (at most the week's interactions, a stochastic rounding of this): a
        # gather costs a fraction of a power, and gives the very same numbers.
        self.interactions = rules.interactions(s)
        ks = np.arange(math.floor(self.interactions) + 2)
        self.tie_kept = rules.tie_kept(ks, s["tie_gain"])
        self.help_got = ks * s["help_evidence"]  # k * help_evidence
        self.follow_chance = rules.follow_chance(ks, s["follow_after_engage"])
        start = rng.choice(n, size=s["initial_followers"], replace=False)
        self.followers = start.astype(np.int64)  # indices of current followers, any order
        self.follower[start] = True
        self.aware[start] = True
        self.a[start] = s["fame"]

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
        a0, b0 = self.s["prior_a"], self.s["prior_b"]
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
        a0, b0 = np.float32(self.s["prior_a"]), np.float32(self.s["prior_b"])
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


def _thinning_bound(s: dict, most_ads: float, most_pressure: float) -> float:
    """A weekly purchase rate no aware non-customer's exceeds (RULES step 8).

    rate = trust * (p_ad * ads_seen + p_rel * tie) + q_wom * x with trust, tie <= 1, ads
    seen at most ``most_ads`` and referral pressure x at most ``most_pressure`` (a mean of
    propensities, each at most 1; on the complete graph every non-customer's is the same).
    """
    return s["p_rel"] + s["p_ad"] * most_ads + s["q_wom"] * most_pressure


def _step(w: _World, s: dict, row: np.ndarray, week: int) -> None:
    rng, n, c = w.rng, w.n, w.c
    tie, a, b, fatigue = w.tie, w.a, w.b, w.fatigue
    f_idx = w.followers
    nf = len(f_idx)

    # 1. Post ---------------------------------------------------------------------------
    n_posts = rules.stochastic_round(rules.posts(s), rng)
    promo = s["promo_share"]
    if not n_posts or promo <= 0:
        n_ads = 0
    else:
        n_ads = n_posts if promo >= 1 else int(rng.binomial(n_posts, promo))
    exposures = 0
    e_exp = ad_exp = pers_exp = None
    if n_posts and nf and s["reach"] > 0:
        # Each (follower, post) pair reaches independently with probability reach; the pairs
        # that do are drawn directly (pair f * n_posts + j; posts j < n_ads are the ads), which
        # gives follower f Binomial(n_ads, reach) ad and Binomial(n_personal, reach) personal
        # exposures, as RULES step 1 says, for a few draws per exposure instead of two
        # binomials per follower.
        hits = _successes(rng, nf * n_posts, s["reach"])
        exposures = len(hits)
    if exposures:
        # Only the exposed followers change in steps 1 and 2 (the others gain no tie,
        # evidence, fatigue or spam), so only they are touched.
        who, post = np.divmod(hits, n_posts)
        counts = np.bincount(who, minlength=nf)
        seen = counts.nonzero()[0]  # the exposed, as positions in the followers list
        exposed = f_idx[seen]
        e_exp = counts[seen].astype(np.float32)  # each one's exposures, at least 1
        if n_ads == n_posts:
            ad_exp = e_exp
        elif n_ads:
            ad_exp = np.bincount(who[post < n_ads], minlength=nf)[seen].astype(np.float32)
            pers_exp = e_exp - ad_exp
        else:
            pers_exp = e_exp
        # "Exposed people become aware": followers already are (following makes one aware
        # in every rule that adds followers), so there is nothing to do here.
        if pers_exp is not None:
            tie_e = tie[exposed]
            tie_e += c["content_tie"] * pers_exp
            tie[exposed] = np.minimum(tie_e, c["one"], out=tie_e)
            a[exposed] += c["content_evidence"] * pers_exp
        if ad_exp is not None:
            w.ads_seen[exposed] = ad_exp

    # 2. Fatigue and spam --------------------------------------------------------------
    fatigue *= c["fatigue_decay"]
    if exposures:
        fat_e = fatigue[exposed]
        fat_e += e_exp
        fatigue[exposed] = fat_e
        if ad_exp is not None and s["spam_weight"] > 0:
            excess = np.maximum(fat_e - c["tolerance"], c["zero"], out=fat_e)
            excess *= c["spam_weight"]
            excess *= ad_exp / e_exp  # the ad share of each one's exposures
            b[exposed] += excess

    # 3. Connect ------------------------------------------------------------------------
    # The requests go to min(n_req, #non-followers) distinct non-followers, each following
    # back with probability follow_back: so the ones who follow back are a uniform set of
    # Binomial(min(n_req, #non-followers), follow_back) non-followers, drawn as such.
    new_followers = []
    n_req = rules.stochastic_round(rules.requests(s), rng)
    n_asked = min(n_req, n - nf)
    n_back = int(rng.binomial(n_asked, s["follow_back"])) if n_asked > 0 else 0
    if n_back:
        back = w.sample_non_followers(n_back)
        w.follower[back] = True
        w.aware[back] = True
        tie[back] = np.maximum(tie[back], c["connect"])
        new_followers.append(back)

    # 4. Engage -------------------------------------------------------------------------
    n_int = rules.stochastic_round(w.interactions, rng)
    if n_int:
        cap = rules.team_capacity(s)
        # The cap-th largest tie when the set was last cut, decayed as ties are since, is a
        # floor for this week's: ties only grow between decays.
        kept, w.kept_floor = _maintained(tie, cap, w.kept_floor)
        n_new = int(rng.binomial(n_int, s["explore"])) if len(kept) else n_int
        n_fol = int(rng.binomial(n_new, rules.TO_UNENGAGED)) if n_new else 0
        if n_fol:
            # followers not yet engaged; the followers list includes this week's new ones
            fol = np.concatenate([f_idx, *new_followers]) if new_followers else f_idx
            fresh = fol[tie[fol] <= c["active"]]
            if not len(fresh):
                n_fol = 0
        n_keep, n_intro = n_int - n_new, n_new - n_fol
        # One batch of uniforms for the week's choices: maintenance targets, fresh
        # followers, introducers, their neighbours, and follow decisions (<= n_int people).
        u = rng.random(n_keep + n_fol + 2 * n_intro + n_int)
        targets = []
        if n_keep:
            targets.append(kept[(u[:n_keep] * len(kept)).astype(np.int64)])
        if n_fol:
            targets.append(fresh[(u[n_keep : n_keep + n_fol] * len(fresh)).astype(np.int64)])
        if n_intro:
            at = n_keep + n_fol
            if len(kept):
                who = kept[(u[at : at + n_intro] * len(kept)).astype(np.int64)]
                v, has = w.random_neighbours(who, u[at + n_intro : at + 2 * n_intro])
                bad = tie[v] > c["active"]
                bad |= ~has
            else:
                v = np.full(n_intro, -1, dtype=np.int64)
                bad = np.ones(n_intro, dtype=bool)
            n_bad = int(np.count_nonzero(bad))
            if n_bad:
                v[bad] = _uniform_ints(rng, n, n_bad)
            targets.append(v)
        people, k = _counts(np.concatenate(targets) if len(targets) > 1 else targets[0])
        tie[people] = 1.0 - (1.0 - tie[people]) * w.tie_kept[k]
        a[people] += w.help_got[k]
        w.aware[people] = True
        outside = ~w.follower[people]
        asked = people[outside]
        if len(asked):
            p_follow = w.follow_chance[k[outside]]
            decide = u[len(u) - n_int : len(u) - n_int + len(asked)]
            joined = asked[decide < p_follow]
            w.follower[joined] = True
            new_followers.append(joined)

    # 5. Decay --------------------------------------------------------------------------
    w.tie_ab *= w.decay  # tie, a and b in one pass
    w.kept_floor *= w.decay[0, 0]  # decayed as the ties are (float32, rounded alike)
    w.update_trust()
    trust = w.trust_now

    # 6. Unfollow -----------------------------------------------------------------------
    fol = np.concatenate([f_idx, *new_followers]) if new_followers else f_idx
    n_new_followers = len(fol) - nf
    n_leave = 0
    if len(fol) and (s["unfollow_base"] > 0 or s["unfollow_fatigue"] > 0):
        excess = fatigue[fol]
        excess -= c["tolerance"]
        np.maximum(excess, c["zero"], out=excess)
        p_leave = rules.leave_chance(
            excess, tie[fol], c["unfollow_base"], c["unfollow_fatigue"]
        )  # a chance above 1 always leaves below: min(1, chance) of RULES needs no pass
        leave = rng.random(len(fol)) < p_leave
        n_leave = int(np.count_nonzero(leave))
        if n_leave:
            w.follower[fol[leave]] = False
            fol = fol[~leave]
    w.followers = fol

    # 7. Referral -----------------------------------------------------------------------
    cust = w.customers[: w.n_customers]
    sums = None  # referral propensity summed over each person's neighbours
    x_uniform = 0.0
    if len(cust):
        r = rules.referral_propensity(trust[cust], tie[cust], c["rec_base"], c["keep_rec"])
        if w.graph is None:
            # complete graph in mean field: every non-customer hears from every customer
            x_uniform = float(np.add.reduce(r, dtype=np.float64)) / (n - 1)
            if x_uniform > 0 and not w.all_aware:
                w.aware[:] = True
                w.all_aware = True
        else:
            fresh_nb = w.index_new_customers() if w.n_indexed < len(cust) else None
            if w.n_ref:
                ref_nb = w.ref_nb
                # widened before it is repeated: bincount sums float64 weights
                weights = r.astype(np.float64).repeat(w.customer_degree[: len(cust)])
                sums = np.bincount(ref_nb, weights=weights, minlength=n)
                if not w.pressure_always_positive:
                    w.aware[ref_nb[weights > 0]] = True
                elif fresh_nb is not None:  # the others were made aware when indexed
                    w.aware[fresh_nb] = True

    # 8. Purchase -----------------------------------------------------------------------
    # rate = trust * (p_ad * ads_seen + p_rel * tie) + q_wom * x, and no one's exceeds
    # `bound` (trust, tie and x are at most 1, ads seen at most this week's largest). So by
    # thinning, people drawn with probability p_top = 1 - exp(-bound) are the only ones who
    # can buy, each then with probability P(buy) / p_top: exactly P(buy) in all, and only
    # a few hundred people a week need their rate worked out. (p_top is raised a little so
    # that float32 rounding can never push a P(buy) above it.)
    sales = [0, 0, 0]
    n_buy = 0
    ads = ad_exp is not None and s["p_ad"] > 0
    most_ads = float(np.maximum.reduce(ad_exp)) if ads else 0.0
    bound = _thinning_bound(s, most_ads, 1.0 if sums is not None else x_uniform)
    p_top = -math.expm1(-bound * _ROUNDING)
    if p_top < _SKIP_BELOW:
        cand = _successes(rng, n, p_top)
        cand = cand[w.aware[cand] > w.customer[cand]]  # aware non-customers
    else:
        p_top = 1.0
        cand = (w.aware > w.customer).nonzero()[0]
    if len(cand):
        trust_c = trust[cand]
        seller = tie[cand]  # the rate of the seller's own parts, ad and relationship
        seller *= c["p_rel"]
        if ads:
            ad_c = c["p_ad"] * w.ads_seen[cand]
            seller += ad_c
        seller *= trust_c
        if sums is not None:  # x_i = sums_i / degree_i, needed only for candidates
            x = sums[cand]
            x *= w.q_inv_degree[cand]
            rate = np.add(seller, x, out=np.empty_like(seller))  # float32, as seller is
        elif x_uniform:
            rate = seller + s["q_wom"] * x_uniform
        else:
            rate = seller
        # P(buy) = 1 - exp(-rate): float32 expm1 keeps a tiny rate's relative precision, and
        # the uniforms are float64, so a probability below float32's 2**-24 steps still counts.
        p_buy = np.expm1(-rate)
        np.negative(p_buy, out=p_buy)
        draw = rng.random(len(cand))
        if p_top < 1.0:
            draw *= p_top
        buy = draw < p_buy
        n_buy = int(np.count_nonzero(buy))
        if n_buy:
            buyers = cand[buy]
            # attribution: a uniform point in [0, rate) falls in the ad, the relationship or
            # the referral part of the buyer's rate, laid end to end in that order
            point = rng.random(n_buy)
            point *= rate[buy]
            rel_end = seller[buy]
            if ads:
                ad_end = ad_c[buy]
                ad_end *= trust_c[buy]
                source = (point >= ad_end).astype(np.int8)  # AD or RELATIONSHIP
            else:
                source = np.full(n_buy, rules.SaleSource.RELATIONSHIP, dtype=np.int8)
            source += point >= rel_end  # one more past the relationship part: REFERRAL
            sales = np.bincount(source, minlength=3).tolist()
            w.bought_week[buyers] = week
            w.sale_source[buyers] = source
            # 9. After the sale -------------------------------------------------------------
            w.customer[buyers] = True
            w.customers[w.n_customers : w.n_customers + n_buy] = buyers
            w.n_customers += n_buy
            happy = rng.random(n_buy) < s["satisfaction"]
            a_buy = a[buyers]
            if rules.SATISFIED_EVIDENCE == 1.0:  # a bool adds 1: no multiplication needed
                a_buy += happy
            else:
                a_buy += happy * np.float32(rules.SATISFIED_EVIDENCE)
            a[buyers] = a_buy
            b_buy = b[buyers]
            b_buy += ~happy * c["disappointed"]
            b[buyers] = b_buy
            trust[buyers] = w.trust_of(a_buy, b_buy)
    if ad_exp is not None:
        w.ads_seen[exposed] = 0.0

    # Outputs ---------------------------------------------------------------------------
    strong = tie > c["strong"]
    n_strong = np.count_nonzero(strong)
    strong &= trust > c["ally"]  # now the allies
    n_fol = len(fol)
    row[_COL["followers"]] = n_fol
    row[_COL["new_followers"]] = n_new_followers
    row[_COL["unfollows"]] = n_leave
    row[_COL["aware"]] = np.count_nonzero(w.aware)
    row[_COL["customers"]] = w.n_customers
    row[_COL["new_customers"]] = n_buy
    row[_COL["sales_ad"]] = sales[0]
    row[_COL["sales_relationship"]] = sales[1]
    row[_COL["sales_referral"]] = sales[2]
    row[_COL["mean_trust"]] = (
        float(np.add.reduce(trust[fol], dtype=np.float64)) / n_fol if n_fol else np.nan
    )
    row[_COL["strong_ties"]] = n_strong
    row[_COL["allies"]] = np.count_nonzero(strong)
    row[_COL["exposures"]] = exposures
    hours_done = s["hours"] * week  # the seller's hours so far
    row[_COL["hours_per_customer"]] = hours_done / w.n_customers if w.n_customers else np.nan


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
    s = scenario.resolved()
    graph_seq, dynamics_seq = seed_sequences(scenario.seed)
    graph = build_graph(s["graph"], s["population"], s["mean_degree"], s["rewire"], graph_seq)
    rng = np.random.default_rng(dynamics_seq)
    world = _World(s, graph, rng)
    weeks = s["weeks"]
    out = np.zeros((weeks, len(OUTPUT_COLUMNS)), dtype=np.float64)
    out[:, _COL["week"]] = np.arange(1, weeks + 1)
    out[:, _COL["hours_post"]] = s["post_share"] * s["hours"]
    out[:, _COL["hours_connect"]] = s["connect_share"] * s["hours"]
    out[:, _COL["hours_engage"]] = s["engage_share"] * s["hours"]
    for t in range(weeks):
        _step(world, s, out[t], week=t + 1)
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
