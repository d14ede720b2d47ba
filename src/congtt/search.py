"""Site search: a static index built with the site, sharded so a query downloads only what it needs.

Why our own format (measured in shared/ANCHORS.md)
---------------------------------------------------
mkdocs-material's search sends the whole ``search_index.json`` to every page
(5 MB gzipped at 8,000 pages) and its lunr pipeline does not fold tone marks:
"dang ky" finds nothing. Pagefind folds them, but a first query still
downloads 1.4–1.9 MB at 8,000 pages and it knows nothing of syllable
adjacency: Vietnamese words are several syllables, so "hộ tịch" matched every
page with "hộ" and "tịch" anywhere and the page titled "Hộ tịch" ranked last.
Both fail the citizen on 3G who types "dang ky khai sinh". Here the terms are
Vietnamese words rather than loose syllables, and a first query at 20,000
items fetches about a hundred kilobytes, page included.

Terms (the same tokenizer in Python and in ``assets/search.js``)
----------------------------------------------------------------
Text is NFC and lower-cased, then cut into syllables (``\\w+``, numbers such as
"1.001193" or "2.000" whole); punctuation and line ends cut it into phrases.
An item yields:

* folded syllables (``text.fold``: no tone marks, ``đ`` → ``d``): ``dang``;
* folded pairs of adjacent syllables within a phrase: ``dang ky``;
* the title's syllables that carry marks, exactly as written: ``=đăng``;
* a document's number from its first digit on (``identifier_term``): ``#12 kh ubnd``, in the shard of
  its first syllable. A query holding that number finds the document as if it had the whole phrase,
  with an impact above any other, so the document itself ranks above the posts that cite it.

Ranking
-------
Pages where more of the query's syllable pairs stand together come first, so a
page with the phrase "hộ tịch" outranks one with "hộ" and "tịch" apart,
whatever else it has. Among those, each page's score is the sum of its
postings' impacts times the squared share of query syllables it covers (below
``MIN_COVERAGE`` it is left out, and so is a page missing one of the query's distinctive
syllables: those on at most ``COMMON_SHARE`` of all pages, or on none, so that «không» and «có» alone
never make a hit and a word found nowhere gives an honest «không tìm thấy»). An impact is computed here: BM25 of summary
and body, plus a bonus when the term is in the title (larger for short titles,
so the page titled "Đăng ký khai sinh" comes first), times an idf over all
kinds together, a kind prior on the title bonus (procedures 1.5, documents
1.15, news 1: a procedure outranks news that match as well) and 0.5 for an
abolished procedure. Exact (marked) syllables count half: a query typed with
marks ranks pages written that way above folded matches.

Files (under ``/tim-kiem/chi-muc/``)
------------------------------------
* ``meta.json``: version, shard count, and per kind its label and item count.
  The search page carries the same text inline (``Index.meta_text``), so a first
  query fetches its shards at once instead of waiting for this file; the page
  fetches it only when a shard says the index changed since the page was served.
* ``t<n>.json``: the index version under the key ``""``, the terms whose
  ``crc32(utf-8 of the term) % shards == n`` (an
  exact syllable goes with its folded form), each with one list per kind
  (``thu-tuc``, ``van-ban``, ``tin-tuc``; ``0`` when absent):
  ``[df, Δentry, impact, Δentry, impact, …]``, and under ``"#"`` the rows
  (``"<kind position>.<entry>": row``) of each term's ``TITLE_ROWS`` best
  title matches. A list keeps its
  ``POSTING_CAP`` highest impacts (``df`` tells it was cut), so the cost of a
  common syllable stays bounded as the portal grows; shards hold about
  ``SHARD_BYTES`` each, so a query fetches one small file per term.
* ``<kind>/d<n>.json``: rows ``n*CHUNK …`` of a kind: ``[url, title, ISO date,
  meta, short text]``. Results and snippets need no full text; news rows are
  newest first. A first query whose results match in their titles finds their
  rows in its shards: the rows files are for the others, and for «Xem thêm».

Indexed text is bounded per item, so the build stays linear and takes seconds
at 20,000 items: procedures whole; documents' title, number, summary, signer,
tasks and the first ``DOCUMENT_BODY_SYLLABLES`` of the body; posts' title,
summary (or opening) and tags, plus the first ``POST_BODY_SYLLABLES`` of the
body for the ``RECENT_POSTS`` newest. Counting and weighting are numpy
operations over all occurrences at once.

Public API (no MkDocs involved)
-------------------------------
``Index.build(portal, settings=None)`` indexes a published ``Portal`` (``settings``,
the plugin's ``CongttConfig``, names categories, document kinds and fields);
its ``meta_text`` goes into the search page, ``write(site_dir)`` writes it into
``site_dir/tim-kiem/chi-muc/`` and returns its figures (files, bytes, items per
kind, shards, version). ``write_index(portal, site_dir, settings=None)`` does both. URLs are stored
relative to the site root: the page resolves them against its own base, so
no site URL is needed. The reading side is ``assets/search.js``; its Python twin,
which the tests rank with, is ``tests/support/search_oracle.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import operator
import re
import zlib
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path

# numpy is imported by the functions that count and weigh: `congtt check` loads this module with the
# plugin (for the search page's listing) and never builds an index.
from .config import DEFAULT_SEARCH_SYNONYMS, CongttConfig, names
from .listings import Listing
from .model import Document, Portal, Post, Procedure
from .text import fold, nfc


# Sizes: what keeps a first query small and the build linear.
POSTING_CAP = 300
TITLE_ROWS = 20  # two pages of results: a query's terms share many of their best title matches
SHARD_BYTES = 8_000
CHUNK = 32
RESULT_CAP = 50
QUERY_SYLLABLES = 8
MIN_COVERAGE = 0.5
COMMON_SHARE = 0.2  # a syllable in more than this share of all pages is a common word («không», «có», «xã»)
SNIPPET_CHARS = 220
RECENT_POSTS = 500
POST_BODY_SYLLABLES = 300
DOCUMENT_BODY_SYLLABLES = 150
LEAD_SYLLABLES = 40

# Ranking.
TITLE_BONUS = 4.0
K1, B = 1.2, 0.75
EXACT_WEIGHT = 0.5
ABOLISHED_PRIOR = 0.5
IDENTIFIER_IMPACT = 100_000  # above any sum of term impacts

BREAK = "|"
# Syllables; numbers with dots, commas or slashes inside (codes "1.001193", amounts "2.000", dates) as one
# token; runs of punctuation that end a phrase. search.js has the same pattern.
_TOKEN = re.compile(r"\d+(?:[.,/]\d+)+|\w+|[.,;:!?()\[\]{}\"“”‘’«»…|*#>\n–—]+")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|\{[:#.][^}]*\}|https?://\S+")


@dataclass(frozen=True)
class Kind:
    """One separately indexed kind of item: its key in URLs and files, label and ranking prior."""

    key: str
    label: str
    prior: float


KINDS = (
    Kind("thu-tuc", Procedure.kind_label, 1.5),
    Kind("van-ban", Document.kind_label, 1.15),
    Kind("tin-tuc", Post.kind_label, 1.0),
    Kind("trang", "Trang thông tin", 1.3),
)


@dataclass(frozen=True)
class StaticPage:
    """A fixed page of the portal (Giới thiệu, Liên hệ …) as the index sees it: its text and, for the pages
    whose template shows the commune's settings (contact facts, leaders), those facts too."""

    url: str
    title: str
    text: str
