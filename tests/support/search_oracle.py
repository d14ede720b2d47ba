"""The search index read the way ``assets/search.js`` reads it, in Python: the tests' oracle.

The browser is the product; this twin lets the tests check rankings, coverage and the files a first
query fetches without a browser, and ``tests/test_browser_search.py`` checks the two agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from congtt.search import BREAK, INDEX_DIR, KIND_ORDER, QUERY_SYLLABLES, _EXACT, _FOLDS, identifier_term, nfc, shard_of, tokens


@dataclass(frozen=True)
class Query:
    """A query's folded syllables and the index terms it looks up."""

    syllables: tuple[str, ...]
    keys: tuple[tuple[str, int], ...]  # (term, bit mask of the query syllables it covers)

    @classmethod
    def parse(cls, text: str) -> "Query":
        """The terms ``terms`` would make of the first ``QUERY_SYLLABLES`` syllables of ``text``."""
        kept, count = [], 0
        for token in tokens(nfc(text)):
            if _FOLDS[token] != BREAK:
                if count == QUERY_SYLLABLES:
                    break
                count += 1
            kept.append(token)
        syllables = tuple(dict.fromkeys(f for f in map(_FOLDS.__getitem__, kept) if f != BREAK))
        bit = {syllable: 1 << n for n, syllable in enumerate(syllables)}
        keys: dict[str, int] = {}
        for left, right in zip(kept, kept[1:] + [BREAK]):
            a, b = _FOLDS[left], _FOLDS[right]
            if a == BREAK:
                continue
            keys[a] = bit[a]
            if _EXACT[left]:
                keys[_EXACT[left]] = bit[a]
            if b != BREAK:
                keys[f"{a} {b}"] = bit[a] | bit[b]
        identifier = identifier_term(" ".join(kept))
        if identifier:
            keys[identifier] = (1 << len(syllables)) - 1
        return cls(syllables, tuple(keys.items()))


@dataclass(frozen=True)
class Hit:
    """One ranked result."""

    kind: str
    url: str
    title: str
    day: str
    meta: str
    text: str
    pairs: int
    score: float


class _Reader:
    """The written index, each file read once."""

    def __init__(self, site_dir: Path) -> None:
        self.root = Path(site_dir) / INDEX_DIR
        self.cache: dict[str, object] = {}
        self.meta = self.read("meta.json")

    def read(self, path: str):
        if path not in self.cache:
            self.cache[path] = json.loads((self.root / path).read_text(encoding="utf-8"))
        return self.cache[path]

    def shard(self, term: str) -> str:
        return f"t{shard_of(term, self.meta['shards'])}.json"

    def chunk(self, kind: str, number: int) -> str:
        return f"{kind}/d{number // self.meta['chunk']}.json"

    def rank(self, query: Query, kinds: list[str]) -> list[tuple[int, float, str, int]]:
        """``(pairs, score, kind, id)`` best first; see ``rank``."""
        found = {term: self.read(self.shard(term)).get(term) for term, _ in query.keys}
        return rank(query, self.meta, found, kinds)


