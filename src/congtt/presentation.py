"""What templates need: Vietnamese formatting filters and each item's page metadata."""

from __future__ import annotations

from datetime import datetime

from jinja2 import Environment

from . import dates
from .config import CongttConfig, names
from .listings import Listing
from .model import Item
from .schema import DOCUMENT_STATUSES, ONLINE_LEVELS, PROCEDURE_STATUSES, TASK_STATUSES


def page_meta(item: Item, template: str, now: datetime) -> dict:
    """Metadata MkDocs and Material read from a page, plus the model for our templates."""
    description = getattr(item, "summary", "") or item.title
    return {
        "title": item.title,
        "template": template,
        "description": description,
        "item": item,
        "build_date": now.date(),
    }


def listing_meta(listing: Listing) -> dict:
    """Metadata of a generated listing page; its template is named after its kind."""
    return {"title": listing.title, "template": f"{listing.kind}.html", "listing": listing}


def file_size(size: int) -> str:
    """A file size as staff and citizens read it: ``35 KB``, ``1,2 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def install(env: Environment, settings: CongttConfig) -> None:
    """Register filters and the vocabulary names used by the theme."""
    env.filters["ngay"] = dates.format_day
    env.filters["ngay_gio"] = dates.format_datetime
    env.filters["dia_danh_ngay"] = dates.format_place_date
    env.filters["dung_luong"] = file_size
    env.globals["congtt"] = {
        "commune": settings.commune,
        "categories": names(settings.categories),
        "cchc_areas": names(settings.cchc_areas),
        "channels": names(settings.channels),
        "tthc_fields": names(settings.tthc_fields),
        "document_kinds": names(settings.document_kinds),
        "document_statuses": DOCUMENT_STATUSES,
        "procedure_statuses": PROCEDURE_STATUSES,
        "online_levels": ONLINE_LEVELS,
        "task_statuses": TASK_STATUSES,
    }
