"""The search index builder and the ranking it serves (the same ranking as assets/search.js)."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPOSITORY
from markupsafe import escape
from mkdocs.config import load_config

from support import search_oracle as oracle
from congtt import dates, search
from congtt.config import plugin_settings
from congtt.content import load_portal
from congtt.model import Document, Portal, Post, Procedure

START = datetime(2026, 1, 5, 8, 0, tzinfo=dates.VIETNAM)
EXAMPLE_NOW = "2026-11-23T08:00:00+07:00"  # the instant conftest's example_site is built at


def post(number: int, title: str, summary: str = "", body: str = "", **extra) -> Post:
    return Post(
        source=Path(f"/portal/news/{number}.md"), display_path=f"news/{number}.md", title=title, slug=f"bai-{number}",
        url=f"tin-tuc/2026/01/bai-{number}/", body=body, body_line=1, draft=False,
        date=START + timedelta(hours=number), summary=summary, **extra,
    )


def procedure(code: str, title: str, field: str = "ho-tich", body: str = "", **extra) -> Procedure:
    return Procedure(
        source=Path(f"/portal/tthc/{code}.md"), display_path=f"tthc/{code}.md", title=title, slug=code,
        url=f"thu-tuc-hanh-chinh/{field}/{code}/", body=body, body_line=1, draft=False, code=code, field=field, **extra,
    )


def document(number: str, title: str, body: str = "") -> Document:
    slug = number.replace("/", "-").lower()
    return Document(
        source=Path(f"/portal/plans/{slug}.md"), display_path=f"plans/{slug}.md", title=title, slug=slug,
        url=f"van-ban/2026/{slug}/", body=body, body_line=1, draft=False, kind="ke-hoach", number=number,
        issued=date(2026, 3, 2),
    )


def titles(site: Path, query: str, kind: str = "") -> list[str]:
    return [hit.title for hit in oracle.search(site, query, kind)]


@pytest.fixture
def site(tmp_path: Path):
    """Write the index of a portal and return the site folder."""

    def write(*items) -> Path:
        portal = Portal(
            posts=[i for i in items if isinstance(i, Post)],
            documents=[i for i in items if isinstance(i, Document)],
            procedures=[i for i in items if isinstance(i, Procedure)],
        )
        search.write_index(portal, tmp_path / "site")
        return tmp_path / "site"

    return write


def test_nfc_nfd_and_d_bar_give_the_same_terms():
    composed = "Đăng ký hộ tịch"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert oracle.Query.parse(decomposed) == oracle.Query.parse(composed)
    unmarked = dict(oracle.Query.parse("dang ky ho tich").keys)
    marked = dict(oracle.Query.parse(composed).keys)
    assert {term: bit for term, bit in marked.items() if not term.startswith("=")} == unmarked
    assert {"dang", "dang ky", "ky ho", "ho tich", "=đăng", "=hộ", "=tịch", "=ký"} <= set(marked)


def test_a_query_keeps_its_first_eight_syllables_and_pairs_stop_at_punctuation():
    parsed = oracle.Query.parse("một hai ba bốn năm sáu bảy tám chín mười")
    assert parsed.syllables == ("mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam")
    assert "ho tich" not in dict(oracle.Query.parse("hộ, tịch").keys)
    assert oracle.Query.parse("… !").keys == ()


def test_found_with_or_without_tone_marks_in_nfc_or_nfd(site):
    built = site(post(1, "Hướng dẫn đăng ký khai sinh cho trẻ em"), post(2, "Lễ hội đình làng"))
    for query in ("dang ky khai sinh", "Đăng ký khai sinh", unicodedata.normalize("NFD", "Đăng ký khai sinh"), "DANG KY"):
        assert titles(built, query)[0] == "Hướng dẫn đăng ký khai sinh cho trẻ em"
    assert titles(built, "le hoi dinh") == ["Lễ hội đình làng"]


def test_syllables_standing_together_outrank_syllables_apart(site):
    apart = post(1, "Chủ tịch UBND xã thăm các hộ gia đình chính sách", "Chủ tịch xã tặng quà từng hộ gia đình.")
    phrase = post(2, "Số hóa sổ sách lưu trữ", "Cán bộ tư pháp số hóa sổ hộ tịch của xã.")
    field = procedure("1.000001", "Đăng ký giám hộ")
    folder = site(apart, phrase, field)
    assert titles(folder, "ho tich") == ["Đăng ký giám hộ", "Số hóa sổ sách lưu trữ"]
    # «hộ» and «tịch» are on every page here, common words: a page with them apart is no hit at all.
    assert titles(folder, "chủ tịch hộ gia đình")[0] == "Chủ tịch UBND xã thăm các hộ gia đình chính sách"


def test_exact_tone_marks_rank_above_folded_matches(site):
    built = site(post(1, "Thông báo bán đấu giá tài sản"), post(2, "Thông báo ban tổ chức hội thi"))
    assert titles(built, "bán") == ["Thông báo bán đấu giá tài sản", "Thông báo ban tổ chức hội thi"]
    assert titles(built, "ban")[0] == "Thông báo ban tổ chức hội thi"
    assert set(titles(built, "ban")) == set(titles(built, "bán"))


def test_a_page_whose_title_matches_ranks_first_among_pages_that_only_mention_it(site):
    busy = [post(n, f"Tin hoạt động số {n}", "", "Người dân hỏi về khai sinh. " * 12) for n in range(1, 40)]
    titled = post(99, "Khai sinh cho trẻ em", "", "Hướng dẫn thủ tục.")
    assert titles(site(*busy, titled), "khai sinh")[0] == "Khai sinh cho trẻ em"


def test_procedures_outrank_news_that_match_as_well(site):
    built = site(post(1, "Đăng ký kết hôn"), procedure("1.000894", "Đăng ký kết hôn"), document("5/KH-UBND", "Đăng ký kết hôn"))
    hits = oracle.search(built, "dang ky ket hon")
    assert [hit.kind for hit in hits] == ["thu-tuc", "van-ban", "tin-tuc"]
    assert [hit.kind for hit in oracle.search(built, "dang ky ket hon", "tin-tuc")] == ["tin-tuc"]


def test_abolished_procedures_rank_below_current_ones(site):
    old = procedure("1.000002", "Chứng thực bản sao", field="chung-thuc", status="bai-bo")
    current = procedure("2.000815", "Chứng thực bản sao", field="chung-thuc")
    hits = oracle.search(site(old, current), "chung thuc ban sao")
    assert [hit.url for hit in hits] == [current.url, old.url]
    assert "Đã bãi bỏ" in hits[1].meta


def test_pages_matching_only_the_common_words_of_a_query_are_not_hits(site):
    common = [post(n, f"Thông báo số {n} của xã", body="Người dân không phải nộp phí, có thể hỏi tại xã.") for n in range(8)]
    folder = site(*common, post(20, "Lịch tiêm chủng của xã", body="Trẻ không cần hẹn trước."))
    assert titles(folder, "tiêm chủng không") == ["Lịch tiêm chủng của xã"]
    assert titles(folder, "karaoke không có") == []  # «karaoke» is on no page: «không», «có» alone make no hit
    assert len(titles(folder, "không phải")) == 8  # common words only: hits need them side by side
    assert titles(folder, "không có") == []  # «không» and «có» are on every page, never together
    reader = oracle._Reader(folder)
    query = oracle.Query.parse("Karaoke không có")
    found = {term: reader.read(reader.shard(term)).get(term) for term, _ in query.keys}
    assert oracle.unmatched(query, reader.meta, found) == ["karaoke"]


def test_what_people_call_a_procedure_finds_it(site):
    folder = site(
        procedure("1.000001", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", field="dat-dai"),
        procedure("2.000815", "Chứng thực bản sao từ bản chính", field="chung-thuc"),
        post(1, "Sổ tay tiêm chủng đỏ cho trẻ", body="Sổ mới, bìa đỏ tươi."),
        post(2, "Hướng dẫn đăng ký khai sinh", body="Cha mẹ mang giấy chứng sinh đến Bộ phận Một cửa."),
    )
    assert titles(folder, "sổ đỏ")[0] == "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu"
    assert titles(folder, "so hong")[0] == "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu"
    assert titles(folder, "công chứng bản sao") == ["Chứng thực bản sao từ bản chính"]
    assert titles(folder, "làm giấy khai sinh")[0] == "Hướng dẫn đăng ký khai sinh"


def test_synonyms_come_from_the_settings(site, tmp_path):
    portal = Portal(posts=[post(1, "Cấp phép xây dựng nhà ở riêng lẻ")], documents=[], procedures=[])
    settings = type("Settings", (), {"search_synonyms": {"cấp phép xây dựng": ["xin phép xây nhà"]},
                                     "categories": [], "document_kinds": [], "tthc_fields": []})()
    entry = search.entries(portal, settings)["tin-tuc"][0]
    assert entry.summary_text.endswith("\nxin phép xây nhà")
    assert "xin phép" not in search.entries(portal)["tin-tuc"][0].summary_text  # not a default synonym


def test_the_fixed_pages_are_found_with_what_their_templates_show(tmp_path):
    config = load_config(str(REPOSITORY / "mkdocs.yml"))
    settings = plugin_settings(config)
    contact = search.static_page("lien-he/", "---\ntitle: Liên hệ\ntemplate: contact.html\n---\n\n## Phản ánh, kiến nghị\n", settings)
    about = search.static_page("gioi-thieu/", "# Giới thiệu xã\n\nXã có 12 thôn.\n", settings)
    assert contact.title == "Liên hệ" and settings.commune.one_stop_hours in contact.text
    assert settings.commune.phone in contact.text and about.title == "Giới thiệu xã"
    search.Index.build(Portal(posts=[post(1, "Tin có giờ làm việc")], documents=[], procedures=[]), settings,
                       (contact, about)).write(tmp_path)
    assert titles(tmp_path, "phản ánh kiến nghị") == ["Liên hệ"]
    assert titles(tmp_path, "12 thôn", kind="trang") == ["Giới thiệu xã"]
    assert oracle.search(tmp_path, "thôn")[0].meta == "" and oracle.search(tmp_path, "thôn")[0].kind == "trang"


def test_a_documents_number_ranks_the_document_above_posts_citing_it(site):
    folder = site(
        post(1, "Xã ban hành Kế hoạch 12/KH-UBND về tuyên truyền cải cách hành chính",
             body="Kế hoạch 12/KH-UBND giao nhiệm vụ cho các thôn."),
        post(2, "Triển khai Kế hoạch 12/KH-UBND"),
        document("12/KH-UBND", "Tuyên truyền cải cách hành chính năm 2026"),
        document("56/KH-UBND", "Cải cách hành chính năm 2026", body="Tiếp nối Kế hoạch 12/KH-UBND."),
    )
    for query in ("12/KH-UBND", "kế hoạch 12/kh-ubnd", "12 KH UBND"):
        assert titles(folder, query)[0] == "Tuyên truyền cải cách hành chính năm 2026", query
    assert titles(folder, "56/KH-UBND")[0] == "Cải cách hành chính năm 2026"
    assert search.identifier_term("Số 12/KH-UBND") == "#12 kh ubnd" and search.identifier_term("1.001193") == ""


def test_results_carry_what_the_page_shows(site):
    item = procedure("1.001193", "Đăng ký khai sinh", result="Giấy khai sinh bản chính.", processing_time="Trong ngày.",
                     updated=date(2025, 7, 15))
    [hit] = oracle.search(site(item), "khai sinh")
    assert (hit.kind, hit.url, hit.title, hit.day) == ("thu-tuc", item.url, "Đăng ký khai sinh", "2025-07-15")
    assert hit.meta == "Mã 1.001193"
    assert hit.text == "Kết quả: Giấy khai sinh bản chính. Thời hạn: Trong ngày."


def test_a_procedure_is_found_by_its_code(site):
    built = site(procedure("1.001193", "Đăng ký khai sinh"), procedure("1.000894", "Đăng ký kết hôn"))
    assert titles(built, "1.001193") == ["Đăng ký khai sinh"]


def test_snippets_are_short_and_cut_at_a_word():
    text = "Cha, mẹ có thể đăng ký khai sinh cho con " * 20
    cut = search.snippet(text)
    assert len(cut) <= search.SNIPPET_CHARS + 1
    assert cut.endswith("…") and not cut[:-1].endswith(" ")
    assert text.startswith(cut[:-1])
    assert search.snippet("Ngắn gọn.") == "Ngắn gọn."


def test_markdown_is_indexed_as_words():
    assert search.plain("Xem [hướng dẫn](../huong-dan.md) và <b>ảnh</b> https://x.vn/a {: .lead}").split() == [
        "Xem", "hướng", "dẫn", "và", "ảnh",
    ]


def test_terms_are_spread_over_shards_that_say_where_each_term_is(site, monkeypatch):
    monkeypatch.setattr(search, "SHARD_BYTES", 2_000)
    built = site(*[post(n, f"Tin số {n} về thôn {n % 17} và xóm {n % 23}", f"Nội dung {n} của bài.") for n in range(120)])
    root = built / search.INDEX_DIR
    meta = json.loads((root / "meta.json").read_text("utf-8"))
    shards = sorted(root.glob("t*.json"))
    assert meta["shards"] == len(shards) > 5
    for path in shards:
        version, _, *terms = json.loads(path.read_text("utf-8")).items()
        assert version == ("", meta["v"])
        for term, _ in terms:
            assert path.name == f"t{search.shard_of(term, meta['shards'])}.json"
    assert "=thôn" in json.loads((root / f"t{search.shard_of('thon', meta['shards'])}.json").read_text("utf-8"))
    assert max(path.stat().st_size for path in shards) < 4 * 2_000


def test_common_terms_keep_their_highest_impacts_and_results_are_capped(site, monkeypatch):
    monkeypatch.setattr(search, "POSTING_CAP", 50)
    busy = [post(n, f"Tin thứ {n}", "Hội nghị của xã.") for n in range(120)]
    built = site(*busy, post(500, "Hội nghị tổng kết năm"))
    root = built / search.INDEX_DIR
    meta = json.loads((root / "meta.json").read_text("utf-8"))
    values = json.loads((root / f"t{search.shard_of('hoi nghi', meta['shards'])}.json").read_text("utf-8"))["hoi nghi"][2]
    assert values[0] == 121 and len(values) == 1 + 2 * 50
    hits = oracle.search(built, "hoi nghi")
    assert len(hits) == search.RESULT_CAP
    assert hits[0].title == "Hội nghị tổng kết năm"


def test_older_posts_are_indexed_by_title_and_summary_only(site, monkeypatch):
    monkeypatch.setattr(search, "RECENT_POSTS", 1)
    old = post(1, "Tin cũ", "Tóm tắt tin cũ.", "Thân bài nhắc đến lúa chiêm.")
    new = post(2, "Tin mới", "Tóm tắt tin mới.", "Thân bài nhắc đến lúa mùa.")
    built = site(old, new)
    assert titles(built, "lua mua") == ["Tin mới"]
    assert "Tin cũ" not in titles(built, "lua chiem")
    assert titles(built, "tom tat tin cu")[0] == "Tin cũ"


def test_the_page_carries_meta_json_as_written_kinds_in_index_order(site):
    index = search.Index.build(Portal(posts=[post(1, "Một tin")]))
    assert index.meta_text == index.files["meta.json"].decode("utf-8")
    assert list(json.loads(index.meta_text)["kinds"]) == ["thu-tuc", "van-ban", "tin-tuc", "trang"]


def test_write_index_reports_what_it_wrote(site, tmp_path):
    site(post(1, "Một tin"), procedure("1.000001", "Một thủ tục"))
    figures = search.write_index(Portal(posts=[post(1, "Một tin")]), tmp_path / "other")
    written = [p for p in (tmp_path / "other" / search.INDEX_DIR).rglob("*") if p.is_file()]
    assert figures["files"] == len(written)
    assert figures["bytes"] == sum(p.stat().st_size for p in written)
    assert figures["items"] == {"thu-tuc": 0, "van-ban": 0, "tin-tuc": 1, "trang": 0}


def test_query_files_lists_the_shards_and_the_rows_they_do_not_carry(site, monkeypatch):
    monkeypatch.setattr(search, "SHARD_BYTES", 1)  # a shard per term: the other post's title terms are elsewhere
    built = site(post(1, "Đăng ký khai sinh trực tuyến"), post(2, "Tin khác", "Nói về khai sinh."))
    meta = json.loads((built / search.INDEX_DIR / "meta.json").read_text("utf-8"))
    shards = [f"t{search.shard_of(term, meta['shards'])}.json" for term, _ in oracle.Query.parse("khai sinh").keys]
    assert oracle.query_files(built, "khai sinh", shown=1) == list(dict.fromkeys(shards))
    assert oracle.query_files(built, "khai sinh") == list(dict.fromkeys(shards)) + ["tin-tuc/d0.json"]


def test_shards_carry_the_rows_of_each_terms_best_title_matches(site, monkeypatch):
    monkeypatch.setattr(search, "TITLE_ROWS", 2)
    monkeypatch.setattr(search, "SHARD_BYTES", 1)  # a shard per term
    built = site(
        procedure("1.001193", "Đăng ký khai sinh"),
        post(1, "Hướng dẫn đăng ký khai sinh trực tuyến cho người dân"),
        post(2, "Đăng ký khai sinh lưu động"),
        post(3, "Tin khác", "Nói về đăng ký khai sinh."),
    )
    root = built / search.INDEX_DIR
    meta = json.loads((root / "meta.json").read_text("utf-8"))
    carried = json.loads((root / f"t{search.shard_of('khai sinh', meta['shards'])}.json").read_text("utf-8"))["#"]
    titles = [hit.title for hit in oracle.search(built, "khai sinh")]
    assert titles[:2] == ["Đăng ký khai sinh", "Đăng ký khai sinh lưu động"]
    assert set(carried) == {"0.0", "2.1"}  # posts are numbered newest first: post 2 is the second
    for key, row in carried.items():
        position, number = map(int, key.split("."))
        kind = search.KINDS[position].key
        assert row == json.loads((root / kind / f"d{number // search.CHUNK}.json").read_text("utf-8"))[number % search.CHUNK]


def test_the_example_site_indexes_exactly_its_published_items(example_site):
    settings = plugin_settings(load_config(str(REPOSITORY / "mkdocs.yml")))
    portal, _ = load_portal(settings, REPOSITORY)
    published = portal.published(dates.parse_instant(EXAMPLE_NOW))
    root = example_site / search.INDEX_DIR
    indexed = {row[0] for chunk in root.glob("*/d*.json") for row in json.loads(chunk.read_text("utf-8"))}
    # Every published item, and the fixed pages of content/ but the home page.
    assert indexed == {item.url for item in published.items()} | {"gioi-thieu/", "co-cau-to-chuc/", "lien-he/"}
    assert len(published.posts) < len(portal.posts)
    assert all((example_site / url / "index.html").is_file() for url in indexed)
    assert not (example_site / "search" / "search_index.json").exists()


def test_the_search_page_carries_the_meta_json_it_was_built_with(example_site):
    page = (example_site / "tim-kiem" / "index.html").read_text("utf-8")
    written = (example_site / search.INDEX_DIR / "meta.json").read_text("utf-8")
    assert f'data-meta="{escape(written)}"' in page
