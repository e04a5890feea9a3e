"""``kit simulate``: run the strategy simulator from the command line and write a tidy CSV."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from kit.errors import KitError
from kit.files import write_atomic

# Options with their own flag; every other Scenario field is set with --set NAME=VALUE.
_OWN_FLAGS = ("strategy", "population", "weeks", "seed", "graph")


def _parameter_table() -> str:
    from kit.sim.scenario import Scenario

    lines = ["parameters for --set (name: default [range] unit, meaning):"]
    for f in dataclasses.fields(Scenario):
        if f.name in _OWN_FLAGS:
            continue
        if f.metadata:
            m = f.metadata
            default = "from strategy" if f.default is None else f"{f.default:g}"
            lines.append(
                f"  {f.name}: {default} [{m['min']:g}, {m['max']:g}] {m['unit']}; {m['doc']}"
            )
        else:
            lines.append(f"  {f.name}: {f.default}")
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``simulate`` sub-command."""
    from kit.sim.scenario import GRAPHS, PRESETS

    p = subparsers.add_parser(
        "simulate",
        help="run the strategy simulator and write one CSV row per week",
        description=(
            "Run the strategy simulator (MODEL.md) and write a tidy CSV, one row per week, "
            "to --out or standard output. Give --strategy more than once to compare "
            "strategies on the same population (adds a 'strategy' column), and --reps to "
            "repeat each run with seeds derived from --seed (adds 'run' and 'seed' columns)."
        ),
        epilog=_parameter_table()
        + "\n\nexample:\n  kit simulate --strategy relationship --population 20000 --weeks 104 "
        "--seed 7 --set tie_gain=0.2 --out run.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--strategy",
        action="append",
        metavar="NAME|P,C,E",
        help=(
            f"a preset ({', '.join(PRESETS)}) or three time shares post,connect,engage summing "
            "to 1, e.g. 0.2,0.1,0.7; repeat to compare (default: balanced)"
        ),
    )
    p.add_argument(
        "--population", type=int, metavar="N", help="people in the market (default 100000)"
    )
    p.add_argument("--weeks", type=int, metavar="W", help="weeks to simulate (default 156)")
    p.add_argument(
        "--seed", type=int, metavar="S", help="random seed; same seed, same output (default 0)"
    )
    p.add_argument("--graph", choices=GRAPHS, help="social graph kind (default random)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set any other parameter (see the list below); repeatable",
    )
    p.add_argument(
        "--code",
        metavar="TEXT",
        help=(
            "run the scenario a scenario code holds (kit1:..., from an explorer or "
            "Scenario.to_code()); it sets every parameter and the seed, so it cannot be "
            "combined with --strategy, --population, --weeks, --seed, --graph or --set"
        ),
    )
    p.add_argument("--reps", type=int, default=1, metavar="R", help="runs per strategy (default 1)")
    p.add_argument("--out", metavar="FILE", help="write the CSV here (default: standard output)")
    p.set_defaults(func=_run)


def _parse_value(name: str, text: str):
    text = text.strip()
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    if text.lower() in {"none", "null"}:
        return None
    if name in {"graph", "strategy"}:
        return text
    raise KitError(f"--set {name}={text}: {text!r} is not a number")


def _parse_strategy(text: str):
    if "," in text:
        try:
            return tuple(float(x) for x in text.split(","))
        except ValueError:
            raise KitError(
                f"--strategy {text}: time shares must be three numbers post,connect,engage"
            ) from None
    return text


def _overrides(args: argparse.Namespace) -> dict:
    from kit.sim.scenario import Scenario

    names = {f.name for f in dataclasses.fields(Scenario)}
    values = {}
    for item in args.set:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise KitError(f"--set {item!r}: write it as NAME=VALUE, e.g. --set tie_gain=0.2")
        if name not in names:
            close = sorted(n for n in names if n.startswith(name[:3]))
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise KitError(
                f"--set {name}: no such parameter{hint}; 'kit simulate --help' lists them"
            )
        if name in _OWN_FLAGS:
            raise KitError(f"--set {name}: use the --{name} option instead")
        values[name] = _parse_value(name, text)
    for name in ("population", "weeks", "seed", "graph"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    return values


def _from_code(args: argparse.Namespace):
    """The scenario of ``--code``; refuses the options the code already sets."""
    from kit.sim.scenario import Scenario

    clash = [f"--{n}" for n in (*_OWN_FLAGS, "set") if getattr(args, n) not in (None, [])]
    if clash:
        raise KitError(
            f"--code sets every parameter and the seed; drop {', '.join(clash)} "
            "(or drop --code and give the parameters one by one)"
        )
    return Scenario.from_code(args.code)


def _is_large(scenario) -> bool:
    """Beyond what an explorer starts while a learner waits: worth a progress bar."""
    from kit.sim.cost import INTERACTIVE, estimate

    return estimate(scenario).person_weeks > INTERACTIVE["person_weeks"] // 10


def _run_with_progress(scenario):
    """One run, week by week on a progress bar (stderr); memory is checked before it starts."""
    from tqdm.auto import tqdm

    from kit.sim import engine
    from kit.sim.cost import check_fits

    cost = check_fits(scenario)
    print(
        f"a large run: {scenario.population:,} people for {scenario.weeks:,} weeks "
        f"({cost.describe()})",
        file=sys.stderr,
    )
    with tqdm(total=scenario.weeks, desc="weeks", unit="wk", file=sys.stderr) as bar:
        frame, _ = engine.run_with_state(scenario, each_week=lambda world, week: bar.update(1))
    return frame


def _run(args: argparse.Namespace) -> int:
    from kit.sim import api
    from kit.sim.scenario import Scenario

    if args.reps < 1:
        raise KitError(f"--reps {args.reps}: give a whole number >= 1")
    if args.code is not None:
        scenarios = [_from_code(args)]
    else:
        common = _overrides(args)
        strategies = [_parse_strategy(s) for s in (args.strategy or ["balanced"])]
        scenarios = [Scenario(strategy=strategy, **common) for strategy in strategies]
    frames = []
    for scenario in scenarios:
        strategy = scenario.strategy
        if args.reps == 1 and _is_large(scenario):
            frame = _run_with_progress(scenario)  # on purpose: a large run, with its progress
        else:
            frame = (
                api.ensemble(scenario, args.reps, progress=_is_large(scenario))
                if (args.reps > 1)
                else api.simulate(scenario)
            )
        if len(scenarios) > 1:
            frame.insert(0, "strategy", api.strategy_label(strategy))
        frames.append(frame)
    import pandas as pd

    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    text = table.to_csv(index=False, float_format="%.6g")
    if args.out:
        write_atomic(Path(args.out), text)
        print(f"wrote {len(table)} rows to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
