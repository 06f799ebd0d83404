"""Links and addresses in a reply: web addresses (with or without https://), e-mail addresses.
Found before numbers (a link's digits are not values) and by the privacy and gaming checks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from grading.model import Span

URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+|(?<![\w@.])[\w-]+(?:\.[\w-]+)*\.(?:se|no|com|org|net|uk|io|nu|eu|"
    r"example|dk|fi|de|app)(?:/[^\s<>\"]*)?(?!\w)|(?<![\w@.])[\w-]+(?:\.[a-z]{2,})+/[^\s<>\"]*",
    re.IGNORECASE,
)
# A dot that may belong to a domain: only then is the URL regex run (a word character before it
# is checked in Python; a pattern starting with the literal dot is searched fast).
DOMAIN_DOT = re.compile(r"\.(?:se|no|com|org|net|uk|io|nu|eu|example|dk|fi|de|app)\b|\.[a-z]{2,}/",
                        re.IGNORECASE)
EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
EMAIL_LOCAL = re.compile(r"[\w.+-]{1,64}$")


def normalise_url(url: str) -> str:
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower())
    return url.rstrip("/")


def find_emails(text: str) -> list[Span]:
    """E-mail addresses, found from each '@' outwards (linear even in hostile input)."""
    out = []
    for m in EMAIL_DOMAIN.finditer(text):
        local = EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
        if local:
            out.append((local.start(), m.end()))
    return out


def may_have_link(text: str) -> bool:
    """Whether the text may hold a web address ('https://', 'www.' or a domain): only then
    are links looked for, or masked."""
    return "://" in text or "www." in text or _domain_hint(text)


@lru_cache(maxsize=8)  # asked of the same reply by the value extractor and gaming
def _domain_hint(text: str) -> bool:
    """A word character, a dot and a top-level domain ('example.com', 'x.se/')."""
    for m in DOMAIN_DOT.finditer(text):
        at = m.start()
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            return True
    return False


