"""A real HTTP server on loopback with faults on demand, the base of every stand-in.

Each request is counted and kept (method, path, query and body: `received`) on the server's side
before anything else happens, so a test can say "sent exactly once" from the receiving end, or
read everything that was sent. Faults, switched by the test at any moment:

    go_down()        connections are refused until come_back()
    answer_slowly()  answers (correctly) after `slow_s` seconds, beyond a client's read timeout
    fail_with(500)   every request answers that status, with the stand-in's error body
    rate_limit(n)    every request answers 429, with `Retry-After: n` (None: no header)
    garble(s, text)  every request answers status s with this body (e.g. 2xx, not JSON)
    back_to_normal() answers as the real service would

Subclasses register routes `(method, path regex) -> handler(request, match) -> Response` and
give the error body of their service.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SLOW_S = 3.0  # longer than the read timeout the tests give their clients (1 s: a loaded machine)

Handler = Callable[[Request, re.Match[str]], Response]


@dataclass(frozen=True)
class Received:
    """One request as it arrived (faults included)."""

    method: str
    path: str
    query: str
    body: str


class _QuickStoppingServer(HTTPServer):
    """Stops in ~20 ms instead of up to 0.5 s (werkzeug's default poll interval)."""

    def thread_target(self) -> None:
        assert self.server is not None
        self.server.serve_forever(poll_interval=0.02)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StandIn:
    def __init__(self) -> None:
        self.port = free_port()
        self.server = _QuickStoppingServer("127.0.0.1", self.port, threaded=True)
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.hits: Counter[str] = Counter()  # "METHOD /path" -> requests received
        self.received: list[Received] = []
        self.fault: tuple[str, int | None] | None = None
        self.slow_s = SLOW_S
        self.garbled_body = ""
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(pattern), handler))

    def requests_to(self, method: str, path: str) -> int:
        return self.hits[f"{method} {path}"]

    @property
    def request_count(self) -> int:
        return sum(self.hits.values())

    # -- faults ---------------------------------------------------------------------------------

    def go_down(self) -> None:
        if self.server.is_running():
            self.server.stop()

    def come_back(self) -> None:
        if not self.server.is_running():
            self.server.start()

    def answer_slowly(self, seconds: float = SLOW_S) -> None:
        self.slow_s, self.fault = seconds, ("slow", None)

    def fail_with(self, status: int = 500) -> None:
        self.fault = ("status", status)

    def rate_limit(self, retry_after: int | None = 30) -> None:
        self.fault = ("429", retry_after)

    def garble(self, status: int = 200, body: str = '{"id": ') -> None:
        self.garbled_body, self.fault = body, ("garbled", status)

    def back_to_normal(self) -> None:
        self.fault = None

    # -- serving --------------------------------------------------------------------------------

    def error_response(self, status: int) -> Response:
        """The service's own error body for a status; subclasses shape it like the real one."""
        return Response(f"error {status}", status=status)

    def _dispatch(self, request: Request) -> Response:
        seen = Received(
            request.method,
            request.path,
            request.query_string.decode(),
            request.get_data(as_text=True),
        )
        with self._lock:
            self.hits[f"{request.method} {request.path}"] += 1
            self.received.append(seen)
            fault = self.fault
        if fault is not None and fault[0] == "status":
            return self.error_response(fault[1] or 500)
        if fault is not None and fault[0] == "429":
            response = self.error_response(429)
            if fault[1] is not None:
                response.headers["Retry-After"] = str(fault[1])
            return response
        if fault is not None and fault[0] == "garbled":
            return Response(self.garbled_body, status=fault[1], content_type="application/json")
        if fault is not None and fault[0] == "slow":
            time.sleep(self.slow_s)
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(request.path)
            if match and method == request.method:
                return handler(request, match)
        return self.error_response(404)

    def start(self) -> None:
        self.come_back()

    def stop(self) -> None:
        self.go_down()
