"""Slow, pure results come back from disk for the same inputs and are computed again for new ones."""

from __future__ import annotations

import pytest

from congtt.memo import remembered
from conftest import run


def test_a_result_is_computed_once_per_key(tmp_path):
    calls = []

    def compute(value):
        return lambda: calls.append(value) or {"kết quả": value}

    assert remembered(tmp_path, ("a",), compute(1)) == {"kết quả": 1}
    assert remembered(tmp_path, ("a",), compute(2)) == {"kết quả": 1}
    assert remembered(tmp_path, ("b",), compute(3)) == {"kết quả": 3}
    assert remembered(None, ("a",), compute(4)) == {"kết quả": 4}
    assert calls == [1, 3, 4]


def test_an_unreadable_record_is_computed_again(tmp_path):
    remembered(tmp_path, ("a",), lambda: 1)
    for record in tmp_path.glob("*.pickle"):
        record.write_bytes(b"not a pickle")
    assert remembered(tmp_path, ("a",), lambda: 2) == 2


def test_results_unused_for_a_month_are_forgotten(tmp_path):
    import os
    import time

    from congtt.memo import forget_unused

    remembered(tmp_path, ("cũ",), lambda: 1)
    remembered(tmp_path, ("mới",), lambda: 2)
    old = [p for p in tmp_path.glob("*.pickle")][0]
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    forget_unused(tmp_path)
    assert len(list(tmp_path.glob("*.pickle"))) == 1 and not old.exists()


def _flip_a_letter(path) -> bool:
    """Change one letter in the second half of a record in place, as a failing disk would, so the
    pickle still loads; False for a record with no letter there."""
    data = bytearray(path.read_bytes())
    letters = [i for i in range(len(data) // 2, len(data)) if chr(data[i]).isascii() and chr(data[i]).isalpha()]
    if not letters:
        return False
    data[letters[len(letters) // 2]] ^= 0x20
    path.write_bytes(bytes(data))
    return True


def test_a_damaged_record_is_computed_again_and_repaired(tmp_path):
    remembered(tmp_path, ("a",), lambda: "Kế hoạch tuyên truyền cải cách hành chính năm 2026")
    (record,) = tmp_path.glob("*.pickle")
    for damage in (_flip_a_letter, lambda path: path.write_bytes(path.read_bytes()[:-9])):
        damage(record)
        assert remembered(tmp_path, ("a",), lambda: "mới") == "mới"
        assert remembered(tmp_path, ("a",), lambda: "lần nữa") == "mới"


@pytest.mark.slow
def test_after_bits_flip_in_memo_records_the_next_build_equals_a_clean_one(portal):
    from congtt.plugin import MEMO_CACHE

    clean = _build(portal)
    flipped = [_flip_a_letter(record) for record in (portal / MEMO_CACHE).glob("*.pickle")]
    assert sum(flipped) >= 3
    assert _build(portal) == clean


def _build(portal):
    """Build the portal (no render cache: every page is written from the memo); every file's bytes."""
    import shutil

    from congtt.plugin import PAGE_CACHE

    shutil.rmtree(portal / PAGE_CACHE, ignore_errors=True)
    result = run(portal, "build", "--now", "2026-11-23T08:00:00+07:00")
    assert result.exit_code == 0, result.output
    site = portal / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
