"""A database outage under a real `roundtable-bot serve` on PostgreSQL: the connection is cut by a
proxy on loopback, as a network fault or a database restart would. The bot says so in one line
(not a traceback a second), stops being ready with the reason, and recovers on its own."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, free_port, serving


class Proxy:
    """Forwards TCP connections from a loopback port to the database; `cut` drops the listener
    and every connection (an outage), `restore` listens again on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def restore(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        assert self._listener is not None
        # Shut down first: a close alone leaves the thread blocked in accept() accepting.
        self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            for open_socket in self._sockets:
                with contextlib.suppress(OSError):
                    open_socket.shutdown(socket.SHUT_RDWR)
                open_socket.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for open_socket in (source, sink):
                with contextlib.suppress(OSError):
                    open_socket.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxy(database_url: str) -> Iterator[Proxy]:
    if not database_url.startswith("postgresql"):
        pytest.skip("an outage of a database server; SQLite has none")
    url = make_url(database_url)
    proxied = Proxy(url.host or "127.0.0.1", url.port or 5432)
    proxied.restore()
    yield proxied
    proxied.cut()


def readiness(base: str) -> tuple[int, dict[str, dict[str, object]]]:
    try:
        with urllib.request.urlopen(base + "/readyz", timeout=5) as answer:
            return int(answer.status), json.loads(answer.read())["checks"]
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())["checks"]


def wait_until_ready(base: str, ready: bool) -> dict[str, dict[str, object]]:
    deadline = time.monotonic() + 15
    while True:
        status, checks = readiness(base)
        if (status == 200) == ready:
            return checks
        assert time.monotonic() < deadline, checks
        time.sleep(0.1)


def test_an_outage_is_one_line_and_not_ready_until_the_database_is_back(
    fake_slack: FakeSlack, tmp_path: Path, database_url: str, proxy: Proxy
) -> None:
    through_proxy = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    env = bot_environment(
        SLACK_BOT_TOKEN="xoxb-outage-test",
        SLACK_SIGNING_SECRET="outage-secret",
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=through_proxy.render_as_string(hide_password=False),
    )
    with serving(env, tmp_path) as bot:
        wait_until_ready(bot.url, True)

        proxy.cut()
        checks = wait_until_ready(bot.url, False)
        # Refused at once, as a rule; on a loaded machine the probe may run out of time first.
        assert checks["database"]["ok"] is False
        assert checks["database"]["detail"] in (
            "database unreachable: OperationalError",
            "database did not answer within 2 s",
        )
        assert checks["scheduler"]["ok"] is True
        time.sleep(4)  # eight sweeps of each job and of the outbox sender
        during = bot.log_path.read_text()

        proxy.restore()
        wait_until_ready(bot.url, True)
        time.sleep(1)  # a sweep that reaches the database says the outage is over
        bot.process.send_signal(signal.SIGTERM)
        assert bot.process.wait(timeout=30) == 0

    assert during.count("database unreachable: OperationalError; retrying") == 1
    assert "Traceback" not in during
    assert len(during.splitlines()) < 10  # the start, and the one line
    assert "database reachable again" in bot.log_path.read_text()
