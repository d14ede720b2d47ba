"""The studio as it is installed: its systemd unit, and nginx in front of it over HTTPS."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import httpx
import pytest

from tools.bench.server import free_port, nginx_main, wait_for_port
from congtt.studio.app import create_app
from congtt.studio.server import make_studio
from support.studio import WRITER, make_site

SCRIPTS = Path(__file__).parent.parent / "scripts"
STUDIO_CONF = SCRIPTS / "nginx" / "congtt-studio.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def test_the_studio_unit_is_valid_and_listens_on_loopback_only():
    unit = (SCRIPTS / "systemd" / "congtt-studio.service").read_text("utf-8")
    assert re.search(r"^ExecStart=\S+/congtt studio -f \S+/mkdocs\.yml -a 127\.0\.0\.1:8080 ", unit, re.M)
    assert re.search(r"^Environment=CONGTT_STUDIO_DATA=/srv/congtt/studio$", unit, re.M)
    assert "MemoryMax=" in unit and "Restart=on-failure" in unit
    if shutil.which("systemd-analyze"):
        result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(SCRIPTS / "systemd" / "congtt-studio.service")],
                                capture_output=True, text=True)
        assert [line for line in result.stderr.splitlines() if "is not executable" not in line
                and "/srv/congtt" not in line] == [], result.stderr


@contextlib.contextmanager
def _studio_on_a_port(tmp_path: Path):
    import uvicorn

    site = make_site(tmp_path)
    studio = make_studio(site.repository / "mkdocs.yml", site.decap)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(studio), host="127.0.0.1", port=port, log_level="warning",
                                           proxy_headers=True, forwarded_allow_ips="127.0.0.1"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the studio did not start")
            thread.join(0.05)
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
        os.environ.pop("CONGTT_STUDIO_DATA", None)


def _nginx_in_front(folder: Path, upstream: int) -> tuple[Path, int, int]:
    """The shipped studio server blocks, on free loopback ports with a throwaway certificate."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    plain, secure = free_port(), free_port()
    text = STUDIO_CONF.read_text("utf-8")
    replacements = {
        "    listen 80;\n": f"    listen 127.0.0.1:{plain};\n",
        "    listen 443 ssl http2;\n": f"    listen 127.0.0.1:{secure} ssl http2;\n",
        "    listen [::]:80;\n": "", "    listen [::]:443 ssl http2;\n": "",
        "/etc/letsencrypt/live/soanbai.laikhe.haiphong.gov.vn/fullchain.pem": str(folder / "cert.pem"),
        "/etc/letsencrypt/live/soanbai.laikhe.haiphong.gov.vn/privkey.pem": str(folder / "key.pem"),
        "proxy_pass http://127.0.0.1:8080;": f"proxy_pass http://127.0.0.1:{upstream};",
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "studio.conf").write_text(text, encoding="utf-8")
    return nginx_main(folder, folder / "studio.conf"), plain, secure


@pytest.mark.slow
@pytest.mark.skipif(NGINX is None or shutil.which("openssl") is None, reason="nginx or openssl missing (make test installs nginx)")
def test_nginx_serves_the_studio_over_https_only_with_large_uploads(tmp_path):
    with _studio_on_a_port(tmp_path) as upstream:
        configuration, plain, secure = _nginx_in_front(tmp_path, upstream)
        check = subprocess.run([NGINX, "-t", "-q", "-c", str(configuration)], capture_output=True, text=True)
        assert check.returncode == 0 and check.stderr == "", check.stderr
        process = subprocess.Popen([NGINX, "-c", str(configuration)], stderr=subprocess.DEVNULL)
        try:
            wait_for_port(secure, process)
            redirect = httpx.get(f"http://127.0.0.1:{plain}/dang-nhap", headers={"Host": "soanbai.example"})
            assert redirect.status_code == 301 and redirect.headers["location"] == "https://soanbai.example/dang-nhap"
            with httpx.Client(base_url=f"https://127.0.0.1:{secure}", verify=False) as browser:
                page = browser.get("/dang-nhap")
                assert page.status_code == 200 and "Xưởng soạn Cổng thông tin" in page.text
                assert page.headers["strict-transport-security"] == "max-age=31536000"
                login = browser.post("/api/login", json={"username": WRITER[0], "password": WRITER[1]})
                assert login.status_code == 200
                assert "Secure" in login.headers["set-cookie"] and "HttpOnly" in login.headers["set-cookie"]
                # A 30 MB request reaches the studio (which answers it), not nginx's English 413.
                big = browser.post("/api/v1", content=b"{" + b" " * (30 * 1024 * 1024) + b"}",
                                   headers={"Content-Type": "application/json"})
                assert big.status_code != 413 and big.headers["content-type"].startswith("application/json")
        finally:
            process.terminate()
            process.wait(timeout=10)
