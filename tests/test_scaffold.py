"""``congtt new`` writes valid, explained templates and never overwrites."""

from conftest import run


def test_new_post_is_valid_and_never_overwritten(portal):
    result = run(portal, "new", "news", "Họp dân về đăng ký khai sinh")
    assert result.exit_code == 0, result.output
    created = list((portal / "news").rglob("*hop-dan-ve-dang-ky-khai-sinh.md"))
    assert len(created) == 1
    text = created[0].read_text("utf-8")
    assert "# Chuyên mục (bắt buộc)" in text
    assert 'title: "Họp dân về đăng ký khai sinh"' in text
    assert run(portal, "check").exit_code == 0
    created[0].write_text(text + "Nội dung đã viết.\n", "utf-8")
    again = run(portal, "new", "news", "Họp dân về đăng ký khai sinh")
    assert again.exit_code == 1
    assert "không ghi đè" in again.output
    assert created[0].read_text("utf-8").endswith("Nội dung đã viết.\n")


def test_new_document_passes_check(portal):
    assert run(portal, "new", "document", "Kế hoạch tuyên truyền năm 2026").exit_code == 0
    assert run(portal, "check").exit_code == 0


def test_new_procedure_asks_for_its_code(portal):
    assert run(portal, "new", "procedure", "Đăng ký khai tử").exit_code == 0
    result = run(portal, "check")
    assert result.exit_code == 0  # a new file is a draft: its problems never stop publishing (test_drafts)
    assert "tthc/dang-ky-khai-tu.md:3: cảnh báo: Mã thủ tục «» không đúng dạng" in result.output


def test_a_title_with_quotes_is_kept_as_typed(portal):
    """Issue 23: «"» became «'» silently."""
    from congtt.source import read_source

    title = 'Hội thi "Dân vận khéo" năm 2025 \\ lần 2'
    assert run(portal, "new", "news", title).exit_code == 0
    created = next((portal / "news").rglob("*hoi-thi-dan-van-kheo*.md"))
    assert read_source(created).meta["title"] == title
