"""Model parameters declared once: value range, unit, label and the explorer's slider, in one frozen dataclass.

Why: a model and the explorer that drives it used to declare the same parameter twice, with different bounds. Here
each model declares its parameters as a frozen dataclass whose fields are made with :func:`param`; constructing it
validates every field (a wrong value names the parameter, what was passed and what is allowed), and an explorer
builds its sliders from the same declaration with :func:`control`, so the slider can never offer a value the model
refuses.

Example::

    @dataclass(frozen=True)
    class AccountsParams(Params):
        share_blocked_at_registration: float = param(
            0.0, low=0.0, high=1.0, unit="share", label="share of sign-ups blocked at registration",
            slider=(0.0, 0.9, 0.05), readout=".0%",
        )

    p = AccountsParams(share_blocked_at_registration=0.5)   # validated
    control(AccountsParams, "share_blocked_at_registration", value=0.25)   # an ipywidgets FloatSlider
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ._validate import check_choice, check_int, check_number

__all__ = ["Params", "ParamSpec", "param", "spec", "default", "control", "validate"]

_KEY = "swarmcast.param"


@dataclasses.dataclass(frozen=True)
class ParamSpec:
    """What :func:`param` records about one parameter (read it with :func:`spec`)."""

    kind: str  # "number", "int", "choice" or "flag"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple | None = None
    unit: str = ""
    label: str = ""
    slider: tuple | None = None  # (min, max, step) the explorer offers; within [low, high]
    readout: str | None = None  # slider readout format, e.g. ".0%"

    def check(self, name: str, value: Any) -> Any:
        """Return ``value`` converted (float/int) if allowed; otherwise raise ValueError naming ``name``."""
        if self.kind == "int":
            return check_int(name, value, low=self.low, high=self.high)
        if self.kind == "number":
            return check_number(name, value, low=self.low, high=self.high, low_open=self.low_open, high_open=self.high_open)
        if self.kind == "flag":
            return check_choice(name, value, (True, False))
        return check_choice(name, value, self.choices)


def param(
    default: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    choices: Sequence | None = None,
    integer: bool = False,
    unit: str = "",
    label: str = "",
    slider: tuple | None = None,
    readout: str | None = None,
):
    """Declare one model parameter: its default, the values the model accepts, its unit and its human label.

    ``choices`` makes a choice parameter (a dropdown); a ``bool`` default a flag (a checkbox); ``integer=True`` a
    whole number; otherwise a real number within [``low``, ``high``] (``low_open``/``high_open`` exclude the end).
    ``slider=(min, max, step)`` is the range an explorer offers, which must lie within the accepted range.
    """
    if choices is not None:
        kind = "choice"
    elif isinstance(default, bool):
        kind = "flag"
    else:
        kind = "int" if integer else "number"
    s = ParamSpec(kind, low, high, low_open, high_open, tuple(choices) if choices is not None else None, unit, label,
                  tuple(slider) if slider is not None else None, readout)
    if s.slider is not None:
        lo, hi = s.slider[0], s.slider[1]
        s.check("slider minimum", lo)
        s.check("slider maximum", hi)
    return dataclasses.field(default=default, metadata={_KEY: s})


class Params:
    """Base of every model's parameter dataclass: validates each declared field when constructed.

    Subclasses are ``@dataclass(frozen=True)``; fields without a :func:`param` declaration are not checked here.
    ``dataclasses.replace`` makes a changed copy, validated again.
    """

    def __post_init__(self):
        for f in dataclasses.fields(self):
            s = f.metadata.get(_KEY)
            if s is not None:
                object.__setattr__(self, f.name, s.check(f.name, getattr(self, f.name)))


def spec(params: type[Params] | Params, name: str) -> ParamSpec:
    """The declaration of parameter ``name`` of a Params class (ValueError listing the declared names if unknown)."""
    fields = {f.name: f for f in dataclasses.fields(params)}
    if name not in fields or _KEY not in fields[name].metadata:
        declared = ", ".join(n for n, f in fields.items() if _KEY in f.metadata)
        raise ValueError(f"name must be a declared parameter of {getattr(params, '__name__', type(params).__name__)}: {declared}; got {name!r}")
    return fields[name].metadata[_KEY]


def validate(params: type[Params], name: str, value: Any) -> Any:
    """Check one value against its declaration without building the whole dataclass."""
    return spec(params, name).check(name, value)


def default(params: type[Params], name: str) -> Any:
    """The declared default of parameter ``name``."""
    spec(params, name)
    return next(f.default for f in dataclasses.fields(params) if f.name == name)


def control(params: type[Params], name: str, *, value: Any = None, description: str | None = None, width: str = "480px",
            whole_steps: bool = False):
    """The ipywidget for parameter ``name``, built from its declaration (range, step, label, unit, readout).

    ``whole_steps=True`` offers a real-valued parameter in whole steps (an IntSlider reading "30", not "30.0"):
    a model may accept a mean delay of 0.5 days while the explorer moves a day at a time.

    ``value`` defaults to the declared default and is validated; a slider's value is clipped into the slider range
    only if the declaration allows it (a value outside the slider range is an error naming the parameter).
    """
    import ipywidgets as w

    s = spec(params, name)
    value = default(params, name) if value is None else s.check(name, value)
    text = description if description is not None else (s.label or name.replace("_", " "))
    if s.unit and description is None and s.unit not in text and s.readout != ".0%":
        text = f"{text} ({s.unit})"
    style, layout = {"description_width": "initial"}, w.Layout(width=width)
    if s.kind == "choice":
        return w.Dropdown(options=list(s.choices), value=value, description=text, style=style, layout=layout)
    if s.kind == "flag":
        return w.Checkbox(value=value, description=text, indent=False, style=style, layout=layout)
    if s.slider is None:
        raise ValueError(f"name {name!r} declares no slider=(min, max, step); an explorer cannot offer it")
    lo, hi, step = s.slider
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be within the explorer's range [{lo}, {hi}]; got {value!r}")
    kwargs = dict(value=value, min=lo, max=hi, step=step, description=text, style=style, layout=layout)
    if s.kind == "int" or whole_steps:
        if whole_steps:
            kwargs.update(value=int(round(value)), min=int(lo), max=int(hi), step=max(1, int(step)))
        return w.IntSlider(**kwargs)
    if s.readout:
        kwargs["readout_format"] = s.readout
    return w.FloatSlider(**kwargs)
