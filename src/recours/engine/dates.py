"""Calendar arithmetic for deadlines and elapsed-time conditions."""

import calendar
import datetime


def add_period(start, period):
    """``start`` plus whole years, months and days; a day past the month's end is clamped
    (31 January + 1 month = 28 or 29 February), as limitation periods are counted."""
    get = period.get if isinstance(period, dict) else (lambda key, default: getattr(period, key))
    years, months, days = get("years", 0), get("months", 0), get("days", 0)
    if years or months:
        month_index = start.month - 1 + months
        year = start.year + years + month_index // 12
        month = month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        start = datetime.date(year, month, day)
    return start + datetime.timedelta(days=days) if days else start
