"""A studio over a throwaway git copy of the fixture portal, with one writer and one head of the board."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures"
WRITER = ("hoa", "mat-khau-bien-tap", "Nguyễn Thị Hoa")
APPROVER = ("an", "mat-khau-truong-ban", "Trần Văn An")
NEW_POST = """---
title: Hội nghị triển khai cải cách hành chính năm 2027
date: 03/12/2026 08:30
summary: Ủy ban nhân dân xã triển khai kế hoạch cải cách hành chính.
category: cai-cach-hanh-chinh
cchc: [tthc]
---

Sáng nay, Ủy ban nhân dân xã tổ chức hội nghị.
"""


@dataclass
class StudioSite:
    """Where the studio works: the repository, its data folder, its Decap folder."""

    repository: Path
    data: Path
    decap: Path


def git(repository: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repository), *args], capture_output=True, text=True, check=True)
    return result.stdout


def make_site(tmp_path: Path, decap: Path | None = None) -> StudioSite:
    """Copy the fixture portal into a new git repository (branch main) and add the two accounts."""
    from congtt.studio.accounts import APPROVER as APPROVING, WRITER as WRITING, Accounts

    repository = tmp_path / "cong"
    shutil.copytree(FIXTURES / "portal", repository)
    (repository / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(repository, "init", "--quiet", "--initial-branch=main")
    git(repository, "-c", "user.name=Quản trị", "-c", "user.email=qt@example", "add", ".")
    git(repository, "-c", "user.name=Quản trị", "-c", "user.email=qt@example", "commit", "--quiet", "-m", "Cổng mẫu")
    data = tmp_path / "studio-data"
    os.environ["CONGTT_STUDIO_DATA"] = str(data)
    accounts = Accounts(data / "accounts.json")
    accounts.add(WRITER[0], WRITING, WRITER[1], WRITER[2])
    accounts.add(APPROVER[0], APPROVING, APPROVER[1], APPROVER[2])
    if decap is None:
        decap = tmp_path / "decap"
        decap.mkdir()
        (decap / "decap-cms.js").write_text("/* stand-in for the protocol tests */", encoding="utf-8")
    return StudioSite(repository, data, decap)
