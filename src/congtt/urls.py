"""Every generated address of the portal, in one place.

A listing's address is written where the listing is made, where a page links to it, where the site
tree and the folder pages list it, and where a feed names it as a category: one function here for
each, so that renaming a folder is one edit and no two places can disagree.
"""

from __future__ import annotations

NEWS_ROOT = "tin-tuc/"
REGISTER_URL = "van-ban/"
CATALOGUE_URL = "thu-tuc-hanh-chinh/"
SITE_TREE_URL = "so-do-cong/"
FEEDS_ROOT = "feeds/"
LEVEL_PAGES = f"{CATALOGUE_URL}muc-do/"  # the online levels' pages, beside the fields' folders
CATEGORY_FOLDER = f"{NEWS_ROOT}chuyen-muc/"
AREA_FOLDER = f"{NEWS_ROOT}cchc/"
KIND_FOLDER = f"{REGISTER_URL}loai/"


def category(slug: str) -> str:
    """A news category's listing: ``tin-tuc/chuyen-muc/<slug>/``."""
    return f"{CATEGORY_FOLDER}{slug}/"


def area(slug: str) -> str:
    """A CCHC area's listing: ``tin-tuc/cchc/<slug>/``."""
    return f"{AREA_FOLDER}{slug}/"


def kind(slug: str) -> str:
    """A document kind's page of the register: ``van-ban/loai/<slug>/``."""
    return f"{KIND_FOLDER}{slug}/"


def field(slug: str) -> str:
    """A procedure field's page of the catalogue, the folder its procedures are in."""
    return f"{CATALOGUE_URL}{slug}/"


def level(slug: str) -> str:
    """An online level's page of the catalogue: ``thu-tuc-hanh-chinh/muc-do/<slug>/``."""
    return f"{LEVEL_PAGES}{slug}/"
