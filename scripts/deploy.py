#!/usr/bin/env python3
"""Publish a built congtt site on a web server as a new release, switched atomically.

Layout on the server (``TARGET``, a local path or ``[user@]host:/path`` over SSH)::

    TARGET/releases/20261123-080000/         one complete copy of site/ per release
    TARGET/releases/20261123-080000.sha256   its manifest (``sha256sum -c`` format)
    TARGET/current -> releases/20261123-080000   what nginx serves

The copy goes to ``releases/.partial-<random>`` with rsync (unchanged files
are hard links to the running release, so a release costs only what changed)
and is renamed only once complete; ``current`` is then replaced by ``rename(2)``, which
a web server can never observe half done. A failed copy therefore never changes
what is served. Every step on the server is a short POSIX shell script run with
``sh -c`` locally or through ``ssh``: the local tests exercise the very commands
that run remotely, and the server needs nothing beyond sh, coreutils and rsync.

Only Python's standard library is used, so the script runs with any python3.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import secrets
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
PARTIAL_PREFIX = f"{RELEASES}/.partial-"
STALE_PARTIAL_MINUTES = 24 * 60
DEFAULT_KEEP = 5
RELEASE_NAME = re.compile(r"^\d{8}-\d{6}(-\d{2})?$")
REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.+)$")
_NO_FOLDER = 97


class DeployError(Exception):
    """A failure told to the IT contact in Vietnamese; nothing served has changed."""


@dataclass
class Target:
    """Where releases live: a local directory, or one on ``host`` reached with ``ssh``."""

    path: str
    host: str | None = None
    ssh: list[str] = field(default_factory=lambda: ["ssh"])

    @classmethod
    def parse(cls, text: str, ssh: str = "ssh") -> Target:
        """Read ``/srv/congtt`` or ``user@host:/srv/congtt``, as rsync does."""
        match = REMOTE.match(text)
        if match:
            return cls(match["path"], match["host"], shlex.split(ssh))
        return cls(text)

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    def run(self, script: str, stdin: str | None = None, create: bool = False) -> str:
        """Run a POSIX shell ``script`` inside the target directory (made if ``create``)."""
        folder = shlex.quote(self.path)
        enter = f"cd {folder} 2>/dev/null || exit {_NO_FOLDER}"
        script = f"{f'mkdir -p {folder} && ' if create else ''}{enter}; {script}"
        command = [*self.ssh, self.host, script] if self.host else ["sh", "-c", script]
        result = run_command(command, stdin)
        if result.returncode == _NO_FOLDER:
            raise DeployError(f"Không có thư mục «{self}».")
        if result.returncode != 0:
            detail = result.stderr.strip() or f"mã lỗi {result.returncode}"
            raise DeployError(f"Không thực hiện được lệnh trên «{self}»: {detail}")
        return result.stdout

    def rsync_command(self, site: Path, partial: str, link_dest: str | None) -> list[str]:
        """The rsync call copying ``site`` into the ``partial`` folder (relative to the target).

        ``--checksum`` compares contents, not build times, so an unchanged file
        becomes a hard link into the running release (``--link-dest``);
        ``--chmod`` makes the copy readable by the web server whatever the
        builder's umask.
        """
        command = ["rsync", "--recursive", "--links", "--perms", "--chmod=D755,F644", "--checksum", "--delete"]
        if link_dest:
            command.append(f"--link-dest=../{link_dest}")
        if self.host:
            command += ["--rsh", shlex.join(self.ssh)]
        destination = f"{self.path.rstrip('/')}/{partial}/"
        return [*command, f"{site}/", f"{self.host}:{destination}" if self.host else destination]


def run_command(command: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run a program, capturing its output; a missing program is told, not a traceback."""
    try:
        return subprocess.run(command, input=stdin, capture_output=True, text=True)
    except FileNotFoundError:
        raise DeployError(f"Không tìm thấy lệnh «{command[0]}» trên máy này: hãy cài đặt nó (Debian: apt-get install -y {command[0]}).") from None


@dataclass
class State:
    """The releases on the target, oldest first, and the one ``current`` points to."""

    releases: list[str]
    current: str | None

    def previous(self) -> str | None:
        """The newest release older than the running one."""
        older = [name for name in self.releases if self.current and name < self.current]
        return older[-1] if older else None


