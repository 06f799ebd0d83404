"""The class report's page (replies.html) and picture (stats.png), from a computed ClassReport.

The page is one self-contained file (inline CSS, the picture inlined) that an instructor can
mail or archive. Everything in it that a trainee, a folder name or a scenario supplied goes
through `html.escape`: replies are what trainees typed, and a reply that is markup must show as
text, never run. The picture uses matplotlib's Agg canvas (no pyplot, no display).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from simulator.assessment.class_report import (
    COLUMNS,
    TOP_CRITERIA,
    CaseStats,
    ClassReport,
    Entry,
    lost_points,
    number,
)
from simulator.assessment.scoring import DIMENSIONS, points

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from grading import Finding

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:24px;
  color:#1f2328;max-width:1700px}
h1{font-size:22px;margin-bottom:4px}
h2{font-size:18px;margin-top:36px;border-bottom:2px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0 18px}
th,td{border:1px solid #d0d7de;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.replies{width:100%;table-layout:fixed}
table.replies td{overflow-wrap:anywhere;word-break:break-word}
.reply,.post{white-space:pre-wrap}
.meta,.muted{color:#57606a;font-size:12px}
.muted{font-style:italic}
mark.lost{background:#ffcfc8;border-bottom:2px solid #cf222e}
mark.good{background:#d2f4dc}
.total{font-size:18px;font-weight:600}
ul{margin:0;padding-left:18px}
li.lost{color:#a40e26}
details summary{cursor:pointer;color:#57606a}
img{max-width:100%;height:auto;border:1px solid #d0d7de}
table.dims{margin:4px 0;font-size:12px}
table.dims td{border:none;padding:0 6px 0 0}
nav a{margin-right:10px}
"""


def _cell(value: object, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f"<td{attr}>{escape(str(value))}</td>"


def _num_cells(values: Iterable[float | None]) -> str:
    return "".join(_cell(number(v), "num") for v in values)


def marked_reply(reply: str, findings: Iterable[Finding]) -> str:
    """The reply escaped, its evidence marked: red where points were lost, green where earned.

    Each marked piece's tooltip names the criteria whose evidence it is.
    """
    length = len(reply)
    marks: list[tuple[int, int, str, bool]] = []
    for finding in findings:
        lost = lost_points(finding) > 0
        for start, end in finding.spans:
            start, end = max(0, int(start)), min(length, int(end))
            if end > start:
                marks.append((start, end, finding.criterion, lost))
    cuts = sorted({0, length, *(m[0] for m in marks), *(m[1] for m in marks)})
    parts = []
    for start, end in pairwise(cuts):
        piece = escape(reply[start:end])
        over = [m for m in marks if m[0] <= start and end <= m[1]]
        if not over:
            parts.append(piece)
            continue
        css = "lost" if any(m[3] for m in over) else "good"
        title = escape(", ".join(sorted({m[2] for m in over})))
        parts.append(f'<mark class="{css}" title="{title}">{piece}</mark>')
    return "".join(parts)


def _finding_item(finding: Finding) -> str:
    lost = lost_points(finding)
    if lost > 0:
        worth = f" of {number(finding.max_points)}" if finding.max_points > 0 else ""
        head = f"✗ {finding.criterion} −{number(lost)}{worth}"
    else:
        head = f"✓ {finding.criterion} {number(finding.points)}"
    note = finding.tip or finding.detail
    body = escape(head) + (f": {escape(note)}" if note else "")
    return f'<li class="{"lost" if lost > 0 else "good"}">{body}</li>'


def _findings_cell(entry: Entry) -> str:
    if entry.grade is None:
        return _cell(entry.reason, "muted")
    lost = sorted((f for f in entry.grade.findings if lost_points(f) > 0), key=lost_points,
                  reverse=True)  # the costliest first
    kept = [f for f in entry.grade.findings if lost_points(f) == 0]
    html = "<ul>" + "".join(_finding_item(f) for f in lost) + "</ul>" if lost else ""
    if kept:
        html += (f"<details><summary>{len(kept)} without loss</summary><ul>"
                 + "".join(_finding_item(f) for f in kept) + "</ul></details>")
    return f"<td>{html or escape('no findings')}</td>"


def _post_cell(entry: Entry) -> str:
    if entry.result is None:
        return _cell(entry.reason, "muted")
    case = entry.result.case
    who = f"{case.customer.name} ({case.customer.handle}) to {case.brand.name} on {case.channel}"
    facts = "".join(
        f"<li>{escape(f'{fact.label}: {fact.value}' + (f' {fact.unit}' if fact.unit else ''))}</li>"
        for fact in case.facts
    )
    return (
        f'<td><div class="meta">{escape(who)}</div><div class="post">{escape(case.post.text)}'
        f'</div><div class="meta">{escape(case.id)}</div>'
        + (f"<details><summary>facts</summary><ul>{facts}</ul></details>" if facts else "")
        + "</td>"
    )


def _reply_cell(entry: Entry) -> str:
    answer = entry.result.answer if entry.result else None
    if answer is None:
        return _cell(entry.status, "muted")
    action = f'<div class="meta">decision: {escape(answer.action)}</div>' if answer.action else ""
    findings = entry.grade.findings if entry.grade else []
    text = marked_reply(answer.reply, findings) if answer.reply else escape("(no text)")
    return f'<td>{action}<div class="reply">{text}</div></td>'


def _scores_cell(entry: Entry, report: ClassReport) -> str:
    if entry.grade is None:
        return _cell(f"{entry.status}: 0 points", "muted")
    lines = [f'<div class="total">{number(entry.score("total"))}</div><table class="dims">']
    for dim in DIMENSIONS:
        earned = ""
        if dim in report.points_per_dimension:
            out_of = report.points_per_dimension[dim]
            earned = f"{number(points(entry.result, dim, out_of))}/{number(out_of)}"
        lines.append(f"<tr>{_cell(dim)}{_cell(number(entry.score(dim)), 'num')}"
                     f"{_cell(earned, 'num')}</tr>")
    lines.append("</table>")
    timing = entry.result.timing if entry.result else None
    if timing is not None:
        lines.append(f'<div class="meta">answered after {number(timing.latency_s / 60)} min</div>')
    return "<td>" + "".join(lines) + "</td>"


def _case_stats_table(case: CaseStats) -> str:
    head = "".join(f'<th class="num">{h}</th>' for h in ("n", "mean", "median", "min", "max"))
    rows = "".join(
        f"<tr><th>{escape(column)}</th>{_cell(s.n, 'num')}"
        + _num_cells((s.mean, s.median, s.minimum, s.maximum)) + "</tr>"
        for column, s in case.columns.items()
    )
    return f'<table class="stats"><tr><th></th>{head}</tr>{rows}</table>'


def _case_section(case: CaseStats, report: ClassReport) -> str:
    rows = "".join(
        f"<tr>{_cell(e.student_id)}{_post_cell(e)}{_reply_cell(e)}{_scores_cell(e, report)}"
        f"{_findings_cell(e)}</tr>"
        for e in report.case_entries(case.number)
    )
    widths = (9, 21, 31, 15, 24)
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f"<th>{h}</th>" for h in ("trainee", "post", "reply", "scores · points",
                                             "findings"))
    answered = case.columns["total"].n
    not_graded = case.trainees - answered - case.no_answer
    counts = f"{answered} of {case.trainees} trainees answered, {case.no_answer} saved no answer"
    counts += f", {not_graded} could not be graded" if not_graded else ""
    return (
        f'<section id="case-{case.number}"><h2>Case {case.number} · {escape(case.family)}</h2>'
        f'<p class="meta">{counts}. Each trainee had their own seed of this family.</p>'
        f"{_case_stats_table(case)}"
        f'<table class="replies"><colgroup>{cols}</colgroup><tr>{head}</tr>{rows}</table>'
        "</section>"
    )


