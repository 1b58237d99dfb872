"""A fake of Slack's Web API, served over real HTTP on loopback, for end-to-end tests.

Why a real server rather than mocks: `AsyncWebClient` talks through aiohttp (httpx mocks never see
it), retries go through slack-sdk's own retry handlers, and bot subprocesses started by a test can
reach it too (pass `fake.base_url` as `AsyncWebClient(base_url=...)` or `SLACK_API_URL`). It runs
`ThreadingHTTPServer` in a daemon thread, so sync tests, async tests and several processes can
share one instance.

Every request is recorded as a `Call`; answers are Slack-shaped JSON. Faults (HTTP 5xx / 429 with
`Retry-After`) are injected deterministically with `fail()`, and `latency` slows every answer.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

TEAM_ID = "T0001"
TEAM_NAME = "Test Team"
TEAM_URL = "https://test-team.slack.com/"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0001"
APP_ID = "A0001"

# slack-sdk sends these as JSON strings when it form-encodes a call; decode them so that tests
# inspect blocks as Python objects whichever encoding the client chose.
_JSON_FIELDS = frozenset({"blocks", "view", "attachments", "files", "metadata"})


@dataclass
class Call:
    """One request the fake received: a Web API method, `response_url:<name>`, `upload:<id>` or
    `download:<id>` (a shared file fetched from its url_private)."""

    method: str
    params: dict[str, Any]
    token: str | None = None
    at: float = field(default_factory=time.time)
    faulted: bool = False


Reply = dict[str, Any] | Callable[[Call], dict[str, Any]]


@dataclass(frozen=True)
class Upload:
    """A file that went through all three steps of `files_upload_v2`."""

    file_id: str
    filename: str
    title: str
    channels: tuple[str, ...]
    content: bytes
    initial_comment: str | None = None
    thread_ts: str | None = None

    @property
    def channel(self) -> str | None:
        return self.channels[0] if self.channels else None

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


@dataclass
class _Fault:
    method: str | None
    every: int
    status: int
    retry_after: int | None
    times: int | None
    seen: int = 0
    fired: int = 0


@dataclass
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str]


def _json_answer(payload: dict[str, Any], status: int = 200) -> _Answer:
    body = json.dumps(payload).encode()
    return _Answer(status, body, {"Content-Type": "application/json; charset=utf-8"})


def _text_answer(text: str, status: int = 200) -> _Answer:
    # slack-sdk reads upload answers as text only when the content type is text/plain.
    return _Answer(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})


def _parse_params(query: str, content_type: str, raw: bytes) -> dict[str, Any]:
    """Merge query string and body (JSON or form): slack-sdk puts GET-style args in the query."""
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if raw and "json" in content_type:
        with contextlib.suppress(ValueError):  # a broken body is recorded with no params
            body = json.loads(raw)
            params.update(body if isinstance(body, dict) else {})
    elif raw and "x-www-form-urlencoded" in content_type:
        params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    for key in _JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            # On a malformed value keep what was sent: a test may be checking exactly that.
            with contextlib.suppress(json.JSONDecodeError):
                params[key] = json.loads(params[key])
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hung client must never keep pytest alive
    # Slack takes a burst of connections; with socketserver's backlog of 5, the sixth waited a
    # second for its connection to be retried, which made a burst of sends look slow.
    request_queue_size = 128

    def __init__(self, fake: FakeSlack) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up on a late answer (as a test means it to) is no error of ours.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def _handle(self) -> None:
        url = urlsplit(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            answer = self.server.fake._answer(url.path, url.query, self.headers, raw)
        except Exception as exc:
            # A bug in the fake must show up as a readable error, not a dropped connection.
            answer = _json_answer({"ok": False, "error": f"fake_slack_bug: {exc!r}"}, 500)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)


class FakeSlack:
    """Fake Slack Web API on `http://127.0.0.1:<random port>/api/`. Use as a context manager."""

    def __init__(self, first_ts: str | None = None) -> None:
        # Configuration tests may change at any time.
        self.users: dict[str, dict[str, Any]] = {}
        self.channel_members: dict[str, list[str]] = {}
        self.usergroup_users: dict[str, list[str]] = {}
        self.channels: dict[str, dict[str, Any]] = {}  # conversations.info overrides
        self.invalid_tokens: set[str] = set()  # well-formed tokens to treat as revoked
        self.latency = 0.0
        # Seconds to hold an answer *after* handling the call, per method (or `response_url:NAME`):
        # Slack has the message, the client times out waiting (a slow Slack, a dropped answer).
        self.late_answers: dict[str, float] = {}
        # Messages as Slack keeps them, per conversation (DMs under their D… id), for history.
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.socket_mode_url: str | None = None  # what apps.connections.open hands out
        # Files people shared (`share_file`): files.info answers with these, and their bytes
        # are served at their url_private, to the bot's token only.
        self.files: dict[str, dict[str, Any]] = {}
        self.file_contents: dict[str, bytes] = {}
        # What happened.
        self.calls: list[Call] = []
        self.uploads: dict[str, bytes] = {}
        self._completed: list[Upload] = []
        self._pending: dict[str, dict[str, Any]] = {}  # file_id -> getUploadURLExternal args
        self._faults: list[_Fault] = []
        self._overrides: dict[str, Reply] = {}
        self._lock = threading.Lock()
        # Like Slack's, a message's ts is the time it was posted (history is read by time).
        seconds, micros = (first_ts or f"{time.time():.6f}").split(".")
        self._ts = itertools.count(int(seconds) * 1_000_000 + int(micros), 100)
        self._ids = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[Call], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": lambda c: {"channel": c.params.get("channel"), "ts": c.params.get("ts")},
            "chat.getPermalink": self._chat_get_permalink,
            "views.open": self._views,
            "views.update": self._views,
            "views.push": self._views,
            "views.publish": self._views,
            "users.info": self._users_info,
            "conversations.open": self._conversations_open,
            "conversations.members": self._conversations_members,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "usergroups.users.list": self._usergroups_users_list,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "files.info": self._files_info,
            "apps.connections.open": self._apps_connections_open,
        }

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        self._server = _Server(self)
        # A short poll interval keeps stop() (and so each test's teardown) quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url whose POSTs are recorded as `Call(method="response_url:<name>")`."""
        return f"{self.root_url}/response/{name}"

    # ----------------------------------------------------------------- configuration

    def add_user(
        self,
        user_id: str,
        real_name: str,
        title: str = "",
        tz: str = "America/New_York",
        display_name: str = "",
    ) -> dict[str, Any]:
        """Register a user for users.info, shaped as Slack's user object."""
        now = datetime.now(ZoneInfo(tz))
        offset = now.utcoffset()
        user = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": (display_name or real_name).lower().replace(" ", "."),
            "real_name": real_name,
            "deleted": False,
            "is_bot": False,
            "tz": tz,
            "tz_label": now.tzname() or tz,  # Slack gives e.g. "Eastern Standard Time"
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "profile": {
                "real_name": real_name,
                "real_name_normalized": real_name,
                "display_name": display_name,
                "display_name_normalized": display_name,
                "title": title,
                "team": TEAM_ID,
            },
        }
        self.users[user_id] = user
        return user

    def share_file(
        self,
        name: str,
        content: bytes,
        user: str,
        *,
        title: str | None = None,
        size: int | None = None,
        channel: str | None = None,
    ) -> dict[str, Any]:
        """A file `user` shared in their DM with the bot, shaped as Slack's file object; `size`
        claims another size than the content's (a 50 MB file that need not exist). Returns the
        `file_shared` event Slack would send."""
        file_id = self._next_id("F")
        url = f"{self.root_url}/files/{file_id}/{name}"
        self.files[file_id] = {
            "id": file_id,
            "name": name,
            "title": title if title is not None else name,
            "user": user,
            "size": len(content) if size is None else size,
            "filetype": name.rsplit(".", 1)[-1] if "." in name else "",
            "url_private": url,
            "url_private_download": url + "?download=1",
            "channels": [],
            "ims": [channel or "D" + user],
        }
        self.file_contents[file_id] = content
        return {
            "type": "file_shared",
            "channel_id": channel or "D" + user,
            "file_id": file_id,
            "user_id": user,
            "file": {"id": file_id},
            "event_ts": self._next_ts(),
        }

    def override(self, method: str, reply: Reply | None) -> None:
        """Answer `method` with `reply` (a dict, or a function of the Call); None restores."""
        with self._lock:
            if reply is None:
                self._overrides.pop(method, None)
            else:
                self._overrides[method] = reply

    def fail(
        self,
        method: str | None,
        every: int = 1,
        status: int = 500,
        retry_after: int | None = None,
        times: int | None = None,
    ) -> None:
        """Answer every `every`-th call of `method` (all when None) with HTTP `status`.

        `method` also matches prefixes before ":", so "response_url" covers every response URL.
        At most `times` faults in total when given. 429 answers carry `Retry-After`.
        """
        if every < 1:
            raise ValueError("every must be >= 1")
        with self._lock:
            self._faults.append(_Fault(method, every, status, retry_after, times))

    def heal(self) -> None:
        with self._lock:
            self._faults.clear()

    # ----------------------------------------------------------------- inspection

    def calls_to(self, method: str, *, include_faulted: bool = False) -> list[Call]:
        with self._lock:
            return [
                c for c in self.calls if c.method == method and (include_faulted or not c.faulted)
            ]

    def last(self, method: str) -> Call:
        calls = self.calls_to(method)
        if not calls:
            raise AssertionError(f"no call to {method}; got {self._summary()}")
        return calls[-1]

    def clear(self) -> None:
        """Forget recorded calls and uploads; keep users, channels and faults."""
        with self._lock:
            self.calls.clear()
            self.uploads.clear()
            self._completed.clear()

    def completed_uploads(self) -> list[Upload]:
        with self._lock:
            return list(self._completed)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` non-faulted calls to `method` arrived; return them all."""
        deadline = time.monotonic() + timeout
        while (calls := self._arrived(method, count, deadline, timeout)) is None:
            time.sleep(0.02)
        return calls

    async def wait_for_async(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - same signature as wait_for, on purpose
    ) -> list[Call]:
        """`wait_for` for async tests: yields to the event loop while polling."""
        deadline = time.monotonic() + timeout
        # Polling, not an asyncio.Event: calls arrive on the server's threads (or other processes).
        while True:
            if (calls := self._arrived(method, count, deadline, timeout)) is not None:
                return calls
            await asyncio.sleep(0.02)

    async def saying_async(
        self,
        method: str,
        text: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - as wait_for_async's
    ) -> Call:
        """The first call to `method` Slack accepted whose text holds `text`, once one arrived:
        for a message the outbox sends beside others, in no set order."""
        deadline = time.monotonic() + timeout
        while True:
            for call in self.calls_to(method):
                if text in str(call.params.get("text", "")):
                    return call
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"no call to {method} said {text!r} within {timeout}s; "
                    f"all calls: {self._summary()}"
                )
            await asyncio.sleep(0.02)

    def _arrived(
        self, method: str, count: int, deadline: float, timeout: float
    ) -> list[Call] | None:
        calls = self.calls_to(method)
        if len(calls) >= count:
            return calls
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"expected {count} call(s) to {method} within {timeout}s, got {len(calls)}; "
                f"all calls: {self._summary()}"
            )
        return None

    def _summary(self) -> str:
        with self._lock:
            names = [c.method + (" (faulted)" if c.faulted else "") for c in self.calls]
        return ", ".join(names) or "none"

    # ----------------------------------------------------------------- request handling

    def _answer(self, path: str, query: str, headers: Message, raw: bytes) -> _Answer:
        if self.latency:
            time.sleep(self.latency)
        params = _parse_params(query, headers.get("Content-Type", ""), raw)
        token: str | None = None
        if path.startswith("/api/"):
            method = path.removeprefix("/api/")
            auth = headers.get("Authorization", "")
            # Slack also accepts the token as a parameter; slack-sdk prefers the header.
            token = auth.removeprefix("Bearer ").strip() if auth else params.pop("token", None)
        elif path.startswith("/response/"):
            method = "response_url:" + path.removeprefix("/response/")
        elif path.startswith("/upload/"):
            method = "upload:" + path.removeprefix("/upload/")
            params = {"length": len(raw)}  # the body is the file itself, not parameters
        elif path.startswith("/files/"):
            method = "download:" + path.removeprefix("/files/").split("/")[0]
            auth = headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() if auth else None
        else:
            return _text_answer("not found", 404)

        with self._lock:
            fault = self._take_fault(method)
            call = Call(method, params, token, faulted=fault is not None)
            self.calls.append(call)
        if fault is not None:
            if fault.status != 429:
                return _json_answer({"ok": False, "error": "fatal_error"}, fault.status)
            answer = _json_answer({"ok": False, "error": "ratelimited"}, 429)
            answer.headers["Retry-After"] = str(fault.retry_after or 1)
            return answer

        if method.startswith("response_url:"):
            if late := self.late_answers.get(method):
                time.sleep(late)
            return _json_answer({"ok": True})
        if method.startswith("upload:"):
            return self._receive_upload(method.removeprefix("upload:"), raw)
        if method.startswith("download:"):
            return self._download(method.removeprefix("download:"), token)
        if not token:
            return _json_answer({"ok": False, "error": "not_authed"})
        # App-level (xapp-) tokens are good for Socket Mode's apps.connections.open alone.
        kinds = ("xapp-",) if method == "apps.connections.open" else ("xoxb-", "xoxp-")
        if not token.startswith(kinds) or token in self.invalid_tokens:
            return _json_answer({"ok": False, "error": "invalid_auth"})

        with self._lock:
            override = self._overrides.get(method)
        if override is not None:
            return _json_answer(override(call) if callable(override) else override)
        handler = self._methods.get(method)
        if handler is None:
            return _json_answer({"ok": False, "error": "unknown_method", "req_method": method})
        result = handler(call)
        late = self.late_answers.get(method)
        if late:
            time.sleep(late)
        return _json_answer(result if "ok" in result else {"ok": True, **result})

    def _apps_connections_open(self, _call: Call) -> dict[str, Any]:
        if self.socket_mode_url is None:
            return {"ok": False, "error": "socket_mode_not_set_up_in_this_fake"}
        return {"url": self.socket_mode_url}

    def _take_fault(self, method: str) -> _Fault | None:
        """Count this call against every matching fault; return the one that fires, if any."""
        fired: _Fault | None = None
        for fault in self._faults:
            target = fault.method
            if target is not None and method != target and not method.startswith(target + ":"):
                continue
            if fault.times is not None and fault.fired >= fault.times:
                continue
            fault.seen += 1
            if fired is None and fault.seen % fault.every == 0:
                fault.fired += 1
                fired = fault
        return fired

    def _next_ts(self) -> str:
        with self._lock:
            value = next(self._ts)
        return f"{value // 1_000_000}.{value % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}{next(self._ids):010d}"

    def _receive_upload(self, file_id: str, raw: bytes) -> _Answer:
        with self._lock:
            if file_id not in self._pending:
                return _text_answer("unknown upload", 404)
            self.uploads[file_id] = raw
        return _text_answer(f"OK - {len(raw)}")

    def _download(self, file_id: str, token: str | None) -> _Answer:
        """A shared file's bytes, as files.slack.com gives them: only with a valid token."""
        if not token or not token.startswith("xoxb-") or token in self.invalid_tokens:
            return _text_answer("forbidden", 403)
        content = self.file_contents.get(file_id)
        if content is None:
            return _text_answer("not found", 404)
        return _Answer(200, content, {"Content-Type": "application/octet-stream"})

    # ----------------------------------------------------------------- Web API methods

    def _auth_test(self, call: Call) -> dict[str, Any]:
        result = {
            "url": TEAM_URL,
            "team": TEAM_NAME,
            "user": "roundtable",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "is_enterprise_install": False,
        }
        if call.token and call.token.startswith("xoxb-"):
            result["bot_id"] = BOT_ID  # Slack only names a bot for bot tokens
        return result

    def _message(self, call: Call, ts: str) -> dict[str, Any]:
        p = call.params
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts}
        message["text"] = p.get("text", "")
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in p:
                message[key] = p[key]
        return message

    def _chat_post_message(self, call: Call) -> dict[str, Any]:
        channel = str(call.params.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not any(call.params.get(k) for k in ("text", "blocks", "attachments")):
            return {"ok": False, "error": "no_text"}
        if channel.startswith(("U", "W")):
            channel = "D" + channel  # posting to a user id lands in the DM, as on Slack
        ts = self._next_ts()
        message = self._message(call, ts)
        with self._lock:
            self.history.setdefault(channel, []).append(message)
        return {"channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, call: Call) -> dict[str, Any]:
        if not call.params.get("channel") or not call.params.get("user"):
            return {"ok": False, "error": "channel_not_found"}
        return {"message_ts": self._next_ts()}

    def _chat_update(self, call: Call) -> dict[str, Any]:
        p = call.params
        if not p.get("ts"):
            return {"ok": False, "error": "message_not_found"}
        ts = str(p["ts"])
        message = self._message(call, ts)
        return {"channel": p.get("channel"), "ts": ts, "text": message["text"], "message": message}

    def _chat_get_permalink(self, call: Call) -> dict[str, Any]:
        channel, ts = call.params.get("channel"), str(call.params.get("message_ts", ""))
        permalink = f"{TEAM_URL}archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": permalink}

    def _views(self, call: Call) -> dict[str, Any]:
        p = call.params
        view = p.get("view")
        if not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        if call.method in ("views.open", "views.push") and not p.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        if call.method == "views.publish":
            view_id = "VH" + str(p.get("user_id", ""))  # one Home view per user
        elif call.method == "views.update":
            view_id = str(p.get("view_id") or p.get("external_id") or "")
            if not view_id:
                return {"ok": False, "error": "not_found"}
        else:
            view_id = self._next_id("V")
        extra: dict[str, Any] = {
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        }
        extra |= {"state": {"values": {}}, "hash": f"{time.time():.6f}", "root_view_id": view_id}
        return {"view": view | extra}

    def _users_info(self, call: Call) -> dict[str, Any]:
        user = self.users.get(str(call.params.get("user", "")))
        return {"user": user} if user else {"ok": False, "error": "user_not_found"}

    def _conversations_open(self, call: Call) -> dict[str, Any]:
        users = str(call.params.get("users") or call.params.get("channel") or "")
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        first = users.split(",")[0]
        channel_id = first if first.startswith(("D", "C", "G")) else "D" + first
        return {"channel": {"id": channel_id}, "no_op": False, "already_open": False}

    def _conversations_members(self, call: Call) -> dict[str, Any]:
        """Pages as Slack does: `limit` (default 100) members a page and an opaque `next_cursor`,
        empty on the last page."""
        members = self.channel_members.get(str(call.params.get("channel", "")))
        if members is None:
            return {"ok": False, "error": "channel_not_found"}
        limit = int(call.params.get("limit") or 100)
        cursor = str(call.params.get("cursor") or "")
        try:
            start = int(base64.b64decode(cursor).decode().removeprefix("offset:")) if cursor else 0
        except ValueError:
            return {"ok": False, "error": "invalid_cursor"}
        end = start + limit
        next_cursor = (
            base64.b64encode(f"offset:{end}".encode()).decode() if end < len(members) else ""
        )
        return {
            "members": list(members[start:end]),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _conversations_history(self, call: Call) -> dict[str, Any]:
        return self._messages_after(call, lambda m: True)

    def _conversations_replies(self, call: Call) -> dict[str, Any]:
        thread = str(call.params.get("ts") or "")
        return self._messages_after(call, lambda m: thread in (m.get("ts"), m.get("thread_ts")))

    def _messages_after(self, call: Call, keep: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Newest first, as Slack gives them; metadata only when asked for."""
        channel = str(call.params.get("channel") or "")
        oldest = float(call.params.get("oldest") or 0)
        with_metadata = str(call.params.get("include_all_metadata")).lower() in ("1", "true")
        with self._lock:
            kept = [dict(m) for m in self.history.get(channel, []) if keep(m)]
        messages = [m for m in reversed(kept) if float(m["ts"]) >= oldest]
        if not with_metadata:
            for message in messages:
                message.pop("metadata", None)
        return {"messages": messages, "has_more": False}

    def _conversations_info(self, call: Call) -> dict[str, Any]:
        channel_id = str(call.params.get("channel", ""))
        if not channel_id:
            return {"ok": False, "error": "channel_not_found"}
        # Slack's id prefixes tell the kind: C public channel, G private, D direct message.
        kind = {f"is_{k}": channel_id.startswith(p) for k, p in [("channel", "C"), ("im", "D")]}
        default = {"id": channel_id, "name": channel_id.lower(), **kind, "is_archived": False}
        default |= {"is_private": not channel_id.startswith("C"), "is_member": True}
        return {"channel": default | self.channels.get(channel_id, {})}

    def _usergroups_users_list(self, call: Call) -> dict[str, Any]:
        users = self.usergroup_users.get(str(call.params.get("usergroup", "")))
        if users is None:
            return {"ok": False, "error": "no_such_subteam"}
        return {"users": list(users)}

    def _files_get_upload_url(self, call: Call) -> dict[str, Any]:
        if not call.params.get("filename") or not call.params.get("length"):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = self._next_id("F")
        with self._lock:
            self._pending[file_id] = dict(call.params)
        return {"file_id": file_id, "upload_url": f"{self.root_url}/upload/{file_id}"}

    def _files_info(self, call: Call) -> dict[str, Any]:
        file = self.files.get(str(call.params.get("file") or ""))
        return {"file": dict(file)} if file else {"ok": False, "error": "file_not_found"}

    def _files_complete_upload(self, call: Call) -> dict[str, Any]:
        p = call.params
        files = p.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        channels = tuple(
            c for c in [p.get("channel_id"), *str(p.get("channels") or "").split(",")] if c
        )
        done: list[Upload] = []
        with self._lock:
            for item in files:
                file_id = str(item.get("id", ""))
                if file_id not in self.uploads:
                    return {"ok": False, "error": "file_not_found"}
                filename = str(self._pending[file_id].get("filename", ""))
                done.append(
                    Upload(
                        file_id=file_id,
                        filename=filename,
                        title=str(item.get("title") or filename),
                        channels=channels,
                        content=self.uploads[file_id],
                        initial_comment=p.get("initial_comment"),
                        thread_ts=p.get("thread_ts"),
                    )
                )
            self._completed.extend(done)
        shaped = [{"id": u.file_id, "name": u.filename, "title": u.title} for u in done]
        return {"files": [f | {"channels": list(channels)} for f in shaped]}
