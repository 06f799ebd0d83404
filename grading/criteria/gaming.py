"""Gaming: one penalty per pattern that games the grader (stuffing, a copy of the post, a reply
too short to be one); the patterns are found in the reading (reading/stuffing.py), where tone's
credits also ask whether they are blocked."""

from __future__ import annotations

from grading.model import Finding
from grading.reading.context import Context
from grading.reading.stuffing import SEVERE


def gaming(ctx: Context) -> list[Finding]:
    """One penalty per gaming pattern, pointing at the stuffed, copied or repeated words."""
    return [
        ctx.finding(f"tone.{'too_short' if name == 'tiny' else name}", -ctx.penalty(name), spans,
                    severe=name in SEVERE)
        for name, spans in ctx.stuffing.items()
    ]


CRITERIA = [gaming]
