"""nbgrader plugins that a replylab course's nbgrader_config.py installs.

RepairAssessmentCells (first sanitize step): a copied locked cell, a made-up graded cell, a
flipped nbgrader flag or a deleted cell after a locked one makes nbgrader fail (KeyError
'grade_id', "Inconsistent checksums"), and a moved or deleted setup cell gives NameErrors; it
keeps the first copy of each of the assessment's cells with its metadata from the gradebook,
makes the rest ordinary cells, restores deleted cells, puts the cells back in the source's
order, and tells the kernel what it changed.
ExposeStudentId (first autograde step): nbgrader knows whose submission it grades but does not
tell the kernel; it also names the instructor's settings file, and stops Python and IPython from
importing anything from the trainee's folder (PYTHONSAFEPATH; ignore_cwd is set in the config).
SkipTraineeCode: a trainee can add code cells, and they would run before the hidden tests; only
the assessment's own code cells run, any other code cell becomes markdown that shows it unrun.
RoundedCsvExport: grades.csv with points rounded to 2 decimals (sums of floats otherwise read
10.549999999999999) and properly quoted names.
The config loads this file by path, without importing the simulator package, so nbgrader
commands do not pay for pydantic and the scenario files; keep it free of replylab imports.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins.export import CsvExportPlugin
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

ENV_STUDENT_ID = "REPLYLAB_STUDENT_ID"  # simulator.assessment.identity reads it (test checks)
ENV_SETTINGS = "REPLYLAB_SETTINGS"  # simulator.assessment.settings reads it
ENV_NOTEBOOK_NOTES = "REPLYLAB_NOTEBOOK_NOTES"  # simulator.assessment.session reads it
ENV_DUE_DATE = "REPLYLAB_DUE_DATE"  # simulator.assessment.session reads it (UTC, ISO)
SETTINGS_DIR = "replylab"  # simulator.assessment.settings.SETTINGS_DIR (test checks)
SCHEMA_VERSION = 3  # nbgrader's cell metadata schema

SKIPPED_NOTE = (
    "**Not run during grading:** this code cell is not part of the assessment "
    "(replylab grades only the answers saved by the widgets). Its code was:"
)


def _grade_id(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def _source_order(course_root: str, assignment: str, notebook: str) -> list[str]:
    """The grade ids of the source notebook, in its order ([] if it cannot be read)."""
    path = os.path.join(course_root, "source", assignment, f"{notebook}.ipynb")
    try:
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    ids = [(c.get("metadata", {}).get("nbgrader") or {}).get("grade_id") for c in cells]
    return [i for i in ids if i]


class RepairAssessmentCells(NbGraderPreprocessor):
    """Make a copied, invented, edited-flag, moved or deleted cell a note, never a crash."""

    course_root = Unicode("", help="the replylab course folder (set by its config)").tag(
        config=True
    )

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, Any]:
        info = resources.get("nbgrader", {})
        notes: list[tuple[str, dict[str, Any]]] = []
        try:
            source, order = self._source(info)
        except (MissingEntry, KeyError, OSError) as exc:  # no gradebook entry: leave it be
            self.log.warning("replylab: cannot repair cells (%s)", exc)
            source, order = {}, []
        if source:
            nb.cells = self._repaired(nb.cells, source, order, notes)
        os.environ[ENV_NOTEBOOK_NOTES] = json.dumps(notes)
        return nb, resources

    def _source(self, info: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Each source cell's type, text and nbgrader metadata, from the gradebook (what nbgrader
        checks against), in the source notebook's order."""
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            points = {c.name: float(c.max_score) for c in notebook.grade_cells}
            solution = {c.name for c in notebook.solution_cells}
            task = {c.name for c in notebook.task_cells}
            source = {
                c.name: {
                    "cell_type": c.cell_type,
                    "source": c.source,
                    "nbgrader": {
                        "grade": c.name in points and c.name not in task,
                        "grade_id": c.name,
                        "locked": bool(c.locked),
                        "schema_version": SCHEMA_VERSION,
                        "solution": c.name in solution,
                        "task": c.name in task,
                        **({"points": points[c.name]} if c.name in points else {}),
                    },
                }
                for c in notebook.source_cells
            }
        order = [i for i in _source_order(self.course_root, info["assignment"],
                                          info["notebook"]) if i in source]
        return source, order + [name for name in source if name not in order]

    def _repaired(
        self, cells: list[NotebookNode], source: dict[str, dict[str, Any]], order: list[str],
        notes: list[tuple[str, dict[str, Any]]],
    ) -> list[NotebookNode]:
        kept: dict[str, NotebookNode] = {}
        followers: dict[str | None, list[NotebookNode]] = {None: []}
        last: str | None = None
        for cell in cells:
            meta = cell.setdefault("metadata", {})
            name = _grade_id(cell)
            if "nbgrader" in meta and (name not in source or name in kept):
                key = "cell_duplicate" if name in kept else "cell_unknown"
                self.log.warning("replylab: %s cell %r made ordinary", key[5:], name)
                notes.append((key, {"cell": str(name)}))
                del meta["nbgrader"]
                name = None
            if name is None:
                followers.setdefault(last, []).append(cell)
                continue
            fresh = json.loads(json.dumps(source[name]["nbgrader"]))
            # Points are the instructor's to change (regrade); OverwriteCells puts them right.
            flags = [k for k in fresh if k != "points"]
            if any(meta["nbgrader"].get(k) != fresh[k] for k in flags):
                self.log.warning("replylab: the nbgrader settings of cell %r were changed", name)
                notes.append(("cell_flags", {"cell": name}))
            meta["nbgrader"] = fresh
            kept[name] = cell
            last = name
        if [n for n in order if n in kept] != list(kept):
            self.log.warning("replylab: put the assessment's cells back in order")
            notes.append(("cell_moved", {}))
        repaired = list(followers[None])
        for name in order:
            found = kept.get(name)
            if found is None:
                self.log.warning("replylab: restored the deleted cell %r", name)
                notes.append(("cell_restored", {"cell": name}))
                found = _restored(source[name])
            repaired.append(found)
            repaired.extend(followers.get(name, []))
        return repaired


