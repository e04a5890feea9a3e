"""The strategy simulator written idiomatically in Mesa 3.3, for speed comparisons only.

This is the same model as ``kit/sim/RULES.md`` (and ``kit/sim/reference.py``), written the
way a Mesa user would write it: one :class:`Person` agent per person holding its own state
as attributes, a :class:`SellerModel` whose ``step`` is the week's nine rules as model
methods that call agent methods through ``AgentSet.do`` / ``shuffle_do`` / ``select``, the
social graph as plain adjacency lists of agents (``Person.neighbours``; Mesa's network
spaces need networkx, which the kit does not depend on), and a ``mesa.DataCollector`` with
the kit's output columns.

It is not part of the ``kit`` package; ``benchmarks/`` only compares its speed with the
vectorized engine. Randomness: every draw the model makes comes from ``Model.rng`` (a numpy
Generator seeded from the scenario seed); ``shuffle_do`` shuffles with ``Model.random``,
which Mesa seeds from the same seed.

Usage::

    python benchmarks/mesa_model.py --population 10000 --weeks 156
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import mesa
import pandas as pd

try:
    from kit.sim import rules
    from kit.sim.outputs import COUNT_COLUMNS, OUTPUT_COLUMNS
    from kit.sim.scenario import Scenario
except ImportError:  # run as a script from a checkout without an installed kit
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kit.sim import rules
    from kit.sim.outputs import COUNT_COLUMNS, OUTPUT_COLUMNS
    from kit.sim.scenario import Scenario

# The thresholds and formulas are the kit's own (kit/sim/rules.py): only the Mesa way of
# running them differs.
ACTIVE_TIE, CONNECT_TIE = rules.ACTIVE_TIE, rules.CONNECT_TIE
STRONG_TIE, ALLY_TRUST = rules.STRONG_TIE, rules.ALLY_TRUST
SHARES = ("post_share", "connect_share", "engage_share")


class Person(mesa.Agent):
    """One person in the seller's market, with their view of the seller.

    Parameters
    ----------
    model : SellerModel
        The model the person belongs to.
    """

    def __init__(self, model: SellerModel) -> None:
        super().__init__(model)
        self.follower = False
        self.aware = False
        self.customer = False
        self.tie = 0.0
        self.a = 0.0  # positive evidence about the seller
        self.b = 0.0  # negative evidence
        self.fatigue = 0.0
        self.neighbours: list[Person] = []
        # This week's scratch values.
        self.ads_seen = 0
        self.exposures = 0
        self.excess = 0.0
        self.interactions = 0
        self.pressure = 0.0
        self.bought = False

    # ------------------------------------------------------------------ derived state
    @property
    def trust(self) -> float:
        """Beta-reputation trust in the seller from a, b and the prior (RULES.md "Start")."""
        p = self.model.p
        return rules.trust(self.a, self.b, p["prior_a"], p["prior_b"])

    @property
    def recommendation(self) -> float:
        """Propensity to recommend the seller, r_j (RULES.md step 7); 0 for non-customers."""
        if not self.customer:
            return 0.0
        rec_base = self.model.p["rec_base"]
        return rules.referral_propensity(self.trust, self.tie, rec_base, 1.0 - rec_base)

    # ------------------------------------------------------------------ the week
    def start_week(self) -> None:
        """Clear last week's scratch values."""
        self.ads_seen = 0
        self.exposures = 0
        self.interactions = 0
        self.bought = False

    def see_posts(self, n_ads: int, n_personal: int) -> None:
        """Step 1: each of the seller's posts reaches this follower with probability reach."""
        p, rng = self.model.p, self.model.rng
        self.ads_seen = int(rng.binomial(n_ads, p["reach"]))
        personal = int(rng.binomial(n_personal, p["reach"]))
        self.exposures = self.ads_seen + personal
        if self.exposures > 0:
            self.aware = True
        self.tie = min(1.0, self.tie + p["content_tie"] * personal)
        self.a += p["content_evidence"] * personal

    def tire(self) -> None:
        """Step 2: fatigue piles up; ads seen above tolerance count against the seller."""
        p = self.model.p
        self.fatigue = p["fatigue_decay"] * self.fatigue + self.exposures
        self.excess = max(self.fatigue - p["tolerance"], 0.0)
        if self.ads_seen > 0:
            self.b += p["spam_weight"] * self.excess * self.ads_seen / self.exposures

    def receive_request(self) -> None:
        """Step 3: a connect request, followed back with probability follow_back."""
        if self.model.rng.random() < self.model.p["follow_back"]:
            self.follower = True
            self.aware = True
            self.tie = max(self.tie, CONNECT_TIE)
            self.model.new_followers += 1

    def receive_interactions(self) -> None:
        """Step 4: this week's one-to-one interactions, all applied together."""
        p, k = self.model.p, self.interactions
        self.tie = 1.0 - (1.0 - self.tie) * rules.tie_kept(k, p["tie_gain"])
        self.a += k * p["help_evidence"]
        self.aware = True
        if not self.follower:
            if self.model.rng.random() < rules.follow_chance(k, p["follow_after_engage"]):
                self.follower = True
                self.model.new_followers += 1

    def decay(self) -> None:
        """Step 5: ties fade and evidence is forgotten."""
        p = self.model.p
        self.tie *= 1.0 - p["tie_decay"]
        self.a *= p["forget"]
        self.b *= p["forget"]

    def maybe_unfollow(self) -> None:
        """Step 6: a follower leaves, more readily when tired and weakly tied."""
        p = self.model.p
        leave = rules.leave_chance(self.excess, self.tie, p["unfollow_base"], p["unfollow_fatigue"])
        if self.model.rng.random() < min(1.0, leave):
            self.follower = False
            self.model.unfollows += 1

    def feel_referral_pressure(self) -> None:
        """Step 7: the mean recommendation of this person's neighbours."""
        if self.neighbours:
            total = sum(friend.recommendation for friend in self.neighbours)
            self.pressure = total / len(self.neighbours)
        else:
            self.pressure = 0.0
        if self.pressure > 0.0 and not self.customer:
            self.aware = True

    def feel_crowd_pressure(self, total_recommendation: float) -> None:
        """Step 7 on the complete graph: everyone else is a neighbour (mean field)."""
        n = len(self.model.people)
        self.pressure = (total_recommendation - self.recommendation) / (n - 1)
        if self.pressure > 0.0 and not self.customer:
            self.aware = True

    def consider_purchase(self) -> None:
        """Step 8: competing weekly hazards of ads, the relationship and referrals."""
        p, rng = self.model.p, self.model.rng
        trust = self.trust
        ad = p["p_ad"] * trust * self.ads_seen
        rel = p["p_rel"] * self.tie * trust
        ref = p["q_wom"] * self.pressure
        rate = ad + rel + ref
        if rate <= 0.0 or rng.random() >= 1.0 - math.exp(-rate):
            return
        self.bought = True
        # Attribute the sale to one source, in proportion to the three terms.
        u = rng.random() * rate
        if u < ad:
            source = "ad"
        elif u < ad + rel:
            source = "relationship"
        elif ref > 0.0:
            source = "referral"
        else:  # a floating-point leftover: never credit a source whose term is 0
            source = "relationship" if rel > 0.0 else "ad"
        self.model.sales[source] += 1

    def after_sale(self) -> None:
        """Step 9: the buyer is a customer now, satisfied or not."""
        self.customer = True
        if self.model.rng.random() < self.model.p["satisfaction"]:
            self.a += rules.SATISFIED_EVIDENCE
        else:
            self.b += rules.DISAPPOINTED_EVIDENCE


