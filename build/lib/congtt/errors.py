"""The base of every failure congtt explains in Vietnamese.

Each stage raises its own error (``FieldError`` in a schema, ``UnsafeTarget`` in the build,
``GitError`` in the studio …), whose message is already written for the person reading it. One base
lets the command line print any of them as one «Lỗi: …» line, never a traceback, and lets a caller
tell congtt's own refusals from a bug.
"""

from __future__ import annotations


class CongttError(Exception):
    """A failure whose message is written for staff: print it, do not trace it."""
