"""The studio's web server (Starlette): log in, Decap CMS, its proxy protocol, previews and status.

Every route but the login page and ``POST /api/login`` needs a session. The
session cookie is HttpOnly and SameSite=Strict (Secure behind HTTPS); a
state-changing request from a foreign origin is refused; failed logins slow
the next attempts down, per account and per address.
"""

from __future__ import annotations

import json
import mimetypes
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .accounts import Account, Accounts
from .entries import Refused
from .protocol import Protocol
from .protocol import Request as Call
from .task_routes import task_routes
from .tasks import Tasks

COOKIE = "congtt_phien"
SESSION_HOURS = 12
MAX_BODY = 48 * 1024 * 1024  # a 25 MB upload in base64, with its entry
FREE_FAILURES = 5
MAX_WAIT_SECONDS = 300
ASSETS = Path(__file__).parent / "assets"
_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


@dataclass
class Studio:
    """Everything the routes share: accounts, the protocol, where Decap's files are, the portal's name."""

    accounts: Accounts
    protocol: Protocol
    decap_dist: Path
    decap_config: dict
    site_name: str
    tasks: Tasks
    sessions: dict[str, tuple[str, float]] = field(default_factory=dict)
    failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open_session(self, username: str) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.sessions[token] = (username, time.time() + SESSION_HOURS * 3600)
        return token

    def account_of(self, request: Request) -> tuple[Account | None, str]:
        token = request.cookies.get(COOKIE, "")
        with self.lock:
            username, expires = self.sessions.get(token, ("", 0.0))
            if expires < time.time():
                self.sessions.pop(token, None)
                return None, ""
        return self.accounts.get(username), token

    def close_session(self, token: str) -> None:
        with self.lock:
            self.sessions.pop(token, None)

    def wait_before_login(self, keys: list[str]) -> int:
        """Seconds the next attempt must wait after repeated failures (0 when it may go ahead)."""
        now = time.time()
        with self.lock:
            return max([int(self.failures.get(k, (0, 0.0))[1] - now) + 1 for k in keys if self.failures.get(k, (0, 0.0))[1] > now] or [0])

    def failed_login(self, keys: list[str]) -> None:
        with self.lock:
            for key in keys:
                count = self.failures.get(key, (0, 0.0))[0] + 1
                wait = 0 if count < FREE_FAILURES else min(2 ** (count - FREE_FAILURES), MAX_WAIT_SECONDS)
                self.failures[key] = (count, time.time() + wait)

    def forget_failures(self, keys: list[str]) -> None:
        with self.lock:
            for key in keys:
                self.failures.pop(key, None)


def create_app(studio: Studio) -> Starlette:
    """The ASGI application; ``congtt studio`` serves it with uvicorn."""
    routes = [
        Route("/dang-nhap", lambda request: _page("login.html", studio), methods=["GET"]),
        Route("/api/login", _handler(studio, _login, session=False), methods=["POST"]),
        Route("/api/logout", _handler(studio, _logout), methods=["POST"]),
        Route("/api/me", _handler(studio, _me), methods=["GET"]),
        Route("/api/status", _handler(studio, _status), methods=["GET"]),
        Route("/api/v1", _handler(studio, _protocol), methods=["POST"]),
        Route("/", _handler(studio, _editor, html=True), methods=["GET"]),
        Route("/{name:str}.js", _handler(studio, _script, html=True), methods=["GET"]),
        Route("/decap/{path:path}", _handler(studio, _decap_file, html=True), methods=["GET"]),
        Route("/xem-truoc/{path:path}", _handler(studio, _preview_file, html=True), methods=["GET"]),
        *task_routes(studio, _handler, _page, _json),
    ]
    return Starlette(routes=routes)


def _handler(studio: Studio, endpoint, session: bool = True, html: bool = False):
    """Wrap an endpoint with the checks every route shares: origin, session, Vietnamese errors."""

    async def handle(request: Request) -> Response:
        if request.method != "GET" and not _same_origin(request):
            return _json({"error": "Yêu cầu đến từ trang khác nên bị từ chối."}, 403)
        account, token = studio.account_of(request)
        if session and account is None:
            if html:
                return RedirectResponse("/dang-nhap", status_code=303)
            return _json({"error": "Chưa đăng nhập hoặc phiên đã hết hạn. Hãy đăng nhập lại."}, 401)
        try:
            return await endpoint(studio, request, account, token)
        except Refused as refusal:
            return _json({"error": str(refusal)}, refusal.status)

    return handle


