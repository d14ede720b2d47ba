"""Page weight: Material's stylesheets trimmed to what the portal's pages can use.

mkdocs-material ships one stylesheet for every feature it has (134 KB, plus
12 KB of colour palettes); a commune portal uses a fraction of it, and citizens
download it on 3G. Before any page is rendered, the engine knows every class a
page can carry: the tokens of the templates (Material's, the engine's, the
portal's overrides), of the engine's scripts, and the classes of every page's
converted Markdown. A rule survives when one of its selectors names only known
classes; palette and direction rules survive only for the configured values;
custom properties nobody reads are dropped. The result is a new file named by
its content hash, so long browser caches stay correct. The engine's own sheet
is trimmed with them (under its own name), and its scripts lose their comments
(rjsmin).

A PurgeCSS-like trim in Python on tinycss2 (a well-kept CSS tokenizer): the npm
tool would need Node at build time, and scanning built pages comes too late to
name the file by its hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rjsmin
import tinycss2
from jinja2 import Environment, TemplateNotFound, meta

CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
TOKEN = re.compile(r"[A-Za-z_-][\w-]*")
# Inside these a class need not be present for the selector to match (or matches one of several):
# the selector is judged without them, which keeps a superset of what pages need.
FUNCTIONAL = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)")
CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
ATTRIBUTE_VALUE = re.compile(r"\[(dir|data-md-color-scheme|data-md-color-primary|data-md-color-accent)=[\"']?([\w-]+)")
VARIABLE_USE = re.compile(r"var\((--[\w-]+)")
INLINE_SCRIPT = re.compile(r"<script>.*?</script>", re.DOTALL)
GROUPING = ("media", "supports", "container", "layer")
THEME_STYLESHEET = re.compile(r"^assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$")


@dataclass
class Vocabulary:
    """Everything a page of this portal can name: class tokens, and configured attribute values."""

    tokens: set[str] = field(default_factory=set)
    attribute_values: dict[str, set[str]] = field(default_factory=dict)
    reads: set[str] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        """Every identifier-like token of a template or script (a superset of its classes), and the
        custom properties it reads."""
        self.tokens.update(TOKEN.findall(text))
        self.reads.update(VARIABLE_USE.findall(text))

    def add_template(self, source: str) -> None:
        """A template's tokens; its inline scripts only select what exists (Material's bundle is not loaded)."""
        self.add_text(INLINE_SCRIPT.sub("", source))

    def digest(self) -> str:
        """Everything the vocabulary holds, in a stable order (a cache key: see ``memo``)."""
        values = sorted((name, sorted(found)) for name, found in self.attribute_values.items())
        return repr((sorted(self.tokens), sorted(self.reads), values))

    def allows(self, selector: str) -> bool:
        """A selector is kept when every class and configured attribute value it names can occur."""
        positive = FUNCTIONAL.sub("", selector)
        if not all(name in self.tokens for name in CLASS_SELECTOR.findall(positive)):
            return False
        for attribute, value in ATTRIBUTE_VALUE.findall(positive):
            if value not in self.attribute_values.get(attribute, {value}):
                return False
        return True


def html_classes(html: str) -> set[str]:
    """The classes named in ``class`` attributes of a piece of HTML."""
    return {name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split()}


def configured_values(theme) -> dict[str, set[str]]:
    """The text direction and palette values this portal's pages can carry."""
    palettes = theme.get("palette") or []
    palettes = [palettes] if isinstance(palettes, dict) else palettes
    values = {"dir": {theme.get("direction") or "ltr"}}
    for key in ("scheme", "primary", "accent"):
        values[f"data-md-color-{key}"] = {str(p.get(key) or ("default" if key == "scheme" else "indigo")).replace(" ", "-") for p in palettes}
    return values


def portal_vocabulary(env: Environment, roots: Iterable[str], assets: Path, pages: Vocabulary, theme) -> Vocabulary:
    """What this portal can name: the templates reachable from ``roots``, the engine's assets, the pages."""
    vocabulary = Vocabulary(tokens=set(pages.tokens), attribute_values=configured_values(theme))
    for source in reachable_templates(env, roots):
        vocabulary.add_template(source)
    for script in sorted([*assets.glob("*.js"), *assets.glob("*.css")]):
        vocabulary.add_text(script.read_text(encoding="utf-8"))
    return vocabulary


def reachable_templates(env: Environment, roots: Iterable[str]) -> list[str]:
    """Sources of ``roots`` and of every template they extend, include or import, conditionally or not.

    Material ships templates for features a portal does not use (blog, tags,
    consent …); only what the portal's templates can reach may add classes.
    """
    seen: dict[str, str] = {}
    queue = list(roots)
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        try:
            source = env.loader.get_source(env, name)[0]
        except TemplateNotFound:
            continue
        seen[name] = source
        queue.extend(n for n in meta.find_referenced_templates(env.parse(source)) if n and n.endswith(".html"))
    return [seen[name] for name in sorted(seen)]


def trim(css: str, vocabulary: Vocabulary) -> str:
    """``css`` without the rules no page can match and the custom properties nobody reads."""
    return trim_together({"": css}, vocabulary)[""]


def trim_together(sheets: dict[str, str], vocabulary: Vocabulary) -> dict[str, str]:
    """Trim stylesheets loaded by the same pages: one may read a property another declares.

    Material declares ``--md-hue`` in its main stylesheet and reads it only in
    the palette's dark scheme.
    """
    kept = {
        name: "".join(_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), vocabulary))
        for name, css in sheets.items()
    }
    return _drop_unread_properties(kept, vocabulary)


def _rules(rules, vocabulary: Vocabulary) -> list[str]:
    """Serialise the rules worth keeping, descending into @media and friends."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _selectors(tinycss2.serialize(rule.prelude)) if vocabulary.allows(s)]
            if selectors:
                out.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in GROUPING:
            inner = _rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), vocabulary)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]))
    return out


def _selectors(prelude: str) -> list[str]:
    """Split a selector list at its top-level commas (not those inside ``:is(…)``)."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _drop_unread_properties(sheets: dict[str, str], vocabulary: Vocabulary) -> dict[str, str]:
    """Remove ``--name`` declarations that no kept rule, template or script reads (icons of unused features)."""
    while True:
        read = vocabulary.reads.union(*(VARIABLE_USE.findall(css) for css in sheets.values()))
        trimmed = {
            name: "".join(
                _without_properties(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), read)
            )
            for name, css in sheets.items()
        }
        if trimmed == sheets:
            return sheets
        sheets = trimmed


def _without_properties(rules, read: set[str]) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            kept = [
                tinycss2.serialize([d]) for d in declarations
                if d.type != "declaration" or not d.name.startswith("--") or d.name in read
            ]
            if kept:
                out.append(tinycss2.serialize(rule.prelude) + "{" + "".join(kept).rstrip(";") + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in GROUPING:
            inner = _without_properties(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), read
            )
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        else:
            out.append(tinycss2.serialize([rule]))
    return out


def fingerprinted(name: str, css: str) -> str:
    """``…/main.57a0d79d.min.css`` → ``…/main.<hash of the trimmed text>.min.css``."""
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:8]
    folder, _, leaf = name.rpartition("/")
    stem = leaf.split(".")[0]
    return f"{folder}/{stem}.{digest}.min.css"


def minified_script(source: str) -> str:
    """A script without its comments and spaces, for the page weight; rjsmin keeps its meaning
    (strings, regular expressions, line breaks that end statements)."""
    return rjsmin.jsmin(source)
