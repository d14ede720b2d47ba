"""Serving a built site on loopback for the browser measurements, as it is deployed.

A portal is served by nginx with the shipped configuration (``scripts/nginx/congtt.conf``:
pre-compressed ``.gz`` files, cache headers, the Content-Security-Policy that allows the
search page's inline script by its hash). The benchmark serves the site the same way when
nginx is installed, so the first query is timed against the server citizens reach, with the
page's real security policy in force. The Python server, a thread of the measuring process
that answers only when the harness's own Python lets it, is the fallback: on one 20,000-item
site, 21 interleaved runs each at 4× throttling, the results were in the page at 572 ms with
nginx against 725 ms with it, and painted at 848 against 932 ms (medians).
``tests/test_deploy.py`` runs nginx with the same file through ``nginx_configuration``.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

NGINX_CONF = Path(__file__).resolve().parents[2] / "scripts" / "nginx" / "congtt.conf"
NGINX = "nginx"
PYTHON_SERVER = "Python http.server"
# Text types a web server sends gzip-compressed (nginx ``gzip_types``).
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 15) -> None:
    """Return once something accepts connections on ``port``; RuntimeError if ``process`` died or never listened."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def nginx_configuration(folder: Path, root: Path, port: int) -> Path:
    """The shipped server block serving ``root`` on ``port`` of loopback, inside a minimal nginx.conf in ``folder``.

    ValueError when the shipped file no longer has a line this replaces.
    """
    text = NGINX_CONF.read_text("utf-8")
    replacements = {
        "    listen 80;\n": f"    listen 127.0.0.1:{port};\n",
        "    listen [::]:80;\n": "",
        "root /var/www/congtt/current;": f"root {root};",
    }
    for old, new in replacements.items():
        if text.count(old) != 1:
            raise ValueError(f"{NGINX_CONF} no longer has {old!r} once")
        text = text.replace(old, new)
    (folder / "congtt.conf").write_text(text, encoding="utf-8")
    return nginx_main(folder, folder / "congtt.conf")


def nginx_main(folder: Path, server_blocks: Path) -> Path:
    """A minimal nginx.conf in ``folder`` (pid, logs and temporary files there too) including ``server_blocks``."""
    temporary = " ".join(f"{kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = folder / "nginx.conf"
    main.write_text(
        f"daemon off;\nuser root;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log {folder}/access.log;\n  {temporary}\n  include {server_blocks};\n}}\n"
    )
    return main


@contextlib.contextmanager
def nginx(site: Path, program: str) -> Iterator[str]:
    """nginx (``program``) serving ``site`` with the shipped configuration; yield its base URL."""
    with tempfile.TemporaryDirectory(prefix="congtt-nginx-") as folder:
        port = free_port()
        configuration = nginx_configuration(Path(folder), Path(site).resolve(), port)
        log = f"{folder}/error.log"
        check = subprocess.run([program, "-t", "-q", "-e", log, "-c", str(configuration)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejects the shipped configuration: {check.stderr.strip()}")
        process = subprocess.Popen([program, "-e", log, "-c", str(configuration)], stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, process)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as nginx with ``gzip_static`` would: the ``.gz`` beside a file, else gzip on the fly."""

    def log_message(self, format, *args):  # noqa: A002 - signature set by the base class
        """Keep the benchmark's output clean."""

    def do_GET(self) -> None:
        """Send a file, compressed when the browser accepts it and the type is text."""
        path = Path(self.translate_path(urlsplit(self.path).path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = path.read_bytes()
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(_TEXT_TYPES)
        if compress:
            packed = path.with_name(path.name + ".gz")
            data = packed.read_bytes() if packed.is_file() else gzip.compress(data, 6)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def python_server(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = _StaticHandler) -> Iterator[str]:
    """Serve ``site`` with ``handler`` from a thread of this process on a free loopback port; yield its base URL.

    The browser tests serve with their own handler (the site's 404 page) through the same function.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve(site: Path, deployed: bool = True) -> Iterator[tuple[str, str]]:
    """Serve ``site``; yield its base URL and which server answers.

    With ``deployed``, nginx with the shipped configuration when nginx is installed (and the
    configuration is there, as in a checkout of the repository); else, or without ``deployed``,
    the Python server.
    """
    program = shutil.which(NGINX) or shutil.which(NGINX, path="/usr/sbin")  # root's PATH has sbin, others may not
    if deployed and program and NGINX_CONF.is_file():
        with nginx(site, program) as base:
            yield base, f"nginx, {NGINX_CONF.relative_to(NGINX_CONF.parents[2])}"
        return
    with python_server(site) as base:
        yield base, PYTHON_SERVER
