"""The bot's request layer on aiohttp: what each failure becomes, against the fault switchboard.

Every test makes real HTTP calls to the loopback Telegram server; the call policy's pauses
are recorded instead of slept.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.sandbox.server import TelegramServer
from bot.telegram.call_policy import CallPolicy, Failure
from bot.telegram.direct_request import DirectRequest
from bot.telegram.transport import failure_of
from tests.harness import TOKEN

CHAT = 4242


class Pauses(list[float]):
    """The pauses the call policy asked for, without waiting them."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def pauses() -> Pauses:
    return Pauses()


def _bot(base: str, request: DirectRequest) -> Bot:
    return Bot(TOKEN, base_url=f"{base}/bot", request=request)


@pytest.fixture
async def started(server: TelegramServer) -> TelegramServer:
    """A server with a learner who has started the bot (so it may write to them)."""
    user = server.user(CHAT, "Ada", language_code="en")
    await user.send("/start")
    return server


async def test_calls_share_one_session_which_closes_at_shutdown(server: TelegramServer) -> None:
    request = DirectRequest()
    bot = _bot(server.api_url, request)
    sessions = []
    for _ in range(2):  # python-telegram-bot shuts a bot down and starts it again
        async with bot:
            names = await asyncio.gather(*(bot.get_me() for _ in range(5)))
            assert {me.username for me in names} == {bot.username}
            sessions.append(request._session)
    assert all(session is not None and session.closed for session in sessions)
    assert sessions[0] is not sessions[1]
    assert request._session is None
    assert len(server.calls_to("getMe")) == 12


async def test_a_call_before_initialize_is_refused_plainly() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await DirectRequest().do_request("http://127.0.0.1:9/botX/getMe", "POST")


async def test_a_refused_connection_says_refused_after_its_retries(
    unused_tcp_port: int, pauses: Pauses
) -> None:
    request = DirectRequest(sleep=pauses)
    with pytest.raises(NetworkError, match="Connection refused") as raised:
        async with _bot(f"http://127.0.0.1:{unused_tcp_port}", request):
            pass
    assert not isinstance(raised.value, TimedOut)
    assert failure_of(raised.value) is Failure.NOT_SENT
    assert len(pauses) == 3 and request.retried == 3  # four tries in all


async def test_a_slow_answer_is_a_timeout_and_a_message_is_not_sent_twice(
    started: TelegramServer, pauses: Pauses
) -> None:
    request = DirectRequest(read_timeout=0.2, sleep=pauses)
    async with _bot(started.api_url, request) as bot:
        started.faults.delay("sendMessage", 1.0)
        with pytest.raises(TimedOut) as raised:
            await bot.send_message(CHAT, "one")
        assert failure_of(raised.value) is Failure.NO_ANSWER
        assert pauses == []  # the call may have run: not repeated
        assert started.faults.injected == [("sendMessage", "delay")]


async def test_a_slow_answer_to_a_safe_call_is_tried_again(
    started: TelegramServer, pauses: Pauses
) -> None:
    request = DirectRequest(read_timeout=0.2, sleep=pauses)
    async with _bot(started.api_url, request) as bot:
        started.faults.delay("getMe", 1.0)
        assert (await bot.get_me()).username == bot.username
    assert len(pauses) == 1


async def test_a_dropped_connection_is_tried_again_and_sent_once(
    started: TelegramServer, pauses: Pauses
) -> None:
    request = DirectRequest(sleep=pauses)
    async with _bot(started.api_url, request) as bot:
        started.faults.drop("sendMessage")
        message = await bot.send_message(CHAT, "hello")
    assert message.text == "hello"
    assert started.faults.injected == [("sendMessage", "drop")]
    assert len(started.calls_to("sendMessage")) == 1 and len(pauses) == 1


async def test_a_drop_on_the_last_try_says_the_server_disconnected(
    started: TelegramServer, pauses: Pauses
) -> None:
    request = DirectRequest(policy=CallPolicy(attempts=2), sleep=pauses)
    async with _bot(started.api_url, request) as bot:
        started.faults.drop("sendMessage", times=2)
        with pytest.raises(NetworkError, match="Server disconnected") as raised:
            await bot.send_message(CHAT, "hello")
    assert failure_of(raised.value) is Failure.DROPPED
    assert started.calls_to("sendMessage") == []


def test_a_body_cut_off_while_being_written_counts_as_dropped() -> None:
    """The keep-alive race on a big upload: the server closed the connection while the
    photo was still being written, so it cannot have run the call."""
    reset = aiohttp.ClientConnectionResetError("Cannot write to closing transport")
    unwritten = aiohttp.ClientOSError(None, "Can not write request body for http://x/sendPhoto")
    unwritten.__cause__ = reset
    error = NetworkError(f"aiohttp.ClientOSError: {unwritten}")
    error.__cause__ = unwritten
    assert failure_of(error) is Failure.DROPPED
    assert CallPolicy().retries_failure("sendPhoto", failure_of(error))
    read_failed = NetworkError("aiohttp.ClientPayloadError: cut off")
    read_failed.__cause__ = aiohttp.ClientPayloadError("Response payload is not completed")
    assert failure_of(read_failed) is Failure.NO_ANSWER


async def test_a_blackholed_call_ends_at_the_read_timeout(
    started: TelegramServer, pauses: Pauses
) -> None:
    request = DirectRequest(read_timeout=0.2, policy=CallPolicy(attempts=1), sleep=pauses)
    async with _bot(started.api_url, request) as bot:
        started.faults.blackhole("editMessageText", seconds=1.0)
        with pytest.raises(TimedOut):
            await bot.edit_message_text("new", chat_id=CHAT, message_id=1)


async def test_a_full_pool_is_a_timeout_that_was_not_sent(
    started: TelegramServer, pauses: Pauses
) -> None:
    request = DirectRequest(
        connection_pool_size=1,
        connect_timeout=0.05,
        pool_timeout=0.05,
        policy=CallPolicy(attempts=1),
        sleep=pauses,
    )
    async with _bot(started.api_url, request) as bot:
        started.faults.delay("sendMessage", 0.5)
        held = asyncio.create_task(bot.send_message(CHAT, "held"))
        await asyncio.sleep(0.1)  # the only connection is now busy
        with pytest.raises(TimedOut, match="Could not connect") as raised:
            await bot.get_me()
        assert failure_of(raised.value) is Failure.NOT_SENT
        assert (await held).text == "held"


async def test_429_waits_as_asked_and_5xx_backs_off(
    started: TelegramServer, pauses: Pauses
) -> None:
    request = DirectRequest(sleep=pauses)
    async with _bot(started.api_url, request) as bot:
        started.faults.fail("sendMessage", status=429, retry_after=3)
        started.faults.fail("sendMessage", status=502)
        assert (await bot.send_message(CHAT, "late")).text == "late"
        started.faults.fail("sendMessage", status=429, retry_after=120, times=4)
        with pytest.raises(RetryAfter):  # longer than the policy waits: given up on
            await bot.send_message(CHAT, "never")
    assert pauses[0] == 3.0 and 0.125 <= pauses[1] <= 0.5 and len(pauses) == 2


async def test_an_upload_goes_as_multipart(started: TelegramServer) -> None:
    async with _bot(started.api_url, DirectRequest()) as bot:
        png = (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
            b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe"
            b"\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
        )
        message = await bot.send_photo(CHAT, png, caption="<b>chart</b>", parse_mode="HTML")
    assert message.photo and message.caption == "chart"
