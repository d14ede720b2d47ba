"""``congtt new``: ready-to-fill files with every key explained in Vietnamese."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template

from .config import CongttConfig, names
from .text import slugify
from .errors import CongttError

KINDS = {"news": "news_dir", "document": "plans_dir", "procedure": "tthc_dir"}


class AlreadyExists(CongttError, FileExistsError):
    """``new`` refuses to overwrite: content is never lost by a command."""


def new_item(kind: str, title: str, settings: CongttConfig, root: Path, now: datetime) -> Path:
    """Write a template for ``kind`` titled ``title``; return its path."""
    folder = root / getattr(settings, KINDS[kind])
    slug = slugify(title) or "bai-moi"
    if kind == "news":
        path = folder / f"{now:%Y}" / f"{now:%Y-%m-%d}-{slug}.md"
    elif kind == "document":
        path = folder / f"{now:%Y}" / f"{slug}.md"
    else:
        path = folder / f"{slug}.md"
    text = _render(kind, title, settings, now)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise AlreadyExists(path) from None
    return path


def _render(kind: str, title: str, settings: CongttConfig, now: datetime) -> str:
    """Fill the template with the title, today and the configured vocabularies."""
    template = resources.files("congtt").joinpath("templates", f"{kind}.md").read_text("utf-8")
    categories = list(names(settings.categories))
    kinds = list(names(settings.document_kinds))
    fields = list(names(settings.tthc_fields))
    return Template(template).substitute(
        title=title.replace("\\", "\\\\").replace('"', '\\"'),  # a YAML double-quoted scalar, kept as typed
        now=f"{now:%d/%m/%Y %H:%M}",
        today=f"{now:%d/%m/%Y}",
        categories=", ".join(categories),
        first_category=categories[0],
        areas=", ".join(names(settings.cchc_areas)),
        channels=", ".join(names(settings.channels)),
        kinds=", ".join(kinds),
        first_kind=kinds[0],
        fields=", ".join(fields),
        first_field=fields[0],
        authority=settings.commune.authority,
        place=settings.commune.place,
    )
