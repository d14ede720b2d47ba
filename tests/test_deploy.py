"""Publishing to a web server: releases and rollback (scripts/deploy.py), the scheduled rebuild
(scripts/rebuild.sh), and nginx running the shipped configuration against a deployed portal."""

from __future__ import annotations

import base64
import fcntl
import functools
import gzip
import hashlib
import http.client
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tools.bench.server import free_port, nginx_configuration, wait_for_port
from congtt.compress import compress_site
from conftest import FIXTURES, REPOSITORY

SCRIPTS = REPOSITORY / "scripts"
DEPLOY = SCRIPTS / "deploy.py"
NGINX_CONF = SCRIPTS / "nginx" / "congtt.conf"  # what tools.bench.server serves with, too

_spec = importlib.util.spec_from_file_location("deploy", DEPLOY)
deploy = sys.modules["deploy"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deploy)


# --- tools the scripts need, installed like the Makefile installs chromium ------------------

@functools.cache
def installed(command: str, package: str) -> str | None:
    """Where ``command`` is, after installing Debian's ``package`` when it is missing and we are root."""
    def find() -> str | None:
        return shutil.which(command) or next(
            (str(path) for path in (Path("/usr/sbin") / command,) if path.exists()), None
        )

    if not find() and os.geteuid() == 0 and shutil.which("apt-get"):
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=environment, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], env=environment, capture_output=True)
    return find()


@pytest.fixture(scope="module", autouse=True)
def rsync():
    """deploy.py copies with rsync."""
    if not installed("rsync", "rsync"):
        pytest.skip("rsync is not installed and could not be installed (apt-get install -y rsync needs root)")


