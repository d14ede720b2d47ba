"""Material's stylesheet trimmed to what the portal's pages can name."""

from __future__ import annotations

from pathlib import Path

from jinja2 import DictLoader, Environment

from congtt.stylesheets import (
    Vocabulary,
    configured_values,
    fingerprinted,
    html_classes,
    portal_vocabulary,
    reachable_templates,
    trim,
    trim_together,
)


def _vocabulary(*tokens: str, **values: set[str]) -> Vocabulary:
    vocabulary = Vocabulary(tokens=set(tokens))
    vocabulary.attribute_values = {key.replace("_", "-"): value for key, value in values.items()}
    return vocabulary


def test_rules_naming_only_known_classes_survive():
    css = ".md-nav{a:1}.md-post__meta{b:2}.md-nav .md-tag{c:3}body{d:4}"
    assert trim(css, _vocabulary("md-nav")) == ".md-nav{a:1}body{d:4}"


def test_a_selector_list_keeps_only_its_possible_selectors():
    assert trim(".a,.b .c,.b{x:1}", _vocabulary("a", "b")) == ".a,.b{x:1}"


def test_classes_inside_not_and_is_do_not_decide():
    css = ".a:not(.zzz){x:1}.a :is(.q,.r){y:2}"
    assert trim(css, _vocabulary("a")) == css


def test_empty_media_blocks_go_and_others_stay():
    css = "@media screen and (min-width:10em){.gone{x:1}}@media print{.a{y:2}}"
    assert trim(css, _vocabulary("a")) == "@media print{.a{y:2}}"


def test_palette_and_direction_rules_only_for_configured_values():
    css = "[data-md-color-primary=red]{x:1}[data-md-color-primary=custom]{y:2}[dir=rtl] .a{z:3}"
    vocabulary = _vocabulary("a", data_md_color_primary={"custom"}, dir={"ltr"})
    assert trim(css, vocabulary) == "[data-md-color-primary=custom]{y:2}"


def test_custom_properties_nobody_reads_are_dropped_until_none_is_left():
    css = ":root{--icon:url(x);--used:var(--inner);--inner:1px;--orphan:var(--icon)}.a{width:var(--used)}"
    assert trim(css, _vocabulary("a")) == ":root{--used:var(--inner);--inner:1px}.a{width:var(--used)}"


def test_properties_read_by_the_engine_stylesheet_are_kept():
    vocabulary = _vocabulary("a")
    vocabulary.add_text(".ct-x{color:var(--md-accent)}")
    assert trim(":root{--md-accent:red;--other:blue}", vocabulary) == ":root{--md-accent:red}"


def test_page_classes_and_template_tokens_enter_the_vocabulary():
    vocabulary = Vocabulary()
    vocabulary.tokens.update(html_classes('<p class="admonition note">x</p>'))
    vocabulary.add_template('<div class="md-grid {{ extra }}"><script>document.querySelector(".tabbed-set")</script>')
    assert {"admonition", "note", "md-grid"} <= vocabulary.tokens
    assert "tabbed-set" not in vocabulary.tokens


def test_only_templates_reachable_from_the_roots_count():
    env = Environment(loader=DictLoader({
        "main.html": '{% extends "base.html" %}',
        "base.html": '{% if x %}{% include "partials/a.html" %}{% endif %}',
        "partials/a.html": '<p class="reached"></p>',
        "blog.html": '<p class="unreached"></p>',
    }))
    sources = reachable_templates(env, ["main.html", "missing.html"])
    assert any("reached" in source for source in sources)
    assert not any("unreached" in source for source in sources)


def test_portal_vocabulary_includes_engine_assets(tmp_path: Path):
    (tmp_path / "congtt.js").write_text('el.classList.add("ct-open")', encoding="utf-8")
    env = Environment(loader=DictLoader({"main.html": '<p class="md-typeset"></p>'}))
    theme = {"palette": [{"scheme": "slate", "primary": "custom"}]}
    vocabulary = portal_vocabulary(env, ["main.html"], tmp_path, Vocabulary(tokens={"page-class"}), theme)
    assert {"ct-open", "md-typeset", "page-class"} <= vocabulary.tokens
    assert vocabulary.attribute_values["data-md-color-scheme"] == {"slate"}
    assert vocabulary.attribute_values["data-md-color-accent"] == {"indigo"}


def test_configured_values_accept_a_single_palette_mapping():
    values = configured_values({"palette": {"primary": "deep orange"}, "direction": "ltr"})
    assert values["data-md-color-primary"] == {"deep-orange"}
    assert values["dir"] == {"ltr"}


def test_the_trimmed_file_is_named_by_its_content():
    first = fingerprinted("assets/stylesheets/main.57a0d79d.min.css", ".a{x:1}")
    assert first.startswith("assets/stylesheets/main.") and first.endswith(".min.css")
    assert first != "assets/stylesheets/main.57a0d79d.min.css"
    assert first != fingerprinted("assets/stylesheets/main.57a0d79d.min.css", ".a{x:2}")


def test_a_property_read_only_by_another_sheet_is_kept():
    main = ":root{--md-hue:225deg;--gone:1}.a{background:var(--md-default-bg-color)}"
    palette = "[data-md-color-scheme=slate]{--md-default-bg-color:hsla(var(--md-hue),15%,14%,1)}"
    vocabulary = _vocabulary("a", data_md_color_scheme={"slate"})
    trimmed = trim_together({"main": main, "palette": palette}, vocabulary)
    assert trimmed["main"] == ":root{--md-hue:225deg}.a{background:var(--md-default-bg-color)}"
    assert trimmed["palette"] == palette
