"""Instructor-led workshops (issue 12): a server that runs rounds for a room and grades every
reply itself, the instructor's control and projector pages, and the trainee's notebook client.

    replylab workshop serve                 # the instructor, in a terminal
    from simulator import workshop          # a trainee, in a notebook
    session = workshop.join("K7QX-M2PA", name="Anna", url="http://10.0.0.5:8765")
    session = workshop.join()               # on a JupyterHub: the hub says who you are

Layout: `db` (tables, engine, migrations) and `writer` (the one batching writer) store;
`model` and `hub` hold the workshop and its rules; `trainee_api`, `control_api`, `pages` and
`app` serve it; `serve` is the command; `client` is the notebook side. On a JupyterHub,
`hub_service` checks the hub's tokens, `hub_config` prints the hub's config lines and
`hub_launch` starts a real hub for the tests and the bench. The server imports
`grading` and `scenarios`; nothing there imports this package.
"""

from __future__ import annotations

from typing import Any

__all__ = ["join"]


def join(code: str | None = None, name: str | None = None, url: str | None = None,
         **kwargs: Any) -> Any:  # fmt: skip
    """Join a workshop from a notebook (see simulator.workshop.client.join); on a JupyterHub
    with no code and no name."""
    from simulator.workshop.client import join as _join

    return _join(code, name=name, url=url, **kwargs)
