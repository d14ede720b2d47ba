"""Reading one content file: the front-matter split, its lines, and the limits on odd input."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, place, run
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from congtt.config import plugin_settings
from congtt.content import DOCUMENTS, POSTS, PROCEDURES, load_item
from congtt.schema import DOCUMENT_SCHEMA, POST_SCHEMA, PROCEDURE_SCHEMA, Vocabulary
from congtt.source import MAX_FILE_BYTES, read_source


def _read(tmp_path: Path, text: str | bytes):
    """Write ``text`` to a fresh file and read it back as a source."""
    path = tmp_path / "bai.md"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read_source(path)


def test_blank_lines_around_the_front_matter_keep_every_line_number(tmp_path):
    source = _read(tmp_path, "---\n\n\ntitle: Tin\ndate: 15/06/2023\n---\n\n\nNội dung.\n")
    assert source.problems == []
    assert source.meta.key_lines == {"title": 4, "date": 5}
    assert (source.body, source.body_line) == ("Nội dung.\n", 9)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    """A pasted 50 MB body would take minutes to build and swell every feed that carries it."""
    path = tmp_path / "bai.md"
    path.write_bytes(b"---\ntitle: Tin\n---\n")
    os.truncate(path, int(52.4 * 2**20))  # sparse: the test writes nothing like 52 MB
    source = read_source(path)
    assert source.problems == [
        (
            1,
            "Tệp quá lớn (52,4 MB); giới hạn là 2 MB. Hãy chia nội dung thành nhiều bài, "
            "hoặc đưa tài liệu dài vào tệp đính kèm (PDF) đặt cạnh bài viết.",
        )
    ]
    assert source.meta is None and source.body == ""


def test_a_file_at_the_size_limit_is_read(tmp_path):
    head = "---\ntitle: Tin\n---\n"
    source = _read(tmp_path, head + "a" * (MAX_FILE_BYTES - len(head)))
    assert source.problems == [] and len(source.body) == MAX_FILE_BYTES - len(head)


SYNTAX = "Lỗi cú pháp trong phần khai báo đầu tệp: "
ALIAS = (
    SYNTAX + "dấu «*» ở đầu giá trị là bí danh YAML (alias), không dùng trong phần khai báo đầu tệp; "
    "nếu giá trị bắt đầu bằng «*», hãy đặt cả giá trị trong dấu ngoặc kép."
)
ANCHOR = (
    SYNTAX + "dấu «&» ở đầu giá trị là nhãn neo YAML (anchor), không dùng trong phần khai báo đầu tệp; "
    "nếu giá trị bắt đầu bằng «&», hãy đặt cả giá trị trong dấu ngoặc kép."
)
DEEP = (
    "Phần khai báo đầu tệp lồng nhau quá sâu: hơn 10 tầng danh sách, nhóm khóa nằm trong nhau "
    "(các khóa của Cổng cần nhiều nhất 3 tầng). Hãy viết lại từ dòng này."
)


def _unprintable(code: str) -> str:
    return (
        f"Phần khai báo đầu tệp có ký tự không hiển thị được (mã U+{code}), thường lẫn vào khi "
        "chép từ Word hoặc PDF. Hãy xóa ký tự đó, hoặc gõ lại dòng này."
    )


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        ("title: Tin\nanh: &a [x]\n", 3, ANCHOR),
        ("title: &a Tin\n", 2, ANCHOR),
        ("title: *a\n", 2, ALIAS),
        ("title: *Tin nóng*\n", 2, ALIAS),
        ("title: **Tin**\n", 2, ALIAS),
        ("title: & Tin\n", 2, ANCHOR),
        ("title: Tin\ntags:\n" + "".join("  " * i + "- \n" for i in range(12)), 13, DEEP),
        ("title: " + "[" * 30_000 + "]" * 30_000 + "\n", 2, DEEP),
        ("date: 15/06/2023\ntitle: Tin\x01 mới\n", 3, _unprintable("0001")),
        ("title: Tin\x85mới\n", 2, _unprintable("0085")),
        ("? [title, date]\n: Tin\n", 2, "Tên khóa phải là một chữ (ví dụ «title»), không phải danh sách hay nhóm khóa."),
        (
            "title: Tin\n--- date: 15/06/2023\n",
            3,
            "Dòng này bắt đầu bằng «---», nên mở một khối khai báo thứ hai; phần khai báo đầu tệp chỉ được có "
            "một khối. Hãy xóa ba dấu gạch ngang ở đầu dòng.",
        ),
        (
            "title: @UBND xã\n",
            2,
            SYNTAX + "ký tự «@» không được đứng đầu giá trị; hãy đặt cả giá trị trong dấu ngoặc kép.",
        ),
    ],
    ids=[
        "anchor-on-sequence", "anchor-on-text", "alias", "markdown-emphasis", "markdown-strong",
        "lone-ampersand", "nested-12-deep", "nested-30000-deep", "raw-control", "next-line", "key-is-a-list", "second-document", "reserved-character",
    ],
)
def test_odd_front_matter_is_refused_with_its_line(tmp_path, front_matter, line, message):
    source = _read(tmp_path, f"---\n{front_matter}---\nNội dung.\n")
    assert source.problems == [(line, message)]
    assert source.meta is None


def test_escapes_of_characters_no_one_can_see_are_dropped(tmp_path):
    """Typed on purpose, unlike a raw one pasted from Word; a lone surrogate could not be written as UTF-8."""
    source = _read(tmp_path, '---\ntitle: "Tin\\x1b[31m mới\\ud800\\a"\n"t\\0ag\\x85s": "\\t"\n---\n')
    assert source.problems == []
    assert source.meta == {"title": "Tin[31m mới", "tags": "\t"}


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    """Nine levels of nine aliases: 375 bytes that PyYAML expands into 4.4 GB."""
    source = read_source(place(tmp_path, "alias-bomb.md", "news"))
    assert source.problems == [(5, ANCHOR)]


def test_ten_levels_of_nesting_are_read(tmp_path):
    nested = "".join("  " * i + "-\n" for i in range(9))
    source = _read(tmp_path, f"---\ntags:\n{nested}---\n")
    assert source.problems == []
    depth, node = 0, source.meta
    while isinstance(node, list | dict):
        depth, node = depth + 1, node[0] if isinstance(node, list) else node["tags"]
    assert depth == 10


def test_values_keep_their_lines_and_plain_nulls_are_empty(tmp_path):
    source = _read(
        tmp_path,
        "---\ntitle: Tin\nsummary:\nauthor: ~\nslug: ''\nid: !!null\n"
        "tasks:\n  - content: Việc một\n    status: hoan-thanh\n  - Việc hai\n---\n",
    )
    assert source.problems == []
    assert source.meta == {
        "title": "Tin", "summary": None, "author": None, "slug": "", "id": None,
        "tasks": [{"content": "Việc một", "status": "hoan-thanh"}, "Việc hai"],
    }
    assert source.meta.key_lines == {"title": 2, "summary": 3, "author": 4, "slug": 5, "id": 6, "tasks": 7}
    assert source.meta["tasks"].item_lines == [8, 10]
    assert source.meta["tasks"][0].key_lines == {"content": 8, "status": 9}


def test_a_repeated_key_is_a_problem_and_keeps_the_last_value(tmp_path):
    source = _read(tmp_path, "---\ntitle: Một\ntags: [a]\ntitle: Hai\n---\n")
    assert source.problems == [(4, "Khóa «title» được khai báo hai lần. Hãy xóa một dòng.")]
    assert source.meta == {"title": "Hai", "tags": ["a"]}


def _deep(portal: Path) -> Path:
    """Front-matter nested 30,000 deep: a segmentation fault in libyaml's composer."""
    path = portal / "news/2023/deep.md"
    path.write_text("---\ntitle: Tin\ntags: " + "[" * 30_000 + "]" * 30_000 + "\n---\n", encoding="utf-8")
    return path


