"""Problems found in content: where they are and what to do, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import CongttError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content tree, reported as ``path:line: message``."""

    path: str
    line: int
    message: str
    warning: bool = False  # said, never blocking: the build publishes the content with the fix applied

    def __str__(self) -> str:
        prefix = "cảnh báo: " if self.warning else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop publishing (warnings do not)."""
    return [problem for problem in problems if not problem.warning]


class ContentError(CongttError):
    """Raised when content cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path) -> str:
    """Show ``path`` relative to the repository root, with forward slashes.

    Paths found under ``root`` itself are cut lexically; only the others are
    resolved (a ``stat`` per path component: seconds over 20,000 files).
    """
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
