"""Clear JSON errors for every bad request, and reading a JSON body within a size limit.

Every error a client can cause is answered `{"error": <code>, "message": <sentence>}` with a
4xx status; an unexpected failure is logged and answered 500 with no traceback, so nothing of
the server's insides reaches a trainee's screen.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

log = logging.getLogger("replylab.workshop")
MAX_BODY_BYTES = 64 * 1024


class ApiError(Exception):
    """A request the server refuses, with the status and a message naming the problem."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    headers = {}
    if "retry_after_s" in extra:
        headers["Retry-After"] = str(max(1, int(extra["retry_after_s"] + 0.999)))
    return JSONResponse({"error": code, "message": message, **extra}, status, headers=headers)


async def api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, **exc.extra)


async def http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    code = codes.get(exc.status_code, "http_error")
    message = {404: "no such address on this server", 405: "this address does not take that "
               "method"}.get(exc.status_code, str(exc.detail))  # fmt: skip
    return error_response(exc.status_code, code, message)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "server_error", "the server failed on this request; see its log")


async def read_json(request: Request, limit: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """The request's JSON object, or an ApiError saying why not (too big, not JSON, not {})."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"the request body is over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise ApiError(413, "too_large", f"the request body is over {limit} bytes")
    if not body:
        return {}
    try:
        data = json.loads(bytes(body).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", "the body must be a JSON object ({...})")
    return data


def field(data: dict[str, Any], name: str, kind: type, *, default: Any = ...) -> Any:
    """`data[name]` if it has the right type; a 400 naming the field otherwise."""
    if name not in data or data[name] is None:
        if default is ...:
            raise ApiError(400, "missing_field", f"'{name}' is required", field=name)
        return default
    value = data[name]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, kind) or (kind in (int, float) and isinstance(value, bool)):
        raise ApiError(400, "bad_field", f"'{name}' must be {kind.__name__}", field=name)
    if isinstance(value, str):
        check_text(value, name)
    return value


def check_text(value: str, name: str) -> None:
    """Text a database can keep: PostgreSQL refuses NUL, and a lone surrogate ("\ud800" is
    valid JSON) is not UTF-8, so either would fail only at the commit."""
    if "\x00" in value:
        raise ApiError(400, "bad_text", f"'{name}' contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, "bad_text", f"'{name}' is not valid Unicode text") from None
