"""A synthetic portal of any size, the same bytes for the same seed and size.

Items come in the proportions of a real commune (about 80% posts, 15%
documents, 5% procedures), dated over several years, with front-matter that
passes ``congtt check``. Every item is written from its own random stream, so
item *i* is the same whatever the corpus size: a page measured at 1,000 items
is the same page at 20,000. The same items are also written as the plain
MkDocs pages of the two baselines (``naive`` and ``tuned``).

Layout under ``root``::

    portal/     the congtt portal: mkdocs.yml, content/, theme/, news/, plans/, tthc/
    baseline/   docs/ (items as ordinary pages), naive.yml, tuned.yml
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import frontmatter
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from congtt import dates
from congtt.config import CongttConfig, names, plugin_settings
from congtt.text import slugify
from . import phrases
from .photos import write_photos

SEED = "congtt-bench-1"
FIRST_DAY = date(2018, 1, 1)
LAST_DAY = date(2026, 10, 31)
# The build instant: after every generated date, so everything is published.
NOW = "2026-11-23T08:00:00+07:00"
POST_SHARE, DOCUMENT_SHARE = 0.80, 0.15
COVER_SHARE = 0.25
MIN_WORDS, MAX_WORDS = 400, 800
# Distinct cover photos; each year folder holds a copy, as staff keep photos beside posts.
PHOTO_POOL = 12
COVER_SIZE = (1600, 1200)
_SLUG_LIMIT = 80
_SLOT = re.compile(r"\{(\w+)\}")
_PLAN_KINDS_WEIGHT = {"ke-hoach": 5, "bao-cao": 4, "thong-bao": 3, "quyet-dinh": 3, "cong-van": 3}


@dataclass(frozen=True)
class CorpusItem:
    """One generated item: its type, source file (relative to the portal) and congtt URL."""

    kind: str
    path: str
    url: str
    title: str


@dataclass
class Corpus:
    """A generated portal and the baselines beside it."""

    root: Path
    items: list[CorpusItem] = field(default_factory=list)

    @property
    def portal(self) -> Path:
        """The congtt portal (holds mkdocs.yml)."""
        return self.root / "portal"

    @property
    def baseline(self) -> Path:
        """The plain mkdocs-material project (naive.yml, tuned.yml, docs/)."""
        return self.root / "baseline"

    def of_kind(self, kind: str) -> list[CorpusItem]:
        """Items of one type, in generation order."""
        return [item for item in self.items if item.kind == kind]


def split(size: int) -> tuple[int, int, int]:
    """How many posts, documents and procedures make ``size`` items."""
    posts = round(size * POST_SHARE)
    documents = round(size * DOCUMENT_SHARE)
    return posts, documents, size - posts - documents


def generate(root: Path, size: int, template: Path, seed: str = SEED) -> Corpus:
    """Write a portal of ``size`` items under ``root`` from the example ``template`` (mkdocs.yml)."""
    config = load_config(str(template))
    settings = plugin_settings(config)
    if root.exists():
        shutil.rmtree(root)
    corpus = Corpus(root)
    _copy_portal_frame(config, template, corpus.portal)
    _write_baseline_configs(config, corpus.baseline)
    (corpus.baseline / "docs").mkdir(parents=True)
    (corpus.baseline / "docs/index.md").write_text(
        f"# {config.site_name}\n\nTrang chủ của bản đối chứng: tin bài, văn bản và thủ tục là các trang thường.\n",
        "utf-8",
    )
    photos = write_photos(corpus.root / "photos", PHOTO_POOL, "anh", COVER_SIZE)
    posts, documents, procedures = split(size)
    generator = _Generator(corpus, settings, seed, [p.read_bytes() for p in photos])
    for index in range(posts):
        generator.post(index)
    for index in range(documents):
        generator.document(index)
    for index in range(procedures):
        generator.procedure(index)
    shutil.rmtree(corpus.root / "photos")
    return corpus


def change_one_post(corpus: Corpus) -> Path:
    """Edit the newest-generated post as staff would (one added sentence); return its file."""
    path = corpus.portal / corpus.of_kind("post")[-1].path
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nCập nhật: UBND xã bổ sung thông tin về thời gian tiếp nhận hồ sơ.\n")
    return path


def add_one_post(corpus: Corpus) -> Path:
    """Publish one new post, the newest of all, as staff do most days; return its file.

    It is the first generated post's text (without its photo) under a new title and a date after every
    other post and before the bench's «now», so it joins the top of the news listings as a real new
    post does.
    """
    day = dates.parse_instant(NOW).date() - timedelta(days=3)
    path = corpus.portal / f"news/{day.year:04d}/{day.isoformat()}-xa-trien-khai-nhiem-vu-trong-tam.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_post_text(corpus, "Xã triển khai nhiệm vụ trọng tâm những tháng cuối năm", f"{day:%d/%m/%Y} 09:30"), "utf-8")
    return path


def new_post_text(corpus: Corpus, title: str, when: str) -> str:
    """The Markdown file of a new post: the first generated post's text, without its photo, as ``title``
    dated ``when`` (dd/mm/yyyy hh:mm) — a post of ordinary length, valid like every generated one."""
    source = frontmatter.loads((corpus.portal / corpus.of_kind("post")[0].path).read_text("utf-8"))
    meta = {key: value for key, value in source.metadata.items() if key not in ("image", "image_alt")}
    meta.update(title=title, date=when)
    return _front_matter(list(meta.items())) + source.content + "\n"


def _copy_portal_frame(config: MkDocsConfig, template: Path, portal: Path) -> None:
    """The example portal's configuration, static pages and theme, without its items."""
    portal.mkdir(parents=True)
    shutil.copyfile(template, portal / "mkdocs.yml")
    source = template.resolve().parent
    docs = Path(config.docs_dir)
    shutil.copytree(docs, portal / docs.relative_to(source))
    if config.theme.custom_dir:
        custom = Path(config.theme.custom_dir)
        shutil.copytree(custom, portal / custom.relative_to(source))


