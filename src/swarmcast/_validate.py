"""Argument checks shared by every public function of the package.

Why: a student who passes a wrong value to a helper should read which argument was wrong,
what they passed and what is allowed, not a numpy traceback.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

__all__ = ["check_number", "check_int", "check_fraction", "check_choice", "check_seed"]


def _fmt(value: object) -> str:
    return repr(value)


def check_number(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float if it is a finite real number within [low, high].

    Raises ValueError naming the parameter, the value and the allowed range.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number{_range_text(low, high, low_open, high_open)}; got {_fmt(value)}")
    v = float(value)
    too_low = low is not None and (v <= low if low_open else v < low)
    too_high = high is not None and (v >= high if high_open else v > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be{_range_text(low, high, low_open, high_open)}; got {_fmt(value)}")
    return v


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number{_range_text(low, high, False, False)}; got {_fmt(value)}")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        raise ValueError(f"{name} must be a whole number{_range_text(low, high, False, False)}; got {_fmt(value)}")
    return v


def check_fraction(name: str, value: object) -> float:
    """A probability or share: a number from 0 to 1 inclusive."""
    return check_number(name, value, low=0.0, high=1.0)


def check_choice(name: str, value: object, allowed: Iterable[object]) -> object:
    """Return ``value`` if it is one of ``allowed``; otherwise list the allowed values."""
    allowed = list(allowed)
    if value not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {listed}; got {_fmt(value)}")
    return value


def check_seed(value: object) -> int:
    """Seeds are non-negative whole numbers so that every run is reproducible."""
    return check_int("seed", value, low=0)


def _range_text(low, high, low_open, high_open) -> str:
    if low is None and high is None:
        return ""
    if high is None:
        return f" {'>' if low_open else '>='} {low}"
    if low is None:
        return f" {'<' if high_open else '<='} {high}"
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    return f" in {left}{low}, {high}{right}"
