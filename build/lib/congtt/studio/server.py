"""Putting the studio together from a portal's ``mkdocs.yml``: where its data lives, Decap's files, the app."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mkdocs.config import load_config

from ..config import plugin_settings, repository_root
from ..validation import body_markdown, check_tree
from . import DECAP_VERSION
from .accounts import Accounts
from .app import Studio, create_app
from .decap import decap_config
from .preview import Previews
from .protocol import Protocol
from .publish import Publisher
from .repository import Repository
from .tasks import Tasks
from ..errors import CongttError

DATA_VARIABLE = "CONGTT_STUDIO_DATA"
DECAP_VARIABLE = "CONGTT_DECAP_DIST"


class StudioError(CongttError, RuntimeError):
    """The studio cannot start; the message says what to do, in Vietnamese."""


def data_dir(config_file: Path) -> Path:
    """Where accounts and previews live: outside the repository, so neither reaches git or the site.

    ``CONGTT_STUDIO_DATA`` when set; otherwise a folder per portal under the
    user's data directory (``~/.local/share/congtt-studio/``).
    """
    if os.environ.get(DATA_VARIABLE):
        return Path(os.environ[DATA_VARIABLE])
    root = config_file.resolve().parent
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "congtt-studio" / f"{root.name}-{hashlib.sha256(str(root).encode()).hexdigest()[:8]}"


def accounts(config_file: Path) -> Accounts:
    return Accounts(data_dir(config_file) / "accounts.json")


def decap_dist(root: Path, explicit: Path | None = None) -> Path:
    """Decap CMS' ``dist/``: given, from ``CONGTT_DECAP_DIST``, or as ``make build`` fetched it beside the portal."""
    candidates = [explicit] if explicit else []
    if os.environ.get(DECAP_VARIABLE):
        candidates.append(Path(os.environ[DECAP_VARIABLE]))
    candidates += [root / "studio" / f"decap-cms-{DECAP_VERSION}" / "dist", Path.cwd() / "studio" / f"decap-cms-{DECAP_VERSION}" / "dist"]
    for candidate in candidates:
        if (candidate / "decap-cms.js").is_file():
            return candidate
    raise StudioError(
        f"Không tìm thấy Decap CMS {DECAP_VERSION} (tệp decap-cms.js). Hãy chạy «make build» trong thư mục mã nguồn "
        f"congtt, hoặc chỉ đường dẫn tới thư mục dist/ của gói decap-cms bằng biến {DECAP_VARIABLE}."
    )


def _deploy_script(root: Path) -> Path:
    """``scripts/deploy.py`` of the checkout the studio runs from (``CONGTT_DEPLOY_SCRIPT`` to name another)."""
    script = Path(os.environ.get("CONGTT_DEPLOY_SCRIPT") or root / "scripts" / "deploy.py")
    if not script.is_file():
        raise StudioError(
            f"Không tìm thấy «{script}» để xuất bản sau mỗi lần đăng. Hãy chạy xưởng soạn trong bản sao mã nguồn "
            "congtt có thư mục scripts/, hoặc chỉ đường dẫn tới deploy.py bằng biến CONGTT_DEPLOY_SCRIPT."
        )
    return script


def make_studio(config_file: Path, decap: Path | None = None, deploy_target: str | None = None) -> Studio:
    """Every part of the studio for the portal of ``config_file``."""
    config = load_config(str(config_file))
    settings = plugin_settings(config)
    root = repository_root(config)
    if not (root / ".git").exists():
        raise StudioError(f"Thư mục «{root}» chưa phải kho git: xưởng soạn lưu mọi bài bằng git. Hãy chạy «git init» và commit nội dung trước.")
    repository = Repository(root)
    pages_folder = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    markdown = body_markdown(config.markdown_extensions, config.mdx_configs)
    previews = Previews(repository, data_dir(config_file), config_file.name)
    publisher = Publisher(
        repository, lambda: check_tree(settings, root, Path(config.docs_dir), markdown, config.site_url or "")[1], config_file.resolve(),
        deploy_target=deploy_target, deploy_script=_deploy_script(root) if deploy_target else None,
        after_build=previews.follow_main,
    )
    protocol = Protocol(repository, settings, pages_folder, publisher, previews)
    tasks = Tasks(repository, settings, lambda: check_tree(settings, root, Path(config.docs_dir), markdown, config.site_url or ""))
    return Studio(
        accounts(config_file), protocol, decap_dist(root, decap),
        decap_config(settings, proxy_url="/api/v1", branch=repository.main, site_url=config.site_url or "",
                     docs_dir=pages_folder),
        config.site_name, tasks,
    )


def serve(config_file: Path, host: str, port: int, decap: Path | None = None, deploy_target: str | None = None) -> None:
    """Run the studio with uvicorn until interrupted."""
    import uvicorn

    studio = make_studio(config_file, decap, deploy_target)
    studio.protocol.previews.warm_up()  # the first preview need not wait for a build of the whole portal
    app = create_app(studio)
    uvicorn.run(app, host=host, port=port, proxy_headers=True, forwarded_allow_ips="127.0.0.1", log_level="warning")
