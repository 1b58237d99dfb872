"""The HTTP edge as an attacker meets it: a request that is not Slack's, signed or not, well formed
or not, gets a 4xx and leaves nothing in the log; only verified requests reach Bolt."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

import pytest
from slack_bolt.async_app import AsyncBoltRequest

from bot.slack.app import build_app
from bot.slack.server import EVENTS_PATH, MAX_BODY_BYTES
from tests.support import signed
from tests.support.bot_server import SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack

# What a forger might put in a body to reach the log: a secret-looking token, a person's words and
# a newline that would start a forged line.
FORGED_BODY = (
    "token=xoxb-1234-FORGEDSECRET&user_id=U0PRIVATE&text=my+private+question"
    "%0A2026-01-01 00:00:00,000 ERROR bot.app: FORGED LINE\n"
    "2026-01-01 00:00:00,000 ERROR bot.app: RAW FORGED LINE"
)
LEAKS = ("FORGEDSECRET", "U0PRIVATE", "private question", "FORGED LINE")


def signed_bytes(body: bytes, content_type: str, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's signature over any bytes (slack-sdk's signer takes text only)."""
    ts = str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    signature = "v0=" + digest.hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


async def post_raw(bot: RunningBot, body: bytes, headers: dict[str, str]) -> int:
    async with bot.http.post(bot.url + EVENTS_PATH, data=body, headers=headers) as response:
        await response.read()
        return response.status


def logged(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


async def test_a_forged_request_never_reaches_the_log(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    forged = signed.sign("not-the-secret", FORGED_BODY, signed.FORM)
    skewed = signed.sign(SIGNING_SECRET, FORGED_BODY, signed.FORM, signed.stale_timestamp())

    for request in (forged, skewed):
        assert (await bot.post(request)).status == 401

    # Behind the edge too: a forged request handed straight to Bolt's own verification.
    app = build_app(bot.services, bot.table)
    for body, headers in (forged, skewed):
        answer = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        assert answer.status == 401

    text = logged(caplog)
    for leak in LEAKS:
        assert leak not in text
    assert fake_slack.calls == []


def _form(payload: str) -> tuple[bytes, str]:
    return payload.encode(), signed.FORM


MALFORMED = {
    # name: (body, content type, signed?, expected status)
    "unsigned payload= that is not JSON": (b"payload=%7Bnot-json", signed.FORM, False, 401),
    "signed payload= that is not JSON": (b"payload=%7Bnot-json", signed.FORM, True, 400),
    "signed JSON that does not parse": (b'{"type": "event_callback",', signed.JSON, True, 400),
    "signed JSON that is a list": (b"[1, 2, 3]", signed.JSON, True, 400),
    "signed JSON that is a string": (b'"event_callback"', signed.JSON, True, 400),
    # Slack's bodies are UTF-8: slack-sdk's verifier cannot even read this one.
    "signed bytes that are not UTF-8": (b"text=\xff\xfe\xfa", signed.FORM, True, 401),
    "signed with the wrong content type": (b"command=%2Froundtable", "text/plain", True, 400),
    "unsigned with the wrong content type": (b"<xml/>", "application/xml", False, 401),
    "unsigned empty body": (b"", signed.FORM, False, 401),
}


@pytest.mark.parametrize("case", list(MALFORMED))
async def test_a_malformed_or_unsigned_body_gets_400_or_401_never_500(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    caplog.set_level(logging.DEBUG)
    body, content_type, is_signed, expected = MALFORMED[case]
    headers = (
        signed_bytes(body, content_type)
        if is_signed
        else signed_bytes(body, content_type, secret="not-the-secret")
    )

    assert await post_raw(bot, body, headers) == expected

    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert fake_slack.calls == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Content-Type": signed.FORM},
        {"Content-Type": signed.FORM, "X-Slack-Signature": "v0=abc"},
        {"Content-Type": signed.FORM, "X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": ""},
        {
            "Content-Type": signed.FORM,
            "X-Slack-Request-Timestamp": "1e99",
            "X-Slack-Signature": "x",
        },
    ],
    ids=["no headers", "no signature", "no timestamp", "a timestamp not a number", "a float"],
)
async def test_missing_or_broken_signature_headers_get_401(
    bot: RunningBot, headers: dict[str, str]
) -> None:
    assert await post_raw(bot, b"command=%2Froundtable&text=help", headers) == 401


async def test_a_body_over_the_limit_is_refused_before_it_is_read(bot: RunningBot) -> None:
    huge = b"text=" + b"a" * MAX_BODY_BYTES
    assert await post_raw(bot, huge, signed_bytes(huge, signed.FORM)) == 413

    async def chunks() -> object:  # no Content-Length: the limit holds while reading
        for _ in range(3):
            yield b"a" * (MAX_BODY_BYTES // 2)

    async with bot.http.post(
        bot.url + EVENTS_PATH, data=chunks(), headers={"Content-Type": signed.FORM}
    ) as response:
        assert response.status == 413


async def test_refused_requests_are_counted_without_reading_them(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await bot.post(signed.sign("not-the-secret", FORGED_BODY, signed.FORM))
    await post_raw(bot, b"[1]", signed_bytes(b"[1]", signed.JSON))
    await bot.slash(fake_slack, "help", "U111")

    metrics = (await bot.get("/metrics")).body
    assert 'roundtable_slack_requests_total{status="401",surface="unknown"} 1.0' in metrics
    assert 'roundtable_slack_requests_total{status="400",surface="unknown"} 1.0' in metrics
    assert 'roundtable_slack_requests_total{status="200",surface="command"} 1.0' in metrics
