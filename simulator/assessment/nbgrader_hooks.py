"""nbgrader preprocessors that a replylab course's nbgrader_config.py puts before Execute.

ExposeStudentId: nbgrader knows whose submission it autogrades but does not tell the kernel, and
the kernel needs it to rebuild that trainee's cases.
SkipTraineeCode: a trainee can add code cells, and they run in the same kernel before the hidden
tests (e.g. one that replaces the scoring function). A replylab assessment needs no code from the
trainee, so during autograde only code cells that nbgrader knows (restored from the source by
OverwriteCells) run; any other code cell becomes a markdown cell that shows the code unrun.
The course's nbgrader_config.py loads this file by path, without importing the simulator
package, so nbgrader commands do not pay for pydantic and the scenario files; keep it free of
replylab imports. Nothing in the trainee's kernel imports it.
"""

from __future__ import annotations

import os
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

ENV_STUDENT_ID = "REPLYLAB_STUDENT_ID"  # simulator.assessment.identity reads it (test checks)

SKIPPED_NOTE = (
    "**Not run during grading:** this code cell is not part of the assessment "
    "(replylab grades only the answers saved by the widgets). Its code was:"
)


class ExposeStudentId(NbGraderPreprocessor):
    """Put the submission's student id in REPLYLAB_STUDENT_ID for the kernel Execute starts."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, Any]:
        student = resources.get("nbgrader", {}).get("student")
        if student:
            os.environ[ENV_STUDENT_ID] = str(student)
        else:
            os.environ.pop(ENV_STUDENT_ID, None)
        return nb, resources


def _known_to_nbgrader(cell: NotebookNode) -> bool:
    # After OverwriteCells, only cells whose grade_id exists in the gradebook keep one.
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade_id")) and bool(meta.get("locked") or meta.get("grade"))


def _unrun(cell: NotebookNode) -> NotebookNode:
    """The same cell (same id, so the notebook stays valid) as markdown quoting its code."""
    fence = "````"
    while fence in cell.source:
        fence += "`"
    cell.cell_type = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    cell.source = f"{SKIPPED_NOTE}\n\n{fence}python\n{cell.source}\n{fence}"
    return cell


class SkipTraineeCode(NbGraderPreprocessor):
    """Turn code cells that are not the assessment's own into markdown before Execute."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, Any]:
        cells = []
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.strip() and not _known_to_nbgrader(cell):
                self.log.warning("replylab: not running a code cell the assessment does not own")
                cell = _unrun(cell)
            cells.append(cell)
        nb.cells = cells
        return nb, resources