def _restored(source: dict[str, Any]) -> NotebookNode:
    """A deleted cell as the source has it (a new id: nbformat needs one, unique)."""
    import uuid

    import nbformat.v4

    make = nbformat.v4.new_code_cell if source["cell_type"] == "code" else (
        nbformat.v4.new_markdown_cell
    )
    cell = make(source["source"], id=uuid.uuid4().hex[:8])
    cell.metadata.update(
        {"deletable": False, "editable": False,
         "nbgrader": json.loads(json.dumps(source["nbgrader"]))}
    )
    return cell


@cache
def _guard() -> ModuleType:
    """guard.py beside this file (standard library only), loaded once, the way the config
    loads this file."""
    name = "replylab_nbgrader_guard"
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(os.path.dirname(os.path.abspath(__file__)), "guard.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ExposeStudentId(NbGraderPreprocessor):
    """Tell the kernel Execute starts whose submission it is and where the settings are."""

    settings_dir = Unicode("", help="the course's replylab settings folder").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, Any]:
        info = resources.get("nbgrader", {})
        student = info.get("student")
        if student:
            os.environ[ENV_STUDENT_ID] = str(student)
        else:
            os.environ.pop(ENV_STUDENT_ID, None)
        assignment = info.get("assignment")
        if self.settings_dir and assignment:
            os.environ[ENV_SETTINGS] = os.path.join(self.settings_dir, f"{assignment}.json")
        else:
            os.environ.pop(ENV_SETTINGS, None)
        due = _due_date(info) if student and assignment else None
        if due:
            os.environ[ENV_DUE_DATE] = due
        else:
            os.environ.pop(ENV_DUE_DATE, None)
        os.environ["PYTHONSAFEPATH"] = "1"  # Python 3.11+: no import from the notebook's folder
        folder = resources.get("metadata", {}).get("path")
        planted = _guard().planted_files(Path(folder)) if folder else []
        if planted:
            self.log.warning("replylab: %s's submission holds code files, not imported: %s",
                             student, ", ".join(planted))
        return nb, resources


def _due_date(info: dict[str, Any]) -> str | None:
    """The trainee's due date (with any extension) from the gradebook, as UTC ISO text."""
    try:
        with Gradebook(info["db_url"]) as gb:
            due = gb.find_submission(info["assignment"], info["student"]).duedate
    except (MissingEntry, KeyError):
        return None
    return None if due is None else due.replace(tzinfo=None).isoformat() + "+00:00"


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


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") or "0"
    return str(value)


class RoundedCsvExport(CsvExportPlugin):
    """nbgrader's CSV columns, with points rounded to 2 decimals and quoted by the csv module."""

    COLUMNS = (
        "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
        "raw_score", "late_submission_penalty", "score", "max_score",
    )

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        students = {str(s) for s in self.student}
        assignments = {str(a) for a in self.assignment}
        self.log.info("Exporting grades to %s (points rounded to 2 decimals)", dest)
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(self.COLUMNS)
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if students and student.id not in students:
                        continue
                    row: dict[str, Any] = {
                        "assignment": assignment.name, "duedate": assignment.duedate,
                        "student_id": student.id, "last_name": student.last_name,
                        "first_name": student.first_name, "email": student.email,
                        "max_score": assignment.max_score,
                    }
                    try:
                        submission = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        row.update(timestamp=None, raw_score=0.0, late_submission_penalty=0.0,
                                   score=0.0)
                    else:
                        penalty = submission.late_submission_penalty
                        row.update(
                            timestamp=submission.timestamp, raw_score=submission.score,
                            late_submission_penalty=penalty,
                            score=max(0.0, submission.score - penalty),
                        )
                    writer.writerow([_number(row[column]) for column in self.COLUMNS])
