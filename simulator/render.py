"""Plain-text rendering of a case for the terminal (the CLI without --json)."""

from __future__ import annotations

from datetime import date

from scenarios import Case, Fact
from simulator.formatting import display_date


def fact_text(fact: Fact, locale: str) -> str:
    """A fact's value as a reply would say it: a date as "13 March", not ISO."""
    if fact.kind == "date":
        try:
            return display_date(date.fromisoformat(str(fact.value)), locale)
        except ValueError:
            pass
    return str(fact.value)


def render_case_text(case: Case) -> str:
    c = case.customer
    lines = [
        f"── {case.id} · {case.channel} · {case.brand.name} (@{case.brand.handle})",
        f"{c.name} @{c.handle} · {c.followers} followers · {c.emotion}"
        f" · {case.post.posted_at:%Y-%m-%d %H:%M}",
    ]
    for earlier in case.thread:
        lines.append(f"  (earlier) @{earlier.author}: {earlier.text}")
    lines.append(f"  {case.post.text}")
    lines.append("  knowledge base:")
    for fact in case.facts:
        star = "*" if fact.required else " "
        unit = f" {fact.unit}" if fact.unit else ""
        lines.append(f"   {star} {fact.label}: {fact_text(fact, case.locale)}{unit}")
    for policy in case.policies:
        lines.append(f"   ! {policy.text}")
    lines.append(f"  expected action: {case.expected_action}")
    return "\n".join(lines) + "\n"
