"""Parameters declared once: the dataclass validates, and the explorer's control is built from the same declaration."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, dataclass

import pytest

from swarmcast.params import Params, control, default, param, spec, validate


@dataclass(frozen=True)
class _Demo(Params):
    rate: float = param(20.0, low=0.0, high=1e7, unit="attempts per day", label="sign-up attempts a day", slider=(1.0, 200.0, 1.0))
    share: float = param(0.0, low=0.0, high=1.0, label="share blocked", slider=(0.0, 0.9, 0.05), readout=".0%")
    days: int = param(180, low=30, high=720, integer=True, unit="days", label="length of the run", slider=(30, 720, 30))
    method: str = param("average", choices=("average", "difference"), label="hash")
    coordinated: bool = param(False, label="coordinated removal")


def test_defaults_are_valid_and_the_instance_is_frozen():
    p = _Demo()
    assert (p.rate, p.share, p.days, p.method, p.coordinated) == (20.0, 0.0, 180, "average", False)
    with pytest.raises(FrozenInstanceError):
        p.rate = 3.0


@pytest.mark.parametrize(
    "kwargs, name",
    [({"rate": -1}, "rate"), ({"share": 1.5}, "share"), ({"days": 29}, "days"), ({"days": 60.5}, "days"),
     ({"method": "dct"}, "method"), ({"coordinated": "yes"}, "coordinated"), ({"rate": float("nan")}, "rate")],
)
def test_a_bad_value_names_the_parameter_and_what_is_allowed(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        _Demo(**kwargs)
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        validate(_Demo, name, next(iter(kwargs.values())))


def test_replace_validates_again():
    with pytest.raises(ValueError, match="share"):
        dataclasses.replace(_Demo(), share=2.0)
    assert dataclasses.replace(_Demo(), share=0.5).share == 0.5


def test_controls_follow_the_declaration():
    rate = control(_Demo, "rate")
    assert (rate.min, rate.max, rate.step, rate.value) == (1.0, 200.0, 1.0, 20.0)
    assert "sign-up attempts a day" in rate.description and "attempts per day" in rate.description
    share = control(_Demo, "share", value=0.25)
    assert share.readout_format == ".0%" and share.value == 0.25 and share.max == 0.9
    days = control(_Demo, "days")
    assert type(days).__name__ == "IntSlider" and days.value == 180
    assert type(control(_Demo, "method")).__name__ == "Dropdown"
    assert type(control(_Demo, "coordinated")).__name__ == "Checkbox"


def test_a_control_refuses_values_outside_its_slider_and_unknown_names():
    with pytest.raises(ValueError, match="rate"):
        control(_Demo, "rate", value=500.0)  # the model accepts it; the explorer's slider does not offer it
    with pytest.raises(ValueError, match="declared parameter of _Demo: rate, share, days, method, coordinated"):
        spec(_Demo, "speed")
    assert default(_Demo, "days") == 180


def test_a_slider_outside_the_accepted_range_is_refused_when_declared():
    with pytest.raises(ValueError, match="slider maximum"):
        param(0.5, low=0.0, high=1.0, slider=(0.0, 2.0, 0.1))


def test_whole_steps_offers_a_real_parameter_on_an_integer_slider():
    @dataclass(frozen=True)
    class _Delay(Params):
        delay: float = param(30.0, low=0.5, high=365.0, unit="days", label="mean days until found", slider=(1.0, 180.0, 1.0))

    made = control(_Delay, "delay", value=30.4, whole_steps=True)
    assert type(made).__name__ == "IntSlider" and (made.value, made.min, made.max, made.step) == (30, 1, 180, 1)
    assert type(control(_Delay, "delay")).__name__ == "FloatSlider"
