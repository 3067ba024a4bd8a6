"""A CJIT case system on loopback for the delivery tests: a real HTTP server, faults on demand.

It stores each handover once per Idempotency-Key (as a real idempotent API would) and counts
every request it receives, so tests can say "delivered exactly once" from the server's side.
Modes: ok, 500, slow (answers after SLOW_S), malformed (2xx, broken JSON), echo-422 (refuses,
echoing what it was sent). `stop()` refuses connections until `start()` again.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SLOW_S = 0.6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CjitPeer:
    """A CJIT case system: stores each handover once per Idempotency-Key, counts every request."""

    def __init__(self) -> None:
        self.port = free_port()
        self.server = HTTPServer("127.0.0.1", self.port, threaded=True)
        self.server.expect_request("/handovers", method="POST").respond_with_handler(self._handle)
        self.mode = "ok"
        self.requests: list[tuple[str | None, dict]] = []
        self.stored: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _store(self, key: str | None, body: dict) -> str:
        with self._lock:
            self.requests.append((key, body))
            if key is None:
                return ""
            return self.stored.setdefault(key, f"CJIT-{len(self.stored) + 1}")

    def _handle(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key")
        body = json.loads(request.get_data(as_text=True))
        if self.mode == "500":
            with self._lock:
                self.requests.append((key, body))
            return Response("internal error", status=500)
        if self.mode == "echo-422":
            with self._lock:
                self.requests.append((key, body))
            return Response(json.dumps({"detail": body}), status=422)
        reference = self._store(key, body)  # slow and malformed peers did take it in
        if self.mode == "slow":
            time.sleep(SLOW_S)
        if self.mode == "malformed":
            return Response('{"reference": ', status=201, content_type="application/json")
        return Response(json.dumps({"reference": reference}), status=201)

    def sent(self) -> Counter[str | None]:
        return Counter(key for key, _ in self.requests)

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()