def run_deploy(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run scripts/deploy.py as the IT contact would."""
    return subprocess.run([sys.executable, str(DEPLOY), *arguments], capture_output=True, text=True, env=env)


def make_site(folder: Path, pages: dict[str, str]) -> Path:
    """A small built-looking site: ``pages`` maps a file to its text."""
    for name, text in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


SITE = {
    "index.html": "<h1>Trang chủ</h1>",
    "tin-tuc/index.html": "<h1>Tin tức</h1>",
    "tin-tuc/2026/11/hop-dan/index.html": "<h1>Họp dân</h1>",
    "assets/congtt.css": "body{}",
}


def current(target: Path) -> str:
    """The release ``current`` points at."""
    return os.readlink(target / "current")


def releases(target: Path) -> list[str]:
    """Release folders on the target, oldest first."""
    return sorted(path.name for path in (target / "releases").iterdir() if path.is_dir() and not path.name.startswith("."))


# --- deploying to a local path --------------------------------------------------------------

def test_a_deployment_is_a_release_with_its_manifest_and_a_relative_current_link(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    result = run_deploy(str(site), str(target))
    assert result.returncode == 0, result.stderr
    [name] = releases(target)
    assert re.fullmatch(r"\d{8}-\d{6}", name)
    assert current(target) == f"releases/{name}"
    assert (target / "current" / "tin-tuc/2026/11/hop-dan/index.html").read_text("utf-8") == "<h1>Họp dân</h1>"
    check = subprocess.run(["sha256sum", "--check", "--quiet", f"../{name}.sha256"], cwd=target / "releases" / name)
    assert check.returncode == 0
    assert f"Đã xuất bản «{name}» (bản trước: chưa có): 3 trang mới, 0 trang thay đổi, 0 trang gỡ bỏ." in result.stdout
    assert "  mới: /tin-tuc/2026/11/hop-dan/" in result.stdout


def test_a_second_release_logs_changed_pages_and_links_unchanged_files(tmp_path):
    target = tmp_path / "www"
    first = make_site(tmp_path / "one", SITE)
    assert run_deploy(str(first), str(target)).returncode == 0
    second = make_site(tmp_path / "two", {**SITE, "index.html": "<h1>Trang chủ mới</h1>", "lien-he/index.html": "x"})
    shutil.rmtree(second / "tin-tuc/2026")
    result = run_deploy(str(second), str(target))
    assert result.returncode == 0, result.stderr
    old, new = releases(target)
    assert current(target) == f"releases/{new}"
    assert f"Đã xuất bản «{new}» (bản trước: «{old}»): 1 trang mới, 1 trang thay đổi, 1 trang gỡ bỏ." in result.stdout
    assert ["  mới: /lien-he/", "  thay đổi: /", "  gỡ bỏ: /tin-tuc/2026/11/hop-dan/"] == result.stdout.splitlines()[1:]
    css = [target / "releases" / name / "assets/congtt.css" for name in (old, new)]
    assert css[0].stat().st_ino == css[1].stat().st_ino, "unchanged files are hard links, not copies"
    assert (target / "releases" / new / "index.html").stat().st_ino != (target / "releases" / old / "index.html").stat().st_ino
    assert oct((target / "releases" / new / "index.html").stat().st_mode & 0o777) == "0o644"


@pytest.mark.slow
def test_if_changed_publishes_nothing_when_the_site_is_the_same(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    run_deploy(str(site), str(target))
    [name] = releases(target)
    result = run_deploy("--if-changed", str(site), str(target))
    assert result.returncode == 0
    assert result.stdout == f"Không có gì thay đổi so với bản đang chạy «{name}»: không xuất bản.\n"
    assert releases(target) == [name]
    (site / "index.html").write_text("<h1>Khác</h1>", encoding="utf-8")
    assert run_deploy("--if-changed", str(site), str(target)).returncode == 0
    assert len(releases(target)) == 2


@pytest.mark.slow
def test_only_the_newest_releases_are_kept(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    for number in range(4):
        (site / "index.html").write_text(f"<h1>{number}</h1>", encoding="utf-8")
        assert run_deploy("--keep", "2", str(site), str(target)).returncode == 0
    kept = releases(target)
    assert len(kept) == 2
    assert current(target) == f"releases/{kept[-1]}"
    assert {p.name for p in (target / "releases").glob("*.sha256")} == {f"{name}.sha256" for name in kept}
    assert (target / "current/index.html").read_text() == "<h1>3</h1>"


def test_a_release_name_always_sorts_after_the_existing_ones():
    """Within one second, a pruned name must not come back before its own ``-01`` (pruning goes by order)."""
    now = time.mktime(time.strptime("20261123-190822", "%Y%m%d-%H%M%S"))
    assert deploy.release_name([], now) == "20261123-190822"
    assert deploy.release_name(["20261123-190822"], now) == "20261123-190822-01"
    assert deploy.release_name(["20261123-190822-01", "20261123-190822-02"], now) == "20261123-190822-03"
    assert deploy.release_name(["20261123-190823"], now) == "20261123-190823-01"
    assert deploy.release_name(["20261123-190821"], now) == "20261123-190822"


def test_partial_copies_left_by_a_killed_run_are_removed_after_a_day(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    (target / "releases/.partial-cu").mkdir(parents=True)
    (target / "releases/.partial-dang-chep").mkdir()
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(target / "releases/.partial-cu", (two_days_ago, two_days_ago))
    assert run_deploy(str(site), str(target)).returncode == 0
    assert sorted(p.name for p in (target / "releases").glob(".*")) == [".partial-dang-chep"]


@pytest.mark.slow
def test_rollback_goes_back_one_release_at_a_time(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    for number in range(3):
        (site / "index.html").write_text(f"<h1>{number}</h1>", encoding="utf-8")
        run_deploy(str(site), str(target))
    first, second, third = releases(target)
    result = run_deploy("--rollback", str(target))
    assert result.returncode == 0
    assert result.stdout == f"Đã quay lại bản «{second}» (trước đó chạy «{third}»).\n"
    assert (target / "current/index.html").read_text() == "<h1>1</h1>"
    run_deploy("--rollback", str(target))
    assert current(target) == f"releases/{first}"
    result = run_deploy("--rollback", str(target))
    assert result.returncode == 1
    assert result.stderr == f"Lỗi: Không có bản phát hành nào cũ hơn bản đang chạy «{first}» để quay lại.\n"
    assert current(target) == f"releases/{first}"


def test_rollback_without_any_release_or_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_deploy("--rollback", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert result.stderr == f"Lỗi: Chưa có bản phát hành nào ở «{tmp_path / 'empty'}»: không có gì để quay lại.\n"
    result = run_deploy("--rollback", str(tmp_path / "khong-co"))
    assert result.stderr == f"Lỗi: Không có thư mục «{tmp_path / 'khong-co'}».\n"


# --- a failed copy never changes what is served ---------------------------------------------

def test_a_missing_site_changes_nothing(tmp_path):
    target = tmp_path / "www"
    run_deploy(str(make_site(tmp_path / "site", SITE)), str(target))
    before = current(target)
    result = run_deploy(str(tmp_path / "chua-xay-dung"), str(target))
    assert result.returncode == 1
    assert result.stderr == (
        f"Lỗi: Không tìm thấy trang đã xây dựng ở «{tmp_path / 'chua-xay-dung'}» (thiếu index.html). "
        "Hãy chạy «congtt build» trước.\n"
    )
    assert current(target) == before


def test_a_failing_rsync_leaves_current_and_no_partial_copy(tmp_path):
    target = tmp_path / "www"
    site = make_site(tmp_path / "site", SITE)
    run_deploy(str(site), str(target))
    before = current(target)
    # An rsync that copies everything, then fails as a dropped connection would (code 12).
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "rsync").write_text(f'#!/bin/sh\n{shutil.which("rsync")} "$@"\nexit 12\n')
    (fake / "rsync").chmod(0o755)
    (site / "index.html").write_text("<h1>Bản lỗi</h1>", encoding="utf-8")
    result = run_deploy(str(site), str(target), env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"})
    assert result.returncode == 1
    assert result.stderr.endswith(
        f"Lỗi: Chép «{site}» lên «{target}» không thành công (rsync trả về mã 12). "
        f"Bản đang chạy không đổi: «{before.rsplit('/', 1)[1]}».\n"
    )
    assert current(target) == before
    assert (target / "current/index.html").read_text("utf-8") == "<h1>Trang chủ</h1>"
    assert not list((target / "releases").glob(".*"))
    assert len(releases(target)) == 1


def test_a_failing_first_copy_says_nothing_is_running_yet(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "rsync").write_text("#!/bin/sh\nexit 23\n")
    (fake / "rsync").chmod(0o755)
    result = run_deploy(str(site), str(tmp_path / "www"), env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"})
    assert result.stderr.endswith("(rsync trả về mã 23). Bản đang chạy không đổi: chưa có.\n")
    assert not (tmp_path / "www/current").exists()


def test_a_missing_rsync_is_named(tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("sh", "mkdir", "ls", "readlink", "cat"):
        (tools / tool).symlink_to(shutil.which(tool))
    site = make_site(tmp_path / "site", SITE)
    result = run_deploy(str(site), str(tmp_path / "www"), env={**os.environ, "PATH": str(tools)})
    assert result.returncode == 1
    assert result.stderr == (
        "Lỗi: Không tìm thấy lệnh «rsync» trên máy này: hãy cài đặt nó (Debian: apt-get install -y rsync).\n"
    )
    assert not (tmp_path / "www/current").exists()


# --- usage ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--rollback", "a", "b"], "cần đúng TARGET khi quay lại (--rollback), và SITE TARGET khi xuất bản"),
        (["site"], "cần đúng TARGET khi quay lại (--rollback), và SITE TARGET khi xuất bản"),
        (["--keep", "0", "site", "www"], "argument --keep: số bản giữ lại phải là số nguyên từ 1 trở lên, không phải «0»"),
    ],
)
def test_usage_errors_are_told_in_vietnamese(arguments, message):
    result = run_deploy(*arguments)
    assert result.returncode == 2
    assert result.stderr == f"Lỗi: {message}. Xem «deploy.py --help».\n"


# --- over SSH -------------------------------------------------------------------------------

def test_a_remote_target_is_copied_with_rsync_over_the_given_ssh_command(tmp_path):
    target = deploy.Target.parse("congtt@web1.laikhe:/var/www/congtt", "ssh -p 2222 -i /etc/congtt/khoa")
    assert (target.host, target.path) == ("congtt@web1.laikhe", "/var/www/congtt")
    assert target.rsync_command(Path("/srv/congtt/repo/site"), "releases/.partial-1a2b", "20261123-080000") == [
        "rsync", "--recursive", "--links", "--perms", "--chmod=D755,F644", "--checksum", "--delete",
        "--link-dest=../20261123-080000", "--rsh", "ssh -p 2222 -i /etc/congtt/khoa",
        "/srv/congtt/repo/site/", "congtt@web1.laikhe:/var/www/congtt/releases/.partial-1a2b/",
    ]
    local = deploy.Target.parse("/var/www/congtt")
    assert local.host is None
    assert local.rsync_command(Path("site"), "releases/.partial-1a2b", None)[-2:] == [
        "site/", "/var/www/congtt/releases/.partial-1a2b/",
    ]


def listening(start: Callable[[int], subprocess.Popen]) -> tuple[subprocess.Popen, int]:
    """A server started by ``start(port)`` on a free loopback port, once it accepts connections.

    The port is free when looked up, not necessarily when the server binds it: when another
    process took it meanwhile, the server exits, and another port is tried.
    """
    for attempt in range(3):
        port = free_port()
        process = start(port)
        try:
            wait_for_port(port, process)
            return process, port
        except RuntimeError:
            process.kill()
            process.wait()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """An sshd of our own on a free loopback port, accepting a fresh key; yields the ssh command."""
    server = installed("sshd", "openssh-server")
    if not server or os.geteuid() != 0 or not shutil.which("ssh-keygen"):
        pytest.skip("no sshd to test against (apt-get install -y openssh-server needs root)")
    folder = tmp_path_factory.mktemp("sshd")
    for key in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / key)], check=True)
    shutil.copyfile(folder / "client.pub", folder / "authorized_keys")
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation directory

    def start(port: int) -> subprocess.Popen:
        (folder / "sshd_config").write_text(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder}/host\nAuthorizedKeysFile {folder}/authorized_keys\n"
            f"PidFile {folder}/sshd.pid\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
        )
        return subprocess.Popen([server, "-D", "-e", "-f", str(folder / "sshd_config")], stderr=subprocess.DEVNULL)

    process, port = listening(start)
    try:
        yield (
            f"ssh -p {port} -i {folder}/client -o BatchMode=yes -o StrictHostKeyChecking=no "
            "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_deploy_and_rollback_over_ssh(tmp_path, sshd):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    remote = f"root@127.0.0.1:{target}"
    result = run_deploy("--ssh", sshd, str(site), remote)
    assert result.returncode == 0, result.stderr
    (site / "index.html").write_text("<h1>Qua SSH</h1>", encoding="utf-8")
    result = run_deploy("--ssh", sshd, "--if-changed", str(site), remote)
    assert result.returncode == 0, result.stderr
    assert "  thay đổi: /" in result.stdout
    first, second = releases(target)
    assert (target / "current/index.html").read_text("utf-8") == "<h1>Qua SSH</h1>"
    assert run_deploy("--ssh", sshd, "--if-changed", str(site), remote).stdout.startswith("Không có gì thay đổi")
    assert run_deploy("--ssh", sshd, "--rollback", remote).returncode == 0
    assert current(target) == f"releases/{first}"


def test_an_unreachable_server_is_reported_without_a_traceback(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    result = run_deploy("--ssh", "ssh -p 1 -o BatchMode=yes -o ConnectTimeout=5", str(site), "root@127.0.0.1:/var/www/congtt")
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: Không thực hiện được lệnh trên «root@127.0.0.1:/var/www/congtt»: ")
    assert "Traceback" not in result.stderr


# --- the scheduled rebuild ------------------------------------------------------------------

def git(folder: Path, *arguments: str) -> None:
    """Run git quietly in ``folder`` with a fixed identity."""
    identity = ["-c", "user.name=Cán bộ", "-c", "user.email=canbo@laikhe.gov.vn"]
    subprocess.run(["git", *identity, *arguments], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def content_repository(tmp_path):
    """The fixture portal as an upstream repository and the server's clone of it."""
    upstream = tmp_path / "upstream"
    shutil.copytree(FIXTURES / "portal", upstream)
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "Nội dung ban đầu")
    git(tmp_path, "clone", "-q", str(upstream), "clone")
    return upstream, tmp_path / "clone"