KIND_ORDER = {kind.key: position for position, kind in enumerate(KINDS)}

# The search page, mounted by the plugin like a listing; its entries are the kind filter's choices.
PAGE = Listing(url="tim-kiem/", title="Tìm kiếm", kind="search", entries=tuple((k.key, k.label) for k in KINDS))
INDEX_DIR = "tim-kiem/chi-muc"


@dataclass(frozen=True)
class Entry:
    """What the index keeps of one item: the text of each field, and what a result shows."""

    url: str
    title: str
    day: date | None
    meta: str
    snippet: str
    title_text: str
    summary_text: str
    body_text: str = ""
    body_limit: int | None = None
    prior: float = 1.0
    identifier: str = ""  # what the item is known by (a document's number): searched for, it comes first

    def record(self) -> list:
        """The stored row: ``[url, title, ISO date, meta, short text]``."""
        return [self.url, self.title, self.day.isoformat() if self.day else "", self.meta, self.snippet]


# --- text ---------------------------------------------------------------------------------------


class _Folds(dict):
    """Memoised folding of tokens: a portal has a few thousand distinct syllables; punctuation folds to ``BREAK``."""

    def __missing__(self, token: str) -> str:
        folded = self[token] = fold(token) if token[0].isalnum() or token[0] == "_" else BREAK
        return folded


