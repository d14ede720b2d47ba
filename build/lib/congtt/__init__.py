"""congtt: the publishing engine of a Vietnamese commune's e-portal."""

__version__ = "0.1.0"
