"""The `replylab` command line: list families and drills, generate cases, grade replies.

Every user error ends in one line naming what is wrong and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scenarios import LOCALES, CaseError, FamilyError


class UsageError(Exception):
    """A mistake in what the user asked for; printed as one line, exit status 2."""


def _families(args: argparse.Namespace) -> int:
    from scenarios import families

    for fam in families().values():
        print(f"{fam.id:20} {','.join(LOCALES):9} {fam.description.en}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from simulator.generate import generate
    from simulator.render import render_case_text

    if args.n < 1:
        raise UsageError(f"--n must be at least 1, got {args.n}")
    if args.locale not in LOCALES:
        raise UsageError(f"unknown locale '{args.locale}' (known: {', '.join(LOCALES)})")
    for i in range(args.n):
        case = generate(args.family, args.locale, args.seed + i)
        if args.json:
            sys.stdout.write(case.to_json() + "\n")
        else:
            sys.stdout.write(render_case_text(case) + "\n")
    return 0


def _drills(args: argparse.Namespace) -> int:
    """List the drills, or check drill files (one line per file: its timeline, or the error)."""
    from scenarios import drills, load_drill

    if not args.check:
        for drill in drills().values():
            kinds = " ".join(f"{i.at}:{i.kind}" for i in drill.timeline)
            print(f"{drill.id:14} {drill.family:18} {drill.minutes} min  {kinds}")
        return 0
    for path in args.check:
        drill = load_drill(path)  # a DrillError names the file, line and field
        print(f"{path}: ok: {drill.id}, {len(drill.timeline)} injects over {drill.minutes} min")
    return 0


def _prebuild(args: argparse.Namespace) -> int:
    """Build grading's on-disk cache (every locale's lexicon, every family's alternatives) by
    grading one case of each family in each locale, so no trainee's first grade builds it: for
    an admin after a system-wide install, run as the user who installed the package."""
    import grading
    import grading.cache
    from scenarios import families
    from simulator.generate import generate

    if sys.dont_write_bytecode:
        raise UsageError("PYTHONDONTWRITEBYTECODE is set, so nothing would be kept: unset it")
    for family in families():
        for locale in LOCALES:
            grading.grade("Hi, sorry about this: we are on it.", generate(family, locale, 0))
    for folder in grading.cache.folders():
        built = sorted(folder.glob("*.pickle")) if folder.is_dir() else []
        if built:
            print(f"grading cache: {len(built)} files in {folder}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="replylab", description="Training kit for social-media customer care."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("families", help="list the scenario families").set_defaults(run=_families)
    gen = sub.add_parser("generate", help="generate cases from a family")
    gen.add_argument("--family", required=True)
    gen.add_argument("--locale", default="en", help="sv, nb or en")
    gen.add_argument("--n", type=int, default=1, help="how many cases (seeds S, S+1, ...)")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--json", action="store_true", help="JSON Lines instead of readable text")
    gen.set_defaults(run=_generate)
    drill = sub.add_parser("drills", help="list the crisis drills, or check drill files")
    drill.add_argument("--check", nargs="+", metavar="FILE", help="drill YAML files to check")
    drill.set_defaults(run=_drills)
    sub.add_parser("prebuild", help="build grading's cache, so no first grade builds it "
                   "(after a system-wide install)").set_defaults(run=_prebuild)
    from simulator import assessment_cli, grade_cli
    from simulator.workshop import serve as workshop_serve

    grade_cli.add_parser(sub)
    assessment_cli.add_parser(sub)
    workshop_serve.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        sys.stderr.close()
        return 0
    except (UsageError, FamilyError, CaseError, ValueError, OSError) as exc:
        print(f"replylab {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
