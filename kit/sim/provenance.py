"""Where every number of :class:`~kit.sim.scenario.Scenario` comes from.

Each field has a :class:`Provenance`: its kind, the source and the number taken from it
where there is one, the range a reasonable reader might defend, and a note that says what
the source measured (which is rarely exactly what the field means) or why the range is what
it is. ``Scenario.field_info(name)`` returns it as ``provenance``, ``source``,
``assumed_range`` and ``provenance_note``, so an explorer can show it beside the control;
MODEL.md's parameter table says the same in prose (a test keeps the two in step).

Kinds:

- ``"source"``: the number is read from the cited study, which measured the same quantity
  or very nearly (the note says how nearly);
- ``"proxy"``: the cited study measured something related, and the number is carried over;
  the note says what it measured;
- ``"assumed"``: no study we could check gives the number; it is a teaching assumption and
  the range is our judgement of what a reader could defend;
- ``"setting"``: a choice of the experiment (its size, length, the strategy's own mix), not
  a claim about how people behave.

Every citation here is one we could check against the paper or its abstract; where a study
exists but we could not read the number it gives, the field is ``"assumed"`` and the note
says so.

Examples
--------
>>> PROVENANCE["reach"].kind
'source'
>>> PROVENANCE["tolerance"].kind, PROVENANCE["tolerance"].assumed_range
('assumed', (0.5, 5.0))
"""

from __future__ import annotations

from typing import NamedTuple

KINDS = ("source", "proxy", "assumed", "setting")


class Provenance(NamedTuple):
    kind: str
    source: str
    assumed_range: tuple[float, float] | None
    note: str


def _source(source: str, lo: float, hi: float, note: str) -> Provenance:
    return Provenance("source", source, (lo, hi), note)


def _proxy(source: str, lo: float, hi: float, note: str) -> Provenance:
    return Provenance("proxy", source, (lo, hi), note)


def _assumed(lo: float, hi: float, note: str) -> Provenance:
    return Provenance("assumed", "", (lo, hi), note)


def _setting(lo: float | None, hi: float | None, note: str) -> Provenance:
    return Provenance("setting", "", None if lo is None else (lo, hi), note)


KWAK_2011 = (
    "Kwak, Chun & Moon 2011, 'Fragile online relationship: a first look at unfollow dynamics "
    "in Twitter', CHI 2011"
)

