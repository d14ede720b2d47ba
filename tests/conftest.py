"""Shared helpers: a copy of the small fixture portal and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from congtt.cli import main
from congtt.instant import DRAFTS_VARIABLE, NOW_VARIABLE

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _clean_environment():
    """``--now`` and ``--drafts`` travel in the environment: never leak them across tests."""
    yield
    os.environ.pop(NOW_VARIABLE, None)
    os.environ.pop(DRAFTS_VARIABLE, None)


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    """A writable copy of the fixture portal (one post, one plan, one procedure)."""
    target = tmp_path / "portal"
    shutil.copytree(FIXTURES / "portal", target)
    return target


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example portal built once for the browser tests, as of 23/11/2026."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = run(REPOSITORY, "build", "--site-dir", str(site), "--now", "2026-11-23T08:00:00+07:00")
    assert result.exit_code == 0, result.output
    return site


def run(portal: Path, *args: str):
    """Run ``congtt`` against ``portal``; the result has ``exit_code`` and ``output``."""
    command, *rest = args
    return CliRunner().invoke(main, [command, "-f", str(portal / "mkdocs.yml"), *rest])


def place(portal: Path, fixture: str, folder: str, name: str | None = None) -> Path:
    """Copy ``tests/fixtures/invalid/<fixture>`` into ``portal/<folder>``."""
    target = portal / folder / (name or fixture)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "invalid" / fixture, target)
    return target
