"""Pure HTML for a case: the social card, the knowledge base, the character counter.

Everything a customer, a scenario file or a trainee wrote goes through `esc` (html.escape),
never into markup as is. These functions return strings so tests can check them without a
browser; the widgets only place the strings into ipywidgets.HTML.
"""

from __future__ import annotations

import hashlib
from html import escape

from scenarios import Case, Fact
from simulator.formatting import format_value
from simulator.widgets.strings import text

NEAR_LIMIT_SHARE = 0.9  # the counter turns amber at 90 % of the channel's limit
CHANNEL_MARKS = {"twitter": "𝕏", "facebook": "f", "instagram": "◎"}

STYLESHEET = """
<style>
.rl-root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14px; }
.rl-card, .rl-kb, .rl-feedback, .rl-notice, .rl-progress-text { line-height: 1.4; }
.rl-card { max-width: 540px; padding: 12px 14px; margin: 4px 12px 4px 0;
  border: 1px solid #cfd9de; background: #fff; color: #0f1419; }
.rl-twitter { border-radius: 16px; }
.rl-facebook { border-radius: 8px; background: #f0f2f5; border-color: #dddfe2; }
.rl-facebook .rl-text { background: #fff; border-radius: 18px; padding: 8px 12px; }
.rl-instagram { border-radius: 12px; border: 2px solid #d62976; }
.rl-head { display: flex; align-items: center; gap: 10px; }
.rl-avatar { width: 40px; height: 40px; border-radius: 50%; color: #fff; font-weight: 700;
  display: flex; align-items: center; justify-content: center; flex: none; }
.rl-facebook .rl-avatar { border-radius: 8px; }
.rl-who { flex: 1; line-height: 1.25; }
.rl-name { font-weight: 700; }
.rl-handle, .rl-meta { color: #536471; }
.rl-facebook .rl-name { color: #1877f2; }
.rl-channel { font-weight: 700; font-size: 18px; color: #536471; }
.rl-facebook .rl-channel { color: #1877f2; }
.rl-text { margin: 8px 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; }
.rl-thread { border-left: 3px solid #cfd9de; margin: 8px 0; padding-left: 8px; color: #536471; }
.rl-thread p { margin: 2px 0; white-space: pre-wrap; }
.rl-kb { box-sizing: border-box; min-width: 300px; max-width: 440px; padding: 8px 12px;
  border: 1px solid #ddd; border-radius: 8px; background: #fafafa; color: #222; }
.rl-kb h4 { margin: 4px 0; }
/* Fixed columns: a label gets 38 %, the value the rest. Text wraps between words; a word wider
   than its column (a URL) breaks only then, never "signalf / eil" mid-word in a short one. */
.rl-kb table { border-collapse: collapse; table-layout: fixed; width: 100%; }
.rl-kb th, .rl-kb td { vertical-align: top; overflow-wrap: break-word; word-break: normal;
  hyphens: manual; }
.rl-kb th { width: 38%; text-align: left; font-weight: 400; padding: 2px 10px 2px 0; }
.rl-kb td { font-weight: 600; padding: 2px 6px 2px 0; }
.rl-kb td.rl-mark { width: 6.5em; padding-right: 0; }
.rl-required th::after { content: " *"; color: #b00020; }
.rl-badge { white-space: nowrap; font-size: 11px; color: #b00020; border: 1px solid #b00020;
  border-radius: 6px; padding: 0 4px; font-weight: 400; }
.rl-counter { font-variant-numeric: tabular-nums; }
.rl-counter.rl-near { color: #b26a00; font-weight: 700; }
.rl-counter.rl-over { color: #c62828; font-weight: 700; }
.rl-feedback { max-width: 720px; padding: 8px 12px; border: 1px solid #ddd; border-radius: 8px; }
.rl-total { font-size: 28px; font-weight: 700; }
.rl-bar-row { display: flex; align-items: center; gap: 8px; margin: 2px 0; }
.rl-bar-label { width: 90px; }
.rl-bar { width: 240px; height: 12px; background: #eee; border-radius: 6px; overflow: hidden; }
.rl-bar > span { display: block; height: 100%; }
.rl-finding { margin: 8px 0; padding: 6px 8px; border-left: 4px solid #b26a00;
  background: #fffaf0; }
.rl-finding.rl-good { border-left-color: #2e7d32; background: #f3faf3; }
.rl-quote { white-space: pre-wrap; overflow-wrap: anywhere; color: #333; }
.rl-quote mark { background: #ffe082; }
.rl-tip { color: #444; font-style: italic; }
.rl-done-well { margin: 8px 0; padding: 4px 8px; border-left: 4px solid #2e7d32;
  background: #f3faf3; }
.rl-done-well summary { cursor: pointer; }
.rl-done-well ul { margin: 4px 0; padding-left: 20px; color: #444; }
.rl-note { color: #536471; }
.rl-sla-ok { color: #2e7d32; } .rl-sla-amber { color: #b26a00; font-weight: 700; }
.rl-sla-red { color: #c62828; font-weight: 700; }
</style>
"""


