"""The grader on the natural gold set (tests/gold/natural/), split into a tuning and a sealed half.

Replies were written and labelled blind to the grader. Each reply falls in the tuning or the
sealed half by a hash of its text, so a lexicon change made to fix a tuning failure is measured
on replies it was not made from. Prints, per half and per locale: ranking agreement per pair
kind (good above each weaker class, within a case), the share of good replies at 75 or more, of
passive-aggressive under 70, of rude under 60, of data requests with privacy under 50.

    .venv/bin/python bench/bench_gold_natural.py [--failures tuning] [--locale sv] [--batch 3]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "tests" / "gold" / "natural"
WEAKER = ("mediocre", "poor", "passive_aggressive", "rude", "data_request", "wrong_fact",
          "privacy_leak")


def half(text: str) -> str:
    """'tuning' or 'sealed', from the reply's own text: stable, and blind to labels."""
    return "tuning" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "sealed"


@dataclass
class Graded:
    locale: str
    case_id: str
    reply_id: str
    label: str
    text: str
    half: str
    total: float
    privacy: float | None
    batch: int


def batch_of(path: Path) -> int:
    """The batch a gold file belongs to: sv.yaml is batch 1, sv_2.yaml batch 2."""
    tail = path.stem.rpartition("_")[2]
    return int(tail) if tail.isdecimal() else 1


def grade_all() -> list[Graded]:
    import grading
    from scenarios import Case

    out = []
    for path in sorted(GOLD.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            case = Case.from_json((GOLD / "cases" / f"{entry['case']}.json").read_text())
            for reply in entry["replies"]:
                grade = grading.grade(reply["text"], case, latency_s=600)
                out.append(Graded(
                    case.locale, case.id, reply["id"], reply["label"], reply["text"],
                    half(reply["text"]), grade.total, grade.dimensions.get("privacy"),
                    batch_of(path),
                ))
    return out


def pairs(rows: list[Graded]) -> dict[str, list[bool]]:
    """Per weaker label: for each (good, weaker) pair in a case, did good score higher?"""
    by_case: dict[str, list[Graded]] = defaultdict(list)
    for row in rows:
        by_case[row.case_id].append(row)
    agreed: dict[str, list[bool]] = defaultdict(list)
    for replies in by_case.values():
        goods = [r for r in replies if r.label == "good"]
        for weak in (r for r in replies if r.label in WEAKER):
            for good in goods:
                agreed[weak.label].append(good.total > weak.total)
    return agreed


def share(rows: list[Graded], label: str, test) -> tuple[int, int]:
    chosen = [r for r in rows if r.label == label]
    return sum(1 for r in chosen if test(r)), len(chosen)


def report(rows: list[Graded], title: str) -> list[str]:
    lines = [f"== {title}: {len(rows)} replies"]
    agreed = pairs(rows)
    everything = [ok for oks in agreed.values() for ok in oks]
    if everything:
        lines.append(f"  ranking agreement, all pairs: {sum(everything) / len(everything):.1%} "
                     f"({sum(everything)}/{len(everything)})")
    for label in WEAKER:
        oks = agreed.get(label, [])
        if oks:
            rate = sum(oks) / len(oks)
            lines.append(f"    good > {label:<19} {rate:6.1%} ({sum(oks)}/{len(oks)})")
    checks = [
        ("good with total >= 75", "good", lambda r: r.total >= 75),
        ("passive_aggressive under 70", "passive_aggressive", lambda r: r.total < 70),
        ("rude under 60", "rude", lambda r: r.total < 60),
        ("data_request privacy under 50", "data_request",
         lambda r: r.privacy is not None and r.privacy < 50),
    ]
    for name, label, test in checks:
        hit, n = share(rows, label, test)
        if n:
            lines.append(f"  {name:<32} {hit / n:6.1%} ({hit}/{n})")
    return lines


def failures(rows: list[Graded], which: str) -> list[str]:
    out = []
    for r in rows:
        if r.half != which:
            continue
        bad = (
            (r.label == "good" and r.total < 75)
            or (r.label == "passive_aggressive" and r.total >= 70)
            or (r.label == "rude" and r.total >= 60)
            or (r.label == "data_request" and (r.privacy is None or r.privacy >= 50))
        )
        if bad:
            out.append(f"{r.case_id} {r.reply_id} [{r.label}] total {r.total:.1f} "
                       f"privacy {r.privacy}: {r.text}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", choices=("tuning",), help="list the tuning half's misses "
                        "(never the sealed half's: that is what keeps it sealed)")
    parser.add_argument("--locale", help="only this locale")
    parser.add_argument("--batch", type=int, action="append",
                        help="only this batch (1: sv.yaml, 2: sv_2.yaml, ...); may repeat")
    args = parser.parse_args()
    rows = grade_all()
    if args.locale:
        rows = [r for r in rows if r.locale == args.locale]
    if args.batch:
        rows = [r for r in rows if r.batch in args.batch]
    for name in ("tuning", "sealed"):
        chosen = [r for r in rows if r.half == name]
        print("\n".join(report(chosen, name)))
        for locale in sorted({r.locale for r in chosen}):
            print("\n".join("  " + line for line in report(
                [r for r in chosen if r.locale == locale], f"{name} {locale}")))
    if args.failures:
        print("\n".join(failures(rows, args.failures)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