def rebuild_environment(clone: Path, target: Path, **extra: str) -> dict[str, str]:
    """The environment the timer gives scripts/rebuild.sh, with this venv's congtt and python."""
    return {
        **os.environ,
        "CONGTT_REPO": str(clone),
        "CONGTT_TARGET": str(target),
        "CONGTT_BIN": str(Path(sys.executable).with_name("congtt")),
        "CONGTT_PYTHON": sys.executable,
        "TZ": "ICT-7",  # Vietnam time, without needing tzdata
        # A fixed build time: what a page shows must not change between two runs of a test
        # (midnight, a new year) unless the test means it to.
        "CONGTT_NOW": "2026-11-23T08:00:00+07:00",
        **extra,
    }


def rebuild(clone: Path, target: Path, **extra: str) -> subprocess.CompletedProcess:
    """Run scripts/rebuild.sh as the timer does; ``extra`` adds to or overrides its environment."""
    environment = rebuild_environment(clone, target, **extra)
    return subprocess.run([str(SCRIPTS / "rebuild.sh")], env=environment, capture_output=True, text=True)


def fake_congtt(folder: Path, script: str) -> Path:
    """A stand-in for the congtt command: a shell ``script`` that must leave ``site/`` in the clone."""
    folder.mkdir(exist_ok=True)
    program = folder / "congtt"
    program.write_text(f"#!/bin/sh\nset -e\n{script}", encoding="utf-8")
    program.chmod(0o755)
    return program


