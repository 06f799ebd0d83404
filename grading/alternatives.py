"""What else a text fact could have said: the other values its scenario family draws from.

A family picks a text fact ("the cause") from a list in its vocabulary; the rest of that list
is what a wrong answer looks like ("a signal failure" where the knowledge base says "a points
failure"). The facts layer uses it twice: a fact is stated only when a word that sets it apart
from its alternatives is there (not "failure" alone), and stating an alternative instead is a
wrong fact. Read once per case from the family's data; a case whose family is unknown (a case
written by hand) simply has no alternatives.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from grading.reading.context import Context


def _from_family(family_id: str, locale: str) -> dict[str, tuple[str, ...]]:
    """fact id -> the values of the list its variable picks from, in `locale`."""
    try:
        from scenarios import get_family

        family = get_family(family_id)
    except Exception:  # an unknown or broken family: no alternatives, never a crash
        return {}
    texts = family.locales.get(locale)  # type: ignore[call-overload]  # a str, checked here
    if texts is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for spec in family.facts:
        if spec.kind != "text":
            continue
        var: Any = texts.variables.get(spec.var) or family.variables.get(spec.var)
        source = getattr(var, "from_", None)
        values = texts.vocab.get(source, []) if source else []
        if len(values) > 1:
            out[spec.id] = tuple(str(v) for v in values)
    return out


@cache
def _alternatives(family_id: str, locale: str) -> dict[str, tuple[str, ...]]:
    """`_from_family`, kept on disk between processes (grading.cache): reading a family means
    its pydantic schema and YAML, several times the cost of the rest of a first grade. Once per
    process and family: a class's batch has many cases of one family (read-only tables)."""
    import scenarios
    from grading.cache import cached

    path = Path(scenarios.__file__).with_name("families") / f"{family_id}.yaml"
    if not path.name[:-5].replace("_", "").isalnum() or not path.is_file():
        return {}  # a case written by hand, of no known family
    return cached(f"alternatives-{family_id}-{locale}",
                  [path, Path(__file__), Path(scenarios.__file__).with_name("family.py")],
                  lambda: _from_family(family_id, locale))


def text_alternatives(ctx: Context, fact_id: str, value: str) -> tuple[str, ...]:
    """The other values the fact could have had (never the case's own value)."""
    case = ctx.case
    table = ctx.per_case("text_alternatives", lambda: _alternatives(case.family, case.locale))
    own = " ".join(value.lower().split())
    return tuple(v for v in table.get(fact_id, ()) if " ".join(v.lower().split()) != own)
