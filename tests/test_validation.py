"""Every validation rule: one fixture file each, and its exact Vietnamese message."""

from __future__ import annotations

import pytest

from conftest import place, run

# (fixture, folder it is placed in, line, exact message)
RULES = [
    (
        'yaml-syntax.md',
        'news/2023',
        2,
        'Lỗi cú pháp trong phần khai báo đầu tệp: có dấu hai chấm «:» ở chỗ không hợp lệ; nếu giá trị chứa dấu hai chấm, hãy đặt cả giá trị trong dấu ngoặc kép.',
    ),
    (
        'not-a-mapping.md',
        'news/2023',
        2,
        'Phần khai báo đầu tệp phải gồm các dòng «khóa: giá trị» (ví dụ «title: Tiêu đề»), không phải một danh sách hay một đoạn chữ.',
    ),
    (
        'no-front-matter.md',
        'news/2023',
        1,
        'Tệp thiếu phần khai báo đầu tệp (front-matter) đặt giữa hai dòng «---». Dùng lệnh «congtt new» để tạo tệp mẫu có sẵn các khóa.',
    ),
    (
        'missing-key.md',
        'news/2023',
        2,
        'Thiếu khóa bắt buộc «category» (chuyên mục). Thêm một dòng «category: …» vào phần khai báo đầu tệp.',
    ),
    (
        'impossible-date.md',
        'news/2023',
        3,
        'Ngày «31/02/2023» ở khóa «date» (ngày đăng) không tồn tại: tháng 2 năm 2023 chỉ có 28 ngày. Ghi ngày trước, tháng sau, ví dụ 15/06/2023.',
    ),
    (
        'month-first-date.md',
        'news/2023',
        3,
        'Ngày «06/15/2023» ở khóa «date» (ngày đăng) không tồn tại: tháng 15 không tồn tại, tháng chỉ từ 1 đến 12. Ghi ngày trước, tháng sau, ví dụ 15/06/2023.',
    ),
    (
        'unreadable-date.md',
        'news/2023',
        3,
        'Không đọc được ngày «hôm qua» ở khóa «date» (ngày đăng). Ghi theo dạng ngày/tháng/năm như 15/06/2023 hoặc 15/06/2023 08:30 (hoặc 2023-06-15).',
    ),
    (
        'unknown-category.md',
        'news/2023',
        4,
        'Chuyên mục «the-thao» không có trong cấu hình. Chọn một trong: tin-hoat-dong (Tin hoạt động), cai-cach-hanh-chinh (Cải cách hành chính), thong-bao (Thông báo). Danh sách đặt ở mkdocs.yml, mục plugins → congtt → categories; nếu mkdocs.yml chưa có mục đó thì đây là danh sách mặc định của congtt.',
    ),
    (
        'unknown-area.md',
        'news/2023',
        5,
        'Lĩnh vực CCHC «cai-cach-giao-duc» không có trong cấu hình. Chọn một trong: chi-dao-dieu-hanh (Công tác chỉ đạo, điều hành CCHC), the-che (Cải cách thể chế), tthc (Cải cách thủ tục hành chính), to-chuc-bo-may (Cải cách tổ chức bộ máy), cong-vu (Cải cách chế độ công vụ), tai-chinh-cong (Cải cách tài chính công), chinh-quyen-so (Xây dựng chính quyền điện tử, chính quyền số). Danh sách đặt ở mkdocs.yml, mục plugins → congtt → cchc_areas; nếu mkdocs.yml chưa có mục đó thì đây là danh sách mặc định của congtt.',
    ),
    (
        'unknown-key.md',
        'news/2023',
        5,
        'Khóa «sumary» không dùng được cho tin bài. Có phải ý bạn là «summary»? Các khóa hợp lệ: title, date, updated, summary, author, category, cchc, channels, tags, image, image_alt, featured, draft, slug, aliases, id.',
    ),
    (
        'duplicate-key.md',
        'news/2023',
        5,
        'Khóa «title» được khai báo hai lần. Hãy xóa một dòng.',
    ),
    (
        'bad-flag.md',
        'news/2023',
        5,
        'Khóa «draft» (bản nháp) chỉ nhận «true» (có) hoặc «false» (không), không phải «chắc chắn».',
    ),
    (
        'missing-image.md',
        'news/2023',
        8,
        'Không tìm thấy tệp «anh/khong-co.jpg». Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường, có dấu, không dấu) và đặt tệp cạnh bài viết.',
    ),
    (
        'outside-image.md',
        'news/2023',
        5,
        'Tệp «../../../mkdocs.yml» nằm ngoài thư mục nội dung «news/». Hãy chép tệp vào cạnh bài viết rồi sửa lại đường dẫn.',
    ),
    (
        'page-missing-alt.md',
        'content',
        7,
        'Ảnh «hong.jpg» chưa có mô tả cho người khiếm thị. Viết mô tả trong ngoặc vuông: ![Mô tả nội dung ảnh](hong.jpg).',
    ),
    (
        'missing-alt.md',
        'news/2023',
        6,
        'Ảnh «hong.jpg» chưa có mô tả cho người khiếm thị. Viết mô tả trong ngoặc vuông: ![Mô tả nội dung ảnh](hong.jpg).',
    ),
    (
        'corrupt-image.md',
        'news/2023',
        6,
        'Ảnh «hong.jpg» bị hỏng hoặc không phải tệp ảnh hợp lệ. Hãy xuất lại ảnh dạng JPEG hoặc PNG rồi chép đè lên tệp này.',
    ),
    (
        'bomb-image.md',
        'news/2023',
        5,
        'Ảnh «bom.png» quá lớn (16000×16000 điểm ảnh), vượt giới hạn 50 triệu điểm ảnh. Hãy thu nhỏ ảnh (ví dụ còn 2000 điểm ảnh chiều rộng) trước khi đăng.',
    ),
    (
        'duplicate-url.md',
        'news/2023',
        1,
        'Địa chỉ «/tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/» trùng với địa chỉ của tệp news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md. Thêm khóa «slug: …» khác cho một trong hai tệp.',
    ),
    (
        'empty.md',
        'news/2023',
        1,
        'Tệp rỗng. Hãy điền nội dung hoặc xóa tệp này.',
    ),
    (
        'not-utf8.md',
        'news/2023',
        2,
        'Tệp không được lưu bằng mã hóa UTF-8 (có thể là Windows-1258 hoặc TCVN3 cũ). Hãy mở tệp và lưu lại với mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8).',
    ),
    (
        'unknown-kind.md',
        'plans/2023',
        2,
        'Loại văn bản «nghi-dinh» không có trong cấu hình. Chọn một trong: ke-hoach (Kế hoạch), bao-cao (Báo cáo), quyet-dinh (Quyết định), cong-van (Công văn), thong-bao (Thông báo), to-trinh (Tờ trình), nghi-quyet (Nghị quyết), huong-dan (Hướng dẫn), chuong-trinh (Chương trình). Danh sách đặt ở mkdocs.yml, mục plugins → congtt → document_kinds; nếu mkdocs.yml chưa có mục đó thì đây là danh sách mặc định của congtt.',
    ),
    (
        'bad-code.md',
        'tthc/ho-tich',
        2,
        'Mã thủ tục «1-001193» không đúng dạng mã của Cơ sở dữ liệu quốc gia về TTHC (ví dụ "1.001193"). Ghi mã trong dấu ngoặc kép: code: "1.001193".',
    ),
    (
        'unknown-field.md',
        'tthc/ho-tich',
        4,
        'Lĩnh vực «thue» không có trong cấu hình. Chọn một trong: ho-tich (Hộ tịch), chung-thuc (Chứng thực). Danh sách đặt ở mkdocs.yml, mục plugins → congtt → tthc_fields; nếu mkdocs.yml chưa có mục đó thì đây là danh sách mặc định của congtt.',
    ),
    (
        'bad-online.md',
        'tthc/ho-tich',
        5,
        'Giá trị «mot-nua» của khóa «online» (mức độ trực tuyến) không hợp lệ. Chọn một trong: toan-trinh (Toàn trình), mot-phan (Một phần), khong (Trực tiếp).',
    ),
    (
        'abolished-without-decision.md',
        'tthc/ho-tich',
        5,
        'Thủ tục có «status: bai-bo» cần khóa «change_decision» ghi quyết định sửa đổi hoặc bãi bỏ thủ tục.',
    ),
    (
        'missing-form.md',
        'tthc/ho-tich',
        6,
        'Không tìm thấy tệp «bieu-mau/to-khai.docx». Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường, có dấu, không dấu) và đặt tệp cạnh bài viết.',
    ),
    (
        'bad-task.md',
        'plans/2023',
        8,
        'Tình trạng nhiệm vụ «xong» không hợp lệ. Chọn một trong: chua-thuc-hien, dang-thuc-hien, hoan-thanh.',
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("fixture", "folder", "line", "message"), RULES, ids=[r[0] for r in RULES])
def test_rule_reports_file_line_and_message(portal, fixture, folder, line, message):
    """`congtt check` names the file and line, says what is wrong and how to fix it, exits 1."""
    for image in ("hong.jpg", "bom.png"):
        place(portal, image, "news/2023")
        place(portal, image, "content")
    place(portal, fixture, folder)
    result = run(portal, "check")
    assert result.exit_code == 1
    assert f"{folder}/{fixture}:{line}: {message}" in result.output.splitlines()
    assert "Traceback" not in result.output


def test_every_problem_is_reported_at_once(portal):
    """Staff fix a whole batch in one go: all problems come out in one run."""
    for fixture, folder, _, _ in RULES[:6]:
        place(portal, fixture, folder)
    result = run(portal, "check")
    reported = [line for line in result.output.splitlines() if line.startswith(("news/", "plans/", "tthc/"))]
    assert len(reported) == 6
    assert "Có 6 lỗi." in result.output


def test_valid_portal_passes(portal):
    """The fixture portal itself is clean."""
    result = run(portal, "check")
    assert result.exit_code == 0, result.output
    assert "Không có lỗi: 1 tin bài, 1 văn bản, 1 thủ tục hành chính." in result.output


def test_two_posts_with_one_identity_are_refused(portal):
    """The feed guid comes from the post's id (by default its file name): it must be unique."""
    original = next((portal / "news/2023").glob("*.md"))
    (portal / "news/2024").mkdir()
    (portal / "news/2024" / original.name).write_text(
        original.read_text("utf-8").replace("2023", "2024").replace("title: ", "title: Bài khác "), "utf-8"
    )
    result = run(portal, "check")
    assert result.exit_code == 1
    assert (
        f"news/2024/{original.name}:1: Mã nhận diện «{original.stem}» của tin bài trùng với tin bài "
        f"news/2023/{original.name} (nguồn tin RSS dùng mã này để nhận ra tin bài). "
        "Đổi tên tệp, hoặc thêm khóa «id: …» khác cho một trong hai tệp."
    ) in result.output.splitlines()


DUPLICATE_CODE = (
    "Mã thủ tục «1.001193» đã có ở tệp tthc/ho-tich/1.001193-dang-ky-khai-sinh.md («Đăng ký khai sinh»). Mỗi mã "
    "là một thủ tục: nếu hai tệp cùng một thủ tục, hãy giữ một tệp và xóa tệp kia; nếu khác thủ tục, hãy sửa "
    "lại mã theo Cơ sở dữ liệu quốc gia về TTHC."
)


@pytest.mark.parametrize(("name", "title"), [
    ("tthc/ho-tich/z-ban-sao.md", "Đăng ký khai sinh lưu động"),
    ("tthc/ho-tich/z-ban-sao.md", "Đăng ký khai sinh"),
    ("tthc/khac/1.001193-dang-ky-khai-sinh.md", "Đăng ký khai sinh"),  # the same address too
])
def test_two_procedures_with_one_code_are_refused_by_their_code(portal, name, title):
    """Issue 23: the same code under another title was not reported at all, and at the same address the
    message advised a «slug:» (a second page for one procedure)."""
    original = portal / "tthc/ho-tich/1.001193-dang-ky-khai-sinh.md"
    copy = portal / name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(original.read_text("utf-8").replace("title: Đăng ký khai sinh", f"title: {title}"), "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{name}:2: {DUPLICATE_CODE}" and "slug" not in result.output
    # While either is a draft (a rewrite in progress), it is said and does not stop publishing.
    copy.write_text(copy.read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1), "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 0 and f"{name}:3: cảnh báo: {DUPLICATE_CODE}" in result.output


AREAS = "chi-dao-dieu-hanh (Công tác chỉ đạo, điều hành CCHC), the-che (Cải cách thể chế), tthc (Cải cách thủ tục hành chính), to-chuc-bo-may (Cải cách tổ chức bộ máy), cong-vu (Cải cách chế độ công vụ), tai-chinh-cong (Cải cách tài chính công), chinh-quyen-so (Xây dựng chính quyền điện tử, chính quyền số)"
CATEGORIES = "tin-hoat-dong (Tin hoạt động), cai-cach-hanh-chinh (Cải cách hành chính), thong-bao (Thông báo)"
WHERE = "Danh sách đặt ở mkdocs.yml, mục plugins → congtt → {}; nếu mkdocs.yml chưa có mục đó thì đây là danh sách mặc định của congtt."


@pytest.mark.parametrize(("line", "message"), [
    ("category: Cải cách hành chính", "Chuyên mục «Cải cách hành chính» không có trong cấu hình. «Cải cách hành chính» là tên hiển thị; "
     f"trong tệp hãy ghi mã của nó: category: cai-cach-hanh-chinh. Chọn một trong: {CATEGORIES}. {WHERE.format('categories')}"),
    ("category: thong-bao, tin-hoat-dong", "Chuyên mục «thong-bao, tin-hoat-dong» không có trong cấu hình. Khóa «category» chỉ "
     f"nhận một giá trị: chọn một trong thong-bao, tin-hoat-dong. Chọn một trong: {CATEGORIES}. {WHERE.format('categories')}"),
    ("category: thong-bao\ncchc: the-che, tthc", "Lĩnh vực CCHC «the-che, tthc» không có trong cấu hình. Nhiều giá trị thì ghi "
     f"thành danh sách trong ngoặc vuông: cchc: [the-che, tthc]. Chọn một trong: {AREAS}. {WHERE.format('cchc_areas')}"),
    ("category: thong-bao\ncchc: [the-che, cai cach thu tuc hanh chinh]", "Lĩnh vực CCHC «cai cach thu tuc hanh chinh» không có trong cấu hình. "
     "«cai cach thu tuc hanh chinh» là tên hiển thị; trong tệp hãy ghi mã của nó: cchc: tthc. "
     f"Chọn một trong: {AREAS}. {WHERE.format('cchc_areas')}"),
    ("category: thong-bo", "Chuyên mục «thong-bo» không có trong cấu hình. Có phải ý bạn là «thong-bao»? "
     f"Chọn một trong: {CATEGORIES}. {WHERE.format('categories')}"),
])
def test_a_vocabulary_value_typed_another_way_gets_the_code_it_means(portal, line, message):
    """Issue 23: a category typed as its display name, or a comma list in «cchc:», got the bare list."""
    (portal / "news/2023/goi-y.md").write_text(f"---\ntitle: Tin\ndate: 01/03/2023\n{line}\n---\nNội dung.\n", "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].split(": ", 1)[1] == message


def test_a_photo_name_with_a_space_is_named_whole(portal):
    """Issue 23: «anh hoi nghi.jpg» was reported as a missing «anh»."""
    (portal / "news/2023/anh-cach.md").write_text(
        "---\ntitle: Tin\ndate: 01/03/2023\ncategory: thong-bao\n---\nNội dung.\n\n![Hội nghị](anh hoi nghi.jpg)\n"
        '\n![Hội nghị](anh.jpg "Ảnh hội nghị")\n', "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "news/2023/anh-cach.md:8: Tên tệp «anh hoi nghi.jpg» có dấu cách nên đường dẫn bị cắt còn «anh». Đổi tên "
        "tệp cho không còn dấu cách (ví dụ «anh-hoi-nghi.jpg») rồi sửa đường dẫn trong bài theo tên mới.")
    assert lines[1].startswith("news/2023/anh-cach.md:10: Không tìm thấy tệp «anh.jpg».")  # a title is no part of it


def test_another_commune_keeping_the_examples_address_is_refused(portal):
    """Issue 23: a copied portal that kept site_url shared 38 guids with Lai Khê in the province's reader."""
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("https://thunghiem.example.gov.vn/", "https://laikhe.haiphong.gov.vn/"), "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "mkdocs.yml:2: site_url vẫn là địa chỉ của Cổng mẫu Xã Lai Khê (https://laikhe.haiphong.gov.vn/) trong khi "
        "Cổng này là của Xã Thử Nghiệm: nguồn tin RSS, liên kết chia sẻ và sơ đồ Cổng sẽ mang tên Cổng khác, và cổng "
        "của tỉnh sẽ xếp tin của xã vào Cổng mẫu. Ghi địa chỉ Cổng của xã, ví dụ site_url: https://tenxa.tinh.gov.vn/")
    assert run(portal, "build").exit_code == 1


def test_a_link_to_a_markdown_file_not_in_the_repository_is_refused(portal):
    """Issue 23: broken «.md» links passed check with MkDocs' English warning, and the feed linked a 404."""
    post = next((portal / "news/2023").glob("*.md"))
    post.write_text(post.read_text("utf-8") + "\nXem [kế hoạch](../../plans/2023/ke-hoach-56.md), "
                    "[bài cũ](2023-01-01-khong-co.md#muc-1) và [trang](https://example.gov.vn/a.md).\n", "utf-8")
    (portal / "content/lien-he.md").write_text("# Liên hệ\n\nXem [giới thiệu](gioi-thieu-cu.md).\n", "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    message = ("Liên kết «{}» không dẫn tới bài nào: trong kho không có tệp đó (đường dẫn tính từ thư mục của tệp này). "
               "Sửa lại theo tên tệp của bài cần dẫn tới, ví dụ «../2024/2024-03-01-ten-bai.md», hoặc bỏ liên kết.")
    line = len(post.read_text("utf-8").splitlines())
    assert [l for l in result.output.splitlines() if "Liên kết «" in l] == [
        f"content/lien-he.md:3: {message.format('gioi-thieu-cu.md')}",
        f"news/2023/{post.name}:{line}: {message.format('2023-01-01-khong-co.md')}",
    ]
