"""Checks across the whole tree: what no single file can know about itself."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

from .config import CongttConfig
from .content import LINK_MESSAGE, LoadedItems, images_without_alt, load_portal, markdown_links, missing_alt
from . import pasted
from .images import SoundImages
from .model import Portal, Procedure
from .problems import Problem, display_path
from .sanitize import Sanitizer, may_carry_html
from .source import read_source
from .text import fold

SOUND_IMAGES = Path(".cache/congtt/sound-images.json")
LOADED_ITEMS = Path(".cache/congtt/items.pickle")

# Files a browser runs when opened from the portal's own address (scripts, pages, SVG and XML
# that may carry script): a download of that kind could act on the portal's origin.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".xml", ".xsl", ".xslt", ".swf"})
_ACTIVE_SVG = re.compile(
    rb"<\s*(script|foreignobject|iframe|embed|object|handler|!entity)|\son[a-z]+\s*=|javascript:|xlink:href\s*=\s*[\"']\s*data:",
    re.IGNORECASE,
)
_ATTRIBUTE_LIST = ("tables", "attr_list", "md_in_html")


def body_markdown(extensions=_ATTRIBUTE_LIST, configs: dict | None = None) -> Callable[[str], str]:
    """python-markdown with the portal's extensions (by default those that let a body carry HTML or attributes)."""
    import markdown

    renderer = markdown.Markdown(extensions=list(extensions), extension_configs=configs or {})
    return lambda text: renderer.reset().convert(text)


def unsafe_bodies(
    portal: Portal, root: Path, docs_dir: Path, sanitizer: Sanitizer, render: Callable[[str], str]
) -> list[Problem]:
    """Say what the sanitiser will take out of each body (see ``sanitize``); the rest is published."""
    problems = []
    for shown, _, body, body_line in _bodies(portal, root, docs_dir):
        if not may_carry_html(body):
            continue
        for finding in sanitizer.findings(render(body)):
            line = body_line + _line_of(body, finding.snippet)
            problems.append(Problem(shown, line, _finding_message(finding), warning=True))
    return problems


def _finding_message(finding) -> str:
    """What staff read about one removal: what, why, what to do."""
    if finding.refused and finding.snippet == "<iframe":
        return (
            f"Nội dung có {finding.message}: khi đăng, Cổng bỏ phần này. Muốn giới thiệu video hay bản đồ, "
            "hãy chèn liên kết tới nó (hoặc nhờ quản trị thêm trang đó vào embed_hosts trong mkdocs.yml)."
        )
    if finding.refused:
        return (
            f"Nội dung có {finding.message}: khi đăng, Cổng bỏ phần này (nội dung không được chạy mã). "
            "Hãy xóa nó khỏi bài."
        )
    return f"Khi đăng, Cổng bỏ {finding.message}. Hãy viết lại bằng Markdown nếu cần giữ định dạng đó."


def _line_of(body: str, snippet: str) -> int:
    """The body line (from 0) where ``snippet`` first appears; 0 when it was made by the Markdown."""
    position = body.lower().find(snippet.lower())
    return body.count("\n", 0, position) if position >= 0 else 0


def _bodies(portal: Portal, root: Path, docs_dir: Path) -> list[tuple[str, Path, str, int]]:
    """Every body the portal publishes, items' and fixed pages': (shown path, file, body, first line)."""
    bodies = [(item.display_path, item.source, item.body, item.body_line) for item in portal.items()]
    return bodies + [(display_path(page, root), page, *_page_body(page)) for page in _pages(docs_dir)]


def _page_body(page: Path) -> tuple[str, int]:
    """A fixed page's body and the line it starts on (a page needs no front-matter: then it is all body)."""
    source = read_source(page)
    if source.text is not None and not source.text.lstrip().startswith("---"):
        return source.text, 1
    return source.body, source.body_line