class _Spaced(dict):
    """Memoised ``syllable + " "``, the left half of a pair term."""

    def __missing__(self, syllable: str) -> str:
        spaced = self[syllable] = syllable + " "
        return spaced


_FOLDS = _Folds()
_SPACED = _Spaced()


def tokens(text: str, limit: int | None = None) -> list[str]:
    """Lower-case syllables of NFC ``text``, and its punctuation runs; ``limit`` keeps that many tokens."""
    if limit is not None:
        # Syllables average under five characters: cut long bodies before the regex reads them.
        text = text[: limit * 8]
    found = _TOKEN.findall(text.lower())
    return found if limit is None else found[:limit]


def plain(markdown: str) -> str:
    """Markdown as words: link text kept; targets, tags, attribute lists and bare URLs dropped."""
    return _MARKUP.sub(lambda m: m.group(1) or " ", markdown)


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut at a space, with an ellipsis when cut."""
    text = " ".join(text[: 2 * limit].split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def lead(markdown: str, syllables: int) -> str:
    """The first ``syllables`` words of a Markdown body, as plain text."""
    return " ".join(plain(markdown[: syllables * 8]).split()[:syllables])


# --- what each kind indexes -----------------------------------------------------------------------


def _post_entry(post: Post, recent: bool, vocab: dict[str, dict[str, str]]) -> Entry:
    category = vocab["categories"].get(post.category, "")
    opening = post.summary or lead(post.body, LEAD_SYLLABLES)
    return Entry(
        url=post.url,
        title=post.title,
        day=post.date.date(),
        meta=category,
        snippet=snippet(opening),
        title_text=post.title,
        summary_text="\n".join([opening, *post.tags, category]),
        body_text=lead(post.body, POST_BODY_SYLLABLES) if recent else "",
    )


def _document_entry(document: Document, vocab: dict[str, dict[str, str]]) -> Entry:
    kind = vocab["document_kinds"].get(document.kind, "")
    number = f"Số {document.number}" if document.number else ""
    opening = document.summary or lead(document.body, LEAD_SYLLABLES)
    return Entry(
        url=document.url,
        title=document.title,
        day=document.issued,
        meta=" · ".join(part for part in (kind, number) if part),
        snippet=snippet(opening),
        title_text=f"{kind} {document.number}\n{document.title}",  # «Kế hoạch 12/KH-UBND», as the register heads it
        summary_text="\n".join([document.number, opening, document.issuer, document.signer]),
        body_text="\n".join([*(task.content for task in document.tasks), lead(document.body, DOCUMENT_BODY_SYLLABLES)]),
        body_limit=DOCUMENT_BODY_SYLLABLES,
        identifier=document.number,
    )


def _procedure_entry(procedure: Procedure, vocab: dict[str, dict[str, str]]) -> Entry:
    field = vocab["tthc_fields"].get(procedure.field, "")
    status = "Đã bãi bỏ" if procedure.abolished else ""
    details = [procedure.agency, *procedure.steps, *procedure.methods, *procedure.dossier, procedure.processing_time,
               procedure.fees, *procedure.requirements, *procedure.legal_basis, procedure.result, plain(procedure.body)]
    shown = f"Kết quả: {procedure.result} Thời hạn: {procedure.processing_time}" if procedure.result else plain(procedure.body)
    return Entry(
        url=procedure.url,
        title=procedure.title,
        day=procedure.updated,
        meta=" · ".join(part for part in (field, f"Mã {procedure.code}", status) if part),
        snippet=snippet(shown),
        title_text=procedure.title,
        summary_text=f"{field or procedure.field.replace('-', ' ')}\n{procedure.code}",
        body_text="\n".join(details),
        prior=ABOLISHED_PRIOR if procedure.abolished else 1.0,
    )


def _vocabulary(settings: CongttConfig | None) -> dict[str, dict[str, str]]:
    """Names of categories, document kinds and procedure fields (empty without settings)."""
    keys = ("categories", "document_kinds", "tthc_fields")
    if settings is None:
        return {key: {} for key in keys}
    return {key: names(getattr(settings, key)) for key in keys}


def static_page(url: str, markdown: str, settings: CongttConfig | None) -> StaticPage:
    """The fixed page at ``url`` from its Markdown source (front-matter as MkDocs reads it): its title, its
    text, and what its template shows from the settings: the contact facts on ``contact.html``, the
    leaders on ``organisation.html``, so that the one-stop shop's hours or a phone number are found."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(markdown)
    heading = next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), "")
    title = str(meta.get("title") or heading or url.strip("/").replace("-", " ").capitalize())
    facts: list[str] = []
    commune = settings.commune if settings else None
    if commune and meta.get("template") == "contact.html":
        facts = [commune.address, f"Điện thoại {commune.phone}", f"Đường dây nóng {commune.hotline}" if commune.hotline else "",
                 commune.email, f"Bộ phận Một cửa {commune.one_stop_address}", f"Giờ làm việc {commune.one_stop_hours}"]
    if commune and meta.get("template") == "organisation.html":
        facts = [f"{leader.name}, {leader.role}. {leader.duties}" for leader in commune.leaders]
    return StaticPage(url=url, title=title, text="\n".join([body, *filter(None, facts)]))


