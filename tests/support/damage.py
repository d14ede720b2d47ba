"""Damage a cache file the way a disk or a killed process does, for the tests of caches checked on use."""

from __future__ import annotations

from pathlib import Path


def flip(path: Path) -> None:
    """Flip bits in the middle of a file, in place (same size, same inode)."""
    with path.open("r+b") as file:
        file.seek(path.stat().st_size // 2)
        byte = file.read(1)
        file.seek(-1, 1)
        file.write(bytes([byte[0] ^ 0x5A]))
