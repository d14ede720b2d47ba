"""The build instant and the drafts switch, as the command line hands them to the MkDocs plugin.

They travel in the environment because ``mkdocs serve`` reloads the
configuration on every rebuild. This module is light on purpose: ``congtt
check`` reads it without loading the build's stages.
"""

from __future__ import annotations

import os
from datetime import datetime

from . import dates

# The instant that decides which scheduled posts are published, and whether
# drafts are shown; the CLI sets these for ``--now`` and ``serve --drafts``.
NOW_VARIABLE = "CONGTT_NOW"
DRAFTS_VARIABLE = "CONGTT_DRAFTS"


def build_instant() -> datetime:
    """``CONGTT_NOW`` when set (tests, previews), otherwise the current time."""
    override = os.environ.get(NOW_VARIABLE)
    return dates.parse_instant(override) if override else datetime.now(dates.VIETNAM)
