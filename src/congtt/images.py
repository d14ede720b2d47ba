"""Photos: refusing corrupt files and decompression bombs before they are published."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError


def image_problem(path: Path, ref: str, max_pixels: int) -> str | None:
    """Say what makes the image at ``path`` unpublishable, or None when it is sound.

    The pixel count is read from the header before any decoding, so a small file
    that would expand into gigabytes is refused without being decoded. Then a
    reduced decode (JPEG draft mode) proves the data is complete.
    """
    try:
        width, height = _header_size(path)
        if width * height > max_pixels:
            return _bomb(ref, width, height, max_pixels)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
            with Image.open(path) as image:
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _bomb(ref, width, height, max_pixels)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return (
            f"Ảnh «{ref}» bị hỏng hoặc không phải tệp ảnh hợp lệ. "
            "Hãy xuất lại ảnh dạng JPEG hoặc PNG rồi chép đè lên tệp này."
        )
    return None


def _header_size(path: Path) -> tuple[int, int]:
    """Read the dimensions from the header only, with Pillow's own bomb guard lifted.

    Pillow refuses to even open a very large image; we want its size, to tell
    staff how large it is, and we enforce our own (configurable) limit.
    """
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            return image.size
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def _bomb(ref: str, width: int, height: int, max_pixels: int) -> str:
    """Message for an image too large to decode safely."""
    return (
        f"Ảnh «{ref}» quá lớn ({width}×{height} điểm ảnh), vượt giới hạn {max_pixels / 1_000_000:g} triệu điểm ảnh. "
        "Hãy thu nhỏ ảnh (ví dụ còn 2000 điểm ảnh chiều rộng) trước khi đăng."
    )
