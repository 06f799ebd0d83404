"""The proactive-post rubric on two blind-written sets of posts (python bench/bench_posts.py).

tests/data/proactive_posts.yaml and tests/data/proactive_posts_more.yaml are the tuning sets
(the post criteria were adjusted from their failures); bench/data/proactive_posts_sealed.yaml
was written by another writer, blind to the grader and to the other sets, and is never used to
tune. Prints, per set and language: strong posts scoring 85 or more, the median, and how often
a post missing one part scores below the strong posts.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import grading  # noqa: E402
from simulator.drill import drill_run  # noqa: E402

ORDER = ("what", "who", "do_now", "rights", "next_update", "apology", "signoff")
PARTS = ("what", "who", "do_now", "rights", "next_update")


def _joined(parts: dict[str, str], without: str = "") -> str:
    return " ".join(parts[p] for p in ORDER if p != without and parts.get(p))


def _sets() -> dict[str, list[tuple[str, str, str, str, float]]]:
    """name -> [(drill, locale, kind, text, at_s)]; kind 'strong' or 'missing_<part>'."""
    tuning = yaml.safe_load((ROOT / "tests/data/proactive_posts.yaml").read_text("utf-8"))
    sealed = yaml.safe_load((ROOT / "bench/data/proactive_posts_sealed.yaml").read_text("utf-8"))
    out: dict[str, list[tuple[str, str, str, str, float]]] = {"tuning": [], "sealed": []}
    for drill, by_locale in tuning.items():
        for locale, gold in by_locale.items():
            update = _update_s(drill, locale)
            out["tuning"].append((drill, locale, "strong", _joined(gold["post"]), 0.0))
            out["tuning"].append((drill, locale, "strong", _joined(gold["after_update"]), update))
            for part in PARTS:
                out["tuning"].append((drill, locale, f"missing_{part}",
                                      _joined(gold["post"], without=part), 0.0))
    more = yaml.safe_load((ROOT / "tests/data/proactive_posts_more.yaml").read_text("utf-8"))
    for drill, by_locale in more.items():  # a second tuning set, in three styles
        for locale, gold in by_locale.items():
            for text in gold["strong"]:
                out["tuning"].append((drill, locale, "strong", text, 0.0))
            out["tuning"].append((drill, locale, "strong", gold["after_update"],
                                  _update_s(drill, locale)))
    for drill, by_locale in sealed.items():
        for locale, gold in by_locale.items():
            update = _update_s(drill, locale)
            for text in gold["strong"]:
                out["sealed"].append((drill, locale, "strong", text, 0.0))
            out["sealed"].append((drill, locale, "strong", gold["after_update"], update))
            for part in ("who", "do_now", "next_update"):
                out["sealed"].append((drill, locale, f"missing_{part}", gold[f"missing_{part}"],
                                      0.0))
    return out


def _update_s(drill: str, locale: str) -> float:
    return next(e.at_s for e in drill_run(drill, locale, 0).events if e.kind == "update")


def main() -> None:
    for name, rows in _sets().items():
        print(f"== {name}: {len(rows)} posts")
        for locale in (None, "en", "sv", "nb"):
            chosen = [r for r in rows if locale is None or r[1] == locale]
            scores = {}
            for drill, loc, kind, text, at_s in chosen:
                case = drill_run(drill, loc, 0).post_case(at_s)
                total = grading.grade_post(text, case).total
                scores.setdefault((drill, loc, kind), []).append(total)
            strong = [s for (d, lo, k), v in scores.items() if k == "strong" for s in v]
            pairs = ok = 0
            for (drill, loc, kind), values in scores.items():
                if kind == "strong":
                    continue
                best = min(scores[(drill, loc, "strong")][:2] or [0.0])
                for value in values:
                    pairs += 1
                    ok += value < best
            label = locale or "all"
            high = sum(s >= 85 for s in strong)
            print(f"  {label:>3}: strong >= 85 {high}/{len(strong)} "
                  f"(median {statistics.median(strong):.1f}, lowest {min(strong):.1f}); "
                  f"missing a part below the strong posts {ok}/{pairs}")


if __name__ == "__main__":
    main()