def wait_until(condition, seconds: float = 30, what: str = "the condition") -> None:
    """Return as soon as ``condition()`` is true (polling); fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.slow
def test_rebuild_publishes_only_a_successful_changed_build(content_repository, tmp_path):
    upstream, clone = content_repository
    target = tmp_path / "www"
    first = rebuild(clone, target)
    assert first.returncode == 0, first.stderr
    assert "Đã xuất bản" in first.stdout
    assert len(releases(target)) == 1

    unchanged = rebuild(clone, target)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "Không có gì thay đổi so với bản đang chạy" in unchanged.stdout
    assert len(releases(target)) == 1

    post = next(upstream.glob("news/**/*.md"))
    post.write_text(post.read_text("utf-8") + "\nĐoạn bổ sung sau hội nghị.\n", encoding="utf-8")
    git(upstream, "commit", "-q", "-am", "Bổ sung tin")
    changed = rebuild(clone, target)
    assert changed.returncode == 0, changed.stderr
    assert re.search(r"  thay đổi: /tin-tuc/\d{4}/\d\d/[\w-]+/\n", changed.stdout)
    assert len(releases(target)) == 2
    assert "Đoạn bổ sung sau hội nghị." in "".join(
        path.read_text("utf-8") for path in (target / "current/tin-tuc").rglob("index.html")
    )

    before = current(target)
    post.write_text(post.read_text("utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    git(upstream, "commit", "-q", "-am", "Tin lỗi")
    failed = rebuild(clone, target)
    assert failed.returncode == 1
    assert failed.stderr.endswith(
        "Lỗi: bước «xây dựng (congtt build)» không thành công (mã 1); bản đang chạy giữ nguyên.\n"
    )
    assert current(target) == before
    assert len(releases(target)) == 2


def test_rebuild_without_a_target_says_what_to_set(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "CONGTT_TARGET"}
    result = subprocess.run([str(SCRIPTS / "rebuild.sh")], env=environment, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == "Lỗi: chưa đặt CONGTT_TARGET (nơi đặt các bản phát hành, ví dụ /var/www/congtt).\n"


def test_rebuild_outside_a_git_clone_says_so(tmp_path):
    result = subprocess.run(
        [str(SCRIPTS / "rebuild.sh")], capture_output=True, text=True,
        env={**os.environ, "CONGTT_REPO": str(tmp_path), "CONGTT_TARGET": str(tmp_path / "www"), "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)},
    )
    assert result.returncode == 2
    assert result.stderr == f"Lỗi: «{tmp_path}» không phải một kho Git (cần bản sao kho của Cổng, đặt bằng CONGTT_REPO).\n"


@pytest.mark.slow
def test_the_rebuild_lock_is_not_inherited_by_what_the_build_leaves_running(content_repository, tmp_path):
    """``congtt build`` leaves a detached process deleting the replaced site: it must not hold the lock."""
    _, clone = content_repository
    descriptors, left_behind = tmp_path / "descriptors", tmp_path / "left-behind"
    build = fake_congtt(tmp_path / "bin", (
        f'for fd in /proc/$$/fd/*; do readlink "$fd" || true; done >> {descriptors}\n'
        "mkdir -p site && echo '<h1>Trang chủ</h1>' > site/index.html\n"
        # Outlives the build, like the deletion of the replaced site; its own output goes nowhere.
        f"sleep 300 < /dev/null > /dev/null 2>&1 &\necho $! >> {left_behind}\n"
    ))
    target = tmp_path / "www"
    try:
        first = rebuild(clone, target, CONGTT_BIN=str(build))
        assert first.returncode == 0, first.stderr
        assert "Đã xuất bản" in first.stdout
        second = rebuild(clone, target, CONGTT_BIN=str(build))
        assert second.returncode == 0, second.stderr
        assert "bỏ qua lần này" not in second.stdout
        assert "Không có gì thay đổi so với bản đang chạy" in second.stdout
    finally:
        for pid in left_behind.read_text().split() if left_behind.exists() else ():
            os.kill(int(pid), 9)
    lock = clone / ".git" / "congtt-rebuild.lock"
    assert str(lock) not in descriptors.read_text().splitlines()


def hold_lock(clone: Path, pid: int, since: float) -> int:
    """Take the rebuild lock as a running rebuild would, stamped with ``pid`` and ``since``; return its descriptor."""
    descriptor = os.open(clone / ".git" / "congtt-rebuild.lock", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    os.write(descriptor, f"{pid} {int(since)}\n".encode())
    return descriptor


def test_a_run_finding_the_lock_held_too_long_fails_and_says_so(content_repository, tmp_path):
    _, clone = content_repository
    target = tmp_path / "www"
    since = time.time() - 2 * 3600
    descriptor = hold_lock(clone, os.getpid(), since)
    try:
        hung = rebuild(clone, target)
        started = datetime.fromtimestamp(int(since), timezone(timedelta(hours=7))).strftime("%H:%M ngày %d/%m/%Y")
        assert (hung.returncode, hung.stdout) == (4, "")
        assert hung.stderr == (
            f"Lỗi: lần xây dựng đang chạy (tiến trình {os.getpid()}) bắt đầu từ {started}, quá giới hạn 60 phút: "
            f"có thể đã bị treo. Lần này không chạy. Hãy xem nhật ký của lần đó rồi dừng nó: pkill -P {os.getpid()}\n"
        )
        # The limit is a setting: three hours is not reached yet, so this is an ordinary overlap.
        patient = rebuild(clone, target, CONGTT_LOCK_MINUTES="180")
        assert (patient.returncode, patient.stdout, patient.stderr) == (
            0, "Một lần xây dựng khác đang chạy: bỏ qua lần này.\n", ""
        )
    finally:
        os.close(descriptor)
    assert not target.exists(), "nothing was built nor published while the lock was held"


@pytest.mark.parametrize("stamp", ["recent", "of a finished run"])
def test_a_run_overlapping_a_recent_one_is_skipped_with_status_0(content_repository, tmp_path, stamp):
    """A stamp left by a finished run (its holder has not written its own yet) is not "hung"."""
    _, clone = content_repository
    finished = subprocess.Popen(["true"])
    finished.wait()  # reaped: its process id is free
    pid, since = (os.getpid(), time.time() - 60) if stamp == "recent" else (finished.pid, time.time() - 2 * 3600)
    descriptor = hold_lock(clone, pid, since)
    try:
        result = rebuild(clone, tmp_path / "www")
    finally:
        os.close(descriptor)
    assert (result.returncode, result.stdout, result.stderr) == (0, "Một lần xây dựng khác đang chạy: bỏ qua lần này.\n", "")


def test_a_bad_lock_limit_is_named(content_repository, tmp_path):
    _, clone = content_repository
    result = rebuild(clone, tmp_path / "www", CONGTT_LOCK_MINUTES="1h")
    assert result.returncode == 2
    assert result.stderr == "Lỗi: CONGTT_LOCK_MINUTES phải là một số phút (số nguyên), không phải «1h».\n"


SCHEDULED_POST = """---
title: Lịch tiếp công dân tháng 12/2026
date: 01/12/2026 07:00
summary: Chủ tịch UBND xã tiếp công dân định kỳ vào thứ Năm hằng tuần.
category: cai-cach-hanh-chinh
---

