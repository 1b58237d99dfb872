"""A fake OpenAI-compatible chat completions server on loopback, for the generative reader's
contract tests: it answers `POST /v1/chat/completions` with what a test's `reply` function makes of
the request (the passages it was sent are in `passages`), after `delay` seconds, or with `status`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

Reply = Callable[[list[str]], str]

_PASSAGE = re.compile(r"^\[(\d+)\][^\n]*\n(.*?)(?=\n\n\[\d+\]|\n\nQuestion: )", re.S | re.M)


def passages(prompt: str) -> list[str]:
    """The passages' texts in the order the prompt numbers them."""
    return [match.group(2) for match in _PASSAGE.finditer(prompt)]


class FakeLLM:
    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.delay = 0.0
        self.status = 200
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> Self:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                fake.requests.append(body)
                fake.headers.append(dict(self.headers))
                time.sleep(fake.delay)
                answer: dict[str, Any]
                if self.path != "/v1/chat/completions":
                    answer, status = {"error": "not found"}, 404
                elif fake.status != 200:
                    answer, status = {"error": {"message": "boom"}}, fake.status
                else:
                    content = fake.reply(passages(body["messages"][-1]["content"]))
                    answer, status = _completion(body["model"], content), 200
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting: that is what a slow server test is about

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
