"""Test-session settings: nothing a test runs may write into the user's home folder.

matplotlib's font cache, IPython's profile (of every kernel a test starts) and npm's logs (a
JupyterLab asks npm where node lives) go to one temporary folder per test session, removed at
the end.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_HOME_STANDIN = tempfile.mkdtemp(prefix="replylab-tests-")
atexit.register(shutil.rmtree, _HOME_STANDIN, ignore_errors=True)
for _name, _folder in (("MPLCONFIGDIR", "matplotlib"), ("IPYTHONDIR", "ipython"),
                       ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"), ("npm_config_cache", "npm")):
    os.environ.setdefault(_name, os.path.join(_HOME_STANDIN, _folder))


@pytest.fixture
def chromium() -> Path:
    """Debian's chromium for the browser tests: missing, the test is skipped (and fails on CI,
    which must install it)."""
    from lab_server import CHROMIUM

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI is not set")
    return CHROMIUM