Chủ tịch UBND xã tiếp công dân tại Bộ phận Một cửa vào sáng thứ Năm hằng tuần.
"""


@pytest.mark.slow
def test_a_failed_pull_still_publishes_scheduled_posts_then_fails(content_repository, tmp_path):
    upstream, clone = content_repository
    target = tmp_path / "www"
    post = upstream / "news/2026/2026-12-01-lich-tiep-cong-dan.md"
    post.parent.mkdir(parents=True)
    post.write_text(SCHEDULED_POST, encoding="utf-8")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "Tin hẹn giờ")

    def online() -> bool:
        return any("Lịch tiếp công dân tháng 12/2026" in page.read_text("utf-8")
                   for page in (target / "current/tin-tuc").rglob("index.html"))

    before = rebuild(clone, target, CONGTT_NOW="2026-11-30T08:00:00+07:00")
    assert before.returncode == 0, before.stderr
    assert not online(), "scheduled for 01/12/2026 07:00"

    upstream.rename(tmp_path / "kho-da-chuyen")  # the repository cannot be reached any more
    version = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    after = rebuild(clone, target, CONGTT_NOW="2026-12-01T07:15:00+07:00")
    assert after.returncode == 3
    assert re.search(r"  mới: /tin-tuc/2026/12/[\w-]+/\n", after.stdout)
    assert online()
    assert len(releases(target)) == 2
    assert "Lỗi: bước «cập nhật kho (git pull)» không thành công (mã 1); vẫn xây dựng và xuất bản nội dung đã có trên máy chủ để tin hẹn giờ được đăng.\n" in after.stderr
    assert re.search(
        rf"\nLỗi: không cập nhật được kho, nên nội dung đẩy lên kho sau phiên bản {version} \(\d{{4}}-[^)]+\) chưa có "
        rf"trên Cổng\. Hãy chạy «git pull» trong {re.escape(str(clone))} để xem lỗi \(mạng, quyền truy cập kho\)\.\n$",
        after.stderr,
    ), after.stderr


@pytest.mark.slow
def test_a_run_stopped_by_a_signal_says_so_and_the_portal_keeps_its_release(content_repository, tmp_path):
    """What systemd does at TimeoutStartSec= or MemoryMax=: SIGTERM to every process of the run."""
    _, clone = content_repository
    target = tmp_path / "www"
    assert rebuild(clone, target).returncode == 0
    before = current(target)
    started = tmp_path / "started"
    build = fake_congtt(tmp_path / "bin", f"touch {started}\nexec sleep 300\n")
    process = subprocess.Popen([str(SCRIPTS / "rebuild.sh")], env=rebuild_environment(clone, target, CONGTT_BIN=str(build)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_until(started.exists, what="the build to start")
        os.killpg(process.pid, signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode != 0
    assert stderr.endswith(
        "Lỗi: lần chạy bị dừng giữa chừng (quá thời gian, vượt giới hạn bộ nhớ hoặc bị tắt); "
        "Cổng vẫn phục vụ bản phát hành trọn vẹn gần nhất.\n"
    ), stderr
    assert current(target) == before
    again = rebuild(clone, target)
    assert again.returncode == 0 and "bỏ qua" not in again.stdout, "the lock went with the stopped run"


def test_systemd_units_run_the_rebuild_script_on_a_timer():
    service = (SCRIPTS / "systemd/congtt-rebuild.service").read_text("utf-8")
    timer = (SCRIPTS / "systemd/congtt-rebuild.timer").read_text("utf-8")
    assert "Type=oneshot" in service and re.search(r"^ExecStart=\S+/scripts/rebuild\.sh$", service, re.M)
    assert re.search(r"^OnCalendar=\S+$", timer, re.M) and "WantedBy=timers.target" in timer
    cron = (SCRIPTS / "cron/congtt-rebuild").read_text("utf-8")
    assert re.search(r"^\*/15 \* \* \* \* congtt \S+/scripts/rebuild\.sh ", cron, re.M)
    if shutil.which("systemd-analyze"):
        result = subprocess.run(["systemd-analyze", "verify", "--man=no", *(str(SCRIPTS / "systemd" / unit) for unit in
                                 ("congtt-rebuild.service", "congtt-rebuild.timer"))], capture_output=True, text=True)
        assert "congtt-rebuild.timer" not in result.stderr, result.stderr
        # Only the missing /srv/congtt/repo of this machine may be reported, no unknown or bad setting.
        assert [line for line in result.stderr.splitlines() if "is not executable" not in line] == [], result.stderr


def unit_setting(unit: str, key: str) -> str:
    """The value of ``key=`` in the [Service] section of ``unit`` (exactly one line)."""
    [value] = re.findall(rf"^{key}=(.*)$", unit, re.M)
    return value


def test_the_rebuild_unit_limits_time_and_memory():
    """A hung or runaway build is stopped; the lock limit is longer than the time limit, so under
    systemd a run is stopped before the next one could call it hung."""
    service = (SCRIPTS / "systemd/congtt-rebuild.service").read_text("utf-8")
    assert "RuntimeMaxSec" not in re.sub(r"#.*", "", service), "no effect on Type=oneshot"
    timeout = unit_setting(service, "TimeoutStartSec")
    minutes = int(re.fullmatch(r"(\d+)min", timeout).group(1))
    assert 5 <= minutes < 60, "CONGTT_LOCK_MINUTES defaults to 60 in rebuild.sh"
    assert re.search(r"^limit=\$\{CONGTT_LOCK_MINUTES:-60\}$", (SCRIPTS / "rebuild.sh").read_text("utf-8"), re.M)
    assert re.fullmatch(r"\d+[MG]", unit_setting(service, "MemoryMax"))
    assert unit_setting(service, "MemorySwapMax") == "0"


def test_cron_logs_to_a_file_the_congtt_user_owns_and_reports_a_failure(tmp_path):
    """/var/log is root's: a redirection there fails before rebuild.sh even starts, every 15 minutes."""
    [line] = [line for line in (SCRIPTS / "cron/congtt-rebuild").read_text("utf-8").splitlines() if line.startswith("*/15 ")]
    *_, user, command = line.split(None, 6)
    assert user == "congtt"
    log = re.search(r" >> (\S+) 2>&1 ", command).group(1)
    assert log == "/srv/congtt/rebuild.log", "the home of the congtt user, which it owns (README: useradd --home-dir)"
    # The very line, with the home moved here, run as cron runs it; a run that fails (no target) is told.
    home = tmp_path / "srv-congtt"
    home.mkdir()
    command = command.replace("/srv/congtt/repo/scripts/", f"{SCRIPTS}/").replace("/srv/congtt/", f"{home}/")
    environment = {key: value for key, value in os.environ.items() if key != "CONGTT_TARGET"}
    result = subprocess.run(["/bin/sh", "-c", command], env=environment, capture_output=True, text=True)
    assert (result.stdout, result.stderr) == (
        f"congtt-rebuild: lần xây dựng lại không thành công (mã 2), xem {home}/rebuild.log\n", ""
    )
    assert (home / "rebuild.log").read_text("utf-8") == (
        "Lỗi: chưa đặt CONGTT_TARGET (nơi đặt các bản phát hành, ví dụ /var/www/congtt).\n"
    )


