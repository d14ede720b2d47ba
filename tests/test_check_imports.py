"""``congtt check`` loads the plugin with the configuration but builds nothing: it must not pay for
numpy, feedgen or lxml (issue 21)."""

from __future__ import annotations

import subprocess
import sys



def test_check_does_not_import_what_only_a_build_needs(portal):
    probe = (
        "import sys\n"
        "from congtt.cli import main\n"
        "try:\n"
        f"    main(['check', '-f', {str(portal / 'mkdocs.yml')!r}])\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "print(sorted(name for name in ('numpy', 'feedgen', 'lxml', 'matplotlib') if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=portal)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
