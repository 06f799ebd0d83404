"""How well the tone dimension's politeness signal ranks the Stanford Politeness Corpus.

    .venv/bin/python bench/bench_politeness.py [path/to/wikipedia.annotated.csv]

Reads the Wikipedia requests (default ../shared/data/politeness/ relative to the repo root),
takes the top and bottom quartiles by Normalized Score (the paper's binary task), scores each
request with grading.tone.politeness_score(text, "en") and prints the pairwise AUC: how often
a top-quartile request scores above a bottom-quartile one (ties count half). Also prints the
accuracy of the best single threshold, for comparison with the paper's classifiers. Nothing is
trained on the corpus; the lexicon weights are hand-set from the paper's strategies.
"""

from __future__ import annotations

import bisect
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "politeness" / "wikipedia.annotated.csv"


def auc(pos: list[float], neg: list[float]) -> float:
    """P(score(pos) > score(neg)) + 0.5 P(tie), in O(n log n)."""
    neg_sorted = sorted(neg)
    total = 0.0
    for p in pos:
        below = bisect.bisect_left(neg_sorted, p)
        ties = bisect.bisect_right(neg_sorted, p) - below
        total += below + 0.5 * ties
    return total / (len(pos) * len(neg))


def best_threshold_accuracy(pos: list[float], neg: list[float]) -> float:
    values = sorted({*pos, *neg})
    best = 0.0
    for t in values:
        correct = sum(p >= t for p in pos) + sum(n < t for n in neg)
        best = max(best, correct / (len(pos) + len(neg)))
    return best


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"no corpus at {path} (see its README.md; pass the CSV path)", file=sys.stderr)
        return 2
    from grading.reading.politeness import politeness_score

    with path.open(encoding="utf-8") as fh:
        rows = [(r["Request"], float(r["Normalized Score"])) for r in csv.DictReader(fh)]
    scores = sorted(s for _t, s in rows)
    q1, q3 = scores[len(scores) // 4], scores[(3 * len(scores)) // 4]
    polite = [t for t, s in rows if s >= q3]
    rude = [t for t, s in rows if s <= q1]
    start = time.perf_counter()
    pos = [politeness_score(t, "en") for t in polite]
    neg = [politeness_score(t, "en") for t in rude]
    elapsed = time.perf_counter() - start
    print(f"corpus: {path}")
    print(f"n = {len(rows)} requests; top quartile {len(pos)}, bottom quartile {len(neg)}")
    print(f"pairwise AUC (top ranked above bottom, ties half): {auc(pos, neg):.3f}")
    print(f"best-threshold accuracy on the quartile task: {best_threshold_accuracy(pos, neg):.3f}")
    print("reference: strategy-feature logistic regression ~0.76 accuracy (trained)")
    print(f"scored {len(pos) + len(neg)} requests in {elapsed * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
