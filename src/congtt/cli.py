"""The ``congtt`` command: check, build, serve and new, with Vietnamese messages.

No traceback reaches a staff member: every failure is caught here and told in
Vietnamese with a non-zero exit. ``--debug`` shows the traceback for developers.
"""

from __future__ import annotations

import logging
import re
import os
import sys
from datetime import datetime
from pathlib import Path

import click
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from . import dates, overview
from .addresses import AddressError, listening_address
from .build import UnsafeTarget, check_target, mark
from .config import CongttConfig, plugin_settings, repository_root
from .errors import CongttError
from .model import Portal
from .problems import Problem, errors
from .references import ReferenceIndex
from .instant import DRAFTS_VARIABLE, NOW_VARIABLE, build_instant
from .scaffold import AlreadyExists, new_item
from .validation import body_markdown, check_tree

CONFIG_OPTION = click.option(
    "-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="Tệp cấu hình của Cổng.",
)


class Failure(click.ClickException):
    """A failure told to the user in Vietnamese, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.message}", err=True)


class _ConfigErrors(logging.Handler):
    """MkDocs' configuration errors, kept to be told as one Vietnamese line: where, then what.

    MkDocs logs «Config value 'plugins': Plugin 'congtt' option 'feed_size': …» and raises only
    «Aborted with a configuration error!»; the options of congtt word their own part in Vietnamese.
    """

    PLUGIN = re.compile(r"Config value 'plugins': Plugin 'congtt' option '([^']+)': (?:Sub-option '([^']+)': )?(.*)", re.S)
    OTHER = re.compile(r"Config value '([^']+)': (.*)", re.S)
    UNKNOWN = re.compile(r"Unrecognised configuration name: (\S+)")

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        plugin, other = self.PLUGIN.fullmatch(text), self.OTHER.fullmatch(text)
        if plugin:
            where = " → ".join(part for part in ("plugins", "congtt", plugin[1], plugin[2]) if part)
            text = f"mục {where}: {plugin[3]}"
        elif other:
            text = f"mục {other[1]}: {other[2]}"
        text = self.UNKNOWN.sub(r"không có khóa «\1», congtt bỏ qua dòng này (xem lại chính tả tên khóa)", text)
        (self.messages if record.levelno >= logging.ERROR else self.warnings).append(text)


def _load(config_file: Path) -> tuple[MkDocsConfig, CongttConfig]:
    """Load ``mkdocs.yml`` and the plugin settings, or explain what is wrong."""
    if not config_file.is_file():
        raise Failure(f"Không tìm thấy tệp cấu hình «{config_file}». Hãy chạy lệnh trong thư mục của Cổng.")
    said, logger = _ConfigErrors(), logging.getLogger("mkdocs.config")
    logger.addHandler(said)
    logger.propagate = False  # told below, in Vietnamese, instead of MkDocs' own line
    try:
        config = load_config(str(config_file))
    except MkDocsException as error:
        found = "; ".join(said.messages) or str(error)
        raise Failure(f"Tệp cấu hình «{config_file}» có lỗi: {found}") from None
    finally:
        logger.removeHandler(said)
        logger.propagate = True
    for warning in said.warnings:
        click.echo(f"Cảnh báo: tệp cấu hình «{config_file}», {warning}", err=True)
    if "congtt" not in config.plugins:
        raise Failure(f"Tệp «{config_file}» chưa khai báo plugin «congtt» trong mục plugins.")
    return config, plugin_settings(config)


def _refuse_unsafe_target(config: MkDocsConfig, site_dir: Path | None) -> None:
    """Stop before anything is read or written when the target must not be replaced (see ``build``)."""
    try:
        check_target(config, Path(site_dir or config.site_dir))
    except UnsafeTarget as error:
        raise Failure(str(error)) from None


def _set_now(now: str | None) -> None:
    """Pass ``--now`` to the plugin, validating it first."""
    if not now:
        return
    try:
        dates.parse_instant(now)
    except ValueError:
        raise Failure(f"Không đọc được thời điểm «{now}» của --now. Ví dụ: 2026-11-23T08:00:00+07:00.") from None
    os.environ[NOW_VARIABLE] = now


def _check(config: MkDocsConfig, settings: CongttConfig, refs: bool = False) -> tuple[Portal, list[Problem]]:
    """Print every problem of the tree (and, with ``refs``, the citations not on the portal); return what was checked."""
    root = repository_root(config)
    markdown = body_markdown(config.markdown_extensions, config.mdx_configs)
    portal, problems = check_tree(settings, root, Path(config.docs_dir), markdown, config.site_url or "")
    if refs:
        _print_unresolved(ReferenceIndex.of_portal(portal, settings.commune.authority))
    for problem in problems:
        click.echo(str(problem))
    found = errors(problems)
    warned = f" Có {len(problems) - len(found)} cảnh báo ở trên." if len(found) < len(problems) else ""
    if found:
        click.echo(f"\nCó {len(found)} lỗi. Sửa các lỗi trên rồi chạy lại «congtt check».{warned}", err=True)
    else:
        click.echo(
            f"Không có lỗi: {len(portal.posts)} tin bài, {len(portal.documents)} văn bản, "
            f"{len(portal.procedures)} thủ tục hành chính.{warned}"
        )
    return portal, found



def _print_unresolved(index: ReferenceIndex) -> None:
    """A hint, never an error: cited numbers that match no document on the portal stay plain text."""
    if not index.unresolved:
        click.echo("Mọi số văn bản được trích dẫn đều có trên Cổng.")
        return
    click.echo("Gợi ý (không phải lỗi): các văn bản được trích dẫn nhưng chưa có trên Cổng, sẽ hiện là chữ thường:")
    for path, numbers in sorted(index.unresolved.items()):
        click.echo(f"{path}: {', '.join(dict.fromkeys(numbers))}")
    click.echo("")


class _Commands(click.Group):
    """Any congtt error a command lets through is one «Lỗi: …» line; with --debug, its traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CongttError as error:
            if (ctx.obj or {}).get("debug"):
                raise
            raise Failure(str(error)) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Hiện chi tiết lỗi cho lập trình viên.")
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """congtt — công cụ xuất bản Cổng thông tin điện tử cấp xã."""
    context.obj = {"debug": debug}
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.DEBUG if debug else logging.WARNING)


