"""The build target: nothing congtt did not build is ever swapped out or deleted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.mark.parametrize("folder", ["news", "plans", "tthc", "content", "news/2023"])
def test_a_content_folder_is_refused_and_kept(portal, folder):
    before = _files(portal)
    result = run(portal, "build", "-d", str(portal / folder))
    assert result.exit_code == 1
    shown = folder.split("/")[0] if folder != "news/2023" else "news"
    assert (
        f"Lỗi: Không xây dựng vào «{folder}»: thư mục này chứa (hoặc nằm trong) nội dung của Cổng («{shown}»), "
        "thay nó sẽ xóa mất nội dung. Hãy chọn một thư mục riêng, ví dụ «site»."
    ) in result.output
    assert _files(portal) == before


def test_the_repository_and_its_parents_are_refused(portal):
    before = _files(portal)
    for target in (portal, portal.parent):
        result = run(portal, "build", "-d", str(target))
        assert result.exit_code == 1
        assert "thư mục này chứa cả kho nội dung của Cổng, thay nó sẽ xóa mất mkdocs.yml" in result.output
    assert "Lỗi: Không xây dựng vào «.»: thư mục này chứa cả kho nội dung của Cổng" in run(portal, "build", "-d", str(portal)).output
    assert _files(portal) == before


def test_site_dir_in_mkdocs_yml_pointing_at_content_is_refused(portal):
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_dir: plans\n", encoding="utf-8")
    before = _files(portal)
    result = run(portal, "build")
    assert result.exit_code == 1
    assert "Lỗi: Không xây dựng vào «plans»" in result.output
    assert _files(portal) == before


def test_a_folder_not_built_by_congtt_is_refused(portal, tmp_path):
    other = tmp_path / "tai-lieu"
    other.mkdir()
    (other / "bao-cao.docx").write_bytes(b"hand-written")
    result = run(portal, "build", "-d", str(other))
    assert result.exit_code == 1
    assert (
        f"Lỗi: Không xây dựng vào «{other}»: thư mục này đã có tệp mà không phải do congtt xây dựng; "
        "congtt không xóa những gì nó không tạo ra. Hãy chọn một thư mục trống hoặc chưa có."
    ) in result.output
    assert (other / "bao-cao.docx").read_bytes() == b"hand-written"


def test_feeds_refuse_a_content_folder(portal):
    result = run(portal, "feeds", "-d", str(portal / "news"))
    assert result.exit_code == 1
    assert "Lỗi: Không xây dựng vào «news»" in result.output
    assert not list((portal / "news").glob("*.xml"))


@pytest.mark.slow
def test_an_empty_folder_then_its_own_site_are_accepted(portal, tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    assert run(portal, "build", "-d", str(target)).exit_code == 0
    assert (target / ".congtt-site").is_file()
    result = run(portal, "build", "-d", str(target))
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_a_site_built_before_the_marker_is_still_replaced(portal):
    assert run(portal, "build").exit_code == 0
    (portal / "site" / ".congtt-site").unlink()
    result = run(portal, "build")
    assert result.exit_code == 0, result.output
    assert (portal / "site" / ".congtt-site").is_file()


@pytest.mark.slow
def test_staging_folders_of_killed_builds_are_removed(portal):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = portal / f".site.new-{dead.stdout.strip()}-abcd1234"
    older = portal / ".site.new-k3x9q_2m"  # the name builds used before it carried a process id
    running = portal / f".site.new-{os.getpid()}-zzzz0000"
    for folder in (killed, older, running):
        (folder / "tin-tuc").mkdir(parents=True)
    assert run(portal, "build").exit_code == 0
    assert not killed.exists() and not older.exists()
    assert running.exists()  # a build still running beside this one keeps its folder