def _write_baseline_configs(config: MkDocsConfig, baseline: Path) -> None:
    """Plain mkdocs-material with its built-in search; ``tuned`` keeps items out of the nav."""
    baseline.mkdir(parents=True)
    extensions = [
        {name: config.mdx_configs[name]} if name in config.mdx_configs else name
        for name in config.markdown_extensions
    ]
    common = {
        "site_name": config.site_name,
        "site_url": config.site_url,
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "vi", "font": False},
        "plugins": ["search"],
        "markdown_extensions": extensions,
    }
    naive = {**common, "site_dir": "site-naive"}
    tuned = {**common, "site_dir": "site-tuned", "not_in_nav": "/tin-tuc/**\n/van-ban/**\n/thu-tuc-hanh-chinh/**\n"}
    for name, settings in (("naive.yml", naive), ("tuned.yml", tuned)):
        (baseline / name).write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), "utf-8")


class Writer:
    """Fills the phrase bank's templates for one item, from that item's own random stream."""

    def __init__(self, rng: random.Random, day: date):
        self.rng = rng
        self.day = day
        self.lists = {
            "actor": phrases.ACTORS, "topic": phrases.TOPICS, "event": phrases.EVENTS,
            "event_short": phrases.EVENT_SHORTS, "village": phrases.VILLAGES, "purpose": phrases.PURPOSES,
            "attendee": phrases.ATTENDEES, "result": phrases.RESULTS, "demand": phrases.DEMANDS,
            "difficulty": phrases.DIFFICULTIES, "role": phrases.ROLES, "period": phrases.PERIODS,
            "time": phrases.TIMES,
        }

    def fill(self, template: str, **fixed: str) -> str:
        """Replace every ``{slot}``; ``fixed`` pins slots such as the post's topic."""
        return _SLOT.sub(lambda match: self._slot(match[1], fixed), template)

    def _slot(self, name: str, fixed: dict[str, str]) -> str:
        """One slot's text; a capitalised name capitalises the text, a digit suffix draws again."""
        key = name.lower().rstrip("0123456789")
        if key in fixed and not name[-1].isdigit():
            value = fixed[key]
        elif key in self.lists:
            value = self.fill(self.rng.choice(self.lists[key]), **fixed)
        else:
            value = self._value(key)
        return value[:1].upper() + value[1:] if name[:1].isupper() else value

    def _value(self, key: str) -> str:
        """Slots that are numbers, dates or names rather than phrases."""
        rng = self.rng
        if key == "n":
            return f"{rng.choice((rng.randint(3, 60), rng.randint(60, 900), rng.randint(900, 4000))):,}".replace(",", ".")
        if key == "pct":
            return str(rng.randint(55, 100))
        if key == "day":
            return f"{self.day.day:02d}/{self.day.month:02d}"
        if key == "month":
            return str(self.day.month)
        if key == "year":
            return str(self.day.year)
        if key == "person":
            man = rng.random() < 0.6
            return f"{'ông' if man else 'bà'} {self.name(man)}"
        raise KeyError(f"unknown phrase slot {{{key}}}")

    def name(self, man: bool | None = None) -> str:
        """A Vietnamese full name, a man's or a woman's (drawn when not given)."""
        rng = self.rng
        if man is None:
            man = rng.random() < 0.55
        if man:
            return f"{rng.choice(phrases.FAMILY)} {rng.choice(phrases.MIDDLE_MEN)} {rng.choice(phrases.GIVEN_MEN)}"
        return f"{rng.choice(phrases.FAMILY)} {rng.choice(phrases.MIDDLE_WOMEN)} {rng.choice(phrases.GIVEN_WOMEN)}"

    def paragraph(self, sentences: int, **fixed: str) -> str:
        """Sentences drawn from the bank, the item's topic kept where a slot asks for one."""
        return " ".join(self.fill(self.rng.choice(phrases.SENTENCES), **fixed) for _ in range(sentences))

    def bullet_list(self) -> str:
        """A lead-in and three to five list items."""
        items = self.rng.sample(phrases.LIST_ITEMS, self.rng.randint(3, 5))
        lines = [f"- {self.fill(item)};" for item in items]
        lines[-1] = lines[-1][:-1] + "."
        return self.rng.choice(phrases.LIST_LEADS) + "\n\n" + "\n".join(lines)

    def table(self) -> str:
        """A small results table, as posts about meetings and reports carry."""
        rng = self.rng
        headers = rng.choice(phrases.TABLE_HEADERS)
        firsts = {
            "Thôn": [v[:1].upper() + v[1:] for v in phrases.VILLAGES],
            "Lĩnh vực": ["Hộ tịch", "Chứng thực", "Đất đai", "Bảo trợ xã hội", "Người có công"],
            "Nội dung": [t[:1].upper() + t[1:] for t in phrases.TOPICS],
        }[headers[0]]
        rows = [f"| {' | '.join(headers)} |", "|---|---:|---:|"]
        for first in rng.sample(firsts, rng.randint(3, 5)):
            rows.append(f"| {first} | {rng.randint(12, 980)} | {rng.randint(60, 100)} |")
        return "\n".join(rows)


