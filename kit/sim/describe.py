"""A parameter described for a learner in plain words (``sim.describe("hours")``)."""

from __future__ import annotations

from kit.sim.scenario import Scenario


class ParameterCard(str):
    """A parameter described in plain words (:func:`describe`): text, shown as Markdown in a
    notebook."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _number(value, readout: str) -> str:
    try:
        return format(value, readout.replace("f", "f") if readout else "g")
    except (TypeError, ValueError):
        return str(value)


def describe(name: str) -> ParameterCard:
    """One parameter for a learner: its plain name and meaning, its default and the range the
    lesson's slider offers, and where the number comes from (a source, or "assumed" with the
    range a reasonable reader might defend).

    Examples
    --------
    >>> print(describe("hours").splitlines()[0])
    **Time budget**: hours per week.
    """
    info = Scenario.field_info(name)
    readout = info.get("readout") or "g"
    unit = info.get("plain_unit") or info.get("unit") or ""
    lines = [f"**{info['label']}**: {unit}."]
    slider = ""
    if info.get("slider_min") is not None and info.get("slider_max") is not None:
        slider = (
            f"; the lessons' slider goes from {_number(info['slider_min'], readout)} to "
            f"{_number(info['slider_max'], readout)}"
        )
    lines.append(f"Default: {_number(info['default'], readout)}{slider}.")
    kind = info.get("provenance", "")
    lo_hi = info.get("assumed_range")
    span = (
        f" (a reasonable reader might defend {_number(lo_hi[0], readout)} to "
        f"{_number(lo_hi[1], readout)})"
        if lo_hi
        else ""
    )
    if kind == "source":
        where = f"taken from a study: {info.get('source')}{span}."
    elif kind == "proxy":
        where = f"borrowed from a related study: {info.get('source')}{span}."
    elif kind == "assumed":
        where = f"assumed: no study we could read measures it{span}."
    else:
        where = f"a setting you choose{span}."
    lines.append(f"Where the number comes from: {where}")
    return ParameterCard("\n\n".join(lines))
