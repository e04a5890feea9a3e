"""A slow, plain-Python reference implementation of the strategy simulator.

This module follows ``kit/sim/RULES.md`` rule by rule, with a Python loop over people
wherever the rules talk about "each person". It exists to cross-check the vectorized
engine (``kit/sim/engine.py``): it is meant to be read side by side with RULES.md, not to
be fast. Use it for populations of at most a few thousand people; it refuses more than
:data:`MAX_POPULATION`.

Design choices (all within RULES.md):

- One ``numpy.random.default_rng(scenario.seed)`` generator owns all the randomness, and
  it is only called for scalars, so each random decision is visible where it is made.
- Draws whose outcome is certain (a binomial with p = 0 or 1, a Bernoulli with p = 0 or 1,
  a stochastic rounding of a whole number) are not drawn. This changes which numbers the
  generator yields later, never the distribution of the run.
- Each step of RULES.md's week is one function with the step's name, as in the engine
  (:func:`post`, :func:`fatigue`, :func:`connect`, :func:`engage`, :func:`decay`,
  :func:`unfollow`, :func:`referral`, :func:`purchase`, :func:`after_sale`).
- Within step 4 (engage), every target is chosen from the state at the start of the step
  (who is active, who is a follower not yet engaged); the interactions are then applied
  together, as RULES.md's "all sources summed" requires.
- The graph is adjacency lists (``list[list[int]]``); an edge appears in both ends'
  lists, a multi-edge as often as it was drawn. The complete graph is never built: the
  rules' mean-field formulas are used instead.
"""

from __future__ import annotations

import heapq
import math

import numpy as np
import pandas as pd

from kit.sim import rules
from kit.sim.outputs import COUNT_COLUMNS, OUTPUT_COLUMNS
from kit.sim.scenario import Scenario

__all__ = ["MAX_POPULATION", "simulate_reference"]

#: The largest population the reference accepts (it loops over people in Python).
MAX_POPULATION = 20_000


def simulate_reference(scenario: Scenario) -> pd.DataFrame:
    """Run one scenario with the plain-Python reference implementation.

    Parameters
    ----------
    scenario : Scenario
        The run's parameters; ``scenario.resolved()`` supplies every value.

    Returns
    -------
    pandas.DataFrame
        One row per week 1..weeks with the columns ``kit.sim.outputs.OUTPUT_COLUMNS`` in
        order: count columns as int64, the others as float64.

    Raises
    ------
    ValueError
        If the population is above :data:`MAX_POPULATION` (use ``kit.sim.simulate``).

    Examples
    --------
    >>> s = Scenario.preset("relationship", population=200, weeks=3, seed=1)
    >>> simulate_reference(s)["week"].tolist()
    [1, 2, 3]
    """
    params = scenario.resolved()
    n = int(params["population"])
    if n > MAX_POPULATION:
        raise ValueError(
            f"population: {n} is too large for the slow plain-Python reference "
            f"(at most {MAX_POPULATION}); use kit.sim.simulate for large runs"
        )
    people = _People(params, np.random.default_rng(scenario.seed))
    rows = []
    for number in range(1, int(params["weeks"]) + 1):
        week = _Week(number, n)
        post(people, week)
        fatigue(people, week)
        connect(people, week)
        engage(people, week)
        decay(people, week)
        unfollow(people, week)
        referral(people, week)
        after_sale(people, week, purchase(people, week))
        rows.append(_record(people, week))
    return _frame(rows)


class _People:
    """Everyone's state, one Python list per quantity (RULES.md "Start")."""

    def __init__(self, params: dict, rng: np.random.Generator):
        n = int(params["population"])
        self.params, self.rng, self.n = params, rng, n
        # RULES.md "Start": the graph first, then the initial followers, from the same rng.
        self.adj = _build_graph(params, n, rng)
        self.complete = self.adj is None
        self.follower = [False] * n
        self.aware = [False] * n
        self.customer = [False] * n
        self.tie = [0.0] * n
        self.a = [0.0] * n
        self.b = [0.0] * n
        self.fatigue = [0.0] * n
        self.cum_hours = 0.0
        # Initial followers: uniform without replacement; aware, a = fame, tie stays 0.
        for i in _sample_without_replacement(list(range(n)), int(params["initial_followers"]), rng):
            self.follower[i] = True
            self.aware[i] = True
            self.a[i] = float(params["fame"])

    def trust(self, i: int) -> float:
        """RULES.md "Start": Beta reputation from current a, b; 0 if the denominator is 0."""
        return rules.trust(self.a[i], self.b[i], self.params["prior_a"], self.params["prior_b"])


