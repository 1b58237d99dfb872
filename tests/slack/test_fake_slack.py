"""Tests of our test doubles: the fake Web API seen through the real slack-sdk clients, and the
signed-request builders checked by slack-sdk's own verifier."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.support import signed
from tests.support.fake_slack import FakeSlack

SECRET = "test-signing-secret"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


def client(fake: FakeSlack, **kwargs: Any) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=fake.base_url, **kwargs)


# --------------------------------------------------------------------------- fake Web API


@pytest.mark.asyncio
async def test_post_message_returns_increasing_ts_and_records_blocks(fake: FakeSlack) -> None:
    web = client(fake)
    first = await web.chat_postMessage(channel="C1", text="hi", blocks=BLOCKS)
    second = await web.chat_postMessage(channel="C1", text="again")

    assert first["channel"] == "C1"
    assert float(second["ts"]) > float(first["ts"])
    assert first["message"]["blocks"] == BLOCKS
    call = fake.calls_to("chat.postMessage")[0]
    assert call.params["blocks"] == BLOCKS
    assert call.token == "xoxb-test"
    assert len(await fake.wait_for_async("chat.postMessage", count=2)) == 2


def test_sync_client_form_encoded_blocks_are_decoded(fake: FakeSlack) -> None:
    web = WebClient(token="xoxb-test", base_url=fake.base_url)
    web.api_call("chat.postMessage", data={"channel": "C1", "blocks": json.dumps(BLOCKS)})
    assert fake.wait_for("chat.postMessage")[0].params["blocks"] == BLOCKS


@pytest.mark.asyncio
async def test_users_info_and_unknown_user(fake: FakeSlack) -> None:
    fake.add_user("U123", "Aigerim N.", title="Deputy Minister", tz="Asia/Almaty")
    web = client(fake)

    user = (await web.users_info(user="U123"))["user"]
    assert user["profile"]["real_name"] == "Aigerim N."
    assert user["profile"]["title"] == "Deputy Minister"
    assert user["tz"] == "Asia/Almaty"
    assert user["tz_offset"] == 5 * 3600

    with pytest.raises(SlackApiError) as info:
        await web.users_info(user="U404")
    assert info.value.response["error"] == "user_not_found"


@pytest.mark.asyncio
async def test_files_upload_v2_round_trips_csv(fake: FakeSlack) -> None:
    rows = [["name", "org"], ["Aigerim", "MNE"], ["John", "IRF"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)

    result = await client(fake).files_upload_v2(
        channel="C9", content=buffer.getvalue(), filename="members.csv", title="Members"
    )

    assert result["file"]["title"] == "Members"
    (upload,) = fake.completed_uploads()
    assert upload.channel == "C9"
    assert upload.filename == "members.csv"
    assert list(csv.reader(io.StringIO(upload.text))) == rows
    assert fake.uploads[upload.file_id] == upload.content
    complete = fake.last("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C9"
    assert complete.params["files"][0]["id"] == upload.file_id


@pytest.mark.asyncio
async def test_rate_limit_is_retried_with_retry_handlers(fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", every=1, status=429, retry_after=1, times=1)
    web = client(
        fake,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(), AsyncServerErrorRetryHandler()],
    )

    result = await web.chat_postMessage(channel="C1", text="hi")

    assert result["ok"]
    assert len(fake.calls_to("chat.postMessage")) == 1
    attempts = fake.calls_to("chat.postMessage", include_faulted=True)
    assert [c.faulted for c in attempts] == [True, False]
    assert attempts[1].at - attempts[0].at >= 1.0  # Retry-After was honoured


@pytest.mark.asyncio
async def test_faults_without_retry_handlers_surface(fake: FakeSlack) -> None:
    fake.fail(None, every=2, status=500)
    web = client(fake, retry_handlers=[])

    await web.auth_test()
    with pytest.raises(SlackApiError) as info:
        await web.auth_test()
    assert info.value.response.status_code == 500
    await web.auth_test()

    fake.heal()
    await web.auth_test()
    assert len(fake.calls_to("auth.test")) == 3
    assert len(fake.calls_to("auth.test", include_faulted=True)) == 4


@pytest.mark.asyncio
async def test_auth_errors_and_unknown_method(fake: FakeSlack) -> None:
    assert (await client(fake).auth_test())["bot_id"] == "B0001"
    for token, error in [("not-a-token", "invalid_auth"), (None, "not_authed")]:
        with pytest.raises(SlackApiError) as info:
            await AsyncWebClient(token=token, base_url=fake.base_url).auth_test()
        assert info.value.response["error"] == error

    with pytest.raises(SlackApiError) as info:
        await client(fake).api_call("nope.nothing")
    assert info.value.response["error"] == "unknown_method"
    assert fake.last("nope.nothing").token == "xoxb-test"


@pytest.mark.asyncio
async def test_views_conversations_and_usergroups(fake: FakeSlack) -> None:
    fake.channel_members["C1"] = ["U1", "U2"]
    fake.usergroup_users["S1"] = ["U3"]
    web = client(fake)

    opened = await web.views_open(trigger_id="T-trig", view={"type": "modal", "blocks": []})
    updated = await web.views_update(view_id=opened["view"]["id"], view={"type": "modal"})
    assert updated["view"]["id"] == opened["view"]["id"]
    home = await web.views_publish(user_id="U1", view={"type": "home", "blocks": BLOCKS})
    assert fake.last("views.publish").params["view"]["blocks"] == BLOCKS
    assert home["view"]["id"]
    assert (await web.conversations_open(users="U1"))["channel"]["id"] == "DU1"
    assert (await web.conversations_members(channel="C1"))["members"] == ["U1", "U2"]
    assert (await web.usergroups_users_list(usergroup="S1"))["users"] == ["U3"]
    assert (await web.conversations_info(channel="C1"))["channel"]["is_channel"]


@pytest.mark.asyncio
async def test_response_url_posts_are_recorded(fake: FakeSlack) -> None:
    url = fake.response_url("r1")
    response = await AsyncWebhookClient(url).send(text="done", replace_original=True)
    assert response.status_code == 200
    (call,) = await fake.wait_for_async("response_url:r1")
    assert call.params == {"text": "done", "replace_original": True}


def test_wait_for_times_out_with_a_helpful_message(fake: FakeSlack) -> None:
    with pytest.raises(AssertionError, match=r"chat\.update.*got 0"):
        fake.wait_for("chat.update", timeout=0.1)


# --------------------------------------------------------------------------- signed requests


def built_requests(timestamp: float | None = None) -> list[signed.SignedRequest]:
    return [
        signed.slash_command(SECRET, "help", timestamp=timestamp),
        signed.event_callback(SECRET, signed.app_mention("hi"), timestamp=timestamp),
        signed.event_callback(SECRET, signed.dm_message("hello"), retry_num=1, timestamp=timestamp),
        signed.event_callback(SECRET, signed.app_home_opened(), timestamp=timestamp),
        signed.block_actions(SECRET, "rsvp", "yes", timestamp=timestamp),
        signed.view_submission(
            SECRET,
            "new_question",
            signed.plain_text_values({"q": {"text": "Why?"}}),
            timestamp=timestamp,
        ),
    ]


def test_signed_requests_verify_only_with_the_right_secret_and_fresh_timestamp() -> None:
    good, forger = SignatureVerifier(SECRET), SignatureVerifier("another-secret")
    for body, headers in built_requests():
        assert good.is_valid_request(body, headers)
        assert not forger.is_valid_request(body, headers)
    for body, headers in built_requests(timestamp=signed.stale_timestamp()):
        assert not good.is_valid_request(body, headers)


def test_signed_payload_shapes() -> None:
    _, headers = signed.event_callback(SECRET, signed.dm_message("x"), retry_num=2)
    assert headers["X-Slack-Retry-Num"] == "2"
    assert headers["X-Slack-Retry-Reason"] == "http_timeout"

    body, _ = signed.view_submission(
        SECRET, "cb", signed.plain_text_values({"b": {"a": "v"}}), private_metadata="42"
    )
    payload = json.loads(dict(parse_qsl(body))["payload"])
    assert payload["view"]["state"]["values"]["b"]["a"]["value"] == "v"
    assert payload["view"]["private_metadata"] == "42"
