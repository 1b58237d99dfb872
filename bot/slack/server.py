"""Serving Slack: Socket Mode when an app token is set, otherwise HTTP (Bolt's `POST /slack/events`
for commands, events and interactivity). Either way, on PORT: `GET /healthz` (liveness), `GET
/readyz` (readiness, bot/health.py) and `GET /metrics` (bot/metrics.py).

The edge lets nothing unverified through and says nothing about it: a body over MAX_BODY_BYTES is
refused (413) before it is read whole, a request without a valid signature gets 401 before anything
parses it (and is never logged: Bolt would log the whole body), and a signed body that does not
parse gets 400, never a 500 and a traceback.

Stopping (`SlackServer.drain`): new Slack requests get 503 (in Socket Mode they are left
unacknowledged, and Slack sends them again), while the requests under way, and the work their
listeners run on after the acknowledgement, get time to finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app, send_async_response
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.health import Check, Health
from bot.kit.later import Later
from bot.metrics import Metrics, surface_of
from bot.services import Services

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Slack's largest payloads (a view submission of a full modal) are tens of kilobytes.
MAX_BODY_BYTES = 1024 * 1024
_SLACK_CONTENT_TYPES = ("application/x-www-form-urlencoded", "application/json")


class Edge:
    """What is under way at the edge: Slack requests being dispatched (their listeners run within
    them: the app answers a request when its listener returns), and the work listeners left to
    run on after the acknowledgement (`later`). `draining` refuses new requests."""

    def __init__(self, later: Later | None = None) -> None:
        self.draining = False
        self._requests = 0
        self._later = later
        self._changed = asyncio.Event()
        if later is not None:
            later.on_end(self._changed.set)

    def began(self) -> None:
        self._requests += 1

    def ended(self) -> None:
        self._requests -= 1
        self._changed.set()

    @property
    def busy(self) -> bool:
        return self._requests > 0 or (self._later is not None and self._later.busy)

    async def drain(self, grace: float) -> bool:
        """Refuse new requests; wait up to `grace` seconds for those under way; True if all
        ended."""
        self.draining = True
        return await self.settled(grace)

    async def settled(self, grace: float) -> bool:
        """Wait up to `grace` seconds until no request or listener is under way; True if so."""
        deadline = time.monotonic() + grace
        while self.busy and (left := deadline - time.monotonic()) > 0:
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)
        return not self.busy


def _refusal(status: int, error: str) -> web.Response:
    return web.json_response({"error": error}, status=status)


class _SlackEvents:
    """`POST /slack/events`, checked at the edge before Bolt sees it."""

    def __init__(
        self, app: AsyncApp, signing_secret: str, edge: Edge, metrics: Metrics | None
    ) -> None:
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)
        self.edge = edge
        self.metrics = metrics

    async def handle(self, request: web.Request) -> web.Response:
        surface = "unknown"
        if self.edge.draining:
            response = _refusal(503, "stopping")
        else:
            self.edge.began()
            try:
                response, surface = await self._handle(request)
            finally:
                self.edge.ended()
        if self.metrics is not None:
            self.metrics.request(surface, response.status)
        return response

    async def _handle(self, request: web.Request) -> tuple[web.Response, str]:
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _refusal(413, "request too large"), "unknown"
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:  # a chunked body that grew past the limit
            return _refusal(413, "request too large"), "unknown"
        if not self._signed(raw, request):
            # Nothing of it is logged: whoever can reach the port could write to the log.
            return _refusal(401, "invalid request"), "unknown"
        if request.content_type not in _SLACK_CONTENT_TYPES:
            return _refusal(400, "unsupported content type"), "unknown"
        try:
            # Bolt parses the body (once: a large form's payload is most of a request's cost).
            bolt_request = AsyncBoltRequest(
                body=raw.decode("utf-8"),
                query=request.query_string,
                headers=request.headers,  # type: ignore[arg-type]
            )
        # Not UTF-8, not JSON, a payload= that is not JSON, fields of the wrong shape.
        except (AttributeError, KeyError, TypeError, ValueError):
            return _refusal(400, "malformed request"), "unknown"
        body: object = bolt_request.body
        if not isinstance(body, dict):  # JSON, but a list or a number
            return _refusal(400, "malformed request"), "unknown"
        surface = surface_of(body)
        return await to_aiohttp_response(await self.app.async_dispatch(bolt_request)), surface

    def _signed(self, raw: bytes, request: web.Request) -> bool:
        try:
            return self.verifier.is_valid(
                raw,
                request.headers.get("X-Slack-Request-Timestamp"),
                request.headers.get("X-Slack-Signature"),
            )
        except ValueError:  # a timestamp that is not a number
            return False


def http_app(
    app: AsyncApp | None,
    *,
    signing_secret: str | None = None,
    edge: Edge | None = None,
    health: Health | None = None,
    metrics: Metrics | None = None,
    services: Services | None = None,
) -> web.Application:
    """The aiohttp application: the probes and metrics always, `POST /slack/events` when `app`
    is given (HTTP mode) with the `signing_secret` that verifies it."""
    health = health or Health()
    edge = edge or Edge()

    async def healthz(_request: web.Request) -> web.Response:
        ok, report = health.liveness()
        return web.json_response(report, status=200 if ok else 503)

    async def readyz(_request: web.Request) -> web.Response:
        ok, report = await health.readiness()
        return web.json_response(report, status=200 if ok else 503)

    async def metrics_page(_request: web.Request) -> web.Response:
        if metrics is None:
            return _refusal(404, "no metrics")
        if services is None:
            body = await metrics.exposition()
        else:
            body = await metrics.exposition(services.store, services.clock)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.add_routes(
        [
            web.get("/healthz", healthz),
            web.get("/readyz", readyz),
            web.get("/metrics", metrics_page),
        ]
    )
    if app is not None:
        if not signing_secret:
            raise ValueError("HTTP mode needs the signing secret to verify Slack's requests")
        web_app.add_routes(
            [web.post(EVENTS_PATH, _SlackEvents(app, signing_secret, edge, metrics).handle)]
        )
    return web_app


class _SocketModeHandler(AsyncSocketModeHandler):
    """Bolt's Socket Mode handler, counting what is under way and refusing new work when
    stopping: an envelope left unacknowledged is sent again by Slack (to another connection)."""

    def __init__(self, app: AsyncApp, app_token: str, edge: Edge, metrics: Metrics | None) -> None:
        super().__init__(app, app_token)
        self.edge = edge
        self.metrics = metrics

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        if self.edge.draining:
            return
        self.edge.began()
        try:
            started = time.time()
            response = await run_async_bolt_app(self.app, req)
            await send_async_response(client, req, response, started)
        finally:
            self.edge.ended()
        if self.metrics is not None:
            self.metrics.request(surface_of(req.payload), response.status)


class SlackServer:
    """The HTTP site (probes, metrics and, in HTTP mode, Slack's requests) and, in Socket Mode, the
    WebSocket to Slack."""

    def __init__(
        self,
        app: AsyncApp,
        *,
        port: int,
        app_token: str | None,
        signing_secret: str | None,
        health: Health | None = None,
        metrics: Metrics | None = None,
        services: Services | None = None,
        host: str = "0.0.0.0",  # noqa: S104
    ) -> None:
        self.app = app
        self.port = port
        self.host = host
        self.app_token = app_token
        self.health = health or Health()
        self.metrics = metrics
        self.edge = Edge(None if services is None else services.later)
        self._runner = web.AppRunner(
            http_app(
                None if app_token else app,
                signing_secret=signing_secret,
                edge=self.edge,
                health=self.health,
                metrics=metrics,
                services=services,
            ),
            access_log=None,
        )
        self._socket: _SocketModeHandler | None = None
        self._connecting: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        if self.app_token is None:
            log.info("serving Slack over HTTP on port %d", self.port)
            return
        log.info("connecting to Slack in Socket Mode; probes on port %d", self.port)
        self._socket = _SocketModeHandler(self.app, self.app_token, self.edge, self.metrics)
        self.health.add("socket_mode", self._socket_connected)
        # Not awaited: slack-sdk retries a connection that fails for ever, and the bot must still
        # answer its probes (not ready) and stop when told to meanwhile.
        self._connecting = asyncio.create_task(self._socket.connect_async())  # type: ignore[no-untyped-call]

    async def _socket_connected(self) -> Check:
        connected = self._socket is not None and await self._socket.client.is_connected()
        return Check(connected, "connected" if connected else "not connected to Slack")

    async def drain(self, grace: float) -> bool:
        """Refuse new Slack requests and let those under way finish within `grace` seconds."""
        return await self.edge.drain(grace)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
        await self._runner.cleanup()


async def serve(
    app: AsyncApp,
    *,
    port: int,
    app_token: str | None,
    signing_secret: str | None = None,
    host: str = "0.0.0.0",  # noqa: S104
) -> None:
    """Serve until cancelled, with nothing but the probes beside Slack (the benchmark's floor)."""
    server = SlackServer(
        app, port=port, app_token=app_token, signing_secret=signing_secret, host=host
    )
    await server.start()
    try:
        await asyncio.Event().wait()
    finally:
        await server.close()
