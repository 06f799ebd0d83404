"""The grader against the hand-labelled gold set (tests/gold/, see tests/gold/README.md).

Every ``tests/gold/<locale>.yaml`` present is read; each case is loaded from its frozen file in
``tests/gold/cases/`` (never regenerated), so the gold set stays valid when families change.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

import grading
from scenarios import CHANNEL_LIMITS, LOCALES, Case

GOLD = Path(__file__).parent / "gold"
CASES = GOLD / "cases"

FAMILIES = {
    "train_delay", "phone_backorder", "bank_ui", "pricing_question", "travel_disruption",
    "influencer_request", "privacy_trap", "praise", "troll_or_rager", "misguided",
}
LABELS = {"good", "mediocre", "poor", "wrong_fact", "privacy_leak", "gaming"}
RANK = {"good": 3, "mediocre": 2, "poor": 1}
VARIANT_LABELS = {"wrong_fact", "privacy_leak", "gaming"}
MIN_REPLIES = 90
MIN_LOCALES = 3
MIN_AGREEMENT = 0.95


@dataclass(frozen=True)
class Reply:
    source: str          # gold file name, e.g. "en.yaml"
    case_id: str
    id: str
    label: str
    text: str
    variant_of: str | None

    @property
    def key(self) -> str:
        return f"{self.source}:{self.case_id}/{self.id}"


@dataclass(frozen=True)
class Entry:
    source: str
    case_id: str
    replies: tuple[Reply, ...]

    def reply(self, reply_id: str) -> Reply | None:
        return next((r for r in self.replies if r.id == reply_id), None)


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.yaml"))


@functools.cache
def entries() -> tuple[Entry, ...]:
    out = []
    for path in _gold_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        assert isinstance(data, list), f"{path.name}: top level must be a list of cases"
        for item in data:
            assert isinstance(item, dict) and "case" in item, f"{path.name}: bad entry {item!r}"
            case_id = str(item["case"])
            replies = tuple(
                Reply(
                    source=path.name,
                    case_id=case_id,
                    id=str(r.get("id")),
                    label=str(r.get("label")),
                    text=str(r.get("text", "")),
                    variant_of=r.get("variant_of"),
                )
                for r in item.get("replies") or []
            )
            out.append(Entry(path.name, case_id, replies))
    return tuple(out)


@functools.cache
def case(case_id: str) -> Case:
    return Case.from_json((CASES / f"{case_id}.json").read_text(encoding="utf-8"))


@functools.cache
def graded(reply: Reply) -> Any:
    return grading.grade(reply.text, case(reply.case_id))


def total(reply: Reply) -> float:
    return graded(reply).total


def dim(reply: Reply, name: str) -> float:
    return graded(reply).dimensions[name]


def _fmt(reply: Reply) -> str:
    g = graded(reply)
    dims = ", ".join(f"{k}={v}" for k, v in g.dimensions.items() if v is not None)
    return f"{reply.id} [{reply.label}] total={g.total} ({dims})"


# --- 1. structure ----------------------------------------------------------------------------


def test_gold_files_present():
    assert _gold_files(), f"no gold files in {GOLD}"


def test_structure():
    problems: list[str] = []
    locales: set[str] = set()
    families: set[str] = set()
    n_replies = 0
    seen_cases: set[tuple[str, str]] = set()
    for entry in entries():
        where = f"{entry.source}:{entry.case_id}"
        if (entry.source, entry.case_id) in seen_cases:
            problems.append(f"{where}: case listed twice")
        seen_cases.add((entry.source, entry.case_id))
        path = CASES / f"{entry.case_id}.json"
        if not path.is_file():
            problems.append(f"{where}: case file {path.relative_to(GOLD.parent)} missing")
            continue
        c = case(entry.case_id)
        if c.id != entry.case_id:
            problems.append(f"{where}: case file holds id {c.id!r}")
        stem = Path(entry.source).stem
        if stem in LOCALES and c.locale != stem:
            problems.append(f"{where}: case locale {c.locale!r} in {entry.source}")
        locales.add(c.locale)
        families.add(c.family)
        limit = CHANNEL_LIMITS[c.channel]
        ids = [r.id for r in entry.replies]
        for dup in {i for i in ids if ids.count(i) > 1}:
            problems.append(f"{where}: reply id {dup!r} used twice")
        labels = {r.label for r in entry.replies}
        for needed in RANK:
            if needed not in labels:
                problems.append(f"{where}: no {needed!r} reply")
        for r in entry.replies:
            n_replies += 1
            if r.label not in LABELS:
                problems.append(f"{where}/{r.id}: label {r.label!r} not in {sorted(LABELS)}")
            if not r.text.strip():
                problems.append(f"{where}/{r.id}: empty text")
            if len(r.text) > limit:
                problems.append(f"{where}/{r.id}: {len(r.text)} chars > {limit} on {c.channel}")
            if r.label in VARIANT_LABELS and not r.variant_of:
                problems.append(f"{where}/{r.id}: {r.label} reply without variant_of")
            if r.variant_of is not None:
                base = entry.reply(str(r.variant_of))
                if base is None:
                    problems.append(f"{where}/{r.id}: variant_of {r.variant_of!r} not found")
                elif base.label != "good" and r.label == "gaming":
                    problems.append(f"{where}/{r.id}: gaming variant of a {base.label} reply")
    assert not problems, "\n".join(problems)
    assert n_replies >= MIN_REPLIES, f"{n_replies} replies, want at least {MIN_REPLIES}"
    assert len(locales) >= MIN_LOCALES, f"locales {sorted(locales)}, want {MIN_LOCALES}"
    assert FAMILIES <= families, f"families missing: {sorted(FAMILIES - families)}"


# --- 2. ordering -----------------------------------------------------------------------------


def ranked_pairs() -> list[tuple[str, Reply, Reply]]:
    """(locale, better, worse) for every pair of ranked replies with different labels."""
    pairs = []
    for entry in entries():
        ranked = [r for r in entry.replies if r.label in RANK]
        for a, b in combinations(ranked, 2):
            if RANK[a.label] == RANK[b.label]:
                continue
            better, worse = (a, b) if RANK[a.label] > RANK[b.label] else (b, a)
            pairs.append((case(entry.case_id).locale, better, worse))
    return pairs


def test_totals_order_replies_as_labelled(capsys):
    pairs = ranked_pairs()
    assert pairs, "no ranked pairs in the gold set"
    per_locale: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    disagreements = []
    for locale, better, worse in pairs:
        ok = total(better) > total(worse)
        per_locale[locale][0] += ok
        per_locale[locale][1] += 1
        if not ok:
            disagreements.append(
                f"  {better.source}:{better.case_id}: {better.id} [{better.label}] "
                f"{total(better)} <= {worse.id} [{worse.label}] {total(worse)}"
            )
    agreed = sum(a for a, _ in per_locale.values())
    rate = agreed / len(pairs)
    report = [f"gold ordering: {agreed}/{len(pairs)} pairs agree ({rate:.1%})"]
    report += [
        f"  {loc}: {a}/{n} ({a / n:.1%})" for loc, (a, n) in sorted(per_locale.items())
    ]
    with capsys.disabled():
        print("\n" + "\n".join(report))
    assert rate >= MIN_AGREEMENT, "\n".join(
        [*report, f"want >= {MIN_AGREEMENT:.0%}; pairs the grader orders wrongly:",
         *disagreements]
    )


# --- 3. variants -----------------------------------------------------------------------------


def variants(label: str) -> list[tuple[Reply, Reply]]:
    out = []
    for entry in entries():
        for r in entry.replies:
            if r.label == label and r.variant_of is not None:
                base = entry.reply(str(r.variant_of))
                if base is not None:
                    out.append((r, base))
    return out


def _check(label: str, failed) -> None:
    pairs = variants(label)
    bad = [
        f"  {v.source}:{v.case_id}:\n    {_fmt(v)}\n    vs {_fmt(base)}"
        for v, base in pairs
        if failed(v, base)
    ]
    assert not bad, f"{len(bad)}/{len(pairs)} {label} variants not penalised:\n" + "\n".join(bad)


def test_wrong_fact_variants_score_lower_on_facts():
    _check("wrong_fact", lambda v, base: not dim(v, "facts") < dim(base, "facts"))


def test_privacy_leak_variants_score_lower_on_privacy():
    _check("privacy_leak", lambda v, base: not dim(v, "privacy") < dim(base, "privacy"))


def test_gaming_variants_score_lower_and_earn_no_extra_tone():
    _check(
        "gaming",
        lambda v, base: not (total(v) < total(base) and dim(v, "tone") <= dim(base, "tone")),
    )
