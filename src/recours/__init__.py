"""Recours: legal recourse planning for trafficked and exploited non-citizens in Canada."""

__version__ = "0.1.0"
