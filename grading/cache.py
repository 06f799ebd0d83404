"""Built grading data kept on disk between processes, the way Python keeps bytecode.

Every autograded notebook is a fresh process, and building a locale's lexicon (reading its
YAML, expanding the slots, filling the phrase trie) costs about three times as much as loading
the result. So what a build gives is pickled into `grading/__pycache__/`, under a name that
holds a hash of everything it was built from (the data files and the code that builds them):
edit a lexicon or the code and the hash changes, so the next process builds it anew. Where
the package is read-only (a system-wide install on a hub) each user's first process writes to
`$XDG_CACHE_HOME/replylab` (`~/.cache/replylab`) instead, as matplotlib keeps its font cache,
unless an admin ran `replylab prebuild` as the installing user. As with bytecode, nothing is
written when `PYTHONDONTWRITEBYTECODE` is set; grading then builds in memory, same result.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CACHE_DIR = Path(__file__).with_name("__pycache__")
USER_CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME")
                      or os.path.join(os.path.expanduser("~"), ".cache")) / "replylab"
FORMAT = b"replylab-grading-cache-1"  # bump when what is pickled changes shape


def source_hash(sources: Iterable[Path]) -> str:
    """A checksum of the sources (name, length and bytes; a missing file counts as such) and
    the Python version (a pickle is read by the interpreter that wrote it). CRC-32, not SHA:
    it tells an edited file from the one built before, which is all a cache key must do, and
    zlib is loaded already where hashlib's OpenSSL would add 3-4 ms to every fresh process."""
    crc = zlib.crc32(FORMAT + sys.version.encode())
    for path in sources:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        crc = zlib.crc32(f"{path.name}:{len(data)}:".encode(), crc)
        crc = zlib.crc32(data, crc)
    return f"{crc:08x}"


def folders() -> tuple[Path, Path]:
    """Where builds are looked for and written, in that order."""
    return CACHE_DIR, USER_CACHE_DIR


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """build(), or what an earlier process built from the same sources."""
    file = f"{name}.{source_hash(sources)}.pickle"
    collecting = gc.isenabled()
    gc.disable()  # unpickling thousands of small objects would start a collection or two
    try:
        for folder in folders():
            try:
                value: T = pickle.loads((folder / file).read_bytes())  # written below
                return value
            except Exception:  # noqa: BLE001 - missing, half-written or stale: next, or build
                continue
    finally:
        if collecting:
            gc.enable()
    value = build()
    if not sys.dont_write_bytecode:
        any(_write(folder / file, value) for folder in folders())  # the first that takes it
    return value


def _write(path: Path, value: object) -> bool:
    """Write atomically (a rename), and drop this name's older builds; never fail a grade."""
    import tempfile  # only a build writes: not worth its 8 ms on every fresh process

    tmp: str | None = None
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)  # readable by every user of a shared install, like bytecode
        os.replace(tmp, path)
        tmp = None
        stem = path.name.split(".")[0]
        for old in path.parent.glob(f"{stem}.*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        return True
    except Exception:  # noqa: BLE001 - read-only, full or unpicklable: stay in memory
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
