"""Studio accounts: who may write (biên tập) and who may publish (duyệt), with hashed passwords.

The account file lives outside the portal's repository (``data_dir``), so a
password hash never reaches git, a backup of the content or the published
site. Passwords are hashed with Argon2id (argon2-cffi).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .. import atomic
from ..errors import CongttError

WRITER = "bien-tap"
APPROVER = "duyet"
ROLES = {WRITER: "Biên tập viên (viết, gửi duyệt)", APPROVER: "Trưởng ban biên tập (duyệt, đăng)"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 10

_HASHER = PasswordHasher()
# Verifying an unknown name costs as much as a known one, so timing does not tell which names exist.
_DUMMY = _HASHER.hash("congtt-studio-no-such-user")


class AccountError(CongttError, ValueError):
    """An account operation that cannot be done; the message is for staff, in Vietnamese."""


@dataclass(frozen=True)
class Account:
    """One staff member: the name they log in with, their role and the name shown on commits."""

    username: str
    role: str
    display_name: str
    password_hash: str

    @property
    def may_publish(self) -> bool:
        return self.role == APPROVER

    @property
    def email(self) -> str:
        """The commit address: a name, not a mailbox (commits must say who, not where to write)."""
        return f"{self.username}@studio.congtt"


class Accounts:
    """The account file: read on every change, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def all(self) -> list[Account]:
        if not self.path.is_file():
            return []
        entries = json.loads(self.path.read_text(encoding="utf-8"))
        return [Account(**entry) for entry in entries]

    def get(self, username: str) -> Account | None:
        return next((a for a in self.all() if a.username == username), None)

    def add(self, username: str, role: str, password: str, display_name: str = "") -> Account:
        """Create an account; refuse a taken name, an unknown role or a short password."""
        _check_name(username)
        if role not in ROLES:
            raise AccountError(f"Vai trò «{role}» không có. Chọn một trong: {', '.join(ROLES)}.")
        if self.get(username) is not None:
            raise AccountError(f"Đã có tài khoản «{username}».")
        account = Account(username, role, display_name or username, _hash(password))
        self._save([*self.all(), account])
        return account

    def remove(self, username: str) -> None:
        accounts = self.all()
        if not any(a.username == username for a in accounts):
            raise AccountError(f"Không có tài khoản «{username}».")
        self._save([a for a in accounts if a.username != username])

    def set_password(self, username: str, password: str) -> None:
        accounts = self.all()
        if not any(a.username == username for a in accounts):
            raise AccountError(f"Không có tài khoản «{username}».")
        hashed = _hash(password)
        self._save([Account(a.username, a.role, a.display_name, hashed) if a.username == username else a for a in accounts])

    def verify(self, username: str, password: str) -> Account | None:
        """The account when the password is right; None otherwise (same cost either way)."""
        account = self.get(username)
        try:
            _HASHER.verify(account.password_hash if account else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return None
        return account

    def _save(self, accounts: list[Account]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic.write(self.path, json.dumps([asdict(a) for a in accounts], ensure_ascii=False, indent=1), mode=0o600)


def _check_name(username: str) -> None:
    if not _NAME.match(username):
        raise AccountError(
            f"Tên đăng nhập «{username}» không hợp lệ: dùng 2–32 chữ thường không dấu, số, dấu chấm, "
            "gạch ngang hoặc gạch dưới (ví dụ: hoa.nguyen)."
        )


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    return _HASHER.hash(password)