def esc(value: object) -> str:
    """Text for HTML: every <, >, &, quote escaped. The only way user text enters markup."""
    return escape(str(value), quote=True)


def initials(name: str) -> str:
    parts = [part for part in name.split() if part[:1].isalpha()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:1].upper()
    return (parts[0][:1] + parts[-1][:1]).upper()


def avatar_colour(handle: str) -> str:
    """A stable colour per handle, so the same customer looks the same on every card."""
    hue = int(hashlib.sha256(handle.encode("utf-8")).hexdigest()[:4], 16) % 360
    return f"hsl({hue}, 45%, 42%)"


def relative_age(age_s: float, locale: str) -> str:
    """'12 min ago' in the locale's words; under a minute is 'just now'."""
    minutes = int(max(age_s, 0) // 60)
    if minutes < 1:
        return text(locale, "just_now")
    if minutes < 60:
        return text(locale, "minutes_ago", n=minutes)
    if minutes < 24 * 60:
        return text(locale, "hours_ago", n=minutes // 60)
    return text(locale, "days_ago", n=minutes // (24 * 60))


def card_html(case: Case, age_s: float) -> str:
    """The post drawn as a card of its channel; `age_s` is its age on the simulated clock."""
    locale = case.locale
    customer = case.customer
    followers = text(locale, "followers", n=format_value(customer.followers, locale))
    thread = ""
    if case.thread:
        earlier = "".join(
            f'<p><b>@{esc(post.author)}</b>: {esc(post.text)}</p>' for post in case.thread
        )
        thread = (
            f'<div class="rl-thread" title="{esc(text(locale, "earlier_in_thread"))}">'
            f"{earlier}</div>"
        )
    mark = CHANNEL_MARKS.get(case.channel, "")
    return (
        f'<div class="rl-card rl-{esc(case.channel)}" data-case-id="{esc(case.id)}">'
        '<div class="rl-head">'
        f'<div class="rl-avatar" style="background:{avatar_colour(customer.handle)}">'
        f"{esc(initials(customer.name))}</div>"
        f'<div class="rl-who"><span class="rl-name">{esc(customer.name)}</span> '
        f'<span class="rl-handle">@{esc(customer.handle)}</span>'
        f'<div class="rl-meta">{esc(followers)} · {esc(relative_age(age_s, locale))}</div></div>'
        f'<div class="rl-channel" title="{esc(case.channel)}">{mark}</div>'
        "</div>"
        f"{thread}"
        f'<div class="rl-text">{esc(case.post.text)}</div>'
        "</div>"
    )


def fact_value(fact: Fact, locale: str) -> str:
    value = format_value(fact.value, locale)
    if fact.kind == "percent":
        return f"{value} %"
    if not fact.unit:
        return value
    unit = text(locale, f"unit_{fact.unit}")  # a currency code has no entry and stays as it is
    return f"{value} {fact.unit if unit == f'unit_{fact.unit}' else unit}"


def knowledge_html(case: Case) -> str:
    """The knowledge base beside the card: facts (required ones marked) and policies."""
    locale = case.locale
    badge = f'<span class="rl-badge">{esc(text(locale, "required"))}</span>'
    rows = "".join(
        f'<tr class="{"rl-required" if fact.required else "rl-optional"}" '
        f'data-fact-id="{esc(fact.id)}"><th>{esc(fact.label)}</th>'
        f'<td class="rl-value">{esc(fact_value(fact, locale))}</td>'
        f'<td class="rl-mark">{badge if fact.required else ""}</td></tr>'
        for fact in case.facts
    )
    policies = ""
    if case.policies:
        items = "".join(
            f'<li data-policy-id="{esc(policy.id)}">{esc(policy.text)}</li>'
            for policy in case.policies
        )
        policies = f"<h4>{esc(text(locale, 'policies'))}</h4><ul>{items}</ul>"
    return (
        f'<div class="rl-kb"><h4>{esc(text(locale, "knowledge_base"))} · '
        f"{esc(case.brand.name)} (@{esc(case.brand.handle)})</h4>"
        f"<table>{rows}</table>{policies}</div>"
    )


def counter_state(length: int, limit: int) -> str:
    """'ok', 'near' (from 90 % of the limit) or 'over'."""
    if length > limit:
        return "over"
    if length >= NEAR_LIMIT_SHARE * limit:
        return "near"
    return "ok"


def counter_html(reply: str, limit: int, locale: str) -> str:
    """The live counter under the reply box; amber near the limit, red over it."""
    length = len(reply)
    state = counter_state(length, limit)
    label = text(locale, "characters", n=length, limit=limit)
    if state == "over":
        label += " · " + text(locale, "over_limit", n=length - limit)
    return f'<span class="rl-counter rl-{state}" data-state="{state}">{esc(label)}</span>'
