"""warmonitor: incidents of armed conflict from news reports, with provenance."""

__version__ = "0.1.0"
