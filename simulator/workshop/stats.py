"""What the control page and the projector show of a round: distributions, common findings,
and replies with personal data masked and their evidence marked.

All of it is computed from the graded replies in memory, from each trainee's latest reply of
an attempt, so a trainee who corrected a reply counts once.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import Any

from simulator.workshop.model import Reply, Round, latest_per_trainee

DIMENSIONS = ("tone", "speed", "facts", "privacy")
BINS = 10  # 0-9, 10-19, ..., 90-100
MASK = "••••"
# Runs of 6+ digits (spaces, dots or dashes between them): card, account, phone and identity
# numbers; e-mail addresses; nothing a reply needs on a wall is lost with them.
_PERSONAL = re.compile(
    r"\d(?:[ .\-]?\d){5,}"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


def histogram(values: list[float]) -> list[int]:
    counts = [0] * BINS
    for value in values:
        counts[min(BINS - 1, max(0, int(value // (100 / BINS))))] += 1
    return counts


def describe(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "mean": None, "median": None, "bins": histogram([])}
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), 1),
        "median": round(statistics.median(values), 1),
        "bins": histogram(values),
    }


def _name(finding: dict[str, Any]) -> str:
    """A finding's name for counting: facts findings also name the fact ("facts.missing:delay")."""
    criterion = str(finding["criterion"])
    if criterion.startswith("facts.") and finding.get("detail"):
        return f"{criterion}:{finding['detail']}"
    return criterion


def _misses(reply: Reply) -> set[tuple[str, str]]:
    """(finding, kind) the reply fell short on: a credit not earned, or a penalty taken."""
    out: set[tuple[str, str]] = set()
    for finding in reply.grade.get("findings", []):
        points, max_points = finding.get("points", 0), finding.get("max_points", 0)
        if points < 0:
            out.add((_name(finding), "penalty"))
        elif max_points > 0 and points < max_points / 2:
            out.add((_name(finding), "missed"))
    return out


def _tip(reply: Reply, name: str) -> str:
    for finding in reply.grade.get("findings", []):
        if _name(finding) == name:
            return str(finding.get("tip", ""))
    return ""


def common_findings(latest: dict[str, Reply], limit: int | None = 8) -> list[dict[str, Any]]:
    """The shortcomings shared by most replies: "14 of 20 missed tone.next_step"."""
    counts: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], Reply] = {}
    for reply in latest.values():
        for miss in _misses(reply):
            counts[miss] += 1
            example.setdefault(miss, reply)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [
        {"criterion": criterion, "kind": kind, "count": count, "of": len(latest),
         "tip": _tip(example[(criterion, kind)], criterion)}
        for (criterion, kind), count in ranked
    ]  # fmt: skip


def attempt_summary(replies: list[Reply], rnd: Round, attempt: int, n_trainees: int) -> dict:
    latest = latest_per_trainee(replies, rnd.id, attempt)
    grades = list(latest.values())
    dims = {
        dim: describe([r.grade["dimensions"][dim] for r in grades
                       if r.grade["dimensions"].get(dim) is not None])
        for dim in DIMENSIONS
    }  # fmt: skip
    return {
        "attempt": attempt,
        "answered": len(latest),
        "trainees": n_trainees,
        "answered_ids": sorted(latest),
        "total": describe([r.total for r in grades]),
        "dimensions": dims,
        "findings": common_findings(latest),
    }


def round_summary(replies: list[Reply], rnd: Round, n_trainees: int) -> dict[str, Any]:
    """Every attempt's summary and, from the second try on, how the findings moved."""
    attempts = [attempt_summary(replies, rnd, a, n_trainees) for a in range(1, rnd.attempt + 1)]
    out: dict[str, Any] = {"round": rnd.id, "attempts": attempts}
    if len(attempts) > 1:
        counts = [
            {(f["criterion"], f["kind"]): f["count"]
             for f in common_findings(latest_per_trainee(replies, rnd.id, a), limit=None)}
            for a in (rnd.attempt - 1, rnd.attempt)
        ]  # fmt: skip
        before, after = counts
        out["moved"] = {
            "mean_before": attempts[-2]["total"]["mean"],
            "mean_after": attempts[-1]["total"]["mean"],
            "gone": [{"criterion": c, "kind": k, "count": n}
                     for (c, k), n in sorted(before.items()) if (c, k) not in after],
            "fewer": [{"criterion": c, "kind": k, "before": n, "after": after[(c, k)]}
                      for (c, k), n in sorted(before.items()) if after.get((c, k), n) < n],
        }  # fmt: skip
    return out


def mask_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PERSONAL.finditer(text)]


def mask(text: str) -> str:
    """The text with personal data (long numbers, e-mail addresses) replaced by ••••."""
    return _PERSONAL.sub(MASK, text)


def segments(text: str, spans: list[list[int]], *, masked: bool = True) -> list[dict[str, Any]]:
    """The reply cut into pieces, each marked if it is evidence; masked pieces become ••••.

    A page renders each piece as text in its own element, so highlighting needs no markup.
    """
    marks = [False] * len(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(text), end)):
            marks[i] = True
    hidden = [False] * len(text)
    if masked:
        for start, end in mask_ranges(text):
            for i in range(start, end):
                hidden[i] = True
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marks[j] == marks[i] and hidden[j] == hidden[i]:
            j += 1
        piece = MASK if hidden[i] else text[i:j]
        if out and out[-1]["mark"] == marks[i] and hidden[i] and out[-1]["text"].endswith(MASK):
            i = j
            continue
        out.append({"text": piece, "mark": marks[i]})
        i = j
    return out


def evidence_spans(reply: Reply) -> list[list[int]]:
    """Where the reply's penalties point: what the wall should make visible."""
    spans: list[list[int]] = []
    for finding in reply.grade.get("findings", []):
        if finding.get("points", 0) < 0:
            spans.extend([list(s) for s in finding.get("spans", [])])
    return spans