def _huge(portal: Path) -> Path:
    """A 50 MB post: minutes of Markdown and 70 MB feeds."""
    path = portal / "news/2023/huge.md"
    path.write_text("---\ntitle: Tin\ndate: 15/06/2023\ncategory: thong-bao\n---\n", encoding="utf-8")
    os.truncate(path, 50 * 2**20)
    return path


@pytest.mark.parametrize(
    ("make", "line", "message"),
    [
        (lambda portal: place(portal, "alias-bomb.md", "news/2023"), 5, ANCHOR),
        (lambda portal: place(portal, "control-character.md", "news/2023"), 2, _unprintable("000B")),
        (_deep, 3, DEEP),
        (
            _huge,
            1,
            "Tệp quá lớn (50 MB); giới hạn là 2 MB. Hãy chia nội dung thành nhiều bài, "
            "hoặc đưa tài liệu dài vào tệp đính kèm (PDF) đặt cạnh bài viết.",
        ),
    ],
    ids=["alias-bomb", "control-character", "nested-30000-deep", "50-mb"],
)
def test_check_and_build_report_file_line_and_message(portal, make, line, message):
    """Each of these ended `congtt check` and `build` in a traceback, a crash, or minutes of work."""
    path = make(portal)
    for command in ("check", "build"):
        result = run(portal, command)
        assert result.exit_code == 1
        assert f"news/2023/{path.name}:{line}: {message}" in result.output.splitlines()
        assert "Traceback" not in result.output


