"""Body HTML through an allow-list: nothing a post, document or page carries can run.

Markdown passes raw HTML through, so a body could carry ``<script>``, an
``onerror=`` handler, a ``javascript:`` link or a ``<meta http-equiv=refresh>``
that runs (or redirects) on the portal's origin, in pages and in the feeds the
province portal republishes. Every rendered body goes through nh3 (the Ammonia
sanitiser) with the allow-list below, the same for pages and feeds; ``check``
reports beforehand what would be refused or removed (``findings``), so staff
learn of it from the checker, not from a page that silently lost something.

Embeds (``<iframe>``) are kept only from hosts the portal lists in
``mkdocs.yml`` (``embed_hosts``, none by default), over HTTPS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

# What python-markdown and its extensions produce (tables, admonitions, md_in_html,
# attr_list, toc), what staff write by hand in a body, and the engine's own <picture>.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "small", "source", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "audio", "video",
    "track",
})
# Removed with everything inside them: their content is code or styling, never text for readers.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "title", "textarea", "select", "option"})
EMBED_TAGS = frozenset({"iframe"})
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "iframe": {"src", "width", "height", "allowfullscreen", "loading", "referrerpolicy"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "abbr": set(),
    "details": {"open"},
}
# python-markdown's tables write column alignment as a style; nothing else of CSS is kept.
STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "srcset"})
# Tags whose presence means the body tries to run code, redirect, or take input: refused by check.
REFUSED_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "link", "base",
    "form", "input", "button", "textarea", "select", "svg", "math", "template", "portal",
})
_VOID = frozenset({"meta", "link", "base", "input", "embed", "img", "br", "hr", "source", "track", "col", "area", "wbr"})
# A body without any of these renders to HTML the allow-list keeps whole: ``check`` need not render it.
_MAY_CARRY_HTML = re.compile(r"<[A-Za-z!/?]|\{[^}\n]*[=:]|javascript:|vbscript:|data:", re.IGNORECASE)


def may_carry_html(markdown: str) -> bool:
    """True when a Markdown body has raw HTML, attribute lists or a suspicious scheme worth rendering to check."""
    return bool(_MAY_CARRY_HTML.search(markdown))


@dataclass(frozen=True)
class Finding:
    """One thing the sanitiser would take out of a body; ``refused`` marks what tries to run or redirect."""

    snippet: str
    message: str
    refused: bool


class Sanitizer:
    """One nh3 cleaner per build, configured with the portal's embed hosts."""

    def __init__(self, embed_hosts: tuple[str, ...] = ()) -> None:
        self.embed_hosts = frozenset(host.lower() for host in embed_hosts)
        tags = TAGS | (EMBED_TAGS if self.embed_hosts else frozenset())
        self.cleaner = nh3.Cleaner(
            tags=set(tags),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            attribute_filter=self._attribute,
            url_schemes=set(URL_SCHEMES),
            filter_style_properties=set(STYLE_PROPERTIES),
            link_rel=None,
            strip_comments=True,
        )

    def clean(self, html: str) -> str:
        """The body with everything outside the allow-list removed."""
        return self.cleaner.clean(html)

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        """Keep an embed's ``src`` only when it is HTTPS from a listed host."""
        if tag == "iframe" and name == "src" and not self.embeddable(value):
            return None
        return value

    def embeddable(self, url: str) -> bool:
        """True for an HTTPS address on one of the portal's embed hosts."""
        parts = urlsplit(url.strip())
        return parts.scheme == "https" and (parts.hostname or "") in self.embed_hosts

    def findings(self, html: str) -> list[Finding]:
        """What ``clean`` would remove from ``html``, each described in Vietnamese for ``check``."""
        scanner = _Scanner(self)
        scanner.feed(html)
        scanner.close()
        return scanner.found


class _Scanner(HTMLParser):
    """Walks rendered body HTML and names what falls outside the allow-list."""

    def __init__(self, sanitizer: Sanitizer) -> None:
        super().__init__(convert_charrefs=True)
        self.sanitizer = sanitizer
        self.found: list[Finding] = []
        self.refused: list[str] = []  # open refused elements: what they hold goes with them, unnamed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.refused:
            self.refused += [tag] if tag not in _VOID else []
            return
        if tag == "iframe" and self.sanitizer.embed_hosts:
            src = dict(attrs).get("src") or ""
            if not self.sanitizer.embeddable(src):
                self._add("<iframe", f"khung nhúng từ «{src}» không thuộc các trang được phép nhúng (embed_hosts)", True)
            return
        if tag in REFUSED_TAGS:
            self._add(f"<{tag}", f"thẻ <{tag}> có thể chạy mã hoặc chuyển trang", True)
            self.refused += [tag] if tag not in _VOID else []
            return
        if tag not in TAGS:
            self._add(f"<{tag}", f"thẻ <{tag}> không được hỗ trợ (chỉ giữ lại chữ bên trong)", False)
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def handle_endtag(self, tag: str) -> None:
        if self.refused and self.refused[-1] == tag:
            self.refused.pop()

    def _attribute(self, tag: str, name: str, value: str) -> None:
        allowed = ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"]
        if name.startswith("on"):
            self._add(f"{name}=", f"thuộc tính {name}= của thẻ <{tag}> chạy mã khi người đọc thao tác", True)
        elif name in _URL_ATTRIBUTES and not _safe_url(value):
            self._add(value[:20], f"địa chỉ «{value[:60]}» của thẻ <{tag}> không phải http(s), mailto hay tel", True)
        elif name == "style" and tag not in ("td", "th"):
            self._add("style=", f"định dạng style= của thẻ <{tag}> (chữ vẫn giữ, định dạng bị bỏ)", False)
        elif name not in allowed and name != "style":
            self._add(f"{name}=", f"thuộc tính {name}= của thẻ <{tag}>", False)

    def _add(self, snippet: str, message: str, refused: bool) -> None:
        self.found.append(Finding(snippet, message, refused))


def _safe_url(value: str) -> bool:
    """Relative addresses and the allowed schemes; every candidate of a ``srcset``."""
    for candidate in value.split(","):
        address = candidate.strip().split(" ")[0]
        scheme = urlsplit(re.sub(r"[\x00-\x20]", "", address)).scheme.lower()
        if scheme and scheme not in URL_SCHEMES:
            return False
    return True
