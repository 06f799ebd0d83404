"""The instructor's pages: the control page and the projector page, and their script and style.

The HTML holds no data at all; the script fetches JSON and builds every element with
`textContent`, so a name or a reply such as `<img src=x onerror=...>` shows as the text it is.
The key travels in the address's fragment (`#key=...`), which the browser never sends to a
server or puts in a Referer; the script reads it and sends it as a header.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from simulator.workshop.errors import ApiError

STATIC = Path(__file__).resolve().parent / "static"
FILES = {"workshop.js": "text/javascript", "workshop.css": "text/css"}

TRAINEE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>replylab workshop</title><link rel="stylesheet" href="/static/workshop.css"></head>
<body><main><h1>replylab workshop</h1>
<p>Join from your notebook: <code>from simulator import workshop</code>, then
<code>workshop.join("CODE", name="Your name", url="this address")</code>.</p></main></body></html>
"""


async def trainee_page(_request: Request) -> Response:
    return HTMLResponse(TRAINEE_PAGE)


async def control_page(_request: Request) -> Response:
    return FileResponse(STATIC / "control.html", media_type="text/html")


async def projector_page(_request: Request) -> Response:
    return FileResponse(STATIC / "projector.html", media_type="text/html")


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in FILES:
        raise ApiError(404, "not_found", f"no file '{name}'")
    return FileResponse(STATIC / name, media_type=FILES[name])


routes = [
    Route("/", trainee_page),
    Route("/control", control_page),
    Route("/projector", projector_page),
    Route("/static/{name}", static),
]
