"""``congtt serve``: a failed rebuild shown in the browser, in Vietnamese, instead of a page that hangs.

MkDocs' preview server holds every request until a rebuild succeeds, so after a content error the
browser waits with no word of why (the message is in the terminal, followed by «Aborted with a
BuildError!»). Here the server's builder is wrapped: a failed rebuild writes an error page into the
site folder and counts as a finished build, so the browsers reload; every page request is then
answered with that page (served through MkDocs, which adds its reload script), until a rebuild
succeeds and the browsers reload onto the fixed page. MkDocs 1.6.1 is the last 1.x: the server's
``builder``, ``get_app``/``set_app`` and ``mount_path`` it relies on will not move.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from html import escape
from pathlib import Path

ERROR_PAGE = "_congtt-loi-xem-truoc.html"


def install(server, site_dir: Path, failure: Callable[[], BaseException | None]) -> None:
    """Wrap ``server``'s builder and app; ``failure`` gives the error of the build that just failed."""
    state = {"failed": False}
    build = server.builder

    def rebuild() -> None:
        try:
            build()
        except Exception as error:  # noqa: BLE001 - every failure is shown, none stops the preview
            state["failed"] = True
            (site_dir / ERROR_PAGE).write_text(page(failure() or error), "utf-8")
            print("Bản xem trước chưa dựng lại được vì các lỗi trên; trình duyệt cũng hiện các lỗi này. Sửa xong, "
                  "lưu tệp là trang tự tải lại.", file=sys.stderr, flush=True)
            return
        state["failed"] = False
        print("Đã dựng lại bản xem trước.", file=sys.stderr, flush=True)

    app = server.get_app()

    def serve(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if state["failed"] and (path.endswith("/") or path.endswith(".html")):
            environ = {**environ, "PATH_INFO": server.mount_path.rstrip("/") + "/" + ERROR_PAGE}
        return app(environ, start_response)

    server.builder = rebuild
    server.set_app(serve)


def page(error: BaseException) -> str:
    """A self-contained page (the site's own styles may be half-written) telling the error."""
    text = str(error) or type(error).__name__
    lines = "".join(f"<li><code>{escape(line)}</code></li>" for line in text.splitlines()[1:] if line.strip())
    head = escape(text.splitlines()[0]) if text.strip() else "Lỗi khi dựng bản xem trước."
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Lỗi xem trước</title>'
        "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "h1{color:#a00;font-size:1.4rem}code{white-space:pre-wrap;word-break:break-word}li{margin:.5rem 0}</style>"
        f"</head><body><h1>Chưa xem trước được: nội dung có lỗi</h1><p>{head}</p><ul>{lines}</ul>"
        "<p>Sửa theo hướng dẫn trên rồi lưu tệp: trang này tự tải lại khi bản xem trước dựng xong.</p>"
        "</body></html>"
    )
