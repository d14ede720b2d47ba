"""Synthetic phone photos for the benchmark, drawn with Pillow, the same bytes for the same seed.

A flat colour compresses to nothing and pure noise to nothing useful; the
photos are a sky gradient, ground, buildings and trees under a soft grain, so
that decoding, resizing and encoding cost about what a real photo does. Each
carries the camera EXIF a phone writes, which the pipeline must strip.
"""

from __future__ import annotations

import random
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

# Phone photos as they reach staff through a messaging app: resized to 2048 px.
PHOTO_SIZE = (2048, 1536)
_MAKE, _MODEL, _SOFTWARE = 0x010F, 0x0110, 0x0131
_GRAIN_SCALE = 6


def photo_bytes(seed: str, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A JPEG photo of a village scene; ``seed`` decides everything in it."""
    rng = random.Random(seed)
    width, height = size
    image = _sky_and_ground(rng, width, height)
    _scenery(ImageDraw.Draw(image), rng, width, height)
    image = Image.blend(image, _grain(rng, width, height), 0.18)
    exif = Image.Exif()
    exif[_MAKE] = "Samsung"
    exif[_MODEL] = "Galaxy A15"
    exif[_SOFTWARE] = "A155FXXU1AWK1"
    out = BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif.tobytes())
    return out.getvalue()


def write_photos(folder: Path, count: int, prefix: str, size: tuple[int, int] = PHOTO_SIZE) -> list[Path]:
    """Write ``count`` photos named ``<prefix>-NNN.jpg`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{prefix}-{number:03d}.jpg"
        path.write_bytes(photo_bytes(f"{prefix}:{number}", size))
        paths.append(path)
    return paths


def _sky_and_ground(rng: random.Random, width: int, height: int) -> Image.Image:
    """A vertical sky gradient down to a horizon, then fields."""
    horizon = int(height * rng.uniform(0.45, 0.65))
    top = (rng.randint(60, 120), rng.randint(120, 170), rng.randint(190, 240))
    low = (rng.randint(190, 230), rng.randint(200, 230), rng.randint(220, 245))
    ground = (rng.randint(60, 110), rng.randint(110, 160), rng.randint(40, 80))
    column = Image.new("RGB", (1, height))
    for y in range(height):
        if y < horizon:
            t = y / horizon
            column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, low)))
        else:
            t = (y - horizon) / max(1, height - horizon)
            column.putpixel((0, y), tuple(round(c * (1 - 0.35 * t)) for c in ground))
    return column.resize((width, height))


def _scenery(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int) -> None:
    """Buildings on the horizon, trees and people in front."""
    base = int(height * 0.6)
    for _ in range(rng.randint(4, 9)):
        left = rng.randint(0, width - 50)
        w, h = rng.randint(width // 16, width // 5), rng.randint(height // 10, height // 3)
        colour = (rng.randint(150, 240), rng.randint(140, 220), rng.randint(120, 200))
        draw.rectangle((left, base - h, left + w, base), fill=colour, outline=(80, 70, 60), width=3)
        for window in range(rng.randint(2, 8)):
            wx = left + 10 + window * (w // 9 + 4)
            draw.rectangle((wx, base - h + 20, wx + w // 14, base - h + 20 + h // 6), fill=(60, 80, 110))
    for _ in range(rng.randint(8, 24)):
        x, y = rng.randint(0, width), rng.randint(base - height // 8, height)
        r = rng.randint(width // 60, width // 18)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randint(20, 70), rng.randint(80, 140), rng.randint(20, 60)))
    for _ in range(rng.randint(0, 14)):
        x, y = rng.randint(0, width), rng.randint(base, height)
        draw.rectangle((x, y, x + width // 90, y + height // 14), fill=(rng.randint(0, 255), rng.randint(0, 120), rng.randint(0, 120)))


def _grain(rng: random.Random, width: int, height: int) -> Image.Image:
    """Sensor-like grain: random values at a coarse scale, smoothly enlarged."""
    small = (max(1, width // _GRAIN_SCALE), max(1, height // _GRAIN_SCALE))
    noise = bytes(rng.getrandbits(8) for _ in range(small[0] * small[1] * 3))
    return Image.frombytes("RGB", small, noise).resize((width, height), Image.Resampling.BICUBIC)