@main.command()
@CONFIG_OPTION
@click.option("--refs", is_flag=True, help="Liệt kê cả các số văn bản được trích dẫn mà Cổng chưa có (gợi ý, không phải lỗi).")
def check(config_file: Path, refs: bool) -> None:
    """Kiểm tra toàn bộ nội dung và báo mọi lỗi cùng lúc."""
    config, settings = _load(config_file)
    if _check(config, settings, refs)[1]:
        sys.exit(1)


@main.command()
@CONFIG_OPTION
@click.option("--now", help="Thời điểm coi là «bây giờ» khi xét tin hẹn giờ (ISO), dùng để thử.")
def status(config_file: Path, now: str | None) -> None:
    """Liệt kê bản nháp, tin hẹn giờ và lần xây dựng gần nhất."""
    _set_now(now)
    config, settings = _load(config_file)
    root = repository_root(config)
    portal, problems = check_tree(settings, root, Path(config.docs_dir), site_url=config.site_url or "")
    for line in overview.lines(portal, problems, root, Path(config.site_dir), build_instant()):
        click.echo(line)


@main.command()
@CONFIG_OPTION
@click.option("--now", help="Thời điểm coi là «bây giờ» khi xét tin hẹn giờ (ISO), dùng để thử.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Thư mục xuất bản.")
@click.pass_context
def build(context: click.Context, config_file: Path, now: str | None, site_dir: Path | None) -> None:
    """Kiểm tra rồi xây dựng Cổng vào site/; site/ cũ chỉ bị thay khi bản mới hoàn tất."""
    _set_now(now)
    config, settings = _load(config_file)
    _refuse_unsafe_target(config, site_dir)
    checked = _check(config, settings)
    if checked[1]:
        click.echo("Chưa xây dựng: thư mục xuất bản cũ được giữ nguyên.", err=True)
        sys.exit(1)
    try:
        from .build import build_site  # MkDocs' build and the engine's stages load only when building

        target = build_site(config_file, site_dir, checked)
    except Abort:
        # MkDocs has already logged the reason; its own closing words are English.
        raise Failure("Xây dựng thất bại (xem lỗi phía trên), thư mục xuất bản cũ được giữ nguyên.") from None
    except Exception as error:  # noqa: BLE001 - every failure must reach staff in Vietnamese
        if context.obj["debug"]:
            raise
        raise Failure(f"Xây dựng thất bại, thư mục xuất bản cũ được giữ nguyên: {error}") from None
    click.echo(f"Đã xây dựng Cổng vào «{target}».")


