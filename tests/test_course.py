"""The course notebooks: committed without outputs, shaped like lessons, and runnable.

Every lesson runs top to bottom in a fresh kernel, once per scenario language
(REPLYLAB_LOCALE=sv/nb/en), in a temporary folder so no replies file lands in the repository.
Whether the lesson text copies sentences from the source blog posts is checked by
bench/check_no_copied_sentences.py instead: the seeds are not part of the repository.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "course"
NOTEBOOKS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
LESSON_NAMES = [
    "01_why_social_care",
    "02_listening_and_triage",
    "03_tone",
    "04_speed_and_service_levels",
    "05_facts_and_knowledge",
    "06_privacy_in_public",
    "07_crisis_and_proactive_posts",
    "08_practice_shift",
]
LESSONS = [COURSE / f"{name}.ipynb" for name in LESSON_NAMES]
LOCALES = ("sv", "nb", "en")
KERNEL_TIMEOUT_S = 120

EXERCISE_CALL = re.compile(
    r"^(?:\w+\s*=\s*)?(exercise|triage_drill|shift_desk|drill_desk|proactive_post)\(", re.M)
PROGRESS_CALL = re.compile(r"^progress\(", re.M)
LOCALE_FROM_ENV = re.compile(r'^LOCALE = os\.environ\.get\("REPLYLAB_LOCALE", "en"\)', re.M)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_every_lesson_is_there():
    missing = [path.name for path in LESSONS if not path.exists()]
    assert not missing, f"missing lessons: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = read(path)
    nbformat.validate(nb)
    dirty = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs != [] or cell.execution_count is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_shape(path):
    """Locale first (overridable for tests), two or more exercises, the progress plot last."""
    cells = code_cells(read(path))
    assert LOCALE_FROM_ENV.search(cells[0].source), (
        f"{path.name}: the first code cell must set LOCALE from REPLYLAB_LOCALE"
    )
    calls = [m.group(1) for cell in cells for m in EXERCISE_CALL.finditer(cell.source)]
    assert len(calls) >= 2, f"{path.name}: {len(calls)} exercise calls, need at least 2"
    assert PROGRESS_CALL.search(cells[-1].source), f"{path.name}: must end with progress(...)"
    assert read(path).cells[-1].cell_type == "code", f"{path.name}: the progress plot comes last"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_exercise_follows_its_idea(path):
    """Each exercise cell comes right after text (the idea, then the exercise)."""
    cells = read(path).cells
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and EXERCISE_CALL.search(cell.source):
            before = cells[index - 1]
            is_setup = before.cell_type == "code" and not EXERCISE_CALL.search(before.source)
            assert before.cell_type == "markdown" or is_setup, (
                f"{path.name}: cell {index} (an exercise) does not follow a text cell"
            )


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_notebook_runs_headless(path, locale, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    copy = tmp_path / path.name
    shutil.copy(path, copy)
    nb = read(copy)
    # One extra cell proves the environment variable reached the kernel.
    nb.cells.append(nbformat.v4.new_code_cell("print(LOCALE)"))
    monkeypatch.setenv("REPLYLAB_LOCALE", locale)
    client = NotebookClient(
        nb,
        timeout=KERNEL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = [out for cell in code_cells(nb) for out in cell.outputs]
    errors = [out for out in outputs if out.output_type == "error"]
    assert not errors, f"{path.name} [{locale}]: {errors[0].ename}: {errors[0].evalue}"
    assert nb.cells[-1].outputs[0].text.strip() == locale
    shown = [cell for cell in code_cells(nb) if EXERCISE_CALL.search(cell.source)]
    for cell in shown + [code_cells(nb)[-2]]:  # every exercise and the progress plot
        assert any(WIDGET_VIEW in out.get("data", {}) for out in cell.outputs), (
            f"{path.name} [{locale}]: a widget cell displayed nothing:\n{cell.source}"
        )
