"""Checks across the whole tree: what no single file can know about itself."""

from __future__ import annotations

from pathlib import Path

from .config import CongttConfig
from .content import LoadedItems, images_without_alt, load_portal, missing_alt
from .images import SoundImages

SOUND_IMAGES = Path(".cache/congtt/sound-images.json")
LOADED_ITEMS = Path(".cache/congtt/items.pickle")
from .model import Portal
from .problems import Problem, display_path


def check_tree(settings: CongttConfig, root: Path, docs_dir: Path) -> tuple[Portal, list[Problem]]:
    """Load and validate everything; return the portal and every problem, sorted."""
    portal, problems = load_portal(settings, root, LoadedItems(root / LOADED_ITEMS, settings))
    problems.extend(duplicate_urls(portal, root, docs_dir))
    problems.extend(broken_images(portal, settings.image_max_pixels, SoundImages(root / SOUND_IMAGES)))
    problems.extend(page_images_without_alt(root, docs_dir))
    problems.extend(duplicate_post_ids(portal))
    return portal, sorted(problems)


def duplicate_urls(portal: Portal, root: Path, docs_dir: Path) -> list[Problem]:
    """Two sources that would publish at the same address."""
    owners: dict[str, tuple[str, int]] = {}
    for page in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        owners.setdefault(_page_url(page, docs_dir), (display_path(page, root), 1))
    problems = []
    for item in portal.items():
        first = owners.setdefault(item.url, (item.display_path, 1))
        if first[0] != item.display_path:
            problems.append(
                Problem(
                    item.display_path,
                    1,
                    f"Địa chỉ «/{item.url}» trùng với địa chỉ của tệp {first[0]}. "
                    "Thêm khóa «slug: …» khác cho một trong hai tệp.",
                )
            )
    return problems


def duplicate_post_ids(portal: Portal) -> list[Problem]:
    """Two posts with one identity would share a feed guid, and aggregators would drop one of them."""
    owners: dict[str, str] = {}
    problems = []
    for post in sorted(portal.posts, key=lambda p: p.display_path):
        identity = post.identity
        first = owners.setdefault(identity, post.display_path)
        if first != post.display_path:
            problems.append(
                Problem(
                    post.display_path,
                    1,
                    f"Mã nhận diện «{identity}» của tin bài trùng với tin bài {first} (nguồn tin RSS dùng mã này "
                    "để nhận ra tin bài). Đổi tên tệp, hoặc thêm khóa «id: …» khác cho một trong hai tệp.",
                )
            )
    return problems


def page_images_without_alt(root: Path, docs_dir: Path) -> list[Problem]:
    """Photos on the fixed pages (Giới thiệu, Liên hệ …) need a description as much as those in posts."""
    problems = []
    for page in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        text = page.read_text(encoding="utf-8-sig", errors="replace")
        for line, target in images_without_alt(text):
            problems.append(Problem(display_path(page, root), line, missing_alt(target)))
    return problems


def _page_url(page: Path, docs_dir: Path) -> str:
    """The directory URL MkDocs gives a static page."""
    relative = page.relative_to(docs_dir).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] in ("index", "README"):
        parts.pop()
    return "/".join(parts) + "/" if parts else ""


def broken_images(portal: Portal, max_pixels: int, sound: SoundImages) -> list[Problem]:
    """Every referenced photo must decode and stay within the pixel limit."""
    problems = []
    for item in portal.items():
        images = [a for a in item.assets if a.is_image]
        cover = getattr(item, "image", None)
        if cover is not None:
            images.append(cover)
        for asset in images:
            message = sound.problem(asset.path, asset.ref, max_pixels)
            if message:
                problems.append(Problem(item.display_path, asset.line, message))
    sound.save()
    return problems