class _Week:
    """What the steps of one week hand on to each other (RULES.md's E_i, A_i, excess, x_i)."""

    def __init__(self, number: int, n: int):
        self.number = number
        self.ads_seen = [0] * n  # A_i, also used in step 8
        self.exposed = [0] * n  # E_i = A_i + P_i (0 for non-followers)
        self.exposures = 0
        self.excess = [0.0] * n  # from step 2, for step 6
        self.pressure = [0.0] * n  # x_i, step 7
        self.new_followers = 0
        self.unfollows = 0
        self.sales = [0] * len(rules.SaleSource)


def post(people: _People, week: _Week) -> None:
    """RULES step 1: n_posts stochastically rounded; ads ~ Binomial(n_posts, promo_share);
    each follower sees A_i ads and P_i personal posts, each post reaching w.p. reach."""
    s, rng = people.params, people.rng
    n_posts = rules.stochastic_round(rules.posts(s), rng)
    n_ads = _binomial(n_posts, s["promo_share"], rng)
    n_personal = n_posts - n_ads
    if n_posts > 0:
        reach, content_tie, content_evidence = s["reach"], s["content_tie"], s["content_evidence"]
        tie, a = people.tie, people.a
        for i in range(people.n):
            if not people.follower[i]:
                continue
            ads_i = _binomial(n_ads, reach, rng)
            personal_i = _binomial(n_personal, reach, rng)
            week.ads_seen[i] = ads_i
            week.exposed[i] = ads_i + personal_i
            if week.exposed[i] > 0:
                people.aware[i] = True
            if personal_i > 0:
                tie[i] = min(1.0, tie[i] + content_tie * personal_i)
                a[i] += content_evidence * personal_i
    week.exposures = sum(week.exposed)


def fatigue(people: _People, week: _Week) -> None:
    """RULES step 2: everyone's fatigue decays and adds this week's exposures; ads seen
    while above tolerance add negative evidence in proportion to their share of exposures."""
    s = people.params
    fatigue_decay, tolerance, spam_weight = s["fatigue_decay"], s["tolerance"], s["spam_weight"]
    for i in range(people.n):
        people.fatigue[i] = fatigue_decay * people.fatigue[i] + week.exposed[i]
        week.excess[i] = max(people.fatigue[i] - tolerance, 0.0)  # kept for step 6
        if week.ads_seen[i] > 0:
            people.b[i] += spam_weight * week.excess[i] * week.ads_seen[i] / week.exposed[i]


def connect(people: _People, week: _Week) -> None:
    """RULES step 3: requests to distinct current non-followers; each follows back w.p.
    follow_back."""
    s, rng = people.params, people.rng
    n_req = rules.stochastic_round(rules.requests(s), rng)
    if n_req > 0:
        non_followers = [i for i in range(people.n) if not people.follower[i]]
        for i in _sample_without_replacement(non_followers, n_req, rng):
            if _bernoulli(s["follow_back"], rng):
                people.follower[i] = True
                people.aware[i] = True
                people.tie[i] = max(people.tie[i], rules.CONNECT_TIE)
                week.new_followers += 1


def engage(people: _People, week: _Week) -> None:
    """RULES step 4: seller and ambassadors pooled (cap = capacity * (1 + ambassadors)).
    Targets are chosen from the state at the start of this step, then applied together."""
    s, rng, n, tie = people.params, people.rng, people.n, people.tie
    n_int = rules.stochastic_round(rules.interactions(s), rng)
    if n_int <= 0:
        return
    cap = rules.team_capacity(s)
    active = [i for i in range(n) if tie[i] > rules.ACTIVE_TIE]
    if len(active) > cap:
        # The cap strongest ties (Dunbar); equal ties broken by index.
        maintained = heapq.nlargest(cap, active, key=tie.__getitem__)
    else:
        maintained = active
    if maintained:
        n_new = _binomial(n_int, s["explore"], rng)
    else:
        n_new = n_int  # nobody to maintain: every interaction explores
    n_keep = n_int - n_new

    hits: dict[int, int] = {}  # person -> k_i, interactions received this week

    # Maintenance: uniform with replacement from M.
    for _ in range(n_keep):
        j = maintained[_uniform_index(len(maintained), rng)]
        hits[j] = hits.get(j, 0) + 1

    # Exploration: half (binomially) to followers not yet engaged ...
    unengaged = [i for i in range(n) if people.follower[i] and tie[i] <= rules.ACTIVE_TIE]
    n_fol = _binomial(n_new, rules.TO_UNENGAGED, rng) if unengaged else 0
    for _ in range(n_fol):
        j = unengaged[_uniform_index(len(unengaged), rng)]
        hits[j] = hits.get(j, 0) + 1

    # ... the rest are introductions: a neighbour of someone in M who is not yet
    # active, else (or if M is empty / u is isolated) a uniform person.
    adj = people.adj
    for _ in range(n_new - n_fol):
        target = -1
        if maintained:
            u = maintained[_uniform_index(len(maintained), rng)]
            if people.complete:
                v = _uniform_index(n - 1, rng)
                v = v + 1 if v >= u else v  # a uniform *other* person
            elif adj[u]:
                v = adj[u][_uniform_index(len(adj[u]), rng)]
            else:
                v = -1
            if v >= 0 and tie[v] <= rules.ACTIVE_TIE:
                target = v
        if target < 0:
            target = _uniform_index(n, rng)
        hits[target] = hits.get(target, 0) + 1

    # Apply: k interactions close the gap k times, add k help_evidence, make aware,
    # and make a non-follower follow w.p. 1 - (1 - follow_after_engage)^k.
    for j in sorted(hits):
        k = hits[j]
        tie[j] = 1.0 - (1.0 - tie[j]) * rules.tie_kept(k, s["tie_gain"])
        people.a[j] += k * s["help_evidence"]
        people.aware[j] = True
        follows = rules.follow_chance(k, s["follow_after_engage"])
        if not people.follower[j] and _bernoulli(follows, rng):
            people.follower[j] = True
            week.new_followers += 1


