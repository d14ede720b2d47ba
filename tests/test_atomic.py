"""``atomic.write``: whole or not at all, permissions kept, nothing left behind (issue 21)."""

from __future__ import annotations

import pytest

from congtt import atomic
from congtt.studio.accounts import Accounts


def test_a_write_replaces_the_file_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "a" / "ban-ghi.json"
    atomic.write(target, "một")
    target.chmod(0o640)
    atomic.write(target, b"hai")
    assert target.read_text("utf-8") == "hai" and target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["ban-ghi.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "ban-ghi.json"
    target.write_text("cũ", "utf-8")
    with pytest.raises(TypeError):
        atomic.write(target, 12)  # type: ignore[arg-type]
    assert target.read_text("utf-8") == "cũ" and [p.name for p in tmp_path.iterdir()] == ["ban-ghi.json"]


def test_the_accounts_file_is_readable_by_its_owner_only(tmp_path):
    accounts = Accounts(tmp_path / "studio" / "accounts.json")
    accounts.add("lan", "bien-tap", "mat-khau-du-dai-1")
    assert (tmp_path / "studio" / "accounts.json").stat().st_mode & 0o777 == 0o600