def _words(text: str) -> int:
    """Words of prose, not counting Markdown markers."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def _random_day(rng: random.Random) -> date:
    """A day in the corpus's years."""
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _front_matter(pairs: list[tuple[str, object]]) -> str:
    """YAML front-matter from ordered pairs; lists of text as block sequences."""
    lines = ["---"]
    for key, value in pairs:
        if isinstance(value, (list, tuple)):
            lines.append(f"{key}:")
            lines.extend(_sequence_item(entry) for entry in value)
        else:
            lines.append(f"{key}: {_quoted(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _sequence_item(entry: object) -> str:
    """One list entry: text, or a mapping such as a plan task."""
    if isinstance(entry, dict):
        first, *rest = entry.items()
        lines = [f"  - {first[0]}: {_quoted(first[1])}"] + [f"    {k}: {_quoted(v)}" for k, v in rest]
        return "\n".join(lines)
    return f"  - {_quoted(str(entry))}"


def _cut_slug(text: str, limit: int = _SLUG_LIMIT) -> str:
    """A slug of at most ``limit`` characters, cut at a word boundary, as the engine cuts at 80."""
    made = slugify(text)
    return made if len(made) <= limit else made[:limit].rsplit("-", 1)[0]


def unique_slug(taken: set[str], base_url: str, slug: str) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … when an earlier item has the URL; never over 80 characters,
    since the engine would cut a longer one back to the taken slug."""
    candidate, number = slug, 1
    while f"{base_url}{candidate}/" in taken:
        number += 1
        suffix = f"-{number}"
        candidate = _cut_slug(slug, _SLUG_LIMIT - len(suffix)) + suffix
    taken.add(f"{base_url}{candidate}/")
    return candidate


class _Generator:
    """Writes items one by one; remembers what later items depend on (slugs, numbers)."""

    def __init__(self, corpus: Corpus, settings: CongttConfig, seed: str, photos: list[bytes]):
        self.corpus = corpus
        self.settings = settings
        self.seed = seed
        self.photos = photos
        self.categories = names(settings.categories)
        self.areas = list(names(settings.cchc_areas))
        self.channels = [c for c in names(settings.channels) if c != "portal"]
        self.kinds = {kind.slug: kind for kind in settings.document_kinds}
        fields = names(settings.tthc_fields)
        self.fields = {slug: fields[slug] for slug in fields if slug in phrases.PROCEDURE_NAMES}
        if not self.fields:
            raise ValueError("none of the configured tthc_fields has procedure names in the phrase bank")
        self.used_urls: set[str] = set()
        self.numbers: dict[tuple[int, str], int] = {}
        self.cited: list[str] = []
        self.photo_years: set[int] = set()

    def _rng(self, kind: str, index: int) -> random.Random:
        """The item's own random stream: item *i* does not depend on the corpus size."""
        return random.Random(f"{self.seed}:{kind}:{index}")

    def _write(self, relative: str, text: str) -> None:
        """Write a file of the portal."""
        path = self.corpus.portal / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    def _write_page(self, url: str, text: str) -> None:
        """Write the item as an ordinary page of the baselines, at the same URL."""
        path = self.corpus.baseline / "docs" / (url.rstrip("/") + ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    def _category(self, rng: random.Random, topic: str, title: str) -> str:
        """The category a topic belongs to, among those configured."""
        if title.startswith("Thông báo") and "thong-bao" in self.categories:
            return "thong-bao"
        for slug, hints in phrases.CATEGORY_HINTS.items():
            if slug in self.categories and any(hint in topic for hint in hints):
                return slug
        return "tin-hoat-dong" if "tin-hoat-dong" in self.categories else next(iter(self.categories))

    def post(self, index: int) -> None:
        """A news post of 400–800 words with headings, sometimes a list or a table, sometimes a cover photo."""
        rng = self._rng("post", index)
        day = _random_day(rng)
        writer = Writer(rng, day)
        topic = rng.choice(phrases.TOPICS)
        title = writer.fill(rng.choice(phrases.TITLES), topic=topic)
        base = f"tin-tuc/{day.year:04d}/{day.month:02d}/"
        slug = unique_slug(self.used_urls, base, _cut_slug(title))
        category = self._category(rng, topic, title)
        cchc = rng.sample(self.areas, rng.randint(1, 2)) if category in ("cai-cach-hanh-chinh", "chuyen-doi-so") or rng.random() < 0.1 else []
        meta: list[tuple[str, object]] = [
            ("title", title),
            ("date", f"{day.day:02d}/{day.month:02d}/{day.year} {rng.randint(7, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}"),
            ("summary", writer.fill(rng.choice(phrases.SUMMARIES), topic=topic)),
            ("author", writer.name()),
            ("category", category),
        ]
        if cchc:
            meta.append(("cchc", cchc))
        extra = rng.sample(self.channels, rng.randint(0, min(2, len(self.channels))))
        if extra:
            meta.append(("channels", extra))
        meta.append(("tags", rng.sample(phrases.TAGS, rng.randint(1, 3))))
        cover = None
        if rng.random() < COVER_SHARE:
            cover = f"anh/anh-{rng.randrange(len(self.photos)):03d}.jpg"
            meta += [("image", cover), ("image_alt", writer.fill("Quang cảnh {event_short} về {topic} tại {village}", topic=topic))]
            self._photo_folder(day.year)
        body = self._post_body(rng, writer, topic)
        self._write(f"news/{day.year:04d}/{day.isoformat()}-{slug}.md", _front_matter(meta) + body)
        self._write_page(base + slug + "/", self._post_page(meta, body, cover, day))
        self.corpus.items.append(CorpusItem("post", f"news/{day.year:04d}/{day.isoformat()}-{slug}.md", base + slug + "/", title))

    def _photo_folder(self, year: int) -> None:
        """The year folder's copy of the photo pool, written once."""
        if year in self.photo_years:
            return
        self.photo_years.add(year)
        for number, data in enumerate(self.photos):
            path = self.corpus.portal / f"news/{year:04d}/anh/anh-{number:03d}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def _post_body(self, rng: random.Random, writer: Writer, topic: str) -> str:
        """Intro, sections under headings until the target length, a closing line."""
        target = rng.randint(MIN_WORDS, MAX_WORDS - 100)
        closing = writer.paragraph(1, topic=topic)
        limit = MAX_WORDS - _words(closing)
        blocks = [writer.paragraph(rng.randint(3, 5), topic=topic)]
        words = _words(blocks[0])
        headings = rng.sample(phrases.HEADINGS, len(phrases.HEADINGS))
        wants_table = rng.random() < 0.2
        while words < target and headings:
            section = [f"## {headings.pop()}"]
            section += [writer.paragraph(rng.randint(2, 4), topic=topic) for _ in range(rng.randint(1, 2))]
            if rng.random() < 0.3:
                section.append(writer.bullet_list())
            if wants_table:
                section.append(writer.table())
            while len(section) > 1 and words + _words("\n".join(section)) > limit:
                section.pop()
            if len(section) == 1:
                break
            wants_table = wants_table and not any(block.startswith("|") for block in section)
            blocks += section
            words += _words("\n".join(section))
        blocks.append(closing)
        return "\n\n".join(blocks) + "\n"

    def _post_page(self, meta: list[tuple[str, object]], body: str, cover: str | None, day: date) -> str:
        """The post as a hand-written MkDocs page: title, date line, summary, cover, body."""
        values = dict(meta)
        lines = [f"---\ntitle: {_quoted(values['title'])}\n---\n", f"# {values['title']}\n"]
        lines.append(f"*{values['date']} · {values['author']} · {self.categories[values['category']]}*\n")
        lines.append(f"**{values['summary']}**\n")
        if cover:
            name = cover.rsplit("/", 1)[-1]
            target = self.corpus.baseline / "docs" / f"tin-tuc/{day.year:04d}/{day.month:02d}/anh/{name}"
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(self.photos[int(name[4:7])])
            lines.append(f"![{values['image_alt']}](anh/{name})\n")
        return "\n".join(lines) + "\n" + body

    def document(self, index: int) -> None:
        """A plan, report, decision, letter or notice with its header block and, for a plan, tasks."""
        rng = self._rng("document", index)
        day = _random_day(rng)
        writer = Writer(rng, day)
        kinds = [k for k in self.kinds if k in phrases.DOCUMENT_TITLES]
        weights = [_PLAN_KINDS_WEIGHT.get(k, 1) for k in kinds]
        kind = rng.choices(kinds, weights)[0]
        topic = rng.choice(phrases.TOPICS)
        number = self._number(rng, day.year, kind)
        title = writer.fill(phrases.DOCUMENT_TITLES[kind], topic=topic)
        slug = _cut_slug(f"{self.kinds[kind].name} {number}")
        # Numbers never repeat within a kind and year, so the engine's slug (kind and number) is free.
        url = f"van-ban/{day.year:04d}/{slug}/"
        self.used_urls.add(url)
        signer_title = rng.choice(phrases.SIGNER_TITLES)
        bases = rng.sample(phrases.OUTSIDE_BASES, rng.randint(1, 2))
        if self.cited and rng.random() < 0.3:
            bases.append(rng.choice(self.cited))
        recipients = rng.sample(phrases.RECIPIENTS[:-1], rng.randint(2, 4)) + [phrases.RECIPIENTS[-1]]
        meta: list[tuple[str, object]] = [
            ("kind", kind),
            ("number", number),
            ("issued", f"{day.day:02d}/{day.month:02d}/{day.year}"),
            ("title", title),
            ("issuer", self.settings.commune.authority),
            ("place", self.settings.commune.place or self.settings.commune.name),
            ("signer", writer.name()),
            ("signer_title", signer_title),
            ("recipients", recipients),
            ("bases", bases),
        ]
        if rng.random() < 0.4:
            meta.append(("cchc", rng.sample(self.areas, rng.randint(1, 2))))
        if kind == "ke-hoach":
            meta.append(("tasks", [self._task(rng, writer, day, topic) for _ in range(rng.randint(3, 6))]))
        body = self._document_body(rng, writer, topic)
        relative = f"plans/{day.year:04d}/{url.rstrip('/').rsplit('/', 1)[-1]}.md"
        self._write(relative, _front_matter(meta) + body)
        self._write_page(url, self._document_page(meta, body))
        self.corpus.items.append(CorpusItem("document", relative, url, title))
        self.cited.append(f"{self.kinds[kind].name} số {number} ngày {day.day:02d}/{day.month:02d}/{day.year} của UBND xã")

    def _number(self, rng: random.Random, year: int, kind: str) -> str:
        """The next number of its kind in its year: ``56/KH-UBND``; a letter has no kind symbol."""
        sequence = self.numbers.get((year, kind), rng.randint(1, 20)) + rng.randint(1, 9)
        self.numbers[(year, kind)] = sequence
        symbol = self.kinds[kind].symbol
        return f"{sequence}/{symbol}-UBND" if symbol else f"{sequence}/UBND-VP"

    def _task(self, rng: random.Random, writer: Writer, day: date, topic: str) -> dict[str, str]:
        """A plan task with a deadline later in the plan's year or the next."""
        deadline = day + timedelta(days=rng.randint(20, 330))
        return {
            "content": writer.fill("Tuyên truyền, triển khai {topic} tại {village}", topic=topic),
            "lead": rng.choice(phrases.TASK_LEADS),
            "deadline": f"{deadline.day:02d}/{deadline.month:02d}/{deadline.year}",
            "output": rng.choice(("Báo cáo kết quả", "Tin bài trên Cổng thông tin điện tử", "Hội nghị", "Kế hoạch chi tiết")),
            "status": rng.choice(("hoan-thanh", "dang-thuc-hien", "chua-thuc-hien")),
        }

    def _document_body(self, rng: random.Random, writer: Writer, topic: str) -> str:
        """The four sections of a plan or report, numbered as documents are."""
        blocks = []
        for section in phrases.DOCUMENT_SECTIONS:
            blocks.append(f"## {section}")
            for number in range(1, rng.randint(2, 3) + 1):
                blocks.append(f"{number}. {writer.paragraph(rng.randint(2, 4), topic=topic)}")
        return "\n\n".join(blocks) + "\n"

    def _document_page(self, meta: list[tuple[str, object]], body: str) -> str:
        """The document as a hand-written MkDocs page: title, header table, body."""
        v = dict(meta)
        header = (
            "| Số, ký hiệu | Ngày ban hành | Người ký |\n|---|---|---|\n"
            f"| {v['number']} | {v['issued']} | {v['signer']} |\n"
        )
        return f"---\ntitle: {_quoted(v['title'])}\n---\n# {v['title']}\n\n{header}\n{body}"

    def procedure(self, index: int) -> None:
        """An administrative procedure with every field citizens need."""
        rng = self._rng("procedure", index)
        updated = _random_day(rng)
        writer = Writer(rng, updated)
        field_slug = rng.choice(list(self.fields))
        title = rng.choice(phrases.PROCEDURE_NAMES[field_slug])
        # 7919 is prime to 10^6, so every index below a million gets its own code.
        code = f"{1 + index % 2}.{(1000 + index * 7919) % 1_000_000:06d}"
        url = f"thu-tuc-hanh-chinh/{field_slug}/{code}-{_cut_slug(title)}/"
        self.used_urls.add(url)
        online = rng.choice(("toan-trinh", "mot-phan", "khong"))
        meta: list[tuple[str, object]] = [
            ("code", code),
            ("title", title),
            ("field", field_slug),
            ("level", "Cấp xã"),
            ("agency", self.settings.commune.authority),
            ("steps", [
                "Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa hoặc trực tuyến.",
                "Công chức tiếp nhận kiểm tra hồ sơ, hướng dẫn bổ sung nếu chưa đầy đủ.",
                "Trình lãnh đạo UBND xã ký, trả kết quả cho người yêu cầu.",
            ]),
            ("methods", list(phrases.METHODS) if online != "khong" else list(phrases.METHODS[:2])),
            ("dossier", rng.sample(phrases.DOSSIER, rng.randint(2, 4))),
            ("processing_time", rng.choice(phrases.PROCESSING_TIMES)),
            ("fees", rng.choice(phrases.FEES)),
            ("legal_basis", rng.sample(phrases.OUTSIDE_BASES, rng.randint(1, 2))),
            ("result", f"Văn bản, giấy tờ về {title[:1].lower() + title[1:]}."),
            ("online", online),
            ("dvc_url", f"https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"),
            ("decision", f"Quyết định số {rng.randint(100, 3000)}/QĐ-UBND ngày {updated.day:02d}/{updated.month:02d}/{updated.year} của Chủ tịch UBND tỉnh"),
            ("status", "hien-hanh"),
            ("updated", f"{updated.day:02d}/{updated.month:02d}/{updated.year}"),
        ]
        body = "## Lưu ý\n\n" + writer.paragraph(rng.randint(2, 4)) + "\n"
        relative = f"tthc/{field_slug}/{code}-{_cut_slug(title)}.md"
        self._write(relative, _front_matter(meta) + body)
        self._write_page(url, self._procedure_page(meta, body))
        self.corpus.items.append(CorpusItem("procedure", relative, url, title))

    def _procedure_page(self, meta: list[tuple[str, object]], body: str) -> str:
        """The procedure as a hand-written MkDocs page, one section per field."""
        v = dict(meta)
        sections = [f"---\ntitle: {_quoted(v['title'])}\n---\n# {v['title']}\n", f"Mã thủ tục: {v['code']}\n"]
        for key, heading in (("steps", "Trình tự thực hiện"), ("methods", "Cách thức thực hiện"), ("dossier", "Thành phần hồ sơ")):
            sections.append(f"## {heading}\n\n" + "\n".join(f"- {line}" for line in v[key]) + "\n")
        sections.append(f"## Thời hạn giải quyết\n\n{v['processing_time']}\n\n## Phí, lệ phí\n\n{v['fees']}\n")
        return "\n".join(sections) + "\n" + body