def decay(people: _People, week: _Week) -> None:
    """RULES step 5: tie *= 1 - tie_decay; a, b *= forget (everyone)."""
    keep_tie, forget = 1.0 - people.params["tie_decay"], people.params["forget"]
    tie, a, b = people.tie, people.a, people.b
    for i in range(people.n):
        tie[i] *= keep_tie
        a[i] *= forget
        b[i] *= forget


def unfollow(people: _People, week: _Week) -> None:
    """RULES step 6: every follower (new ones too) leaves w.p. (base + fatigue term) *
    (1 - tie), tie after decay; only the follow is lost."""
    s, rng = people.params, people.rng
    for i in range(people.n):
        if not people.follower[i]:
            continue
        p_leave = rules.leave_chance(
            week.excess[i], people.tie[i], s["unfollow_base"], s["unfollow_fatigue"]
        )
        if _bernoulli(min(1.0, p_leave), rng):
            people.follower[i] = False
            week.unfollows += 1


def referral(people: _People, week: _Week) -> None:
    """RULES step 7: r_j = trust_j * (rec_base + (1 - rec_base) * tie_j) for customers j;
    pressure x_i is the mean of r over i's neighbours (mean field on the complete graph)."""
    n, rec_base = people.n, people.params["rec_base"]
    rec = [0.0] * n
    for j in range(n):
        if people.customer[j]:
            rec[j] = rules.referral_propensity(
                people.trust(j), people.tie[j], rec_base, 1 - rec_base
            )
    pressure = week.pressure
    if people.complete:
        total = sum(rec)
        for i in range(n):
            pressure[i] = (total - rec[i]) / (n - 1)
    else:
        pushed = [0.0] * n
        for j in range(n):
            if rec[j] > 0.0:
                for i in people.adj[j]:
                    pushed[i] += rec[j]
        for i in range(n):
            if people.adj[i]:
                pressure[i] = pushed[i] / len(people.adj[i])
    for i in range(n):
        if not people.customer[i] and pressure[i] > 0.0:
            people.aware[i] = True


def purchase(people: _People, week: _Week) -> list[int]:
    """RULES step 8: competing hazards for aware non-customers; trust uses a, b after step
    5. A sale is attributed to one source with probability proportional to its term.
    Returns the buyers."""
    s, rng = people.params, people.rng
    buyers: list[int] = []
    for i in range(people.n):
        if people.customer[i] or not people.aware[i]:
            continue
        t_i = people.trust(i)
        ad = s["p_ad"] * t_i * week.ads_seen[i]
        rel = s["p_rel"] * people.tie[i] * t_i
        ref = s["q_wom"] * week.pressure[i]
        rate = ad + rel + ref
        if rate <= 0.0 or not _bernoulli(1.0 - math.exp(-rate), rng):
            continue
        buyers.append(i)
        week.sales[_pick_source(ad, rel, ref, rate, rng)] += 1
    return buyers


def after_sale(people: _People, week: _Week, buyers: list[int]) -> None:
    """RULES step 9: each buyer is a customer; satisfied (a += 1) or not (b += 2)."""
    for i in buyers:
        people.customer[i] = True
        if _bernoulli(people.params["satisfaction"], people.rng):
            people.a[i] += rules.SATISFIED_EVIDENCE
        else:
            people.b[i] += rules.DISAPPOINTED_EVIDENCE  # trust is easier to lose than to win