def read_state(target: Target, create: bool = False) -> State:
    """List the releases and read ``current`` in one round trip."""
    output = target.run(
        f"mkdir -p {RELEASES} && ls -1A {RELEASES} && echo / && (readlink {CURRENT} || true)", create=create
    )
    listing, _, link = output.partition("/\n")
    releases = sorted(name for name in listing.split() if RELEASE_NAME.match(name))
    current = link.strip().rsplit("/", 1)[-1] or None
    return State(releases, current)


def manifest(site: Path) -> str:
    """One ``sha256  path`` line per file of ``site``, sorted: the site's content hash."""
    lines = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(site).as_posix()}\n")
    return "".join(lines)


def parse_manifest(text: str) -> dict[str, str]:
    """Map each path of a manifest to its hash."""
    return {line[66:]: line[:64] for line in text.splitlines() if len(line) > 66}


def page_changes(old: str, new: str) -> dict[str, list[str]]:
    """The page URLs that appear, change or disappear between two manifests."""
    before, after = parse_manifest(old), parse_manifest(new)
    return {
        "mới": _pages(after.keys() - before.keys()),
        "thay đổi": _pages(path for path in after.keys() & before.keys() if after[path] != before[path]),
        "gỡ bỏ": _pages(before.keys() - after.keys()),
    }


def _pages(paths) -> list[str]:
    """The sorted URLs of the HTML pages among ``paths``."""
    return sorted(url_of(path) for path in paths if path.endswith(".html"))


def url_of(path: str) -> str:
    """The address a built file is served at (``a/index.html`` → ``/a/``)."""
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path


def release_name(existing: list[str], now: float) -> str:
    """The deployment time as a name that sorts after every existing release.

    Pruning and rollback go by that order. Within one second (or after the
    clock went back) the newest release's time gets the next two-digit suffix:
    a freed name such as a pruned ``…-123456`` must not come back before its
    ``…-123456-01``.
    """
    base = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    newest = max(existing, default="")
    if base > newest[: len(base)]:
        return base
    suffix = newest[len(base) + 1 :]
    return f"{newest[: len(base)]}-{int(suffix or 0) + 1:02d}"


def deploy(site: Path, target: Target, keep: int = DEFAULT_KEEP, if_changed: bool = False) -> str | None:
    """Copy ``site`` as a new release, switch ``current`` to it, prune; return its name.

    With ``if_changed``, nothing is published (and None returned) when the
    site's manifest equals the running release's.
    """
    if not (site / "index.html").is_file():
        raise DeployError(f"Không tìm thấy trang đã xây dựng ở «{site}» (thiếu index.html). Hãy chạy «congtt build» trước.")
    new_manifest = manifest(site)
    state = read_state(target, create=True)
    old_manifest = target.run(f"cat {RELEASES}/{state.current}.sha256 2>/dev/null || true") if state.current else ""
    if if_changed and new_manifest == old_manifest:
        print(f"Không có gì thay đổi so với bản đang chạy «{state.current}»: không xuất bản.")
        return None
    name = release_name(state.releases, time.time())
    partial = PARTIAL_PREFIX + secrets.token_hex(4)
    _copy(site, target, state, partial)
    target.run(
        f"cat > {RELEASES}/{name}.sha256 && mv -T {partial} {RELEASES}/{name} && {_switch_script(name)}",
        stdin=new_manifest,
    )
    _prune(target, [*state.releases, name], name, keep)
    _report(name, state.current, page_changes(old_manifest, new_manifest))
    return name


def _copy(site: Path, target: Target, state: State, partial: str) -> None:
    """rsync into ``partial``; on failure remove it and say what still runs.

    Each run copies into a folder of its own, so two deployments started at
    once can fail but never mix their files.
    """
    result = run_command(target.rsync_command(site, partial, state.current))
    if result.returncode == 0:
        return
    sys.stderr.write(result.stderr)
    try:
        target.run(f"rm -rf {partial}")
    except DeployError as error:
        sys.stderr.write(f"{error}\n")
    running = f"«{state.current}»" if state.current else "chưa có"
    raise DeployError(
        f"Chép «{site}» lên «{target}» không thành công (rsync trả về mã {result.returncode}). "
        f"Bản đang chạy không đổi: {running}."
    )


