"""Slow, pure results come back from disk for the same inputs and are computed again for new ones."""

from __future__ import annotations

from congtt.memo import remembered


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