class SellerModel(mesa.Model):
    """One seller and the people of a scenario (``kit.sim.scenario.Scenario``).

    Parameters
    ----------
    scenario : Scenario
        The run's parameters; ``scenario.resolved()`` supplies every value.
    """

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(seed=scenario.seed)
        self.p = scenario.resolved()
        p = self.p
        self.people: list[Person] = list(Person.create_agents(self, p["population"]))
        self.complete = p["graph"] == "complete"
        self._build_network()

        # Week 0: initial followers, uniformly without replacement.
        starters = self.rng.choice(len(self.people), size=p["initial_followers"], replace=False)
        for index in starters:
            person = self.people[index]
            person.follower = True
            person.aware = True
            person.a = float(p["fame"])

        self.cum_hours = 0.0
        self.new_followers = 0
        self.unfollows = 0
        self.sales = {"ad": 0, "relationship": 0, "referral": 0}
        self.exposures = 0
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "week": "steps",
                "followers": lambda m: m.agents.agg("follower", sum),
                "new_followers": "new_followers",
                "unfollows": "unfollows",
                "aware": lambda m: m.agents.agg("aware", sum),
                "customers": lambda m: m.agents.agg("customer", sum),
                "new_customers": lambda m: sum(m.sales.values()),
                "sales_ad": lambda m: m.sales["ad"],
                "sales_relationship": lambda m: m.sales["relationship"],
                "sales_referral": lambda m: m.sales["referral"],
                "mean_trust": lambda m: m.mean_follower_trust(),
                "strong_ties": lambda m: len(m.strong_ties()),
                "allies": lambda m: len(m.strong_ties().select(lambda a: a.trust > ALLY_TRUST)),
                "hours_post": lambda m: m.p["post_share"] * m.p["hours"],
                "hours_connect": lambda m: m.p["connect_share"] * m.p["hours"],
                "hours_engage": lambda m: m.p["engage_share"] * m.p["hours"],
                "exposures": "exposures",
                "hours_per_customer": lambda m: m.hours_per_customer(),
            }
        )

    def _build_network(self) -> None:
        """Adjacency lists of agents per RULES.md "Graph" (none for the complete graph)."""
        p, n, people = self.p, len(self.people), self.people
        if p["graph"] == "random":
            edges = self.rng.poisson(n * rules.edges_started_per_person(p["mean_degree"]))
            for _ in range(edges):
                u, v = people[self.rng.integers(n)], people[self.rng.integers(n)]
                if u is not v:
                    u.neighbours.append(v)
                    v.neighbours.append(u)
        elif p["graph"] == "small_world":
            half = rules.ring_half_width(p["mean_degree"], n)
            for i, person in enumerate(people):
                for step in range(1, half + 1):
                    far = (i + step) % n
                    if self.rng.random() < p["rewire"]:
                        far = self.rng.integers(n)
                        if far == i:
                            far = self.rng.integers(n)
                    if far != i:
                        person.neighbours.append(people[far])
                        people[far].neighbours.append(person)

    # ------------------------------------------------------------------ helpers
    def whole_actions(self, x: float) -> int:
        """Stochastic rounding of a budget (hours / cost): whole actions with the right mean."""
        return rules.stochastic_round(x, self.rng)

    def strong_ties(self) -> mesa.AgentSet:
        """People with a strong tie to the seller."""
        return self.agents.select(lambda a: a.tie > STRONG_TIE)

    def mean_follower_trust(self) -> float:
        """Mean trust of the current followers (NaN without followers)."""
        trusts = self.agents.select(lambda a: a.follower).get("trust")
        return sum(trusts) / len(trusts) if trusts else math.nan

    def hours_per_customer(self) -> float:
        """Cumulative seller hours per customer (NaN without customers)."""
        customers = self.agents.agg("customer", sum)
        return self.cum_hours / customers if customers else math.nan

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week: RULES.md steps 1-9, then the data collection."""
        self.new_followers = 0
        self.unfollows = 0
        self.sales = {"ad": 0, "relationship": 0, "referral": 0}
        self.agents.do("start_week")
        self.post()  # 1
        self.agents.do("tire")  # 2
        self.connect()  # 3
        self.engage()  # 4
        self.agents.do("decay")  # 5
        self.agents.select(lambda a: a.follower).do("maybe_unfollow")  # 6
        self.refer()  # 7
        prospects = self.agents.select(lambda a: a.aware and not a.customer)
        prospects.shuffle_do("consider_purchase")  # 8
        prospects.select(lambda a: a.bought).do("after_sale")  # 9
        self.cum_hours += sum(self.p[k] for k in SHARES) * self.p["hours"]
        self.datacollector.collect(self)

    def post(self) -> None:
        """Step 1: the week's posts, some of them ads, reach the followers."""
        p = self.p
        n_posts = self.whole_actions(rules.posts(p))
        n_ads = int(self.rng.binomial(n_posts, p["promo_share"]))
        if n_posts == 0:
            self.exposures = 0
            return
        followers = self.agents.select(lambda a: a.follower)
        followers.do("see_posts", n_ads, n_posts - n_ads)
        self.exposures = followers.agg("exposures", sum)

    def connect(self) -> None:
        """Step 3: connect requests to distinct random non-followers."""
        p = self.p
        n_req = self.whole_actions(rules.requests(p))
        strangers = list(self.agents.select(lambda a: not a.follower))
        picks = self.rng.choice(len(strangers), size=min(n_req, len(strangers)), replace=False)
        for index in picks:
            strangers[index].receive_request()

    def engage(self) -> None:
        """Step 4: one-to-one interactions by the seller and the ambassadors."""
        p = self.p
        n_int = self.whole_actions(rules.interactions(p))
        if n_int == 0:
            return
        cap = rules.team_capacity(p)
        active = self.agents.select(lambda a: a.tie > ACTIVE_TIE)
        if len(active) > cap:
            active = active.sort("tie", ascending=False).select(at_most=cap)
        maintained = list(active)
        n_new = int(self.rng.binomial(n_int, p["explore"])) if maintained else n_int
        unengaged = list(self.agents.select(lambda a: a.follower and a.tie <= ACTIVE_TIE))
        n_fol = int(self.rng.binomial(n_new, rules.TO_UNENGAGED)) if unengaged else 0

        targets = [maintained[self.rng.integers(len(maintained))] for _ in range(n_int - n_new)]
        targets += [unengaged[self.rng.integers(len(unengaged))] for _ in range(n_fol)]
        targets += [self.introduction(maintained) for _ in range(n_new - n_fol)]
        for person in targets:
            person.interactions += 1
        self.agents.select(lambda a: a.interactions > 0).do("receive_interactions")

    def introduction(self, maintained: list[Person]) -> Person:
        """A friend of a current tie who is not active yet, else a random person."""
        if maintained:
            friend = maintained[self.rng.integers(len(maintained))]
            if self.complete:
                # A uniform other person: draw from all but the last; the friend drawn
                # stands for the last one.
                candidate = self.people[self.rng.integers(len(self.people) - 1)]
                if candidate is friend:
                    candidate = self.people[-1]
            elif friend.neighbours:
                candidate = friend.neighbours[self.rng.integers(len(friend.neighbours))]
            else:
                candidate = None
            if candidate is not None and candidate.tie <= ACTIVE_TIE:
                return candidate
        return self.people[self.rng.integers(len(self.people))]

    def refer(self) -> None:
        """Step 7: customers' recommendations press on their neighbours."""
        if self.complete:
            total = self.agents.select(lambda a: a.customer).agg("recommendation", sum)
            self.agents.do("feel_crowd_pressure", total)
        else:
            self.agents.do("feel_referral_pressure")


def run_mesa(scenario: Scenario) -> pd.DataFrame:
    """Run one scenario with the Mesa model.

    Parameters
    ----------
    scenario : Scenario
        The run's parameters.

    Returns
    -------
    pandas.DataFrame
        One row per week with ``kit.sim.outputs.OUTPUT_COLUMNS`` (counts int64, the rest
        float64), as the kit's simulators return.
    """
    model = SellerModel(scenario)
    for _ in range(scenario.weeks):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()[list(OUTPUT_COLUMNS)]
    dtypes = {c: "int64" if c in COUNT_COLUMNS else "float64" for c in OUTPUT_COLUMNS}
    return frame.astype(dtypes).reset_index(drop=True)


def main(argv: list[str] | None = None) -> None:
    """Time one Mesa run from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strategy", default="relationship")
    parser.add_argument("--population", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    scenario = Scenario.preset(
        args.strategy, population=args.population, weeks=args.weeks, seed=args.seed
    )
    start = time.perf_counter()
    frame = run_mesa(scenario)
    seconds = time.perf_counter() - start
    print(frame.tail(1).to_string(index=False))
    print(f"mesa: {args.strategy}, N={args.population}, {args.weeks} weeks: {seconds:.2f} s")


if __name__ == "__main__":
    main()