@main.command()
@CONFIG_OPTION
@click.option("--drafts", is_flag=True, help="Hiện cả bản nháp và tin hẹn giờ để xem trước.")
@click.option("--now", help="Thời điểm coi là «bây giờ» (ISO).")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Địa chỉ xem trước.")
def serve(config_file: Path, drafts: bool, now: str | None, dev_addr: str) -> None:
    """Xem trước Cổng trên máy, tự tải lại khi sửa nội dung."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _set_now(now)
    if drafts:
        os.environ[DRAFTS_VARIABLE] = "1"
    _load(config_file)
    try:
        listening_address(dev_addr, "congtt serve")
    except AddressError as error:
        raise Failure(str(error)) from None
    _vietnamese_log()
    click.echo(f"Xem trước tại http://{dev_addr}/ — lưu tệp là trang tự tải lại. Nhấn Ctrl+C để dừng.", err=True)
    try:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except MkDocsException as error:
        raise Failure(str(error)) from None


class _VietnameseLevels(logging.Formatter):
    """MkDocs' warnings and errors with Vietnamese labels; its progress chatter stays out (INFO)."""

    LABELS = {"WARNING": "Cảnh báo", "ERROR": "Lỗi", "CRITICAL": "Lỗi"}

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.LABELS.get(record.levelname, record.levelname)}: {record.getMessage()}"


def _vietnamese_log() -> None:
    """What the preview prints: the content's errors and real warnings, in Vietnamese labels."""
    handler = logging.StreamHandler()
    handler.setFormatter(_VietnameseLevels())
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.WARNING)


@main.command()
@CONFIG_OPTION
@click.argument("kind", type=click.Choice(["news", "document", "procedure"]))
@click.argument("title")
def new(config_file: Path, kind: str, title: str) -> None:
    """Tạo tệp mới (tin bài, văn bản, thủ tục) có sẵn các khóa và lời giải thích."""
    config, settings = _load(config_file)
    now: datetime = build_instant()
    try:
        path = new_item(kind, title, settings, repository_root(config), now)
    except AlreadyExists as error:
        raise Failure(f"Tệp «{error}» đã có; không ghi đè. Hãy đặt tiêu đề khác hoặc sửa tệp đó.") from None
    click.echo(f"Đã tạo «{path}». Điền nội dung, bỏ dòng «draft: true» khi muốn đăng.")


@main.command("stats")
@CONFIG_OPTION
@click.option("--period", help="Kỳ báo cáo theo cấu hình: q1-2023 … q4-2023, 6t-2023, 9t-2023, nam-2023.")
@click.option("--from", "first", help="Ngày đầu của khoảng tự chọn, tính cả ngày này (ví dụ 15/12/2022).")
@click.option("--to", "last", help="Ngày cuối của khoảng tự chọn, tính cả ngày này (ví dụ 14/06/2023).")
@click.option("--now", help="Thời điểm coi là «bây giờ» (ISO): tin hẹn giờ sau thời điểm này chưa được tính.")
@click.option(
    "--format", "output_format", default="table", show_default=True,
    help="table (bảng trên màn hình), json, csv, xlsx (Excel), md hoặc docx (Word, để dán vào báo cáo).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi vào tệp này. Nếu không có -o, xlsx và docx ghi vào thong-ke-<kỳ>.<đuôi> ở thư mục hiện tại.",
)
@click.option("--chart", is_flag=True, help="Ghi thêm biểu đồ tin bài CCHC theo tháng (PNG và SVG).")
def stats_command(
    config_file: Path, period: str | None, first: str | None, last: str | None, now: str | None,
    output_format: str, output: Path | None, chart: bool,
) -> None:
    """Thống kê tin bài tuyên truyền CCHC của một kỳ báo cáo, theo mẫu báo cáo quý, 6 tháng, năm."""
    from . import report
    from .stats import PeriodError, choose_period, compute, sentence_case

    if output_format not in report.FORMATS:
        raise Failure(f"Không có định dạng «{output_format}». Chọn một trong: {', '.join(report.FORMATS)}.")
    _set_now(now)
    config, settings = _load(config_file)
    try:
        chosen = choose_period(settings, period, first, last)
    except (PeriodError, dates.DayArgumentError) as error:
        raise Failure(str(error)) from None
    figures = compute(_published_content(config, settings), settings, chosen, build_instant())
    target = output
    if target is None and output_format not in report.TEXT_FORMATS:
        target = report.default_name(figures, output_format)
    if target is None:
        click.echo(report.render(figures, output_format), nl=False)
    else:
        _write_or_fail(target, lambda: report.write(figures, output_format, target))
        click.echo(f"Đã ghi thống kê {sentence_case(figures.period.label)} vào «{target}».", err=True)
    if chart:
        from .charts import write_charts

        stem = report.chart_stem(figures, target)
        written = _write_or_fail(stem.with_suffix(".svg"), lambda: write_charts(figures, stem))
        click.echo(f"Đã ghi biểu đồ vào {' và '.join(f'«{path}»' for path in written)}.", err=True)