def _page_entry(page: StaticPage) -> Entry:
    return Entry(url=page.url, title=page.title, day=None, meta="", snippet=snippet(plain(page.text)),
                 title_text=page.title, summary_text=plain(page.text))


def entries(portal: Portal, settings: CongttConfig | None = None, pages: tuple[StaticPage, ...] = ()) -> dict[str, list[Entry]]:
    """Every published item and fixed page as an index entry, per kind key; news and documents newest first."""
    vocab = _vocabulary(settings)
    posts = sorted(portal.posts, key=lambda p: (p.date, p.url), reverse=True)
    documents = sorted(portal.documents, key=lambda d: (d.issued, d.url), reverse=True)
    by_kind = {
        "thu-tuc": [_procedure_entry(p, vocab) for p in sorted(portal.procedures, key=lambda p: p.url)],
        "van-ban": [_document_entry(d, vocab) for d in documents],
        "tin-tuc": [_post_entry(p, n < RECENT_POSTS, vocab) for n, p in enumerate(posts)],
        "trang": [_page_entry(page) for page in sorted(pages, key=lambda page: page.url)],
    }
    synonyms = settings.search_synonyms if settings else DEFAULT_SEARCH_SYNONYMS
    wanted = {_words(formal): phrases for formal, phrases in synonyms.items()}
    return {key: [with_synonyms(entry, wanted, key == "thu-tuc") for entry in found] for key, found in by_kind.items()}


def with_synonyms(entry: Entry, wanted: dict[str, list[str]], with_body: bool) -> Entry:
    """``entry`` also found by what people call what it says: for each configured phrase its title or
    summary (or body, ``with_body``) contains, compared without tone marks, the phrases people type instead
    are added to its summary, one a line, so that «sổ đỏ» finds the page about the «giấy chứng nhận quyền
    sử dụng đất». ``wanted`` maps each configured phrase, as ``_words`` writes it, to its synonyms. Bodies only for procedures: the few items whose body names what they are about, and the
    build stays linear in the news."""
    text = _words("\n".join((entry.title_text, entry.summary_text, entry.body_text if with_body else "")))
    added = [phrase for formal, phrases in wanted.items() if formal in text for phrase in phrases]
    if not added:
        return entry
    return dataclasses.replace(entry, summary_text="\n".join([entry.summary_text, *added]))


def _words(text: str) -> str:
    """``text``'s folded syllables between single spaces, a space at each end; punctuation is a break."""
    return " " + " ".join(map(_FOLDS.__getitem__, tokens(nfc(text)))).replace(BREAK, "  ") + " "


# --- building -------------------------------------------------------------------------------------


