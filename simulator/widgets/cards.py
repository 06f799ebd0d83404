"""Pure HTML for a case: the social card, the knowledge base, the character counter.

Everything a customer, a scenario file or a trainee wrote goes through `esc` (html.escape),
never into markup as is. These functions return strings so tests can check them without a
browser; the widgets only place the strings into ipywidgets.HTML.
"""

from __future__ import annotations

import hashlib
from datetime import date
from html import escape

from scenarios import Case, Fact
from simulator.formatting import display_date, format_value
from simulator.widgets.strings import plural, text

NEAR_LIMIT_SHARE = 0.9  # the counter turns amber at 90 % of the channel's limit
CHANNEL_MARKS = {"twitter": "𝕏", "facebook": "f", "instagram": "◎"}
# The customer's own numbers in a knowledge base (the privacy-trap family): a course about not
# exposing them shows only their last digits, as a customer record on a care desk does.
MASKED_FACT_IDS = frozenset({"card_no", "id_no", "account_no"})
MASK_KEEP_DIGITS = 4



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


def masked(value: str, keep: int = MASK_KEEP_DIGITS) -> str:
    """Every digit but the last `keep` as "•", separators kept: "•••• •••• •••• 4300"."""
    total = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else "•")
        else:
            out.append(ch)
    return "".join(out)


def fact_value(fact: Fact, locale: str) -> str:
    """A fact as a reply should say it: dates as "13 March" / "13 mars" / "13. mars", never
    ISO; numbers grouped the local way; a unit in the locale's words."""
    if fact.id in MASKED_FACT_IDS:
        return masked(str(fact.value))
    if fact.kind == "date":
        try:
            return display_date(date.fromisoformat(str(fact.value)), locale)
        except ValueError:
            return str(fact.value)
    value = format_value(fact.value, locale)
    if fact.kind == "percent":
        return f"{value} %"
    if not fact.unit:
        return value
    unit = text(locale, f"unit_{fact.unit}")  # a currency code has no entry and stays as it is
    return f"{value} {fact.unit if unit == f'unit_{fact.unit}' else unit}"


def fact_row(fact: Fact, locale: str, *, required_key: str = "required",
             changed: bool = False) -> str:
    """One fact: label, value and, once, the mark that it must be in the reply (or the post);
    in a drill, a mark on what the last update changed."""
    badge = f' <span class="rl-badge">{esc(text(locale, required_key))}</span>'
    hidden = (
        f'<span class="rl-masked">{esc(text(locale, "masked"))}</span>'
        if fact.id in MASKED_FACT_IDS
        else ""
    )
    new = (f' <span class="rl-badge rl-changed">{esc(text(locale, "drill_changed"))}</span>'
           if changed else "")
    return (
        f'<tr class="{"rl-required" if fact.required else "rl-optional"}" '
        f'data-fact-id="{esc(fact.id)}"><th>{esc(fact.label)}</th>'
        f'<td class="rl-value">{esc(fact_value(fact, locale))}'
        f'{badge if fact.required else ""}{new}{hidden}</td></tr>'
    )


def knowledge_html(case: Case, *, required_key: str = "required",
                   changed: frozenset[str] = frozenset()) -> str:
    """The knowledge base beside the card: facts (required ones marked once) and policies.
    `required_key` names the mark (a post's facts "must be in the post"); `changed` lists the
    facts a drill's update changed or added."""
    locale = case.locale
    rows = "".join(fact_row(fact, locale, required_key=required_key, changed=fact.id in changed)
                   for fact in case.facts)
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
        label += " · " + plural(locale, "over_limit", length - limit)
    return f'<span class="rl-counter rl-{state}" data-state="{state}">{esc(label)}</span>'
