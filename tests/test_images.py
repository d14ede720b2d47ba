"""Photos: oriented, stripped of EXIF/GPS, resized into variants, cached by content hash."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from congtt.images import PhotoPipeline

from conftest import run


def phone_photo(path: Path) -> Path:
    """A 1200×800 landscape JPEG whose EXIF says 'rotate 90°' (orientation 6), with GPS tags."""
    image = Image.new("RGB", (1200, 800), (200, 30, 30))
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