class _Numbers(dict):
    """Term → its number in the vocabulary; a new term gets the next number."""

    def __init__(self) -> None:
        super().__init__()
        self.vocabulary: list[str] = []

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self.vocabulary)
        self.vocabulary.append(term)
        return number


class _Exact(dict):
    """Memoised exact term of a token: ``=`` and the token when it carries marks, else ``""``."""

    def __missing__(self, token: str) -> str:
        exact = self[token] = "=" + token if _FOLDS[token] not in (token, BREAK) else ""
        return exact


_EXACT = _Exact()
_ENTRY_BITS = 21  # up to two million items of a kind


@dataclass
class _Occurrences:
    """Every term occurrence of one kind, entry by entry: term number, entry number, whether in the title.

    Collecting is a Python step per entry and C loops per token (``map``, ``extend``);
    counting and weighting are numpy operations over all occurrences at once. A
    Python step per occurrence would cost seconds at 20,000 items.
    """

    terms: np.ndarray
    entries: np.ndarray
    in_title: np.ndarray
    lengths: np.ndarray
    title_lengths: np.ndarray
    priors: np.ndarray

    @classmethod
    def collect(cls, kind_entries: list[Entry], numbers: _Numbers) -> "_Occurrences":
        """Folded syllables and pairs of the title, summary and body; exact marked syllables of the title."""
        import numpy as np

        found_terms: list[str] = []
        counts: list[int] = []  # occurrences per segment: text, title, exact title of each entry in turn
        lengths, title_lengths = [], []
        for entry in kind_entries:
            title = tokens(entry.title_text)
            text = [*tokens(entry.summary_text), BREAK, *tokens(entry.body_text, entry.body_limit)]
            for found, length in ((text, lengths), (title, title_lengths)):
                folded = list(map(_FOLDS.__getitem__, found))
                found_terms += folded
                found_terms += map(operator.add, map(_SPACED.__getitem__, folded), folded[1:])
                counts.append(max(2 * len(folded) - 1, 0))
                length.append(len(folded) - folded.count(BREAK))
            exact = list(filter(None, map(_EXACT.__getitem__, title)))
            found_terms += exact
            counts.append(len(exact))
        segments = np.asarray(counts, dtype=np.int64)
        return cls(
            terms=np.fromiter(map(numbers.__getitem__, found_terms), np.int32, len(found_terms)),
            entries=np.repeat(np.arange(segments.size, dtype=np.int32) // 3, segments),
            in_title=np.repeat(np.arange(segments.size) % 3 != 0, segments),
            lengths=np.asarray(lengths, dtype=np.float64),
            title_lengths=np.asarray(title_lengths, dtype=np.float64),
            priors=np.asarray([entry.prior for entry in kind_entries], dtype=np.float64),
        )

    def weights(self, kind: Kind, vocabulary: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Distinct (term, entry) pairs sorted by term then entry, their weight before idf, in tenths, and
        whether the entry's title has the term.

        The weight is BM25 of the summary and body plus a title bonus, times the entry's prior;
        exact terms (from the title only) count ``EXACT_WEIGHT``: they reorder what folded terms find.
        Pairs across punctuation, and punctuation itself, were counted with the rest and are left out here.
        """
        import numpy as np

        indexed = np.fromiter((BREAK not in term for term in vocabulary), bool, len(vocabulary))
        exact = np.fromiter((term[0] == "=" for term in vocabulary), bool, len(vocabulary))
        keep = indexed[self.terms]
        keys = (self.terms[keep].astype(np.int64) << _ENTRY_BITS) | self.entries[keep]
        titled = self.in_title[keep]
        text_keys, frequency = _counted(keys[~titled])
        title_keys, _ = _counted(keys[titled])
        pairs, _ = _counted(np.r_[text_keys, title_keys])
        terms, entries = pairs >> _ENTRY_BITS, pairs & ((1 << _ENTRY_BITS) - 1)
        average = max(float(self.lengths.mean()), 1.0) if self.lengths.size else 1.0
        norm = K1 * (1 - B + B * self.lengths / average)
        # Short titles get more: the page titled exactly what was asked for should come first.
        bonus = TITLE_BONUS * kind.prior * 2 / (1 + self.title_lengths / 8)
        weight = np.zeros(pairs.size)
        text_entries = text_keys & ((1 << _ENTRY_BITS) - 1)
        weight[np.searchsorted(pairs, text_keys)] = frequency * (K1 + 1) / (frequency + norm[text_entries])
        weight[np.searchsorted(pairs, title_keys)] += bonus[title_keys & ((1 << _ENTRY_BITS) - 1)]
        weight *= 10 * self.priors[entries] * np.where(exact[terms], EXACT_WEIGHT, 1.0)
        titled_pairs = np.zeros(pairs.size, dtype=bool)
        titled_pairs[np.searchsorted(pairs, title_keys)] = True
        return terms, entries, weight, titled_pairs


def _counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values, sorted, and how often each occurs (``np.unique`` hashes, several times slower here)."""
    import numpy as np

    ordered = np.sort(values)
    starts = _group_starts(ordered)
    return ordered[starts], np.diff(np.r_[starts, ordered.size])


def _group_starts(sorted_ids: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins in a sorted array."""
    import numpy as np

    return np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]]) if sorted_ids.size else sorted_ids


_IMPACT_LIMIT = (1 << 20) - 1


def _posting_lists(terms: np.ndarray, entries: np.ndarray, impacts: np.ndarray) -> tuple[list[int], list[list[int]]]:
    """Term numbers and their ``[df, Δentry, impact, …]``: the ``POSTING_CAP`` highest impacts, by entry.

    ``terms`` and ``entries`` come sorted by term, then entry.
    """
    import numpy as np

    # One int64 key sorts by term, then impact (highest first), then entry: 22 bits of term number
    # (four million terms), 20 of impact, 21 of entry.
    order = (terms << 41) | ((_IMPACT_LIMIT - np.minimum(impacts, _IMPACT_LIMIT)) << _ENTRY_BITS) | entries
    by_impact = np.argsort(order)
    starts = _group_starts(terms)
    frequencies = np.diff(np.r_[starts, terms.size])
    rank = np.arange(terms.size) - np.repeat(starts, frequencies)
    kept = np.sort(by_impact[rank < POSTING_CAP])
    kept_terms, kept_entries = terms[kept], entries[kept]
    starts = _group_starts(kept_terms)
    deltas = kept_entries - np.r_[0, kept_entries[:-1]]
    deltas[starts] = kept_entries[starts]
    # One flat array [df, Δentry, impact, …, df, Δentry, impact, …]; each term's list is a slice of it.
    offsets = 2 * starts + np.arange(starts.size)
    flat = np.empty(2 * kept.size + starts.size, dtype=np.int64)
    flat[offsets] = frequencies
    body = np.ones(flat.size, dtype=bool)
    body[offsets] = False
    pairs = np.empty(2 * kept.size, dtype=np.int64)
    pairs[0::2], pairs[1::2] = deltas, impacts[kept]
    flat[body] = pairs
    values = flat.tolist()
    bounds = np.r_[offsets, flat.size].tolist()
    return kept_terms[starts].tolist(), [values[a:b] for a, b in zip(bounds, bounds[1:])]


def _title_hits(weighted: list[tuple[np.ndarray, ...]], impacts: list[np.ndarray], vocabulary: list[str]) -> dict[int, list[str]]:
    """Term number → the rows (``"<kind position>.<entry>"``) of its ``TITLE_ROWS`` highest impacts among
    the items whose title has it, all kinds together.

    A page that matches a query in its title ranks high, so these are the rows a first query most
    likely shows: each shard carries them for its terms, and the page draws its results without a
    second round of requests. Exact terms have none (a query typed with marks has the folded terms too).
    """
    import numpy as np

    exact = np.fromiter((term[0] == "=" for term in vocabulary), bool, len(vocabulary))
    columns = [
        (terms[titled], impact[titled], np.full(int(titled.sum()), position), owners[titled])
        for position, ((terms, owners, _, titled), impact) in enumerate(zip(weighted, impacts))
    ]
    terms, impact, kinds, owners = (np.concatenate(column) for column in zip(*columns))
    keep = ~exact[terms]
    terms, impact, kinds, owners = terms[keep], impact[keep], kinds[keep], owners[keep]
    order = np.lexsort((owners, kinds, -impact, terms))
    terms = terms[order]
    starts = _group_starts(terms)
    rank = np.arange(terms.size) - np.repeat(starts, np.diff(np.r_[starts, terms.size]))
    kept = order[rank < TITLE_ROWS]
    hits: dict[int, list[str]] = {}
    for term, kind, owner in zip(terms[rank < TITLE_ROWS].tolist(), kinds[kept].tolist(), owners[kept].tolist()):
        hits.setdefault(term, []).append(f"{kind}.{owner}")
    return hits


def identifier_term(text: str) -> str:
    """The term of a number such as «12/KH-UBND», from its first syllable that starts with a digit
    (``#12 kh ubnd``); empty when that leaves fewer than two syllables (a code alone is a syllable already)."""
    folded = [f for f in map(_FOLDS.__getitem__, tokens(nfc(text))) if f != BREAK]
    start = next((n for n, syllable in enumerate(folded) if syllable[0].isdigit()), len(folded))
    return "#" + " ".join(folded[start:]) if len(folded) - start >= 2 else ""


def _identifier_lists(by_kind: dict[str, list[Entry]]) -> dict[str, list]:
    """The identifier terms' lists, one per kind, as the other terms': ``[df, Δentry, impact, …]``, every
    impact ``IDENTIFIER_IMPACT``, so that the item with the number searched for ranks first."""
    import numpy as np

    owners: dict[str, list[list[int]]] = {}
    for position, kind in enumerate(KINDS):
        for number, entry in enumerate(by_kind[kind.key]):
            term = identifier_term(entry.identifier) if entry.identifier else ""
            if term:
                owners.setdefault(term, [[] for _ in KINDS])[position].append(number)
    lists = {}
    for term, per_kind in owners.items():
        lists[term] = [[len(found), *(value for delta in np.diff(found, prepend=0) for value in (int(delta), IDENTIFIER_IMPACT))]
                       if found else 0 for found in per_kind]
    return lists


def shard_key(term: str) -> str:
    """What places ``term`` in a shard: an exact syllable goes with its folded form, and an identifier
    with its first syllable, so a query typed with marks, or a number, fetches no more files."""
    if term[0] == "#":
        return term[1:].split(" ", 1)[0]
    return fold(term[1:]) if term[0] == "=" else term


def shard_of(term: str, shards: int) -> int:
    """Which shard holds ``term``: CRC-32 of its shard key's UTF-8 bytes (``search.js`` computes the same)."""
    return zlib.crc32(shard_key(term).encode("utf-8")) % shards


def _shards(lists: dict[str, list], hits: dict[str, list[str]], rows: dict[str, list]) -> list[dict]:
    """Spread terms over enough shards for each to hold about ``SHARD_BYTES`` of JSON.

    A shard is ``{"#": {row key: row}, term: lists, …}``: the rows of its terms' title hits, each once.
    """
    import numpy as np

    names = list(lists)
    row_bytes = {key: len(_dump(row)) for key, row in rows.items()}
    hit_bytes = sum(row_bytes[key] for keys in hits.values() for key in keys)
    size = sum(map(len, names)) + len(_dump(list(lists.values()))) + hit_bytes
    count = max(1, math.ceil(size / SHARD_BYTES))
    keys = map(str.encode, map(shard_key, names))
    shard = np.fromiter(map(zlib.crc32, keys), np.int64, len(names)) % count
    order = np.argsort(shard, kind="stable")
    bounds = np.searchsorted(shard[order], np.arange(count + 1)).tolist()
    order = order.tolist()
    shards = []
    for a, b in zip(bounds, bounds[1:]):
        terms = [names[n] for n in order[a:b]]
        shown = dict.fromkeys(key for term in terms for key in hits.get(term, ()))
        shards.append({"#": {key: rows[key] for key in shown}, **{term: lists[term] for term in terms}})
    return shards


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_index(portal: Portal, settings: CongttConfig | None = None, pages: tuple[StaticPage, ...] = ()) -> dict[str, bytes]:
    """The index files of ``portal`` and its fixed ``pages``: path relative to ``INDEX_DIR`` → content."""
    import numpy as np

    by_kind = entries(portal, settings, pages)
    numbers = _Numbers()
    # One kind's occurrences at a time: at 20,000 items they are millions.
    weighted = [_Occurrences.collect(by_kind[kind.key], numbers).weights(kind, numbers.vocabulary) for kind in KINDS]
    vocabulary = numbers.vocabulary
    frequency = sum((np.bincount(found[0], minlength=len(vocabulary)) for found in weighted), np.zeros(len(vocabulary), np.int64))
    total = sum(map(len, by_kind.values()))
    idf = np.log1p((total - frequency + 0.5) / (frequency + 0.5))
    files: dict[str, bytes] = {}
    meta: dict = {"kinds": {}}
    lists: dict[int, list] = {}
    impacts = []
    records = []
    for position, (kind, (terms, owners, weight, _)) in enumerate(zip(KINDS, weighted)):
        impacts.append(np.maximum(1, np.rint(weight * idf[terms])).astype(np.int64))
        for term, values in zip(*_posting_lists(terms, owners, impacts[-1])):
            lists.setdefault(term, [0] * len(KINDS))[position] = values
        records.append([e.record() for e in by_kind[kind.key]])
        for start in range(0, len(records[-1]), CHUNK):
            files[f"{kind.key}/d{start // CHUNK}.json"] = _dump(records[-1][start : start + CHUNK])
        meta["kinds"][kind.key] = {"label": kind.label, "items": len(records[-1])}
    hits = {vocabulary[term]: keys for term, keys in _title_hits(weighted, impacts, vocabulary).items()}
    rows = {key: records[int(position)][int(entry)] for keys in hits.values() for key in keys for position, entry in [key.split(".")]}
    named = {vocabulary[term]: values for term, values in lists.items()}
    named.update(_identifier_lists(by_kind))
    shards = _shards(named, hits, rows)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + files[path])
    for shard in shards:
        digest.update(_dump(shard))
    version = digest.hexdigest()[:12]
    for number, shard in enumerate(shards):
        # The version first: a page served before a rebuild learns from any shard that its inline meta is stale.
        files[f"t{number}.json"] = _dump({"": version, **shard})
    meta["shards"] = len(shards)
    meta.update(v=version, chunk=CHUNK, cap=RESULT_CAP, syllables=QUERY_SYLLABLES, coverage=MIN_COVERAGE,
                common=COMMON_SHARE)
    files["meta.json"] = _dump(meta)
    return files


@dataclass(frozen=True)
class Index:
    """A built index: its files (path under ``INDEX_DIR`` → content).

    Built before the pages are rendered, so that the search page can carry ``meta``
    inline, and written with the rest of the site.
    """

    files: dict[str, bytes]

    @classmethod
    def build(cls, portal: Portal, settings: CongttConfig | None = None, pages: tuple[StaticPage, ...] = ()) -> "Index":
        """The index of a published ``portal`` and its fixed ``pages``."""
        return cls(build_index(portal, settings, pages))

    @property
    def meta(self) -> dict:
        """``meta.json`` as an object."""
        return json.loads(self.files["meta.json"])

    @property
    def meta_text(self) -> str:
        """``meta.json``'s text, what the search page's script needs before its first fetch (kinds in index order)."""
        return self.files["meta.json"].decode("utf-8")

    def write(self, site_dir: Path) -> dict:
        """Write the files into ``site_dir/tim-kiem/chi-muc/``; return their figures."""
        target = Path(site_dir) / INDEX_DIR
        folders = {target / path.rsplit("/", 1)[0] for path in self.files if "/" in path} | {target}
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        for path, content in self.files.items():
            (target / path).write_bytes(content)
        meta = self.meta
        return {
            "files": len(self.files),
            "bytes": sum(len(content) for content in self.files.values()),
            "items": {key: kind["items"] for key, kind in meta["kinds"].items()},
            "shards": meta["shards"],
            "version": meta["v"],
        }


def write_index(portal: Portal, site_dir: Path, settings: CongttConfig | None = None) -> dict:
    """Build the index of a published ``portal`` into ``site_dir/tim-kiem/chi-muc/``; return its figures."""
    return Index.build(portal, settings).write(site_dir)
