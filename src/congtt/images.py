"""Photos: refusing corrupt files and bombs, and publishing phone-sized variants without metadata."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from . import atomic
from .memo import file_stamp, intact, read_sealed, write_sealed

try:  # HEIC photos from iPhones, when pillow-heif is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a pinned dependency
    pass


class SoundImages:
    """Photos found sound by earlier checks, by path, size and modification time, kept on disk.

    Proving a photo complete means decoding it: 4,000 photos of a large portal
    cost seconds at every ``congtt check`` and build. A photo that was sound
    and has not changed since stays sound; a faulty one is checked again every
    time, so its message is always the current one.
    """

    def __init__(self, record: Path) -> None:
        self.record = record
        try:
            self.known = set(json.loads(record.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            self.known = set()
        self.seen: set[str] = set()

    def problem(self, path: Path, ref: str, max_pixels: int) -> str | None:
        """What makes the image at ``path`` unpublishable (see ``image_problem``); None when it is sound."""
        try:
            status = path.stat()
        except OSError:
            return image_problem(path, ref, max_pixels)
        key = f"{path}|{status.st_size}|{status.st_mtime_ns}|{max_pixels}"
        if key in self.known:
            self.seen.add(key)
            return None
        message = _checked_image(path, status.st_mtime_ns, status.st_size, ref, max_pixels)
        if message is None:
            self.seen.add(key)
        return message

    def save(self) -> None:
        """Keep the sound photos of this check (and only those: deleted photos leave the record)."""
        if self.seen == self.known:
            return
        atomic.write(self.record, json.dumps(sorted(self.seen)))


@functools.lru_cache(maxsize=None)
def _checked_image(path: Path, mtime_ns: int, size: int, ref: str, max_pixels: int) -> str | None:
    """An unchanged photo is checked once per process (check, then build, then every preview rebuild)."""
    return image_problem(path, ref, max_pixels)


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


WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 82
WEBP_QUALITY = 78
# Version of the photo manifests: 2 records each variant's size, time and digest.
_MANIFEST_FORMAT = 2
# Formats whose published fallback is a JPEG (HEIC from iPhones included).
_AS_JPEG = {".jpg", ".jpeg", ".heic", ".heif"}


def published_suffix(path: Path) -> str:
    """The extension a photo is published with: browsers cannot show HEIC."""
    suffix = path.suffix.lower()
    return ".jpg" if suffix in _AS_JPEG else suffix


@dataclass(frozen=True)
class Variant:
    """One published rendition of a photo."""

    url: str
    width: int
    height: int
    mime: str
    cached: Path


@dataclass(frozen=True)
class Photo:
    """A photo as published: responsive WebP and fallback variants, no metadata."""

    url: str
    width: int
    height: int
    variants: tuple[Variant, ...]

    def srcset(self, mime: str) -> str:
        """``srcset`` of the variants of one type, smallest first."""
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants if v.mime == mime)

    @property
    def fallback_mime(self) -> str:
        """Type of the fallback (``<img>``) variants."""
        return next(v.mime for v in self.variants if v.mime != "image/webp")

    @property
    def served(self) -> Variant:
        """The variant published at ``url`` itself: the largest fallback (feeds give its size)."""
        return [v for v in self.variants if v.mime == self.fallback_mime][-1]


class PhotoPipeline:
    """Turns source photos into stripped, oriented, resized variants, cached by content hash.

    The cache key is the SHA-256 of the source bytes plus the encoding settings,
    so an unchanged photo is never decoded again, whatever its name or mtime;
    ``encoded`` counts real encodes so tests and the benchmark can prove it.
    Hashing is not free either (4,000 photos are a gigabyte to read): each
    file's digest is kept by path, size and modification time in
    ``digests.json`` (``save``), so an untouched photo is not even read.

    Nothing in the cache is trusted blindly: its records are sealed (see
    ``memo.read_sealed``) and each variant is checked before it is published
    (``memo.intact``). A damaged or missing entry means the photo is
    encoded again, never an error and never a broken photo on the site.
    """

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        self.encoded = 0
        self.digests_file = cache_dir / "digests.json"
        self.digests = _read_digests(self.digests_file)
        self.used: dict[str, str] = {}
        self.manifests: dict[str, dict] = {}  # checked by this pipeline

    def publish(self, source: Path, url: str) -> Photo:
        """Return the photo's variants for ``url`` (``…/anh.jpg``), encoding only what is missing or damaged."""
        digest = self._digest(source)
        if digest not in self.manifests:
            self.manifests[digest] = self._cached(digest) or self._encode(source, digest)
        return _photo_from_manifest(self.manifests[digest], url, self.cache_dir)

    def _digest(self, source: Path) -> str:
        """The content digest of ``source``, read again only when the file changed."""
        status = source.stat()
        key = f"{source}|{status.st_size}|{status.st_mtime_ns}"
        digest = self.digests.get(key)
        if digest is None or not self._manifest(digest).exists():
            digest = _digest(source)
        self.used[key] = digest
        return digest

    def save(self) -> None:
        """Keep the digests of the photos published this time (a removed photo leaves the record)."""
        if self.used == self.digests:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        write_sealed(self.digests_file, json.dumps(self.used).encode("utf-8"))

    def _manifest(self, digest: str) -> Path:
        return self.cache_dir / f"{digest}.json"

    def _cached(self, digest: str) -> dict | None:
        """The photo's manifest when it and all its variants are as written; None to encode again.

        A variant that was touched but proved intact gets its new time recorded,
        so it is not read again at the next build.
        """
        manifest = _read_manifest(self._manifest(digest))
        if manifest is None:
            return None
        variants = [intact(self.cache_dir / entry["file"], entry) for entry in manifest["variants"]]
        if None in variants:
            return None
        if variants != manifest["variants"]:
            manifest = {**manifest, "variants": variants}
            write_sealed(self._manifest(digest), json.dumps(manifest).encode("utf-8"))
        return manifest

    def _encode(self, source: Path, digest: str) -> dict:
        """Decode once, orient, drop all metadata, write every variant and the manifest; return it."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with Image.open(source) as original:
            image = ImageOps.exif_transpose(original)
            fallback = "PNG" if published_suffix(source) == ".png" else "JPEG"
            image = image.convert("RGBA" if fallback == "PNG" and image.mode in ("RGBA", "LA", "P") else "RGB")
        widths = sorted({min(w, image.width) for w in WIDTHS})
        entries = []
        for width in widths:
            height = max(1, round(image.height * width / image.width))
            resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
            for fmt in ("WEBP", fallback):
                name = f"{digest}-{width}.{fmt.lower()}"
                stamp = _write_variant(self.cache_dir / name, _clean_bytes(resized, fmt))
                entries.append({"file": name, "width": width, "height": height, "format": fmt, **stamp})
        self.encoded += 1
        manifest = {"format": _MANIFEST_FORMAT, "width": image.width, "height": image.height, "variants": entries}
        write_sealed(self._manifest(digest), json.dumps(manifest).encode("utf-8"))
        return manifest


def _digest(source: Path) -> str:
    """Content hash of the source plus the encoding settings that shape the output."""
    digest = hashlib.sha256(f"{WIDTHS}-{JPEG_QUALITY}-{WEBP_QUALITY}".encode())
    digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


def _read_digests(path: Path) -> dict[str, str]:
    """The recorded digest of each photo by path, size and time; empty when the record is damaged."""
    payload = read_sealed(path)
    try:
        record = json.loads(payload) if payload is not None else {}
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def _read_manifest(path: Path) -> dict | None:
    """A photo's manifest, or None when it is missing, damaged or of another version of the engine.

    The seal proves the manifest is the one written, so its shape is the one
    ``_encode`` gives when the format is ours: nothing else to check.
    """
    payload = read_sealed(path)
    try:
        manifest = json.loads(payload) if payload is not None else None
    except ValueError:
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == _MANIFEST_FORMAT else None


def _write_variant(target: Path, data: bytes) -> dict:
    """Write a variant through a temporary file; return its size, time and digest for the manifest.

    Replaced, never rewritten in place: the published site hard-links the old
    file (see ``linking``), and must keep it whole until its own replacement.
    """
    atomic.write(target, data)
    return file_stamp(target, data)


def _clean_bytes(image: Image.Image, fmt: str) -> bytes:
    """Encode with no EXIF, XMP, GPS or comments: a fresh image carries only pixels."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    options = {"WEBP": {"quality": WEBP_QUALITY, "method": 4}, "JPEG": {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}, "PNG": {"optimize": True}}[fmt]
    output = io.BytesIO()
    clean.save(output, fmt, **options)
    return output.getvalue()


_MIME = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}


def _photo_from_manifest(manifest: dict, url: str, cache_dir: Path) -> Photo:
    """Name each cached variant after the published URL: ``anh.jpg`` → ``anh-480.webp``."""
    stem = url.rsplit(".", 1)[0]
    variants = tuple(
        Variant(
            url=f"{stem}-{entry['width']}.{'jpg' if entry['format'] == 'JPEG' else entry['format'].lower()}",
            width=entry["width"],
            height=entry["height"],
            mime=_MIME[entry["format"]],
            cached=cache_dir / entry["file"],
        )
        for entry in manifest["variants"]
    )
    return Photo(url=url, width=manifest["width"], height=manifest["height"], variants=variants)