def _published_content(config: MkDocsConfig, settings: CongttConfig):
    """Load the content for statistics; figures from a tree with errors would be wrong, so refuse."""
    portal, problems = check_tree(settings, repository_root(config), Path(config.docs_dir), site_url=config.site_url or "")
    problems = errors(problems)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise Failure(f"Nội dung có {len(problems)} lỗi nên chưa thống kê được. Sửa các lỗi trên rồi chạy lại.")
    return portal


def _write_or_fail(target: Path, write):
    """Run ``write``; a folder that does not exist or cannot be written is told in Vietnamese."""
    try:
        return write()
    except OSError:
        raise Failure(f"Không ghi được tệp «{target}». Kiểm tra thư mục đã có và được phép ghi.") from None


@main.group()
@CONFIG_OPTION
@click.pass_context
def tthc(context: click.Context, config_file: Path) -> None:
    """Thủ tục hành chính: nhập danh mục từ bảng tính của tỉnh."""
    context.obj["config_file"] = config_file


@tthc.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Cập nhật khóa mà bảng tính đã đổi từ lần nhập trước (giữ phần nội dung và khóa đã sửa tay).")
@click.option("--dry-run", is_flag=True, help="Chỉ cho biết sẽ tạo, cập nhật gì; không ghi tệp nào.")
@click.option(
    "--mark-missing", is_flag=True,
    help="Đánh dấu bãi bỏ thủ tục trên Cổng không có trong bảng tính (chỉ xét các lĩnh vực bảng tính có).",
)
@click.option("--date", "day", help="Ngày ghi vào «updated:» của thủ tục tạo mới, bãi bỏ (mặc định hôm nay), ví dụ 20/07/2025.")
@click.option("--force", is_flag=True, help="Cùng --update: ghi theo bảng tính cả những khóa đã sửa tay sau lần nhập trước.")
@click.pass_context
def tthc_import(
    context: click.Context, file: Path, update: bool, dry_run: bool, mark_missing: bool, day: str | None, force: bool
) -> None:
    """Nhập danh mục thủ tục hành chính từ bảng tính (.xlsx, .csv) kèm quyết định công bố."""
    from .tthc_import import ImportFailure, import_day, import_list  # openpyxl loads only when a list is imported

    config, settings = _load(context.obj["config_file"])
    if not file.is_file():
        raise Failure(f"Không tìm thấy tệp «{file}».")
    try:
        today = import_day(day, build_instant())
    except dates.DayArgumentError as error:
        raise Failure(str(error)) from None
    try:
        notes, lines = import_list(
            file, settings, repository_root(config), today, update, dry_run, mark_missing, force=force
        )
    except ImportFailure as failure:
        for message in failure.notes + failure.errors:
            click.echo(message, err=True)
        raise Failure(f"Bảng tính có {len(failure.errors)} lỗi nên chưa ghi tệp nào. Sửa các lỗi trên rồi nhập lại.") from None
    for line in notes + lines:
        click.echo(line)


@main.command()
@CONFIG_OPTION
@click.option("--now", help="Thời điểm coi là «bây giờ» khi xét tin hẹn giờ (ISO), dùng để thử.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Thư mục xuất bản.")
def feeds(config_file: Path, now: str | None, site_dir: Path | None) -> None:
    """Ghi tin RSS, Atom vào thư mục xuất bản mà không xây dựng lại cả Cổng."""
    from .feeds import FeedSite, MissingSiteUrl, write_feeds
    from .images import PhotoPipeline
    from .plugin import PHOTO_CACHE

    _set_now(now)
    config, settings = _load(config_file)
    _refuse_unsafe_target(config, site_dir)
    root = repository_root(config)
    portal, problems = check_tree(settings, root, Path(config.docs_dir), site_url=config.site_url or "")
    problems = errors(problems)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise Failure(f"Nội dung có {len(problems)} lỗi nên chưa ghi tin RSS, Atom. Sửa các lỗi trên rồi chạy lại «congtt feeds».")
    try:
        site = FeedSite.from_config(config)
    except MissingSiteUrl as error:
        raise Failure(str(error)) from None
    target = Path(site_dir or config.site_dir)
    pipeline = PhotoPipeline(root / PHOTO_CACHE)
    photos = lambda asset: pipeline.publish(asset.path, asset.url)  # noqa: E731 - the build looks photos up the same way
    written = _write_or_fail(target, lambda: write_feeds(target, portal, build_instant(), site, photos))
    mark(target)
    click.echo(f"Đã ghi {len(written)} tệp tin RSS, Atom vào «{target}».")


from .studio.commands import studio  # noqa: E402 - registered last: it imports nothing of the build at startup

main.add_command(studio)
