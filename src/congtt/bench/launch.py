"""Run one command and write its own wall time and peak memory: ``python -m congtt.bench.launch <report> <argv…>``.

Linux keeps a process's peak RSS across ``exec``: a build started straight from
the benchmark (which holds a generated corpus in memory) would report at least
the benchmark's own memory. This launcher is a small fresh interpreter that
imports nothing heavy, so the child it starts measures only itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run ``argv[1:]``, write ``{"wall_s", "peak_rss_mb"}`` to ``argv[0]``, return the child's status."""
    report, *command = argv
    start = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in kilobytes.
    Path(report).write_text(json.dumps({"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024}), "utf-8")
    return child.returncode if child.returncode >= 0 else 128 - child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