def _pages(docs_dir: Path) -> list[Path]:
    """The fixed pages' Markdown files, links excluded (``links_in_pages`` reports those)."""
    return sorted(p for p in _walk(docs_dir) if p.suffix == ".md" and not p.is_symlink())


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry under ``folder``, never following a link (a link is listed, not entered)."""
    if not folder.is_dir():
        return
    for current, folders, files in os.walk(folder, followlinks=False):
        for name in folders + files:
            yield Path(current) / name


def unreadable_pages(root: Path, docs_dir: Path) -> list[Problem]:
    """The fixed pages' front-matter read by the engine's reader before MkDocs reads it.

    MkDocs would expand a YAML alias bomb or recurse into deep nesting on its
    own; a page the reader refuses stops the build before MkDocs sees it.
    """
    problems = []
    for page in _pages(docs_dir):
        source = read_source(page)
        if source.text and not source.text.lstrip("\ufeff").startswith("---"):
            continue  # a fixed page needs no front-matter
        problems += [Problem(display_path(page, root), line, message) for line, message in source.problems]
    return problems


def pasted_shapes(portal: Portal, root: Path, docs_dir: Path) -> list[Problem]:
    """Warnings where a body holds text pasted from Word, which the portal shows as meant (see ``pasted``)."""
    return [Problem(shown, body_line + finding.line, finding.message, warning=True)
            for shown, _, body, body_line in _bodies(portal, root, docs_dir) for finding in pasted.findings(body)]


def broken_links(portal: Portal, root: Path, docs_dir: Path) -> list[Problem]:
    """Links to another Markdown file that is not in the repository: the page (and the feed) would link a
    404, where MkDocs only warns in English."""
    bodies = _bodies(portal, root, docs_dir)
    known = {source.resolve() for _, source, _, _ in bodies}
    problems = []
    for shown, source, body, body_line in bodies:
        for target, line in markdown_links(body):
            path = (source.parent / unquote(target)).resolve()
            if path not in known:
                problems.append(Problem(shown, body_line + line, _broken_link_message(target)))
    return problems


def _broken_link_message(target: str) -> str:
    return (
        f"Liên kết «{target}» không dẫn tới bài nào: trong kho không có tệp đó (đường dẫn tính từ thư mục của "
        "tệp này). Sửa lại theo tên tệp của bài cần dẫn tới, ví dụ «../2024/2024-03-01-ten-bai.md», hoặc bỏ liên kết."
    )


def links_in_pages(root: Path, docs_dir: Path) -> list[Problem]:
    """Symbolic links in ``content/``: MkDocs would follow them and publish what they point at."""
    return [
        Problem(display_path(path, root), 1, LINK_MESSAGE)
        for path in _walk(docs_dir)
        if path.is_symlink()
    ]


def active_files(portal: Portal, root: Path, docs_dir: Path) -> list[Problem]:
    """Downloads and page files a browser would run on the portal's origin are refused."""
    problems = [
        Problem(item.display_path, asset.line, _active_message(asset.path.name))
        for item in portal.items()
        for asset in item.published_files()
        if is_active_file(asset.path)
    ]
    problems += [
        Problem(display_path(path, root), 1, _active_message(path.name))
        for path in _walk(docs_dir)
        if path.is_file() and not path.is_symlink() and is_active_file(path)
    ]
    return problems


def is_active_file(path: Path) -> bool:
    """Scripts and web pages by their type; SVG drawings when they carry script."""
    suffix = path.suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return True
    return suffix in (".svg", ".svgz") and bool(_ACTIVE_SVG.search(_head(path)))


def _head(path: Path, limit: int = 2 * 1024 * 1024) -> bytes:
    """The first bytes of a file (an SVG drawing is small; a huge one is read only that far)."""
    with path.open("rb") as stream:
        return stream.read(limit)


def _active_message(name: str) -> str:
    return (
        f"Tệp «{name}» là loại tệp trình duyệt có thể chạy như chương trình (trang web, mã JavaScript, "
        "hình SVG có mã lệnh) nên Cổng không đăng. Hãy đổi sang PDF, hoặc ảnh PNG, JPG."
    )