def _switch_script(name: str) -> str:
    """Shell commands pointing ``current`` at ``name`` with one atomic rename."""
    return f"rm -f .current.new && ln -s {RELEASES}/{name} .current.new && mv -T .current.new {CURRENT}"


def _prune(target: Target, releases: list[str], current: str, keep: int) -> None:
    """Remove all but the newest ``keep`` releases (never the running one), and partial
    copies a day old (left by a run that was killed; a younger one may be in progress)."""
    old = [name for name in sorted(releases)[:-keep] if name != current]
    paths = " ".join(f"{RELEASES}/{name} {RELEASES}/{name}.sha256" for name in old)
    target.run(
        f"rm -rf {paths} && find {RELEASES} -maxdepth 1 -name '.partial-*' "
        f"-mmin +{STALE_PARTIAL_MINUTES} -exec rm -rf {{}} +"
    )


def _report(name: str, previous: str | None, changes: dict[str, list[str]]) -> None:
    """Print what went online, for the timer's log."""
    counts = ", ".join(f"{len(urls)} trang {kind}" for kind, urls in changes.items())
    print(f"Đã xuất bản «{name}» (bản trước: {f'«{previous}»' if previous else 'chưa có'}): {counts}.")
    for kind, urls in changes.items():
        for url in urls:
            print(f"  {kind}: {url}")


def rollback(target: Target) -> str:
    """Point ``current`` at the release before the running one; return its name."""
    state = read_state(target)
    if not state.current:
        raise DeployError(f"Chưa có bản phát hành nào ở «{target}»: không có gì để quay lại.")
    previous = state.previous()
    if not previous:
        raise DeployError(f"Không có bản phát hành nào cũ hơn bản đang chạy «{state.current}» để quay lại.")
    target.run(_switch_script(previous))
    print(f"Đã quay lại bản «{previous}» (trước đó chạy «{state.current}»).")
    return previous


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        """Usage errors in the same "Lỗi: …" form as every other failure."""
        self.exit(2, f"Lỗi: {message}. Xem «{self.prog} --help».\n")


def _keep(text: str) -> int:
    """``--keep`` is a whole number of at least 1 (the running release)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"số bản giữ lại phải là số nguyên từ 1 trở lên, không phải «{text}»")
    return int(text)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Read ``[SITE] TARGET`` and the options; SITE is absent with ``--rollback``."""
    parser = _Parser(
        prog="deploy.py",
        usage="deploy.py [--keep N] [--if-changed] [--ssh LỆNH] SITE TARGET\n       deploy.py --rollback [--ssh LỆNH] TARGET",
        description="Đưa trang đã xây dựng (site/) lên máy chủ thành một bản phát hành mới, "
        "chuyển «current» sang bản đó trong một bước; hoặc quay lại bản trước.",
    )
    parser.add_argument("paths", nargs="+", metavar="[SITE] TARGET",
                        help="thư mục site/ đã xây dựng và nơi đặt các bản phát hành: /srv/congtt hoặc user@may-chu:/srv/congtt")
    parser.add_argument("--keep", type=_keep, metavar="N", default=DEFAULT_KEEP, help=f"số bản phát hành giữ lại (mặc định {DEFAULT_KEEP})")
    parser.add_argument("--rollback", action="store_true", help="quay lại bản phát hành trước bản đang chạy")
    parser.add_argument("--if-changed", action="store_true", help="chỉ xuất bản khi nội dung khác bản đang chạy")
    parser.add_argument("--ssh", default="ssh", metavar="LỆNH", help="lệnh ssh dùng để kết nối, ví dụ \"ssh -p 2222\" (mặc định ssh)")
    arguments = parser.parse_args(argv)
    if len(arguments.paths) != (1 if arguments.rollback else 2):
        parser.error("cần đúng TARGET khi quay lại (--rollback), và SITE TARGET khi xuất bản")
    return arguments


def main(argv: list[str] | None = None) -> int:
    """Deploy or roll back; print "Lỗi: …" and return 1 on failure."""
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    target = Target.parse(arguments.paths[-1], arguments.ssh)
    try:
        if arguments.rollback:
            rollback(target)
        else:
            deploy(Path(arguments.paths[0]), target, arguments.keep, arguments.if_changed)
    except DeployError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
