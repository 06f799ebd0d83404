"""Unsent drafts, kept beside the replies file so a kernel restart does not lose them.

Attempts are in `replylab_replies.jsonl`; what the trainee is still typing is in
`replylab_replies.drafts.json` in the same folder (one JSON object: key -> text). A widget
built again after a restart (the trainee runs the cell again) finds its draft there. The file
is rewritten whole on each change (it holds a few short texts) and replaced atomically, so a
crash leaves the old version or the new one, never half of either.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
SUFFIX = ".drafts.json"


def drafts_path(replies_path: Path) -> Path:
    """`replylab_replies.jsonl` -> `replylab_replies.drafts.json`, in the same folder."""
    return replies_path.with_name(replies_path.stem + SUFFIX)


class DraftStore:
    """Drafts by key (e.g. "exercise:train_delay-en-0"); read and written on every change, so
    two widgets of one notebook never overwrite each other's drafts."""

    def __init__(self, replies_path: Path) -> None:
        self.path = drafts_path(replies_path)

    def read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("replylab: %s is unreadable; starting without drafts", self.path)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, str)}

    def get(self, key: str) -> str:
        return self.read().get(key, "")

    def put(self, key: str, draft: str) -> None:
        """Keep `draft` under `key`; an empty or blank draft removes it."""
        drafts = self.read()
        if draft.strip():
            if drafts.get(key) == draft:
                return
            drafts[key] = draft
        elif key in drafts:
            del drafts[key]
        else:
            return
        self._write(drafts)

    def drop(self, key: str) -> None:
        self.put(key, "")

    def _write(self, drafts: dict[str, str]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not drafts:
                self.path.unlink(missing_ok=True)
                return
            fd, temp = tempfile.mkstemp(prefix=".drafts-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(drafts, handle, indent=0)  # ASCII: a lone surrogate stays readable
            os.replace(temp, self.path)
        except OSError:  # a read-only folder: the draft lives on screen only, as before
            log.warning("replylab: could not keep the draft in %s", self.path, exc_info=True)