def rank(query: Query, meta: dict, found: dict[str, list | None], kinds: list[str]) -> list[tuple[int, float, str, int]]:
    """``(pairs, score, kind, id)`` of the best ``RESULT_CAP`` pages, best first (``search.js`` ranks alike).

    Pages where more of the query's adjacent syllable pairs stand together come first, so a page
    with the phrase "hộ tịch" always outranks one with "hộ" and "tịch" apart. Among those, the score
    is the sum of impacts times the squared share of query syllables the page covers; pages
    covering less than ``MIN_COVERAGE``, or missing one of the query's distinctive words
    (``required_mask``), are left out. A term whose list was cut at ``POSTING_CAP`` is too common to
    tell pages apart: every page of that kind counts as having it.
    """
    if not query.syllables:
        return []
    pair_bit = {term: 1 << n for n, term in enumerate(t for t, _ in query.keys if " " in t and t[0] != "#")}
    all_pairs = (1 << len(pair_bit)) - 1  # the item whose number was searched for has the whole phrase
    required = required_mask(query, meta, found)
    scored = []
    for position, kind in enumerate(meta["kinds"]):
        if kind not in kinds:
            continue
        score: dict[int, int] = {}
        covered: dict[int, int] = {}
        pairs: dict[int, int] = {}
        common = common_pairs = 0
        for term, mask in query.keys:
            values = found[term][position] if found[term] else 0
            if not values:
                continue
            if values[0] > len(values) // 2:
                if term in pair_bit:
                    common_pairs |= pair_bit[term]
                else:
                    common |= mask
            number = 0
            for delta, impact in zip(values[1::2], values[2::2]):
                number += delta
                score[number] = score.get(number, 0) + impact
                covered[number] = covered.get(number, 0) | mask
                pairs[number] = pairs.get(number, 0) | pair_bit.get(term, all_pairs if term[0] == "#" else 0)
        for number, total in score.items():
            share = bin(covered[number] | common).count("1") / len(query.syllables)
            together = pairs[number] | common_pairs or not pair_bit
            if share >= meta["coverage"] and ((covered[number] | common) & required == required if required else together):
                scored.append((bin(pairs[number] | common_pairs).count("1"), total * share * share, kind, number))
    scored.sort(key=lambda s: (-s[0], -s[1], KIND_ORDER[s[2]], s[3]))
    return scored[: meta["cap"]]


def required_mask(query: Query, meta: dict, found: dict[str, list | None]) -> int:
    """The query syllables every hit must have: its distinctive words, those in at most ``COMMON_SHARE``
    of all pages (a word found nowhere is distinctive too), so that pages matching only the common words
    of a query are not hits. None for a query of common words only: its hits need two of them side by
    side (``rank``), as «sổ đỏ» is more than a page with «số» and «độ» somewhere."""
    pages = sum(kind["items"] for kind in meta["kinds"].values()) or 1
    required = 0
    for term, mask in query.keys:
        if " " in term or term.startswith("="):
            continue
        lists = found.get(term) or []
        if sum(values[0] for values in lists if values) <= meta["common"] * pages:
            required |= mask
    return required


def unmatched(query: Query, meta: dict, found: dict[str, list | None]) -> list[str]:
    """The query's distinctive syllables that no page has: what a «không tìm thấy» suggests leaving out."""
    required = required_mask(query, meta, found)
    return [term for term, mask in query.keys if mask & required and " " not in term and not term.startswith("=")
            and not any(found.get(term) or [])]


def _kinds(reader: _Reader, kind: str) -> list[str]:
    return [kind] if kind else list(reader.meta["kinds"])


def search(site_dir: Path, query: str, kind: str = "") -> list[Hit]:
    """Rank the written index for ``query`` as ``assets/search.js`` does; ``kind`` narrows to one kind."""
    reader = _Reader(site_dir)
    hits = []
    for pairs, score, key, number in reader.rank(Query.parse(query), _kinds(reader, kind)):
        row = reader.read(reader.chunk(key, number))[number % reader.meta["chunk"]]
        hits.append(Hit(key, *row, pairs=pairs, score=score))
    return hits


def query_files(site_dir: Path, query: str, kind: str = "", shown: int = 10) -> list[str]:
    """Index files (relative to ``INDEX_DIR``) a first query fetches to show its first ``shown`` results:
    its shards, then the files of the rows shown that its shards do not carry (the page carries
    ``meta.json`` inline)."""
    reader = _Reader(site_dir)
    parsed = Query.parse(query)
    shards = list(dict.fromkeys(reader.shard(term) for term, _ in parsed.keys))
    carried = {key for shard in shards for key in reader.read(shard)["#"]}
    ranked = reader.rank(parsed, _kinds(reader, kind))[:shown]
    missing = [(k, number) for _, _, k, number in ranked if f"{KIND_ORDER[k]}.{number}" not in carried]
    return shards + list(dict.fromkeys(reader.chunk(k, number) for k, number in missing))
