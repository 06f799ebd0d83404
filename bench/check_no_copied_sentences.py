"""Check that the course text copies no sentence from the source blog posts (the seeds).

The seeds are the five Swedish and Norwegian blog posts the project was started from. They are
not part of the repository (a fresh clone has none), so this is a script, not a test: run it
where the seeds are, by default ../shared/seeds next to the repository.

For every markdown cell of course/*.ipynb, every doc, every scenario family and drill file, every
grading lexicon and every interface strings file (the Swedish and Norwegian text lives there),
it looks for a run of
8 or more consecutive words (case-insensitive, punctuation stripped) that also occurs in a seed.
It prints each hit and a summary; the exit status is 1 if anything was found, 2 if the seeds
are missing.

    .venv/bin/python bench/check_no_copied_sentences.py [--seeds DIR] [--words 8]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def course_texts() -> list[tuple[str, str]]:
    """(where, text) for the course's markdown cells, the docs and the data files."""
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "course").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, start=1):
            if cell["cell_type"] == "markdown":
                source = cell["source"]
                text = "".join(source) if isinstance(source, list) else source
                texts.append((f"{path.relative_to(ROOT)} cell {number}", text))
    for pattern in ("scenarios/families/*.yaml", "scenarios/drills/*.yaml",
                    "grading/lexicons/*.yaml", "simulator/locales/*.yaml", "docs/*.md"):
        for path in sorted(ROOT.glob(pattern)):
            texts.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--words", type=int, default=8, help="shortest run that counts (8)")
    args = parser.parse_args(argv)
    seed_files = sorted(p for p in args.seeds.glob("*.txt")) if args.seeds.is_dir() else []
    if not seed_files:
        print(f"no seed files (*.txt) in {args.seeds}: nothing to compare against")
        return 2
    n = args.words
    seed_grams: dict[tuple[str, ...], str] = {}
    for path in seed_files:
        for gram in ngrams(words(path.read_text(encoding="utf-8")), n):
            seed_grams.setdefault(gram, path.name)
    texts = course_texts()
    hits = 0
    for where, text in texts:
        tokens = words(text)
        shown: set[int] = set()
        for i in range(len(tokens) - n + 1):
            gram = tuple(tokens[i : i + n])
            if gram in seed_grams and i not in shown:
                # extend the run as far as it goes, report it once
                j = i + n
                while j < len(tokens) and tuple(tokens[j - n + 1 : j + 1]) in seed_grams:
                    j += 1
                shown.update(range(i, j))
                hits += 1
                print(f"{where}: {' '.join(tokens[i:j])!r} (also in {seed_grams[gram]})")
    print(
        f"checked {len(texts)} texts ({sum(len(words(t)) for _, t in texts)} words) "
        f"against {len(seed_files)} seeds ({len(seed_grams)} distinct {n}-word runs): "
        f"{hits} copied run(s) of {n}+ words"
    )
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
