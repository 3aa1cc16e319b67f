"""Calendar arithmetic for deadlines and elapsed-time conditions."""

import datetime

DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year, month):
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return DAYS_IN_MONTH[month - 1]


def add_period(start, period):
    """``start`` plus whole years, months and days; a day past the month's end is clamped
    (31 January + 1 month = 28 or 29 February), as limitation periods are counted.

    ``period`` is a (years, months, days) tuple, a mapping or an object with those fields."""
    if isinstance(period, tuple):
        years, months, days = period
    elif isinstance(period, dict):
        years, months, days = period.get("years", 0), period.get("months", 0), period.get("days", 0)
    else:
        years, months, days = period.years, period.months, period.days
    if years or months:
        month_index = start.month - 1 + months
        year = start.year + years + month_index // 12
        month = month_index % 12 + 1
        day = start.day
        if day > 28:  # only the last days of a month can be past the end of another
            day = min(day, _days_in_month(year, month))
        start = datetime.date(year, month, day)
    return start + datetime.timedelta(days=days) if days else start


def in_force_on(item, on):
    """Whether a dated knowledge-base item (rule, remedy, legal test, variant) applies on ``on``:
    an item without dates always does."""
    return item.in_force is None or item.in_force.applies(on)