def _overview(report: ClassReport) -> str:
    head = "".join(
        f'<th class="num">{h}</th>'
        for h in ("answered", "no answer", *(f"mean {c}" for c in COLUMNS))
    )
    rows = "".join(
        f'<tr><td><a href="#case-{c.number}">{c.number}</a></td>{_cell(c.family)}'
        f"{_cell(c.columns['total'].n, 'num')}{_cell(c.no_answer, 'num')}"
        + _num_cells(c.columns[col].mean for col in COLUMNS) + "</tr>"
        for c in report.cases
    )
    return f"<table><tr><th>case</th><th>family</th>{head}</tr>{rows}</table>"


def _criteria_table(report: ClassReport) -> str:
    if not report.criteria:
        return '<p class="muted">No answered reply lost points.</p>'
    head = "".join(
        f'<th class="num">{h}</th>' for h in ("replies losing", "share", "mean lost", "cases")
    )
    rows = "".join(
        f"<tr>{_cell(c.criterion)}{_cell(c.replies, 'num')}"
        + _num_cells((c.share, c.mean_lost)) + _cell(" ".join(map(str, c.cases)), "num")
        + "</tr>"
        for c in report.criteria[:TOP_CRITERIA]
    )
    return f"<table><tr><th>criterion</th>{head}</tr>{rows}</table>"


def _problems(report: ClassReport) -> str:
    items = [
        f"<li><b>{escape(student)}</b>: {escape(label)} {escape(str(text))}</li>"
        for student, trainee in report.reports
        for label, text in ([("no points:", trainee.problem)] if trainee.problem else [])
        + [("note:", note) for note in trainee.notes]
    ]
    return "<h2>Problems and notes</h2><ul>" + "".join(items) + "</ul>" if items else ""


