"""The portal with the keyboard alone, at 360 and 1280 px: a skip link first, a focus that always shows, no
invisible stop (a closed menu drawer included), and switches that answer Enter and Space."""

from __future__ import annotations

import pytest

from browser import DESKTOP, PHONE, chromium, serve_site
from test_browser_portal import POST, PROCEDURE

PAGES = {
    "trang chủ": "",
    "tin bài": POST,
    "danh mục thủ tục": "thu-tuc-hanh-chinh/",
    "thủ tục": PROCEDURE,
    "tìm kiếm": "tim-kiem/?q=ho+tich",
    "sổ văn bản": "van-ban/",
}
SKIP_TEXT = "Bỏ qua menu, đến nội dung chính"
MOST_STOPS = 80  # more than any of these pages has: the walk ends when the focus leaves the page

# What a sighted keyboard user sees of the focused element: where it is, whether anything hides it, and
# whether a focus ring (an outline, or a box-shadow some widgets draw instead) marks it.
FOCUSED = """async () => {
  await Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => null)));  // a stable state
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  let hidden = false;
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) hidden = true;
    if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") hidden = true;
  }
  const own = getComputedStyle(element);
  const ring = (own.outlineStyle !== "none" && parseFloat(own.outlineWidth) > 0) || own.boxShadow !== "none";
  const chip = element.closest(".ct-chip");
  const chipRing = chip ? getComputedStyle(chip).outlineStyle !== "none" : false;
  return {
    tag: element.tagName.toLowerCase(), text: (element.getAttribute("aria-label") || element.textContent || element.name || "").trim().slice(0, 60),
    width: box.width, height: box.height, hidden, ring: ring || chipRing,
    inDrawer: Boolean(element.closest(".md-sidebar--primary")), inContent: Boolean(element.closest("#ct-noi-dung")),
    id: element.id, className: String(element.className).slice(0, 80),
  };
}"""


def _open(browser, base: str, path: str, viewport):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.goto(base + path, wait_until="load")
    page.wait_for_function("document.querySelector('[data-ct-textsize]') && !document.querySelector('[data-ct-textsize]').hidden")
    return context, page


def _stops(page) -> list[dict]:
    """Every Tab stop from the top of the page, in order, until the focus leaves the page."""
    stops = []
    for _ in range(MOST_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop == stops[0]):
            break
        stops.append(stop)
    return stops


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_first_tab_stop_is_a_skip_link_to_the_content(example_site, viewport):
    with serve_site(example_site) as base, chromium() as browser:
        for name, path in PAGES.items():
            context, page = _open(browser, base, path, viewport)
            page.keyboard.press("Tab")
            first = page.evaluate(FOCUSED)
            assert first["text"] == SKIP_TEXT and not first["hidden"] and first["width"] > 0, (name, first)
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "ct-noi-dung", name
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUSED)["inContent"], (name, page.evaluate(FOCUSED))
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_tab_stop_can_be_seen_and_shows_its_focus(example_site, viewport):
    with serve_site(example_site) as base, chromium() as browser:
        for name, path in PAGES.items():
            context, page = _open(browser, base, path, viewport)
            stops = _stops(page)
            assert len(stops) >= 5, (name, stops)
            for stop in stops:
                assert not stop["hidden"] and stop["width"] > 0 and stop["height"] > 0, (name, "invisible stop", stop)
                assert stop["ring"], (name, "no visible focus", stop)
                if viewport is PHONE:
                    assert not stop["inDrawer"], (name, "a stop in the closed menu drawer", stop)
            context.close()


@pytest.mark.browser
def test_the_scheme_switch_and_the_text_size_answer_enter_and_space(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        context, page = _open(browser, base, "", DESKTOP)
        scheme = "document.body.getAttribute('data-md-color-scheme')"
        assert page.evaluate(scheme) == "default"
        page.locator("label.ct-scheme:not([hidden])").focus()
        page.keyboard.press("Enter")
        assert page.evaluate(scheme) == "slate"
        assert page.evaluate(FOCUSED)["tag"] == "label"  # the switch that replaced the pressed one has the focus
        page.keyboard.press(" ")
        assert page.evaluate(scheme) == "default"

        status = page.locator("[data-ct-textsize-level]")
        page.locator("button[data-step='1']").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.documentElement.getAttribute('data-ct-text')") == "1"
        assert page.locator("button[data-step='1']").get_attribute("aria-pressed") == "true"
        assert page.locator("button[data-step='0']").get_attribute("aria-pressed") == "false"
        assert status.text_content() == "Cỡ chữ: lớn"
        page.locator("button[data-step='-1']").focus()
        page.keyboard.press(" ")
        page.keyboard.press(" ")
        assert status.text_content() == "Cỡ chữ: nhỏ"
        assert page.locator("button[data-step='-1']").get_attribute("aria-pressed") == "true"
        context.close()


@pytest.mark.browser
def test_the_menu_drawer_opens_and_closes_with_the_keyboard_on_a_phone(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        context, page = _open(browser, base, PROCEDURE, PHONE)
        menu = page.locator("[data-ct-menu]")
        assert menu.get_attribute("aria-expanded") == "false"
        menu.focus()
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        drawer_link = page.locator(".md-sidebar--primary a.md-nav__link").first
        drawer_link.wait_for(state="visible")
        page.wait_for_function("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'visible'")
        drawer_link.focus()
        assert page.evaluate(FOCUSED)["inDrawer"]
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.hasAttribute('data-ct-menu')")
        context.close()
