"""A file shared with the bot, fetched from Slack: `files.info` says its name and size (a file
too large is refused before a byte of it is downloaded), then its bytes come from its private URL
with the bot's token, over httpx, never more than the limit. The token goes only to Slack's own
hosts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from storage.errors import InvalidInput
from storage.extraction import MAX_BYTES

__all__ = ["DOWNLOAD_TIMEOUT", "SharedFile", "download", "file_info"]

DOWNLOAD_TIMEOUT = 60.0  # seconds for the whole download: 20 MB over a slow link


@dataclass(frozen=True)
class SharedFile:
    id: str
    name: str
    title: str
    size: int
    url: str


async def file_info(client: AsyncWebClient, file_id: str) -> SharedFile:
    """What Slack knows of the file: its name, size and private URL."""
    try:
        answer = await client.files_info(file=file_id)
    except SlackApiError:
        raise InvalidInput(
            "I couldn't open that file in Slack: share it with me again.", about="record"
        ) from None
    file: dict[str, Any] = answer.get("file") or {}
    name = str(file.get("name") or file.get("title") or "the file")
    size = int(file.get("size") or 0)
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    return SharedFile(file_id, name, str(file.get("title") or ""), size, url)


def _slack_host(url: str, api_url: str) -> bool:
    """Whether `url` is on Slack's own hosts (files.slack.com beside slack.com/api), so that the
    bot's token is never sent anywhere else."""
    target, api = urlsplit(url), urlsplit(api_url)
    host, api_host = (target.hostname or "").lower(), (api.hostname or "").lower()
    if not host or not api_host:
        return False
    domain = api_host.removeprefix("api.")
    same = host in (api_host, domain) or host.endswith("." + domain)
    return same and (target.scheme == "https" or target.scheme == api.scheme)


async def download(file: SharedFile, token: str, api_url: str) -> bytes:
    """The file's bytes, at most `MAX_BYTES` of them."""
    if not _slack_host(file.url, api_url):
        raise InvalidInput(
            f"I couldn't download “{file.name}” from Slack: share it with me again.",
            about="record",
        )
    too_large = InvalidInput(
        f"“{file.name}” is over the {MAX_BYTES // 1024 // 1024} MB a record may be.",
        about="record",
    )
    data = bytearray()
    try:
        async with (
            httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT, follow_redirects=True) as http,
            http.stream("GET", file.url, headers={"Authorization": f"Bearer {token}"}) as reply,
        ):
            if reply.status_code != 200:
                raise InvalidInput(
                    f"Slack would not give me “{file.name}” (HTTP {reply.status_code}): share"
                    " it with me again.",
                    about="record",
                )
            if int(reply.headers.get("Content-Length") or 0) > MAX_BYTES:
                raise too_large
            async for piece in reply.aiter_bytes():
                data += piece
                if len(data) > MAX_BYTES:
                    raise too_large
    except httpx.HTTPError:
        raise InvalidInput(
            f"Downloading “{file.name}” from Slack failed: share it with me again.",
            about="record",
        ) from None
    return bytes(data)
