"""Instructor-led workshops (issue 12): a server that runs rounds for a room and grades every
reply itself, the instructor's control and projector pages, and the trainee's notebook client.

    replylab workshop serve                 # the instructor, in a terminal
    from simulator import workshop          # a trainee, in a notebook
    session = workshop.join("K7QX-M2PA", name="Anna", url="http://10.0.0.5:8765")
    session = workshop.join()               # on a JupyterHub: the hub says who you are
    desk = session.drill()                  # the room's crisis drill, on the room's clock

Layout: `db` (tables, engine, migrations) and `writer` (the one batching writer) store;
`model` and `hub` hold the workshop and its rules; `trainee_api`, `control_api`, `pages` and
`app` serve it; `serve` is the command; `client` is the notebook side. A crisis drill run
live for the room: `drill_clock`, `drill_feed`, `drill_hub` and `drill_api` on the server,
`drill_client` and `drill_widget` in the notebook. On a JupyterHub,
`hub_service` checks the hub's tokens, `hub_config` prints the hub's config lines and
`hub_launch` starts a real hub for the tests and the bench. The server imports
`grading` and `scenarios`; nothing there imports this package.
"""

from __future__ import annotations

from typing import Any

__all__ = ["drill", "join"]


def join(code: str | None = None, name: str | None = None, url: str | None = None,
         **kwargs: Any) -> Any:  # fmt: skip
    """Join a workshop from a notebook (see simulator.workshop.client.join); on a JupyterHub
    with no code and no name."""
    from simulator.workshop.client import join as _join

    return _join(code, name=name, url=url, **kwargs)


def drill(code: str | None = None, name: str | None = None, url: str | None = None, *,
          locale: str | None = None, **kwargs: Any) -> Any:  # fmt: skip
    """Join the workshop (as `join`) and open the room's crisis drill as a drill desk."""
    return join(code, name=name, url=url, locale=locale, **kwargs).drill(locale)
