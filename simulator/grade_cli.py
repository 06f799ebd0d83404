"""`replylab grade`: grade one reply, or a whole class's replies from a CSV file.

    replylab grade --case CASE.json --reply "Hej Anna! ..." [--latency 600] [--json]
    replylab grade --cases cases.jsonl --replies replies.csv --out grades.csv

Every mistake in the input is raised as ValueError, OSError or CaseError with one line that
names the file, the line and the field; `simulator.cli.main` turns it into exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scenarios import Case, CaseError

DIMS = ("tone", "speed", "facts", "privacy")
OUT_COLUMNS = ["line", "case_id", "total", *DIMS, "severe", "tips"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the `grade` subcommand (called by simulator.cli.build_parser)."""
    p = sub.add_parser("grade", help="grade replies to cases (tone, speed, facts, privacy)")
    one = p.add_argument_group("one reply")
    one.add_argument("--case", type=Path, help="a case as JSON (from `generate --json`)")
    one.add_argument("--reply", help="the reply text ('-' reads it from stdin)")
    one.add_argument("--latency", type=float, help="seconds between the post and the reply")
    one.add_argument("--json", action="store_true", help="print the Grade as JSON")
    many = p.add_argument_group("many replies")
    many.add_argument("--cases", type=Path, help="cases as JSON Lines, one case per line")
    many.add_argument("--replies", type=Path, help="CSV with case_id, reply[, latency_s]")
    many.add_argument("--out", type=Path, help="write grades here (.csv, or .jsonl for full)")
    p.add_argument("--rubric", type=Path, help="rubric overrides as JSON or YAML")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rubric = _read_rubric(args.rubric) if args.rubric else None
    if args.cases or args.replies or args.out:
        if args.case or args.reply is not None:
            raise ValueError("use either --case/--reply or --cases/--replies/--out, not both")
        if not (args.cases and args.replies and args.out):
            raise ValueError("batch grading needs --cases, --replies and --out")
        return _batch(args.cases, args.replies, args.out, rubric)
    if not args.case or args.reply is None:
        raise ValueError("give --case and --reply (or --cases, --replies and --out)")
    case = Case.from_json(_read(args.case))
    reply = sys.stdin.read() if args.reply == "-" else args.reply
    import grading

    grade = grading.grade(reply, case, latency_s=args.latency, rubric=rubric)
    if args.json:
        sys.stdout.write(json.dumps(grade.to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(summary(grade, reply) + "\n")
    return 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise OSError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None


def _read_rubric(path: Path) -> dict[str, Any]:
    text = _read(path)
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:  # noqa: BLE001 - any parse error becomes one line
        raise ValueError(f"{path}: cannot parse rubric: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a rubric is a mapping of fields to override")
    from grading import Rubric

    Rubric.from_dict(data)  # validate now, naming the field
    return data


def summary(grade: Any, reply: str) -> str:
    """A readable report: total, dimensions, then every finding with its evidence and tip."""
    lines = [f"{grade.case_id} ({grade.locale}): total {grade.total:.1f} / 100"]
    for dim in DIMS:
        value = grade.dimensions.get(dim)
        lines.append(f"  {dim:8} {'-' if value is None else f'{value:5.1f}'}")
    lines.append("findings:")
    for f in grade.findings:
        if f.points == 0 and not f.severe and f.max_points == 0 and not f.tip:
            continue
        quotes = ", ".join(repr(reply[s:e]) for s, e in f.spans[:3])
        mark = "!" if f.severe else ("+" if f.points > 0 else "-" if f.points < 0 else " ")
        lines.append(f"  {mark} {f.criterion:28} {f.points:+6.1f}  {f.tip}")
        if quotes:
            lines.append(f"      {quotes}")
    return "\n".join(lines)


def _read_cases(path: Path) -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for lineno, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = Case.from_json(line)
        except CaseError as exc:
            raise CaseError(f"{path}: line {lineno}: {exc}") from None
        if case.id in cases:
            raise CaseError(f"{path}: line {lineno}: duplicate case id '{case.id}'")
        cases[case.id] = case
    if not cases:
        raise CaseError(f"{path}: no cases (expected one case JSON per line)")
    return cases


def _read_replies(path: Path, cases: dict[str, Case]) -> list[tuple[int, Case, str, float | None]]:
    text = _read(path)
    reader = csv.DictReader(text.splitlines(keepends=True))
    columns = reader.fieldnames or []
    for need in ("case_id", "reply"):
        if need not in columns:
            found = ", ".join(columns) or "nothing"
            raise ValueError(f"{path}: line 1: missing column '{need}' (found: {found})")
    rows: list[tuple[int, Case, str, float | None]] = []
    for row in _rows(reader, path):
        lineno, record = row
        case_id = (record.get("case_id") or "").strip()
        if case_id not in cases:
            raise ValueError(f"{path}: line {lineno}: case_id: unknown case '{case_id}'")
        raw = (record.get("latency_s") or "").strip()
        latency = None
        if raw:
            try:
                latency = float(raw)
            except ValueError:
                raise ValueError(
                    f"{path}: line {lineno}: latency_s: expected seconds, got {raw!r}"
                ) from None
            if latency < 0 or latency != latency:
                raise ValueError(f"{path}: line {lineno}: latency_s: must be >= 0, got {raw!r}")
        rows.append((lineno, cases[case_id], record.get("reply") or "", latency))
    return rows


def _rows(reader: csv.DictReader, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, record): a quoted reply may span several lines."""
    try:
        reader.fieldnames  # noqa: B018 - reads the header line
        last = reader.line_num
        for record in reader:
            yield last + 1, record
            last = reader.line_num
    except csv.Error as exc:
        raise ValueError(f"{path}: line {reader.line_num}: {exc}") from None


def _batch(cases_path: Path, replies_path: Path, out: Path, rubric: dict[str, Any] | None) -> int:
    from tqdm import tqdm

    import grading

    cases = _read_cases(cases_path)
    rows = _read_replies(replies_path, cases)
    results = []
    for lineno, case, reply, latency in tqdm(rows, desc="grading", unit="reply", file=sys.stderr):
        grade = grading.grade(reply, case, latency_s=latency, rubric=rubric)
        results.append((lineno, grade, reply))
    _write(out, results)
    _print_table(results, out)
    return 0


def _write(out: Path, results: list[tuple[int, Any, str]]) -> None:
    try:
        with out.open("w", encoding="utf-8", newline="") as fh:
            if out.suffix.lower() == ".jsonl":
                for lineno, grade, _reply in results:
                    fh.write(json.dumps({"line": lineno, **grade.to_dict()}, ensure_ascii=False))
                    fh.write("\n")
                return
            writer = csv.writer(fh)
            writer.writerow(OUT_COLUMNS)
            for lineno, grade, _reply in results:
                severe = ";".join(sorted({f.criterion for f in grade.findings if f.severe}))
                tips = " | ".join(f.tip for f in grade.findings if f.needs_work)
                dims = [_cell(grade.dimensions.get(d)) for d in DIMS]
                writer.writerow([lineno, grade.case_id, grade.total, *dims, severe, tips])
    except OSError as exc:
        raise OSError(f"{out}: cannot write: {exc.strerror or exc}") from None


def _cell(value: float | None) -> str | float:
    return "" if value is None else value


def _print_table(results: list[tuple[int, Any, str]], out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(results)} replies graded -> {out}")
    for col in ("dimension", "n", "mean", "median", "min", "max"):
        table.add_column(col, justify="left" if col == "dimension" else "right")
    for dim in ("total", *DIMS):
        values = [
            g.total if dim == "total" else g.dimensions.get(dim) for _l, g, _r in results
        ]
        nums = [float(v) for v in values if v is not None]
        if not nums:
            table.add_row(dim, "0", "-", "-", "-", "-")
            continue
        table.add_row(dim, str(len(nums)), f"{statistics.fmean(nums):.1f}",
                      f"{statistics.median(nums):.1f}", f"{min(nums):.1f}", f"{max(nums):.1f}")
    Console(file=sys.stdout, width=100).print(table)
