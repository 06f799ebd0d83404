"""Plain-text rendering of a case for the terminal (the CLI without --json)."""

from __future__ import annotations

from scenarios import Case


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
        lines.append(f"   {star} {fact.label}: {fact.value}{unit}")
    for policy in case.policies:
        lines.append(f"   ! {policy.text}")
    lines.append(f"  expected action: {case.expected_action}")
    return "\n".join(lines) + "\n"
