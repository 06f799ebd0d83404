"""Join codes, the instructor key, trainee tokens and the join rate limit.

A join code is what a room sees on the projector, so it must be short to type yet not
guessable: 8 characters from 31 unambiguous ones (no 0/O, 1/I/L) are 8.5e11 codes, and with
at most `WRONG_CODES_PER_MINUTE` wrong guesses per address a guesser needs millennia. The key
and tokens are 256-bit secrets; only their SHA-256 is stored (a fast hash is right for random
secrets of that size: there is nothing to brute-force), and they are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
WRONG_CODES_PER_MINUTE = 10
JOINS_PER_MINUTE = 600  # per address: a whole room behind one NAT joins at once


def new_code() -> str:
    """A join code such as "K7QX-M2PA" (the dash is for reading; it is ignored on input)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """What a trainee typed, as stored: upper case, with the dash where it belongs."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH:
        return cleaned
    return f"{cleaned[:4]}-{cleaned[4:]}"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_id() -> str:
    return secrets.token_hex(8)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def matches(secret: str, stored_digest: str) -> bool:
    """Constant-time: the time taken says nothing about how much of the secret was right."""
    return hmac.compare_digest(digest(secret), stored_digest)


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimit:
    """A token bucket per key (an address): `per_minute` allowed, refilled continuously."""

    per_minute: float
    buckets: dict[str, _Bucket] = field(default_factory=dict)

    def allow(self, key: str, now: float | None = None) -> float:
        """0 if allowed (and counted), else the seconds to wait before the next try."""
        now = time.monotonic() if now is None else now
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = _Bucket(self.per_minute, now)
        rate = self.per_minute / 60.0
        bucket.tokens = min(self.per_minute, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        if len(self.buckets) > 10_000:  # forget idle addresses rather than grow without end
            self.buckets = {k: b for k, b in self.buckets.items() if now - b.updated < 120}
        return (1 - bucket.tokens) / rate
