"""Vietnamese folding and slugs."""

import unicodedata

from congtt.text import fold, nfc, slugify


def test_slug_strips_tone_marks_and_d_bar():
    assert slugify("Đăng ký khai sinh") == "dang-ky-khai-sinh"
    assert slugify("Chứng thực bản sao từ bản chính") == "chung-thuc-ban-sao-tu-ban-chinh"
    assert slugify("Kế hoạch 56/KH-UBND") == "ke-hoach-56-kh-ubnd"


def test_nfd_and_nfc_fold_and_slug_alike():
    composed = "Hộ tịch đăng ký"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert nfc(decomposed) == composed
    assert fold(decomposed) == fold(composed) == "ho tich dang ky"
    assert slugify(decomposed) == slugify(composed)
