"""The network address a preview or the studio listens on: read, and checked free before anything is built."""

from __future__ import annotations

import socket

from .errors import CongttError


class AddressError(CongttError, ValueError):
    """The address cannot be used; the message says why and what to do, in Vietnamese."""


def listening_address(text: str, command: str) -> tuple[str, int]:
    """(host, port) from ``HOST:PORT``, once a listener could bind it.

    Without this check a taken port ended, after a whole build, in Python's
    «Address already in use» traceback.
    """
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise AddressError(f"Không đọc được địa chỉ «{text}»: cần dạng HOST:PORT, ví dụ 127.0.0.1:8080.")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), int(port)))
    except OSError as error:
        raise AddressError(
            f"Không mở được {text}: cổng mạng này đang được chương trình khác dùng (có thể một «{command}» khác "
            f"đang chạy), hoặc địa chỉ không thuộc máy này ({error.strerror}). Hãy tắt chương trình đó, "
            f"hoặc chọn cổng khác, ví dụ: {command} -a {host}:{int(port) + 1}."
        ) from None
    return host, int(port)