def check_tree(
    settings: CongttConfig, root: Path, docs_dir: Path, markdown: Callable[[str], str] | None = None,
    site_url: str = "",
) -> tuple[Portal, list[Problem]]:
    """Load and validate everything; return the portal and every problem (errors and warnings), sorted.

    ``markdown`` renders a body as the site does (the portal's extensions); by
    default python-markdown with the extensions that pass attributes through.
    ``site_url`` is the portal's address, checked against the example's.
    """
    portal, problems = load_portal(settings, root, LoadedItems(root / LOADED_ITEMS, settings))
    render = markdown or body_markdown()
    sanitizer = Sanitizer(tuple(settings.embed_hosts))
    problems.extend(unsafe_bodies(portal, root, docs_dir, sanitizer, render))
    problems.extend(links_in_pages(root, docs_dir))
    problems.extend(unreadable_pages(root, docs_dir))
    problems.extend(active_files(portal, root, docs_dir))
    problems.extend(duplicate_urls(portal, root, docs_dir))
    problems.extend(broken_images(portal, settings.image_max_pixels, SoundImages(root / SOUND_IMAGES)))
    problems.extend(page_images_without_alt(root, docs_dir))
    problems.extend(duplicate_post_ids(portal))
    problems.extend(duplicate_procedure_codes(portal))
    problems.extend(borrowed_address(site_url, settings, root))
    problems.extend(broken_links(portal, root, docs_dir))
    problems.extend(pasted_shapes(portal, root, docs_dir))
    return portal, sorted(problems)


# The example portal's address and commune: a commune that copies the example and keeps its address
# would publish feeds, canonical links and guids in Lai Khê's name.
EXAMPLE_SITE_URL = "https://laikhe.haiphong.gov.vn/"
EXAMPLE_COMMUNE = "Xã Lai Khê"


def borrowed_address(site_url: str, settings: CongttConfig, root: Path) -> list[Problem]:
    """The example's ``site_url`` kept by another commune."""
    if site_url.rstrip("/") != EXAMPLE_SITE_URL.rstrip("/") or fold(settings.commune.name) == fold(EXAMPLE_COMMUNE):
        return []
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8") if config.is_file() else ""
    line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("site_url:")), 1)
    return [Problem("mkdocs.yml", line, (
        f"site_url vẫn là địa chỉ của Cổng mẫu {EXAMPLE_COMMUNE} ({EXAMPLE_SITE_URL}) trong khi Cổng này là của "
        f"{settings.commune.name}: nguồn tin RSS, liên kết chia sẻ và sơ đồ Cổng sẽ mang tên Cổng khác, và cổng "
        "của tỉnh sẽ xếp tin của xã vào Cổng mẫu. Ghi địa chỉ Cổng của xã, ví dụ site_url: https://tenxa.tinh.gov.vn/"))]


def duplicate_urls(portal: Portal, root: Path, docs_dir: Path) -> list[Problem]:
    """Two sources that would publish at the same address."""
    owners: dict[str, tuple[str, object]] = {}
    for page in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        owners.setdefault(page_url(page, docs_dir), (display_path(page, root), None))
    problems = []
    for item in portal.items():
        first = owners.setdefault(item.url, (item.display_path, item))
        # Two files of one procedure code are reported by their code (see duplicate_procedure_codes).
        same_code = isinstance(item, Procedure) and isinstance(first[1], Procedure) and first[1].code == item.code
        if first[0] != item.display_path and not same_code:
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


def duplicate_procedure_codes(portal: Portal) -> list[Problem]:
    """One code is one procedure of the national database: two files with it would list it twice (a
    warning while either is a draft, the usual state of a rewrite in progress)."""
    owners: dict[str, Procedure] = {}
    problems = []
    for procedure in sorted(portal.procedures, key=lambda p: p.display_path):
        first = owners.setdefault(procedure.code, procedure)
        if first is not procedure and procedure.code:
            line = read_source(procedure.source).meta.key_lines.get("code", 1)
            problems.append(Problem(
                procedure.display_path, line,
                f"Mã thủ tục «{procedure.code}» đã có ở tệp {first.display_path} («{first.title}»). Mỗi mã là một "
                "thủ tục: nếu hai tệp cùng một thủ tục, hãy giữ một tệp và xóa tệp kia; nếu khác thủ tục, hãy sửa "
                "lại mã theo Cơ sở dữ liệu quốc gia về TTHC.",
                warning=first.draft or procedure.draft,
            ))
    return problems


def page_images_without_alt(root: Path, docs_dir: Path) -> list[Problem]:
    """Photos on the fixed pages (Giới thiệu, Liên hệ …) need a description as much as those in posts."""
    problems = []
    for page in _pages(docs_dir):
        text = page.read_text(encoding="utf-8-sig", errors="replace")
        for line, target in images_without_alt(text):
            problems.append(Problem(display_path(page, root), line, missing_alt(target)))
    return problems


def page_url(page: Path, docs_dir: Path) -> str:
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
