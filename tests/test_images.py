"""Photos: oriented, stripped of EXIF/GPS, resized into variants, cached by content hash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from congtt.images import PhotoPipeline

from conftest import run
from support.damage import flip


def phone_photo(path: Path, colour: tuple[int, int, int] = (200, 30, 30)) -> Path:
    """A 1200×800 landscape JPEG whose EXIF says 'rotate 90°' (orientation 6), with GPS tags."""
    image = Image.new("RGB", (1200, 800), colour)
    image.paste((20, 20, 200), (0, 0, 600, 800))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (106.0, 12.0, 5.0)}
    exif[0x8825] = gps
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)
    with Image.open(path) as check:
        assert check.getexif().get_ifd(0x8825), "fixture must carry GPS"
    return path


def _assert_clean_portrait(path: Path) -> None:
    with Image.open(path) as image:
        assert image.height > image.width, path
        exif = image.getexif()
        assert len(exif) == 0 and not exif.get_ifd(0x8825), path
        assert "exif" not in image.info and "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info, path


def test_variants_are_portrait_and_carry_no_metadata(tmp_path):
    source = phone_photo(tmp_path / "anh.jpg")
    pipeline = PhotoPipeline(tmp_path / "cache")
    photo = pipeline.publish(source, "tin-tuc/2024/03/hop/anh.jpg")
    assert (photo.width, photo.height) == (800, 1200)
    assert {v.width for v in photo.variants} == {480, 800}
    assert {v.mime for v in photo.variants} == {"image/webp", "image/jpeg"}
    for variant in photo.variants:
        _assert_clean_portrait(variant.cached)
    assert b"PhoneMaker" not in b"".join(v.cached.read_bytes() for v in photo.variants)


def test_cache_skips_unchanged_photos_and_never_touches_originals(tmp_path):
    source = phone_photo(tmp_path / "anh.jpg")
    original = source.read_bytes()
    first = PhotoPipeline(tmp_path / "cache")
    first.publish(source, "a/anh.jpg")
    second = PhotoPipeline(tmp_path / "cache")
    photo = second.publish(source, "b/anh.jpg")
    assert (first.encoded, second.encoded) == (1, 0)
    assert photo.url == "b/anh.jpg" and photo.variants[0].url == "b/anh-480.webp"
    assert source.read_bytes() == original


@pytest.mark.slow
def test_built_post_serves_pictures_and_no_original(portal):
    phone_photo(portal / "news/2023/anh/hoi-nghi.jpg")
    post = portal / "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md"
    text = post.read_text("utf-8").replace(
        "tags: [hộ tịch]\n", "tags: [hộ tịch]\nimage: anh/hoi-nghi.jpg\nimage_alt: Hội nghị tại hội trường UBND xã\n"
    )
    post.write_text(text + "\n![Người dân nộp hồ sơ & nhận kết quả](anh/hoi-nghi.jpg)\n", "utf-8")
    assert run(portal, "build").exit_code == 0
    page_dir = portal / "site/tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen"
    html = (page_dir / "index.html").read_text("utf-8")
    assert html.count("<picture>") == 2
    assert 'srcset="anh/hoi-nghi-480.webp 480w, anh/hoi-nghi-800.webp 800w"' in html
    assert 'alt="Người dân nộp hồ sơ &amp; nhận kết quả" loading="lazy"' in html
    assert 'alt="Hội nghị tại hội trường UBND xã" fetchpriority="high"' in html
    for published in (page_dir / "anh").iterdir():
        _assert_clean_portrait(published)
    listing = (portal / "site/tin-tuc/index.html").read_text("utf-8")
    assert "hoi-nghi-480.webp" in listing


def test_a_sound_photo_is_decoded_once_across_checks_and_a_broken_one_every_time(tmp_path, monkeypatch):
    import congtt.images as images

    good = phone_photo(tmp_path / "tot.jpg")
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(good.read_bytes()[:2000])
    record = tmp_path / "sound.json"
    first = images.SoundImages(record)
    assert first.problem(good, "tot.jpg", 10**8) is None
    assert first.problem(broken, "hong.jpg", 10**8).startswith("Ảnh «hong.jpg» bị hỏng")
    first.save()
    decoded = []
    monkeypatch.setattr(images, "_checked_image", lambda path, *rest: decoded.append(path.name))
    second = images.SoundImages(record)
    assert second.problem(good, "tot.jpg", 10**8) is None
    second.problem(broken, "hong.jpg", 10**8)
    assert decoded == ["hong.jpg"]
    good.write_bytes(good.read_bytes() + b"\0")
    images.SoundImages(record).problem(good, "tot.jpg", 10**8)
    assert decoded == ["hong.jpg", "tot.jpg"]


def _with_photos(portal: Path) -> None:
    """The fixture portal's post with two phone photos in its body."""
    phone_photo(portal / "news/2023/anh/hoi-nghi.jpg")
    phone_photo(portal / "news/2023/anh/tiep-dan.jpg", colour=(30, 160, 60))
    post = portal / "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md"
    post.write_text(post.read_text("utf-8") + "\n![Hội nghị](anh/hoi-nghi.jpg)\n![Tiếp dân](anh/tiep-dan.jpg)\n", "utf-8")