# The loader under fuzzing: front-matter built from pieces that have each broken
# a YAML or date reader somewhere (indicators, escapes, controls, odd dates, deep
# brackets), around keys every schema knows.
KEYS = sorted({*POST_SCHEMA, *DOCUMENT_SCHEMA, *PROCEDURE_SCHEMA, "content", "status", "deadline", "file"})
ODD = "&*!|>'\"%@`#,[]{}:?-~\\\t\x00\x01\x0b\x1b\x7f\x85\u00a0\u2028\ufeff\ud7ff\U0001f600ơừđĐ0123456789 /+"
DATES = st.builds(
    lambda y, m, d, hh, mm, sign, oh, om, form: form.format(
        y=y, m=m, d=d, hh=hh, mm=mm, sign=sign, oh=oh, om=om
    ),
    st.integers(0, 10_000), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
    st.sampled_from("+-"), st.integers(0, 99), st.integers(0, 99),
    st.sampled_from(
        [
            "{y:04d}-{m:02d}-{d:02d}",
            "{y:04d}-{m}-{d} {hh:02d}:{mm:02d}",
            "{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00{sign}{oh:02d}:{om:02d}",
            "{y:04d}-{m:02d}-{d:02d} {hh:02d}:{mm:02d} {sign}{oh:02d}{om:02d}",
            "{d:02d}/{m:02d}/{y:04d}",
            "{d}/{m}/{y:04d} {hh}h{mm:02d}",
        ]
    ),
)
SCALARS = st.one_of(
    DATES,
    st.text(ODD, max_size=12),
    st.text(max_size=12),
    st.sampled_from(["hoan-thanh", "thong-bao", "ke-hoach", "ho-tich", '"1.001193"', "true", "~", "", "&a x", "*a"]),
    st.text(ODD, max_size=8).map(lambda t: '"' + t + '"'),
    st.integers(1, 40).map(lambda n: "[" * n + "]" * n),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(lambda items: "".join(f"\n  - {i}" for i in items)),
        st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=3).map(
            lambda pairs: "".join(f"\n    {k}: {v}" for k, v in pairs)
        ),
    ),
    max_leaves=12,
)
LINES = st.one_of(
    st.tuples(st.sampled_from(KEYS), VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(st.text(ODD, min_size=1, max_size=6), VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.text(ODD, max_size=20),
)
DOCUMENTS_TEXT = st.builds(
    lambda lines, body, close: "---\n" + "\n".join(lines) + ("\n---\n" if close else "\n") + body,
    st.lists(LINES, max_size=10),
    st.text(max_size=40),
    st.booleans(),
)


@pytest.fixture(scope="module")
def fuzz_portal(tmp_path_factory):
    """One copy of the fixture portal for all examples: hypothesis reruns the test, not its fixtures."""
    target = tmp_path_factory.mktemp("fuzz") / "portal"
    shutil.copytree(FIXTURES / "portal", target)
    return target, plugin_settings(load_config(str(target / "mkdocs.yml")))


_examples = itertools.count()


@pytest.mark.slow
@settings(max_examples=200, deadline=None, derandomize=True, database=None)  # the same 200 every run
@given(text=DOCUMENTS_TEXT, raw=st.one_of(st.none(), st.binary(max_size=40)))
def test_the_loader_answers_any_input_with_problems_never_a_traceback(fuzz_portal, text, raw):
    """Whatever a file holds, each content type's loader returns an item or problems on real lines."""
    root, config = fuzz_portal
    vocab = Vocabulary.from_settings(config)
    data = (raw or b"") + text.encode("utf-8")  # raw bytes first: encodings, BOMs, broken UTF-8
    for content_type, folder in ((POSTS, "2023"), (DOCUMENTS, "2023"), (PROCEDURES, "ho-tich")):
        mount = root / getattr(config, content_type.setting)
        path = mount / folder / f"fuzz-{next(_examples)}.md"  # a new name: no cached parse is reused
        path.write_bytes(data)
        item, problems = load_item(path, mount, root, content_type, vocab, config)
        assert item is not None or problems
        last_line = data.count(b"\n") + 1
        for problem in problems:
            assert 1 <= problem.line <= last_line, problem
            assert problem.message and "Traceback" not in problem.message


@pytest.mark.parametrize(("start", "kind", "app"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "tệp Word (.docx), Excel (.xlsx) hoặc tệp nén", "Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Word hoặc Excel đời cũ (.doc, .xls)", "Word"),
    (b"%PDF-1.7\n", "tệp PDF", "trình đọc PDF"),
])
def test_another_programs_file_renamed_md_is_named_for_what_it_is(tmp_path, start, kind, app):
    """Issue 23: a .docx renamed .md was diagnosed as a Windows-1258 file, with Notepad instructions."""
    source = _read(tmp_path, start + bytes(range(256)))
    assert source.problems == [(1, (
        f"Tệp này là {kind} được đặt tên .md, không phải văn bản Markdown. Hãy mở tệp gốc bằng {app}, chép phần "
        "chữ vào Xưởng soạn hoặc vào tệp tạo bằng «congtt new», rồi xóa tệp này (tệp gốc cần đăng kèm thì ghi ở "
        "khóa attachments)."))]


def test_a_body_read_as_front_matter_says_the_closing_line_is_missing(tmp_path):
    """Issue 23: with the closing «---» missing and a rule later in the body, YAML's «missing colon» pointed
    at a body line."""
    source = _read(tmp_path, "---\ntitle: Tin\ndate: 01/03/2023\n\nSáng nay, UBND xã tổ chức hội nghị.\n\n---\n\nPhần sau.\n")
    assert source.problems == [(5, (
        "Phần khai báo đầu tệp chưa được đóng: dòng này đã là nội dung bài mà ở trên chưa có dòng «---» "
        "(dòng «---» ở dòng 7 là đường kẻ trong nội dung). Thêm một dòng «---» ngay trên dòng này."))]


@pytest.mark.parametrize(("line", "message"), [
    ('title: "Hội thi "Dân vận khéo" năm 2025"',
     "Giá trị của khóa «title» mở bằng dấu \" nên dấu \" bên trong giá trị đã kết thúc nó. "
     "Hãy đặt cả giá trị trong ngoặc đơn: title: 'Hội thi \"Dân vận khéo\" năm 2025'"),
    ("title: 'Nhà văn hóa 'Thôn Đông' khánh thành'",
     "Giá trị của khóa «title» mở bằng dấu ' nên dấu ' bên trong giá trị đã kết thúc nó. "
     "Hãy đặt cả giá trị trong ngoặc kép: title: \"Nhà văn hóa 'Thôn Đông' khánh thành\""),
])
def test_a_quote_inside_a_quoted_value_shows_the_fixed_line(tmp_path, line, message):
    """Issue 23: YAML's own words («expected <block end>, but found '<scalar>'») reached staff."""
    source = _read(tmp_path, f"---\n{line}\ndate: 01/03/2023\n---\nNội dung.\n")
    assert source.problems == [(2, message)]
    fixed = message.rsplit(": ", 1)[1]
    assert _read(tmp_path, f"---\ntitle: {fixed}\n---\n").meta["title"] == line.split(": ", 1)[1][1:-1]
