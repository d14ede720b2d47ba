"""A taken or unreadable address is one Vietnamese line, before anything is built."""

from __future__ import annotations

import socket

import pytest

from conftest import run


@pytest.fixture
def taken():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize("command", ["serve", "studio"])
def test_a_busy_port_is_one_line_not_a_traceback(portal, taken, command):
    result = run(portal, command, "-a", f"127.0.0.1:{taken}")
    assert result.exit_code == 1
    assert result.output == (
        f"Lỗi: Không mở được 127.0.0.1:{taken}: cổng mạng này đang được chương trình khác dùng (có thể một "
        f"«congtt {command}» khác đang chạy), hoặc địa chỉ không thuộc máy này (Address already in use). "
        f"Hãy tắt chương trình đó, hoặc chọn cổng khác, ví dụ: congtt {command} -a 127.0.0.1:{taken + 1}.\n"
    )
    assert not (portal / "site").exists()


@pytest.mark.parametrize("address", ["8000", "localhost:", "127.0.0.1:99999"])
def test_an_unreadable_address_is_named(portal, address):
    result = run(portal, "serve", "-a", address)
    assert result.exit_code == 1
    assert result.output == f"Lỗi: Không đọc được địa chỉ «{address}»: cần dạng HOST:PORT, ví dụ 127.0.0.1:8080.\n"
