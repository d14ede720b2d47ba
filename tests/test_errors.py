"""One base for every error congtt explains (issue 21), and the command line prints any of them as one line."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import click
from click.testing import CliRunner

import congtt
from conftest import run
from congtt.cli import main
from congtt.errors import CongttError


def _congtt_modules():
    for info in pkgutil.walk_packages(congtt.__path__, "congtt."):
        yield importlib.import_module(info.name)


def test_every_error_class_of_congtt_derives_from_one_base():
    errors = [
        (module.__name__, name, cls) for module in _congtt_modules()
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and issubclass(cls, BaseException)
        and not name.startswith("_") and not issubclass(cls, click.ClickException)
    ]
    assert len(errors) >= 20
    assert [(module, name) for module, name, cls in errors if not issubclass(cls, CongttError)] == []


def test_an_error_a_command_lets_through_is_one_vietnamese_line(portal, monkeypatch):
    def refuse(*args, **kwargs):
        raise CongttError("Không đọc được bản ghi.")

    monkeypatch.setattr("congtt.overview.lines", refuse)
    result = run(portal, "status")
    assert (result.exit_code, result.output) == (1, "Lỗi: Không đọc được bản ghi.\n")
    debugged = CliRunner().invoke(main, ["--debug", "status", "-f", str(portal / "mkdocs.yml")])
    assert debugged.exit_code == 1 and isinstance(debugged.exception, CongttError)  # the traceback, for developers