def replies_html(report: ClassReport, png: bytes) -> str:
    """The whole page: overview, picture, common lost points, then one section per case."""
    title = escape(f"Class report · {report.name}")
    picture = base64.b64encode(png).decode("ascii")
    nav = "".join(f'<a href="#case-{c.number}">case {c.number}</a>' for c in report.cases)
    body = [
        f"<h1>{title}</h1>",
        f'<p class="meta">{len(report.reports)} trainees. Case N of every trainee comes from '
        "the same scenario family; scores are 0–100, points are nbgrader's. "
        "Red marks: evidence of lost points; green: of points earned (hover for the criterion)."
        "</p>",
        f"<nav>{nav}</nav>",
        _problems(report),
        "<h2>Per case</h2>",
        _overview(report),
        f'<img alt="scores per case and the most common lost points" '
        f'src="data:image/png;base64,{picture}">',
        "<h2>Most common lost points</h2>",
        '<p class="meta">Points lost are on the dimension\'s 0–100 scale; share is of all '
        "answered replies.</p>",
        _criteria_table(report),
        *(_case_section(case, report) for case in report.cases),
    ]
    if not report.reports:
        body.insert(1, '<p class="muted">No collected submissions in submitted/.</p>')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{CSS}</style></head><body>"
        + "\n".join(body) + "</body></html>\n"
    )


# -- the picture -------------------------------------------------------------------------------

def stats_png(report: ClassReport) -> bytes:
    """Each dimension's scores per case number (box and dots), and the top lost-point criteria."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    numbers = [case.number for case in report.cases]
    width = min(max(11.0, 3.0 + 0.9 * len(numbers)), 26.0)
    shown = report.criteria[:TOP_CRITERIA]
    figure = Figure(figsize=(width, 8.5 + 0.3 * max(len(shown), 3)), dpi=100)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(3, 2, height_ratios=[1, 1, 0.35 + 0.09 * max(len(shown), 3)])
    for index, dim in enumerate(DIMENSIONS):
        axes = figure.add_subplot(grid[index // 2, index % 2])
        _dimension_panel(axes, report, dim, numbers)
    bars = figure.add_subplot(grid[2, :])
    _criteria_panel(bars, report)
    figure.suptitle(f"{report.name}: {len(report.reports)} trainees", fontsize=13)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _dimension_panel(axes: Axes, report: ClassReport, dim: str, numbers: list[int]) -> None:
    import numpy as np

    values = {
        n: [s for e in report.case_entries(n) if (s := e.score(dim)) is not None] for n in numbers
    }
    filled = [n for n in numbers if values[n]]
    if filled:
        axes.boxplot([values[n] for n in filled], positions=filled, widths=0.55,
                     showfliers=False, medianprops={"color": "#cf222e", "linewidth": 2})
    dots = sum(len(v) for v in values.values())
    jitter = np.random.default_rng(0)
    for n in filled:
        offsets = jitter.uniform(-0.18, 0.18, len(values[n]))
        axes.scatter(n + offsets, values[n], s=16 if dots < 200 else 9, alpha=0.75 if dots < 200
                     else 0.4, color="#0969da", zorder=3, linewidths=0)
    axes.set_title(f"{dim} (0–100)", fontsize=11)
    axes.set_ylim(-5, 105)
    axes.set_xlim(min(numbers, default=1) - 0.6, max(numbers, default=1) + 0.6)
    step = max(1, len(numbers) // 15)
    ticks = numbers[::step]
    axes.set_xticks(ticks)
    if len(numbers) > 8:
        axes.set_xticklabels([str(n) for n in ticks])
    else:  # room to say which family and how many answered
        families = {case.number: case.family for case in report.cases}
        axes.set_xticklabels([f"{n}\n{families[n]}\nn={len(values[n])}" for n in ticks],
                             fontsize=8)
    axes.set_xlabel("case number", fontsize=9)
    axes.grid(axis="y", alpha=0.3)


def _criteria_panel(axes: Axes, report: ClassReport) -> None:
    from matplotlib.ticker import MaxNLocator

    shown = report.criteria[:TOP_CRITERIA]
    axes.set_title("most common lost points (answered replies losing points on the criterion)",
                   fontsize=11)
    if not shown:
        axes.text(0.5, 0.5, "no answered reply lost points", ha="center", va="center",
                  transform=axes.transAxes)
        axes.set_axis_off()
        return
    labels = [c.criterion for c in reversed(shown)]
    counts = [c.replies for c in reversed(shown)]
    axes.barh(labels, counts, color="#8250df", alpha=0.8)
    for y, c in enumerate(reversed(shown)):
        axes.text(c.replies, y, f"  share {number(c.share)} · mean lost {number(c.mean_lost)}",
                  va="center", fontsize=8)
    axes.set_xlim(0, max(counts) * 1.45)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("replies", fontsize=9)
    axes.tick_params(axis="y", labelsize=9)
    axes.grid(axis="x", alpha=0.3)
