"""Run one command and write its own wall time and peak memory: ``python -m tools.bench.launch <report> <argv…>``.

Linux keeps a process's peak RSS across ``exec``: a build started straight from
the benchmark (which holds a generated corpus in memory) would report at least
the benchmark's own memory. This launcher is a small fresh interpreter that
imports nothing heavy, so the child it starts measures only itself.

A congtt build forks render workers, whose memory ``ru_maxrss`` of the main
process does not include; the launcher also samples the proportional set size
(PSS: shared pages split between the processes sharing them) of the whole
process tree, and reports the larger of the two peaks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

SAMPLE_SECONDS = 0.05


def main(argv: list[str]) -> int:
    """Run ``argv[1:]``, write ``{"wall_s", "peak_rss_mb"}`` to ``argv[0]``, return the child's status."""
    report, *command = argv
    start = time.perf_counter()
    child = subprocess.Popen(command)
    sampler = _TreeSampler(child.pid)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    sampler.finish()
    child.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in kilobytes.
    peak_kb = max(usage.ru_maxrss, sampler.peak_kb)
    Path(report).write_text(json.dumps({"wall_s": wall, "peak_rss_mb": peak_kb / 1024}), "utf-8")
    return child.returncode if child.returncode >= 0 else 128 - child.returncode


class _TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until told to stop."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sample every SAMPLE_SECONDS until ``finish``."""
        while not self.stopped.wait(SAMPLE_SECONDS):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.root)))

    def finish(self) -> None:
        """Stop sampling and wait for the last sample."""
        self.stopped.set()
        self.join()


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from the parent ids in /proc/<pid>/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces or parentheses: fields follow the last ')'.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(parent, []).append(int(entry))
    found, index = [root], 0
    while index < len(found):
        found.extend(parents.get(found[index], []))
        index += 1
    return found


def _pss_kb(pid: int) -> int:
    """A process's PSS in kB; 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