#: Field name -> where its default comes from.
PROVENANCE: dict[str, Provenance] = {
    "strategy": _setting(None, None, "the strategy compared: the experiment's choice"),
    "population": _setting(
        1_000,
        100_000,
        "people the seller could reach: a small business's market; lessons use 5,000-20,000 "
        "for speed",
    ),
    "weeks": _setting(52, 260, "length of the run; lessons use two years (104 weeks)"),
    "graph": _assumed(
        0,
        0,
        "an Erdos-Renyi-like random graph; real contact networks are clustered with uneven "
        "degrees (the small-world graph is the alternative the kit offers)",
    )._replace(assumed_range=None),
    "mean_degree": _assumed(
        4,
        50,
        "contacts through whom word of mouth flows; the 5, 15 and 50 layers of personal "
        "networks (Zhou, Sornette, Hill & Dunbar 2005) bracket it; no study gives it for "
        "a seller's market",
    ),
    "rewire": _assumed(
        0.01,
        0.3,
        "shortcuts in the small-world graph only; Watts & Strogatz 1998 show short paths "
        "with high clustering for small values like this",
    ),
    "seed": _setting(None, None, "which random draws a run uses; results are means over seeds"),
    "hours": _assumed(2, 20, "a small-business owner's weekly time for social media"),
    "post_cost": _assumed(0.1, 1.0, "time to write one post; no study we could check"),
    "connect_cost": _assumed(0.01, 0.1, "time to send one follow or connect request"),
    "engage_cost": _assumed(
        0.1,
        1.0,
        "time for one helpful one-to-one interaction; we found no study of how long a "
        "helpful reply takes that we could read. A quick reply is minutes, a real "
        "conversation an hour",
    ),
    "reach": _source(
        "Social@Ogilvy 2014 (Manson), 'Facebook Zero: considering life after the demise of "
        "organic reach': organic reach of 106 brand pages 6.15% in February 2014, 2.11% for "
        "pages with over 500,000 likes",
        0.02,
        0.2,
        "measured for Facebook brand pages in 2014; other platforms and personal accounts "
        "differ, and platforms change their feeds",
    ),
    "promo_share": _setting(
        0.0, 1.0, "share of posts that are ads: 1.0 for broadcast, 0.2 for balanced"
    ),
    "content_tie": _assumed(0.0, 0.05, "closeness from one personal post seen"),
    "content_evidence": _assumed(
        0.0,
        0.5,
        "goodwill from one personal post seen; always positive in the model, while "
        "interviewees in " + KWAK_2011 + " unfollowed people who posted the mundane details "
        "of their lives",
    ),
    "tolerance": _assumed(
        0.5,
        5.0,
        "fatigue a follower takes before ads annoy (fatigue halves weekly, so 1 means more "
        "than about one seen post a fortnight); no study gives a dose-response of hiding or "
        "unfollowing against posting frequency that we could read. Interviewees in "
        + KWAK_2011
        + " unfollowed people who posted many tweets in a short time; industry surveys "
        "report only the share who say they unfollow brands that post too often",
    ),
    "fatigue_decay": _assumed(0.2, 0.9, "share of last week's fatigue kept"),
    "spam_weight": _assumed(0.1, 2.0, "distrust from each unit of ad fatigue over tolerance"),
    "follow_back": _proxy(
        "Kwak, Lee, Park & Moon 2010, 'What is Twitter, a social network or a news media?', "
        "WWW 2010: 22.1% of connected user pairs followed each other",
        0.1,
        0.6,
        "reciprocity of existing ties on all of Twitter in 2009, not the chance that a "
        "stranger's request is returned; " + KWAK_2011 + " measured 56-62% reciprocity among "
        "Korean-speaking users",
    ),
    "capacity": _proxy(
        "Dunbar 1993, Behavioral and Brain Sciences 16(4): a predicted group size of 147.8 "
        "(95% interval 100.2-231.1); Goncalves, Perra & Vespignani 2011, PLoS ONE 6(8): "
        "e22656: 100-200 stable contacts on Twitter",
        100,
        231,
        "Dunbar's number is about a person's whole social world, extrapolated from primates' "
        "brains and contested by later reanalyses (Lindenfors, Wartel & Lind 2021); here it "
        "caps a seller's working relationships",
    ),
    "explore": _assumed(0.1, 0.5, "share of interactions spent on new people"),
    "tie_gain": _assumed(0.05, 0.3, "share of the gap to a full tie closed per interaction"),
    "tie_decay": _assumed(0.005, 0.05, "share of closeness lost each week without contact"),
    "help_evidence": _assumed(0.5, 2.0, "trust evidence from one helpful interaction"),
    "follow_after_engage": _assumed(0.2, 0.8, "chance someone helped follows the seller"),
    "forget": _assumed(
        0.95, 0.995, "share of trust evidence kept each week (0.98: a half-life of 34 weeks)"
    ),
    "unfollow_base": _assumed(
        0.0005,
        0.01,
        "weekly chance an untied follower leaves anyway. " + KWAK_2011 + " found unfollowing "
        "common (43% of active users unfollowed someone within 51 days) but gives no "
        "per-follower weekly rate we could use",
    ),
    "unfollow_fatigue": _assumed(
        0.01,
        0.2,
        "extra weekly chance to leave per unit of ad fatigue over tolerance; the direction "
        "is supported by " + KWAK_2011 + " (bursts of posts), the size is not",
    ),
    "rec_base": _assumed(
        0.01,
        0.3,
        "how readily a customer without a tie recommends; customers won by ads also spread "
        "word of mouth (Hogan, Lemon & Libai 2004), which a small value mutes",
    ),
    "p_ad": _assumed(
        0.001,
        0.03,
        "weekly purchase hazard per ad seen, times trust; the Bass p of Sultan, Farley & "
        "Lehmann 1990 (0.03 a year) is a whole market's outside influence, not a rate per ad",
    ),
    "p_rel": _assumed(0.005, 0.1, "weekly purchase hazard of a full tie, times trust"),
    "q_wom": _assumed(
        0.0073,
        0.15,
        "weekly purchase hazard under full referral pressure; 0.073 is ten times the Bass q "
        "meta-analysis mean of Sultan, Farley & Lehmann 1990 (0.38 a year, 0.0073 a week). "
        "Trusov, Bucklin & Pauwels 2009 measured sign-up elasticities, not a per-contact "
        "rate, so they cannot set it",
    ),
    "satisfaction": _assumed(0.7, 0.95, "chance a buyer is satisfied"),
    "initial_followers": _assumed(
        100,
        5_000,
        "followers a small business starts with: 1,000 (capped at half the population), "
        "50,000 for the celebrity preset",
    ),
    "fame": _setting(0, 5, "goodwill the first followers bring: 0, or 3 for the celebrity preset"),
    "ambassadors": _setting(0, 10, "helpers who engage for the seller (article 004); 0 by default"),
    "ambassador_hours": _assumed(0.5, 5, "weekly engagement time of each ambassador"),
    "prior_a": _source(
        "Josang & Ismail 2002, 'The Beta reputation system', 15th Bled Electronic Commerce "
        "Conference: expected rating (r + 1) / (r + s + 2), a prior of 1 positive and 1 "
        "negative",
        0.5,
        2.0,
        "the prior positive evidence is Josang & Ismail's 1",
    ),
    "prior_b": _assumed(
        1.0,
        5.0,
        "the prior negative evidence: Josang & Ismail's Beta reputation uses 1 (a uniform "
        "prior, so a stranger's expected trust is 0.5); the kit uses 3, so a stranger trusts "
        "a seller 0.25 (1 / (1 + 3)): our choice, that a stranger selling something starts "
        "below even odds",
    ),
}
