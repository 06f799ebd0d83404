"""course/00_welcome.ipynb: committed without outputs, and runs headless in every locale."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

WELCOME = Path(__file__).resolve().parent.parent / "course" / "00_welcome.ipynb"
SEND_LABEL = {"sv": "Skicka", "nb": "Send", "en": "Send"}
KNOWLEDGE_BASE = {"sv": "Kunskapsbank", "nb": "Kunnskapsbase", "en": "Knowledge base"}


def test_welcome_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(WELCOME, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id
    assert "widgets" not in notebook.metadata
    language = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(language) == 1
    assert 'LOCALE = os.environ.get("REPLYLAB_LOCALE", "en")' in language[0].source


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["sv", "nb", "en"])
def test_welcome_notebook_executes_headless(locale: str, tmp_path: Path, monkeypatch) -> None:
    from nbclient import NotebookClient

    for name in ("IPYTHONDIR", "MPLCONFIGDIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("REPLYLAB_LOCALE", locale)
    notebook = nbformat.read(WELCOME, as_version=4)
    workdir = tmp_path / "course"
    workdir.mkdir()
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": workdir}}
    )
    client.execute()

    outputs = {cell.get("id"): cell.get("outputs", []) for cell in notebook.cells}
    for cell_id in ("warm-up", "progress"):
        assert any(
            "application/vnd.jupyter.widget-view+json" in out.get("data", {})
            for out in outputs[cell_id]
        ), cell_id
    state = json.dumps(notebook.metadata["widgets"], ensure_ascii=False)
    assert SEND_LABEL[locale] in state and KNOWLEDGE_BASE[locale] in state
    assert f"train_delay-{locale}-0" in state
    assert not (workdir / "replylab_replies.jsonl").exists()  # nothing sent, nothing written


@pytest.mark.slow
def test_progress_redraws_after_a_send_in_a_real_kernel(tmp_path: Path, monkeypatch) -> None:
    """In ipykernel the redraw waits for the running handler (the feedback goes out first)."""
    from nbclient import NotebookClient

    for name in ("IPYTHONDIR", "MPLCONFIGDIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    replies = tmp_path / "replies.jsonl"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from simulator.widgets import exercise, progress\n"
            f"view = progress({str(replies)!r})\n"
            f"task = exercise('train_delay', 'en', 0, replies_path={str(replies)!r})\n"
            "task.set_reply('Hi Robert, sorry about the wait. /Anna')\n"
            "task.send()\n"
            "print(len(view.records))"
        ),
        nbformat.v4.new_code_cell("print(len(view.records), view.summary.value)"),
    ]
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    during, after = (cell.outputs[0].text for cell in notebook.cells)
    assert during.strip() == "0"  # not yet: the handler was still running
    assert after.startswith("1 ") and "1 reply, total" in after
