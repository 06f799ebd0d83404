"""Start-up costs that every notebook (and every autograded submission) pays.

Run: .venv/bin/python bench/bench_imports.py
Prints median import times in fresh interpreters, and what `rfc3987-syntax` (pulled in by
jsonschema's format extras, upstream jsonschema issue 1428) adds to `import nbformat` when it is
installed: the Makefile uninstalls it for that reason.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import time

BLOCK = (
    "import sys\n"
    "class _Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] == 'rfc3987_syntax':\n"
    "            raise ImportError(name)\n"
    "sys.meta_path.insert(0, _Block())\n"
)


def timed(code: str, repeats: int = 5) -> float:
    def once() -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t

    return statistics.median(once() for _ in range(repeats)) * 1000


def main() -> None:
    bare = timed("pass")
    print(f"bare interpreter: {bare:.0f} ms (subtracted below)")
    for stmt in ["import scenarios", "import simulator", "import grading", "import nbformat",
                 "import textstat", "import faker", "import vaderSentiment.vaderSentiment"]:
        print(f"{stmt:40} {timed(stmt) - bare:7.0f} ms")
    if importlib.util.find_spec("rfc3987_syntax"):
        with_it = timed("import nbformat; nbformat.validator.get_validator()")
        without = timed(BLOCK + "import nbformat; nbformat.validator.get_validator()")
        print(f"nbformat + validator with rfc3987-syntax: {with_it - bare:.0f} ms, blocked: "
              f"{without - bare:.0f} ms, ratio {with_it / without:.2f}x")
    else:
        print("rfc3987-syntax is not installed (the Makefile removes it): nothing to compare")


if __name__ == "__main__":
    main()
