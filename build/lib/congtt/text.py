"""Vietnamese text helpers: normalisation, tone-mark folding and slugs.

One folding function serves slugs, loose matching and search, so that a title,
its URL and a query typed without tone marks always agree.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (macOS and some keyboards type NFD)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip tone marks and diacritics; ``đ`` becomes ``d``."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def slugify(text: str) -> str:
    """Make a URL slug: ``Đăng ký khai sinh`` → ``dang-ky-khai-sinh``."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")
