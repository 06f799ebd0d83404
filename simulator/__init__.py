"""Seeded generation of cases, simulated shifts, notebook widgets and the `replylab` CLI."""

from simulator.generate import generate
from simulator.shift import Arrival, shift

__all__ = ["Arrival", "generate", "shift"]
