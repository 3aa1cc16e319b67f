import datetime

import pytest

from recours.engine.dates import add_period

D = datetime.date


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        (D(2026, 1, 31), (0, 1, 0), D(2026, 2, 28)),
        (D(2028, 1, 31), {"months": 1}, D(2028, 2, 29)),
        (D(2024, 2, 29), (1, 0, 0), D(2025, 2, 28)),
        (D(2000, 2, 29), {"years": 100}, D(2100, 2, 28)),
        (D(2026, 11, 30), (0, 3, 0), D(2027, 2, 28)),
        (D(2026, 12, 31), (2, 0, 14), D(2029, 1, 14)),
        (D(2026, 3, 1), {"days": 90}, D(2026, 5, 30)),
    ],
)
def test_a_period_clamps_to_the_end_of_a_shorter_month(start, period, expected):
    assert add_period(start, period) == expected