def _same_origin(request: Request) -> bool:
    """A state-changing request must come from the studio's own pages (or from no browser page at all)."""
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


async def _login(studio: Studio, request: Request, account, token) -> Response:
    body = await _body(request)
    username, password = str(body.get("username", "")).strip().lower(), str(body.get("password", ""))
    keys = [f"user:{username}", f"ip:{request.client.host if request.client else ''}"]
    wait = studio.wait_before_login(keys)
    if wait:
        return _json({"error": f"Đăng nhập sai nhiều lần. Hãy đợi {wait} giây rồi thử lại."}, 429, {"Retry-After": str(wait)})
    found = await run_in_threadpool(studio.accounts.verify, username, password)
    if found is None:
        studio.failed_login(keys)
        return _json({"error": "Sai tên đăng nhập hoặc mật khẩu."}, 401)
    studio.forget_failures(keys)
    response = _json(_who(found))
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    response.set_cookie(COOKIE, studio.open_session(found.username), max_age=SESSION_HOURS * 3600,
                        httponly=True, samesite="strict", secure=secure, path="/")
    return response


async def _logout(studio: Studio, request: Request, account, token) -> Response:
    studio.close_session(token)
    response = _json({"message": "Đã đăng xuất."})
    response.delete_cookie(COOKIE, path="/")
    return response


async def _me(studio: Studio, request: Request, account: Account, token) -> Response:
    return _json(_who(account))


def _who(account: Account) -> dict:
    return {"username": account.username, "display_name": account.display_name, "role": account.role}


async def _status(studio: Studio, request: Request, account, token) -> Response:
    return _json(studio.protocol.publisher.status.as_json())


async def _protocol(studio: Studio, request: Request, account: Account, token: str) -> Response:
    body = await _body(request)
    params = body.get("params") if isinstance(body.get("params"), dict) else {}
    call = Call(account, token, str(body.get("action", "")), params, str(body.get("branch") or params.get("branch") or ""))
    answer = await run_in_threadpool(studio.protocol.handle, call)
    return _json(answer)


async def _body(request: Request) -> dict:
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        raise Refused("Yêu cầu quá lớn (tệp tải lên vượt giới hạn).", 413)
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise Refused("Yêu cầu không phải JSON hợp lệ.", 400) from None
    if not isinstance(body, dict):
        raise Refused("Yêu cầu không phải JSON hợp lệ.", 400)
    return body


async def _editor(studio: Studio, request: Request, account, token) -> Response:
    # Decap's configuration rides in the page: fetching and parsing a config.yml would only start after
    # Decap's own script has run, on the way to the first list.
    return _page("editor.html", studio, decap_config=script_json(studio.decap_config))


def script_json(data) -> str:
    """``data`` as JSON that can sit inside a ``<script>`` element: no ``</script>`` or ``<!--`` can form."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


SCRIPTS = ("studio", "cong-viec")


async def _script(studio: Studio, request: Request, account, token) -> Response:
    name = request.path_params["name"]
    if name not in SCRIPTS:
        return _file_in(ASSETS, "")  # the 404 page
    return FileResponse(ASSETS / f"{name}.js", media_type="text/javascript", headers=_HEADERS)


async def _decap_file(studio: Studio, request: Request, account, token) -> Response:
    return _file_in(studio.decap_dist, request.path_params["path"])


async def _preview_file(studio: Studio, request: Request, account, token) -> Response:
    found = studio.protocol.previews.file(request.path_params["path"])
    return _file_in(*found) if found else _file_in(ASSETS, "")  # the 404 page


def _file_in(folder: Path, relative: str) -> Response:
    """A file under ``folder`` (a folder's ``index.html``); 404 for anything outside or missing."""
    base = folder.resolve()
    target = (base / relative).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(base) or not target.is_file():
        return HTMLResponse("<!doctype html><meta charset=utf-8><title>Không tìm thấy</title><p>Không tìm thấy trang này.</p>", 404)
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=kind, headers=_HEADERS)


def _page(name: str, studio: Studio, **fills: str) -> Response:
    """A page of ``assets/`` with the portal's name (escaped) and ``fills`` (already safe where they go)."""
    html = (ASSETS / name).read_text(encoding="utf-8").replace("{{ site_name }}", str(escape(studio.site_name)))
    for key, value in fills.items():
        html = html.replace("{{ %s }}" % key, value)
    return HTMLResponse(html, headers=_HEADERS)


def _json(data, status: int = 200, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={**_HEADERS, **(headers or {})})
