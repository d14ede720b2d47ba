"""The example portal, byte for byte: a change to any output (a template, the sanitiser, a feed) shows here.

``tests/golden/example-site.txt`` lists every file of the example portal built
as of 23/11/2026 with its SHA-256. When a change of output is intended, write
the new list with ``CONGTT_UPDATE_GOLDEN=1 make test`` (or pytest on this file)
and commit it with the change: the diff of the list names every file that changed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "example-site.txt"


def site_listing(site: Path) -> str:
    """``<sha256>  <path>`` for every file, sorted by path."""
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(site).as_posix()}"
        for path in sorted(site.rglob("*")) if path.is_file()
    ]
    return "\n".join(lines) + "\n"


def test_the_example_portal_is_byte_for_byte_the_golden_one(example_site):
    listing = site_listing(example_site)
    if os.environ.get("CONGTT_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(listing, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if listing != expected:
        now, then = dict(_split(listing)), dict(_split(expected))
        changed = sorted(p for p in now.keys() | then.keys() if now.get(p) != then.get(p))
        raise AssertionError(
            f"{len(changed)} files differ from {GOLDEN.name} (intended? CONGTT_UPDATE_GOLDEN=1): {changed[:30]}"
        )


def _split(listing: str):
    for line in listing.splitlines():
        digest, _, path = line.partition("  ")
        yield path, digest
