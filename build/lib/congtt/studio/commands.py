"""``congtt studio``: serve the studio, and manage its accounts (``congtt studio user …``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .accounts import ROLES, AccountError


class _Failure(click.ClickException):
    """A failure told in Vietnamese, exit status 1 (as the other commands do)."""

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.message}", err=True)


_CONFIG = click.option(
    "-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="Tệp cấu hình của Cổng.",
)


@click.group(invoke_without_command=True)
@_CONFIG
@click.option("-a", "--dev-addr", "address", default="127.0.0.1:8080", show_default=True, metavar="HOST:PORT",
              help="Địa chỉ và cổng mạng xưởng soạn lắng nghe.")
@click.option("--decap", type=click.Path(file_okay=False, path_type=Path), help="Thư mục dist/ của Decap CMS.")
@click.option("--deploy", "deploy_target", metavar="ĐÍCH", help="Sau mỗi lần đăng, xuất bản bằng scripts/deploy.py tới đích này.")
@click.pass_context
def studio(context: click.Context, config_file: Path, address: str, decap: Path | None, deploy_target: str | None) -> None:
    """Xưởng soạn: cán bộ viết, gửi duyệt và đăng bài từ trình duyệt."""
    context.obj = {**(context.obj or {}), "config_file": config_file}
    if context.invoked_subcommand is not None:
        return
    from ..addresses import AddressError, listening_address
    from .server import StudioError, serve

    _require_file(config_file)
    try:
        host, port = listening_address(address, "congtt studio")
        click.echo(f"Xưởng soạn chạy tại http://{host}:{port}/ (Ctrl+C để dừng).")
        serve(config_file, host, port, decap, deploy_target)
    except (AddressError, StudioError) as error:
        raise _Failure(str(error)) from None


@studio.group()
def user() -> None:
    """Tài khoản của xưởng soạn."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(sorted(ROLES)), required=True, help="bien-tap: viết, gửi duyệt; duyet: duyệt và đăng.")
@click.option("--display-name", default="", help="Họ tên hiện trên các thay đổi (mặc định là tên đăng nhập).")
@click.pass_context
def add(context: click.Context, name: str, role: str, display_name: str) -> None:
    """Thêm một tài khoản (mật khẩu đọc từ đầu vào chuẩn, hoặc hỏi khi gõ trực tiếp)."""
    store = _accounts(context)
    password = _password()
    _do(lambda: store.add(name, role, password, display_name))
    click.echo(f"Đã thêm tài khoản «{name}» ({ROLES[role]}).")


@user.command("list")
@click.pass_context
def list_users(context: click.Context) -> None:
    """Liệt kê các tài khoản."""
    found = _accounts(context).all()
    if not found:
        click.echo("Chưa có tài khoản nào. Thêm bằng: congtt studio user add TÊN --role duyet")
    for account in found:
        click.echo(f"{account.username}\t{account.role}\t{account.display_name}")


@user.command("remove")
@click.argument("name")
@click.pass_context
def remove(context: click.Context, name: str) -> None:
    """Xóa một tài khoản."""
    _do(lambda: _accounts(context).remove(name))
    click.echo(f"Đã xóa tài khoản «{name}».")


@user.command("password")
@click.argument("name")
@click.pass_context
def password(context: click.Context, name: str) -> None:
    """Đặt mật khẩu mới cho một tài khoản."""
    store = _accounts(context)
    if store.get(name) is None:
        raise _Failure(f"Không có tài khoản «{name}».")
    secret = _password()
    _do(lambda: store.set_password(name, secret))
    click.echo(f"Đã đổi mật khẩu của «{name}».")


def _accounts(context: click.Context):
    from .server import accounts

    config_file = context.obj["config_file"]
    _require_file(config_file)
    return accounts(config_file)


def _password() -> str:
    """From standard input when it is not a terminal (scripts), else asked twice without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


def _do(action) -> None:
    try:
        action()
    except AccountError as error:
        raise _Failure(str(error)) from None


def _require_file(config_file: Path) -> None:
    if not config_file.is_file():
        raise _Failure(f"Không tìm thấy tệp cấu hình «{config_file}». Hãy chạy lệnh trong thư mục của Cổng.")
