"""The instructor's pages: the control page and the projector page, and their script and style.

The HTML holds no data at all; the script fetches JSON and builds every element with
`textContent`, so a name or a reply such as `<img src=x onerror=...>` shows as the text it is.
The key travels in the address's fragment (`#key=...`), which the browser never sends to a
server or puts in a Referer; the script reads it and sends it as a header.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from simulator.workshop.errors import ApiError
from simulator.workshop.hub_service import HubService, state_cookie

STATIC = Path(__file__).resolve().parent / "static"
FILES = {"workshop.js": "text/javascript", "drill.js": "text/javascript",
         "workshop.css": "text/css"}

TRAINEE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>replylab workshop</title><link rel="stylesheet" href="/static/workshop.css"></head>
<body><main><h1>replylab workshop</h1>
<p>Join from your notebook: <code>from simulator import workshop</code>, then
<code>workshop.join("CODE", name="Your name", url="this address")</code>.</p></main></body></html>
"""


HUB_TRAINEE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>replylab workshop</title><link rel="stylesheet" href="static/workshop.css"></head>
<body><main><h1>replylab workshop</h1>
<p>Join from a notebook on this hub: <code>from simulator import workshop</code>, then
<code>workshop.join()</code>. The hub tells the workshop who you are.</p>
<p>Instructors: <a href="control">control page</a> · <a href="projector">projector</a></p>
</main></body></html>
"""


async def trainee_page(request: Request) -> Response:
    on_hub = request.app.state.hub_service is not None
    return HTMLResponse(HUB_TRAINEE_PAGE if on_hub else TRAINEE_PAGE)


async def hub_login(request: Request) -> Response:
    """Send the instructor's browser to the hub's OAuth, remembering the state in a cookie."""
    service: HubService = request.app.state.hub_service
    page = request.query_params.get("next", "control")
    url, state = service.login_redirect(page)
    response = RedirectResponse(url, status_code=302)
    response.set_cookie(state_cookie(page), state, max_age=600, path=service.prefix,
                        httponly=True, samesite="lax", secure=_https(request))  # fmt: skip
    return response


async def hub_callback(request: Request) -> Response:
    """Back from the hub: check the state, trade the code for a token, and open the page with
    the token in the fragment (never sent to a server), where the instructor key goes."""
    service: HubService = request.app.state.hub_service
    query = request.query_params
    if query.get("error"):  # the user said no at the hub, or the hub refused this service
        raise ApiError(403, "oauth_refused", f"JupyterHub did not log you in here "
                       f"({query.get('error')}); ask the hub's admin")  # fmt: skip
    state = query.get("state", "")
    cookie = state_cookie(service.page_of_state(state))
    next_url, token = await service.finish_login(query.get("code", ""), state,
                                                 request.cookies.get(cookie, ""))
    response = RedirectResponse(f"{next_url}#key={quote(token, safe='')}", status_code=302)
    response.delete_cookie(cookie, path=service.prefix)
    return response


def _https(request: Request) -> bool:
    """Behind the hub's proxy (which appends to X-Forwarded-Proto) the first value counts."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    return (forwarded or request.url.scheme) == "https"


async def control_page(_request: Request) -> Response:
    return FileResponse(STATIC / "control.html", media_type="text/html")


async def projector_page(_request: Request) -> Response:
    return FileResponse(STATIC / "projector.html", media_type="text/html")


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in FILES:
        raise ApiError(404, "not_found", f"no file '{name}'")
    return FileResponse(STATIC / name, media_type=FILES[name])


hub_routes = [
    Route("/login", hub_login),
    Route("/oauth_callback", hub_callback),
]

routes = [
    Route("/", trainee_page),
    Route("/control", control_page),
    Route("/projector", projector_page),
    Route("/static/{name}", static),
]