def _record(people: _People, week: _Week) -> dict:
    """The week's outputs (RULES.md, "Outputs")."""
    s, n = people.params, people.n
    hours = float(s["hours"])
    hours_post, hours_connect = s["post_share"] * hours, s["connect_share"] * hours
    hours_engage = s["engage_share"] * hours
    people.cum_hours += hours_post + hours_connect + hours_engage
    n_customers = sum(people.customer)
    follower_trust = [people.trust(i) for i in range(n) if people.follower[i]]
    strong = [i for i in range(n) if people.tie[i] > rules.STRONG_TIE]
    return {
        "week": week.number,
        "followers": sum(people.follower),
        "new_followers": week.new_followers,
        "unfollows": week.unfollows,
        "aware": sum(people.aware),
        "customers": n_customers,
        "new_customers": sum(week.sales),
        **{source.column: week.sales[source] for source in rules.SaleSource},
        "mean_trust": sum(follower_trust) / len(follower_trust) if follower_trust else math.nan,
        "strong_ties": len(strong),
        "allies": sum(1 for i in strong if people.trust(i) > rules.ALLY_TRUST),
        "hours_post": hours_post,
        "hours_connect": hours_connect,
        "hours_engage": hours_engage,
        "exposures": week.exposures,
        "hours_per_customer": people.cum_hours / n_customers if n_customers else math.nan,
    }


# ---------------------------------------------------------------------- graph
def _build_graph(s: dict, n: int, rng: np.random.Generator) -> list[list[int]] | None:
    """Return adjacency lists per RULES.md "Graph", or None for the complete graph."""
    kind = s["graph"]
    if kind == "complete":
        return None  # mean field: never build N^2 lists
    adj: list[list[int]] = [[] for _ in range(n)]
    if kind == "random":
        # Poisson(N * mean_degree / 2) edges with both ends uniform; self-loops dropped,
        # multi-edges kept.
        m = int(rng.poisson(n * rules.edges_started_per_person(s["mean_degree"])))
        for _ in range(m):
            u = _uniform_index(n, rng)
            v = _uniform_index(n, rng)
            if u != v:
                adj[u].append(v)
                adj[v].append(u)
    elif kind == "small_world":
        # Watts-Strogatz ring: i -- i+1..i+k/2; each far end rewired w.p. rewire.
        half = rules.ring_half_width(s["mean_degree"], n)
        for i in range(n):
            for step in range(1, half + 1):
                far = (i + step) % n
                if _bernoulli(s["rewire"], rng):
                    far = _uniform_index(n, rng)
                    if far == i:
                        far = _uniform_index(n, rng)  # a self-loop is redrawn once ...
                if far == i:
                    continue  # ... and dropped if it happens again
                adj[i].append(far)
                adj[far].append(i)
    else:  # pragma: no cover - Scenario validates the graph kind
        raise ValueError(f"graph: unknown graph {kind!r}")
    return adj


# ---------------------------------------------------------------------- random helpers
def _uniform_index(k: int, rng: np.random.Generator) -> int:
    """A uniform integer in [0, k)."""
    return int(rng.integers(k))


def _bernoulli(p: float, rng: np.random.Generator) -> bool:
    """True with probability p (no draw when the outcome is certain)."""
    if p <= 0.0:
        return False
    if p >= 1.0:
        return True
    return bool(rng.random() < p)


def _binomial(trials: int, p: float, rng: np.random.Generator) -> int:
    """Binomial(trials, p) (no draw when the outcome is certain)."""
    if trials <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return int(trials)
    return int(rng.binomial(trials, p))


def _sample_without_replacement(pool: list[int], k: int, rng: np.random.Generator) -> list[int]:
    """min(k, len(pool)) distinct uniform elements of pool (partial Fisher-Yates shuffle)."""
    pool = list(pool)
    k = min(k, len(pool))
    for j in range(k):
        r = j + _uniform_index(len(pool) - j, rng)
        pool[j], pool[r] = pool[r], pool[j]
    return pool[:k]


def _pick_source(
    ad: float, rel: float, ref: float, rate: float, rng: np.random.Generator
) -> rules.SaleSource:
    """The sale's source: ad, relationship or referral w.p. ad/rate, rel/rate, ref/rate."""
    u = rng.random() * rate
    if u < ad:
        return rules.SaleSource.AD
    if u < ad + rel:
        return rules.SaleSource.RELATIONSHIP
    if ref > 0.0:
        return rules.SaleSource.REFERRAL
    # Only a floating-point leftover gets here: never credit a source whose term is 0.
    return rules.SaleSource.RELATIONSHIP if rel > 0.0 else rules.SaleSource.AD


# ---------------------------------------------------------------------- output frame
def _frame(rows: list[dict]) -> pd.DataFrame:
    """The weekly rows as a frame with OUTPUT_COLUMNS and the house dtypes."""
    frame = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))
    return frame.astype({c: "int64" if c in COUNT_COLUMNS else "float64" for c in OUTPUT_COLUMNS})