def _published(portal: Path) -> dict[str, bytes]:
    """Build as ``congtt build`` does, in a process of its own; the bytes of every file of the site.

    A process per build: MkDocs keeps one plugin instance per process, whose
    photo pipeline would stay that of the first portal built. The bytes are
    read at once, as the site shares its files' inodes with the cache.
    """
    command = [sys.executable, "-c", "from congtt.cli import main; main()", "build", "-f", str(portal / "mkdocs.yml")]
    result = subprocess.run([*command, "--now", "2026-11-23T08:00:00+07:00"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    site = portal / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _manifests(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("*.json") if p.name != "digests.json")


DAMAGES = {
    "truncated manifest": lambda cache: _truncate(_manifests(cache)[0]),
    "junk manifest": lambda cache: _manifests(cache)[0].write_text('{"variants": [1]}', "utf-8"),
    "deleted variant": lambda cache: next(cache.glob("*-480.jpeg")).unlink(),
    "truncated variant": lambda cache: _truncate(next(cache.glob("*-800.webp"))),
    "flipped variant": lambda cache: flip(next(cache.glob("*-800.jpeg"))),
    "junk digests": lambda cache: (cache / "digests.json").write_text('["không phải bản ghi"]', "utf-8"),
}


@pytest.mark.slow
@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_photo_cache_entry_is_encoded_again_to_the_same_bytes(tmp_path, damage):
    source, cache = phone_photo(tmp_path / "anh.jpg"), tmp_path / "cache"
    clean = {v.url: v.cached.read_bytes() for v in PhotoPipeline(cache).publish(source, "anh.jpg").variants}
    PhotoPipeline(cache).save()
    DAMAGES[damage](cache)
    again = PhotoPipeline(cache)
    assert {v.url: v.cached.read_bytes() for v in again.publish(source, "anh.jpg").variants} == clean
    assert again.encoded == (0 if damage == "junk digests" else 1)


@pytest.mark.slow
def test_after_a_truncated_manifest_and_a_deleted_variant_the_next_build_equals_a_clean_one(portal):
    from congtt.plugin import PHOTO_CACHE

    _with_photos(portal)
    clean = _published(portal)
    cache = portal / PHOTO_CACHE
    first, second = _manifests(cache)
    _truncate(first)
    next(cache.glob(f"{second.stem}-480.webp")).unlink()
    (cache / "digests.json").write_text("{", "utf-8")
    assert _published(portal) == clean


def test_an_intact_variant_is_not_read_and_a_touched_one_is_read_once(tmp_path, monkeypatch):
    import congtt.memo as memo

    source = phone_photo(tmp_path / "anh.jpg")
    PhotoPipeline(tmp_path / "cache").publish(source, "anh.jpg")
    variant = next((tmp_path / "cache").glob("*-480.webp"))
    os.utime(variant, ns=(0, 0))
    hashed = []
    monkeypatch.setattr(memo, "_read", lambda path: hashed.append(Path(path).name) or Path(path).read_bytes())
    for _ in range(2):
        pipeline = PhotoPipeline(tmp_path / "cache")
        pipeline.publish(source, "anh.jpg")
        assert pipeline.encoded == 0
    assert hashed == [variant.name]
