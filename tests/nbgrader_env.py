"""An environment for running the nbgrader command line in isolation (tests and bench share it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def isolated_env(home: Path) -> dict[str, str]:
    """Nothing from the real HOME or a hub leaks in; the venv's tools come first on PATH
    (nbgrader runs `alembic` from PATH when it creates the gradebook)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "NBGRADER", "REPLYLAB", "IPYTHON"))}
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
        IPYTHONDIR=str(home / ".ipython"),
    )
    return env
