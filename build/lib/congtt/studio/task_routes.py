"""Routes of the work page: the lists, the statistics download, the TTHC sheet (dry run, apply, publish)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from urllib.parse import quote, unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import dates
from .entries import Refused
from .protocol import author_of
from .tasks import IMPORT_PREFIX


def task_routes(studio, handler, page, answer) -> list[Route]:
    """The routes, wrapped by the app's ``handler`` (origin, session, errors); ``page`` and ``answer`` render."""
    tasks = studio.tasks

    async def work_page(studio, request: Request, account, token) -> Response:
        return page("cong-viec.html", studio)

    async def work_list(studio, request: Request, account, token) -> Response:
        now = datetime.now(dates.VIETNAM)
        lists = await run_in_threadpool(tasks.work_list, now)
        periods = tasks.periods(now.date())
        return answer({
            "lists": {name: [asdict(item) for item in items] for name, items in lists.items()},
            "periods": [{"code": code, "label": label} for code, label in periods],
            "may_publish": account.may_publish,
        })

    async def statistics(studio, request: Request, account, token) -> Response:
        code, kind = request.query_params.get("ky", ""), request.query_params.get("dinh-dang", "docx")
        name, data = await run_in_threadpool(tasks.statistics, code, kind, datetime.now(dates.VIETNAM))
        types = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=types[kind], headers={"Content-Disposition": disposition})

    async def sheet(studio, request: Request, account, token) -> Response:
        apply = request.query_params.get("ap-dung") == "1"
        force = request.query_params.get("ghi-de") == "1"
        name = unquote(request.headers.get("x-file-name", "danh-muc.xlsx"))
        data = await request.body()
        result = await run_in_threadpool(
            tasks.import_sheet, name, data, datetime.now(dates.VIETNAM).date(), apply, force, author_of(account)
        )
        return answer(result)

    async def publish_import(studio, request: Request, account, token) -> Response:
        if not account.may_publish:
            raise Refused("Chỉ Trưởng ban biên tập (vai trò «duyet») mới được đăng.", 403)
        branch = str((await request.json()).get("branch", ""))
        if not branch.startswith(IMPORT_PREFIX) or studio.protocol.repository.head(branch) is None:
            raise Refused(f"Không có bản nhập danh mục «{branch}».", 404)
        await run_in_threadpool(studio.protocol.publisher.publish, branch, author_of(account))
        return answer({"message": "Đã đăng danh mục thủ tục hành chính; Cổng đang được xây dựng lại."})

    return [
        Route("/cong-viec", handler(studio, work_page, html=True), methods=["GET"]),
        Route("/api/cong-viec", handler(studio, work_list), methods=["GET"]),
        Route("/api/thong-ke", handler(studio, statistics), methods=["GET"]),
        Route("/api/tthc", handler(studio, sheet), methods=["POST"]),
        Route("/api/tthc/dang", handler(studio, publish_import), methods=["POST"]),
    ]