# --- nginx with the shipped configuration ---------------------------------------------------

class Server:
    """nginx serving ``www/current`` on ``port``."""

    def __init__(self, port: int, www: Path):
        self.port, self.www = port, www

    def get(self, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Status, headers and raw (still compressed) body of ``GET path``."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={key.replace("_", "-"): value for key, value in headers.items()})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


def start_nginx(nginx: str, folder: Path, root: Path) -> tuple[subprocess.Popen, int]:
    """nginx with the shipped configuration serving ``root``, once it accepts connections; its port."""
    def start(port: int) -> subprocess.Popen:
        configuration = nginx_configuration(folder, root, port)
        check = subprocess.run([nginx, "-t", "-q", "-e", str(folder / "error.log"), "-c", str(configuration)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        return subprocess.Popen([nginx, "-e", str(folder / "error.log"), "-c", str(configuration)])

    return listening(start)


@pytest.fixture(scope="module")
def nginx_program() -> str:
    """The nginx program; the tests that need it skip when it is missing."""
    nginx = installed("nginx", "nginx")
    if not nginx:
        pytest.skip("nginx is not installed and could not be installed (apt-get install -y nginx needs root on Debian)")
    return nginx


@pytest.fixture(scope="module")
def served(example_site, tmp_path_factory, nginx_program):
    """The example portal deployed with deploy.py and served by nginx with the shipped configuration."""
    folder = tmp_path_factory.mktemp("nginx")
    www = folder / "www"
    result = run_deploy(str(example_site), str(www))
    assert result.returncode == 0, result.stderr
    process, port = start_nginx(nginx_program, folder, www / "current")
    try:
        yield Server(port, www)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_nginx_accepts_the_configuration_without_a_warning(nginx_program, tmp_path):
    """The duplicate text/html in charset_types made `nginx -t` warn on every reload."""
    configuration = nginx_configuration(tmp_path, tmp_path, free_port())
    check = subprocess.run([nginx_program, "-t", "-e", str(tmp_path / "error.log"), "-c", str(configuration)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "[warn]" not in check.stderr and "[emerg]" not in check.stderr, check.stderr


PAGES = [
    "/",
    "/tin-tuc/",
    "/thu-tuc-hanh-chinh/",
    "/thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/",
    "/van-ban/",
    "/tin-tuc/2025/07/trung-tam-phuc-vu-hanh-chinh-cong-xa-nhung-dieu-can-biet/",
]


@pytest.mark.slow
@pytest.mark.parametrize("path", PAGES)
def test_pages_are_served_as_utf8_html_with_a_short_cache(served, path):
    status, headers, body = served.get(path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert b"<h1" in body


def test_a_folder_without_its_slash_redirects_relatively(served):
    status, headers, _ = served.get("/tin-tuc")
    assert status == 301
    assert headers["Location"] == "/tin-tuc/"


def feeds_of(site: Path) -> dict[str, str]:
    """Every feed file of the built site (URL → "rss" or "feed"), found by its root element."""
    feeds = {}
    for path in sorted(site.rglob("*.xml")):
        root = re.search(rb"<(rss|feed)\b", path.read_bytes()[:2000])
        if root:
            feeds["/" + path.relative_to(site).as_posix()] = root.group(1).decode()
    return feeds


def test_every_feed_is_served_with_its_own_content_type(served, example_site):
    feeds = feeds_of(example_site)
    assert {"/rss.xml": "rss", "/atom.xml": "feed"}.items() <= feeds.items()
    for url, kind in feeds.items():
        status, headers, _ = served.get(url)
        assert status == 200, url
        expected = "application/rss+xml; charset=utf-8" if kind == "rss" else "application/atom+xml; charset=utf-8"
        assert headers["Content-Type"] == expected, url
        assert headers["Cache-Control"] == "public, max-age=300", url


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/sitemap.xml", "text/xml; charset=utf-8"), ("/robots.txt", "text/plain; charset=utf-8")],
)
def test_sitemap_and_robots_types(served, example_site, path, content_type):
    status, headers, body = served.get(path)
    assert (status, headers["Content-Type"]) == (200, content_type)
    assert body == (example_site / path.lstrip("/")).read_bytes()


def test_a_page_and_a_feed_come_pre_compressed_to_clients_that_accept_gzip(served, example_site):
    for url, file in (("/", "index.html"), ("/rss.xml", "rss.xml"), ("/tin-tuc/", "tin-tuc/index.html")):
        status, headers, body = served.get(url, Accept_Encoding="gzip, deflate, br")
        assert status == 200
        assert headers["Content-Encoding"] == "gzip", url
        assert headers["Vary"] == "Accept-Encoding"
        assert body == (example_site / f"{file}.gz").read_bytes(), "the build's own .gz, not compressed on the fly"
        assert gzip.decompress(body) == (example_site / file).read_bytes()
    status, headers, body = served.get("/")
    assert "Content-Encoding" not in headers
    assert body == (example_site / "index.html").read_bytes()


def test_fingerprinted_assets_are_cached_for_a_year_and_others_briefly(served, example_site):
    hashed = [p for p in (example_site / "assets").rglob("*.min.*") if re.search(r"\.[0-9a-f]{8,}\.min\.(css|js)$", p.name)]
    assert hashed, "Material's assets carry a content hash in their names"
    for path in hashed:
        url = "/" + path.relative_to(example_site).as_posix()
        assert served.get(url)[1]["Cache-Control"] == "public, max-age=31536000, immutable", url
    assert served.get("/assets/congtt.css")[1]["Cache-Control"] == "public, max-age=3600"
    photo = next(example_site.rglob("*.webp"))
    assert served.get("/" + photo.relative_to(example_site).as_posix())[1]["Cache-Control"] == "public, max-age=86400"


def test_a_missing_page_is_the_vietnamese_404_with_status_404(served):
    status, headers, body = served.get("/trang-khong-co/")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Không tìm thấy trang" in body.decode("utf-8")
    assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    status, headers, body = served.get("/tin-tuc/khong-co.html", Accept_Encoding="gzip")
    assert status == 404
    assert "Không tìm thấy trang" in gzip.decompress(body).decode("utf-8")


def test_a_folder_without_an_index_is_the_vietnamese_404_never_nginxs_english_403(served):
    # Every folder of the example portal has its page (tests/test_listings.py); one made here has none.
    for path in ("/tin-tuc/chuyen-muc/", "/thu-tuc-hanh-chinh/muc-do/", "/van-ban/loai/", "/tin-tuc/trang/"):
        assert served.get(path)[0] == 200, path
    folder = served.www / "current/tin-tuc/thu-muc-khong-trang"
    (folder / "con").mkdir(parents=True)
    (folder / "con/index.html").write_text("<p>con</p>", "utf-8")
    for path in ("/tin-tuc/thu-muc-khong-trang/",):
        for encoding in ("", "gzip"):
            status, headers, body = served.get(path, Accept_Encoding=encoding)
            text = (gzip.decompress(body) if encoding else body).decode("utf-8")
            assert status == 404, path
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            assert "Không tìm thấy trang" in text and "Forbidden" not in text and "nginx" not in text
            assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
            assert headers["Cache-Control"] == "public, max-age=300"


def test_dotfiles_are_never_served(served):
    """A copy of the repository or an environment file in the served folder stays private."""
    root = served.www / "current"
    secret = "bi-mat-7f3a"
    secrets_ = {".git/config": f"[remote \"{secret}\"]\n", ".env": f"MAT_KHAU={secret}\n", "tin-tuc/.htpasswd": f"admin:{secret}\n"}
    for name, text in secrets_.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / ".well-known").mkdir()
    (root / ".well-known/security.txt").write_text("Contact: mailto:ubnd@laikhe.gov.vn\n", encoding="utf-8")
    try:
        assert (root / ".congtt-site").exists(), "the build marks its site with a dotfile"
        for path in ("/.git/config", "/.git/", "/.env", "/tin-tuc/.htpasswd", "/%2egit/config", "/.congtt-site", "/.git/rss.xml"):
            status, headers, body = served.get(path)
            assert status == 404, path
            assert "Không tìm thấy trang" in body.decode("utf-8"), path
            assert secret.encode() not in body, path
            assert headers["X-Content-Type-Options"] == "nosniff"
        status, _, body = served.get("/.well-known/security.txt")
        assert (status, body) == (200, b"Contact: mailto:ubnd@laikhe.gov.vn\n")
    finally:
        for name in (*secrets_, ".well-known/security.txt"):
            (root / name).unlink()
        (root / ".git").rmdir()
        (root / ".well-known").rmdir()


def raw_get(port: int, request: str) -> tuple[str, bytes]:
    """The status line and headers (text) and the body of a request written by hand (HTTP/1.0)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode("ascii"))
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def test_requests_through_a_proxy_get_the_pre_compressed_files(served, example_site):
    """Behind a proxy (a Via header) or nginx's own proxy_pass (HTTP/1.0), still the build's .gz."""
    expected = (example_site / "index.html.gz").read_bytes()
    status, headers, body = served.get("/", Accept_Encoding="gzip", Via="1.1 proxy.laikhe.gov.vn")
    assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "gzip", "Accept-Encoding")
    assert body == expected
    head, body = raw_get(served.port, "GET / HTTP/1.0\r\nHost: laikhe.haiphong.gov.vn\r\nAccept-Encoding: gzip\r\n"
                                      "Via: 1.1 proxy\r\nConnection: close\r\n\r\n")
    assert head.startswith("HTTP/1.1 200 ") and "\r\nContent-Encoding: gzip\r\n" in head, head
    assert body == expected
    status, headers, body = served.get("/", Via="1.1 proxy.laikhe.gov.vn")
    assert "Content-Encoding" not in headers and body == (example_site / "index.html").read_bytes()


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


@pytest.mark.parametrize("path", ["/", "/rss.xml", "/assets/congtt.css"])
def test_security_headers_are_on_every_response(served, path):
    _, headers, _ = served.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value, (path, name)
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    policy = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "default-src 'self'" in policy and "object-src 'none'" in policy


def inline_script_hashes(site: Path) -> set[str]:
    """The CSP source (``'sha256-…'``) of every inline script of every built page."""
    hashes = set()
    for page in site.rglob("*.html"):
        for attributes, text in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page.read_text("utf-8"), re.S):
            if "type=" in attributes and "javascript" not in attributes:
                continue  # data blocks (application/json) are not executed: CSP does not apply
            digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return hashes


def test_the_csp_allows_every_inline_script_of_the_portal_by_hash(served, example_site):
    policy = served.get("/")[1]["Content-Security-Policy"]
    script_sources = set(re.search(r"script-src ([^;]*)", policy).group(1).split())
    needed = inline_script_hashes(example_site)
    assert needed, "Material's pages have inline scripts"
    missing = needed - script_sources
    assert not missing, f"add to script-src in {NGINX_CONF}: {' '.join(sorted(missing))}"
    assert len(needed) <= 5, "one hash per script: the page depth must not change a script's text"


@pytest.mark.browser
def test_pages_load_in_chromium_without_a_csp_violation(served):
    from browser import PHONE, chromium

    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        problems = []
        page.on("console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        for path in (*PAGES, "/trang-khong-co/"):
            page.goto(f"http://127.0.0.1:{served.port}{path}")
            # Until nothing more loads (the search worker, its index): a violation may come late.
            page.wait_for_load_state("networkidle")
        assert problems == []


@pytest.mark.slow
def test_a_second_release_is_served_then_the_rollback_brings_the_first_back(served, example_site, tmp_path):
    changed = tmp_path / "site"
    shutil.copytree(example_site, changed)
    index = changed / "index.html"
    index.write_text(index.read_text("utf-8").replace("</h1>", " — bản thứ hai</h1>", 1), encoding="utf-8")
    compress_site(changed, previous=example_site)

    def home() -> tuple[str, str]:
        plain = served.get("/")[2].decode("utf-8")
        compressed = gzip.decompress(served.get("/", Accept_Encoding="gzip")[2]).decode("utf-8")
        return plain, compressed

    assert all("bản thứ hai" not in text for text in home())
    result = run_deploy(str(changed), str(served.www))
    assert result.returncode == 0, result.stderr
    assert "  thay đổi: /\n" in result.stdout
    assert all("bản thứ hai" in text for text in home())
    assert run_deploy("--rollback", str(served.www)).returncode == 0
    assert all("bản thứ hai" not in text for text in home())
