"""Dutch numbers as every page, document and export shows them (jeugdhulpmonitor/formatting.py)."""

import pytest

from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.formatting import number, signed
from jeugdhulpmonitor.views.dialogue import difference


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (-0.04, "0,0", "0,0"),
        (-0.04, "0,0%", "0,0%"),
        (-40_000, "€ mln", "€ 0,0 mln"),
        (-0.4, "€", "€ 0"),
        (-0.4, "0", "0"),
        (-0.06, "0,0", "-0,1"),
        (-1234.5, "0,0", "-1.234,5"),
        (-1_250_000, "€ mln", "€ -1,2 mln"),
        (16942, "0", "16.942"),
    ],
)
def test_a_value_that_rounds_to_zero_has_no_minus_sign(value, fmt, shown):
    assert number(value, fmt) == shown


@pytest.mark.parametrize(
    ("delta", "fmt", "shown"),
    [
        (1234.5, "0,0", "+1.234,5"),
        (-1_250_000, "€ mln", "-€ 1,2 mln"),
        # Rounded to nothing at the format's precision, a change is shown finer instead of as
        # "+€ 0,0 mln" or "-0,0": beside a status "Achter" the rounding would hide why.
        (30_000, "€ mln", "+€ 30.000"),
        (-30_000, "€ mln", "-€ 30.000"),
        (-0.03, "0,0", "-0,03"),
        (0.03, "0,0%", "+0,03%"),
        (0, "€ mln", "€ 0,0 mln"),
        (0.0, "0,0", "0,0"),
        (-0.4, "0", "0"),
        (None, "0", "–"),
    ],
)
def test_a_change_shows_its_sign_only_with_a_shown_amount(delta, fmt, shown):
    assert signed(delta, fmt) == shown


def test_the_dialogues_difference_never_reads_plus_or_minus_nothing():
    def forecast(value):
        return Figure("forecast_year_end_eur", "2029-M8", value=value)

    assert difference(forecast(276_730_000), forecast(276_700_000)) == "+€ 30.000"
    assert difference(forecast(276_700_000), forecast(276_730_000)) == "-€ 30.000"
    assert difference(forecast(276_700_000), forecast(276_700_000)) == "€ 0,0 mln"
    pct = Figure("budget_utilisation_pct", "2029-M8", value=63.21)
    assert difference(pct, Figure("budget_utilisation_pct", "2028-M8", value=63.24)) == "-0,03 procentpunt"
