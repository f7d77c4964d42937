"""The loopback Telegram server: sending and editing messages, with Telegram's limits."""

from __future__ import annotations

import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.sandbox.server import TelegramServer
from bot.sandbox.server.html import parse_html
from tests.loopback_server.calls import ALICE, Json, bad, error, keyboard, raw

# --- sending and editing ---------------------------------------------------------------------


async def test_send_edit_and_not_modified(server: TelegramServer, bot: telegram.Bot) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Let's go", callback_data="go")]])
    sent = await bot.send_message(
        ALICE, "<b>Welcome</b> &amp; hi", parse_mode="HTML", reply_markup=markup
    )
    seen = await alice.receive()
    assert (seen.text, seen.html) == ("Welcome & hi", "<b>Welcome</b> &amp; hi")
    assert seen.button_texts == [["Let's go"]]
    assert seen.buttons[0][0].callback_data == "go"
    await bot.edit_message_text("Edited", ALICE, sent.message_id, reply_markup=markup)
    assert (alice.last.text, alice.last.edited, seen.text) == ("Edited", True, "Welcome & hi")
    same = await raw(
        server,
        "editMessageText",
        chat_id=ALICE,
        message_id=sent.message_id,
        text="Edited",
        reply_markup=markup.to_dict(),
    )
    assert same == bad(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )
    await bot.edit_message_reply_markup(ALICE, sent.message_id)  # no markup: keyboard removed
    assert alice.last.buttons == []
    gone = await raw(server, "editMessageText", chat_id=ALICE, message_id=99, text="x")
    assert gone == bad("message to edit not found")
    assert await bot.delete_message(ALICE, sent.message_id)
    assert alice.messages[-1].deleted
    assert server.violations == []


async def test_chat_never_opened_is_not_found(server: TelegramServer) -> None:
    server.user(ALICE, "Amina")
    assert await raw(server, "sendMessage", chat_id=ALICE, text="hi") == bad("chat not found")


async def test_blocked_user_gets_403_and_bot_learns_it(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    server.block(alice)
    assert await raw(server, "sendMessage", chat_id=ALICE, text="hi") == error(
        403, "Forbidden: bot was blocked by the user"
    )
    with pytest.raises(telegram.error.Forbidden, match="bot was blocked by the user"):
        await bot.send_chat_action(ALICE, "typing")
    updates = await bot.get_updates(timeout=0)
    member = updates[-1].my_chat_member
    assert member is not None
    assert member.new_chat_member.status == "kicked"
    assert server.violations == []


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<x>hi</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("é <br>", 'Unsupported start tag "br" at byte offset 3'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("Tom & Jerry", 'Character "&" at byte offset 4 must be escaped as "&amp;"'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_html_errors(server: TelegramServer, html: str, detail: str) -> None:
    await server.user(ALICE, "Amina").send("/start")
    reply = await raw(server, "sendMessage", chat_id=ALICE, text=html, parse_mode="HTML")
    assert reply == bad(f"can't parse entities: {detail}")


def test_html_entities_use_utf16_offsets() -> None:
    parsed = parse_html(
        '😀 <b>bold <i>both</i></b> <a href="https://example.org">link</a> '
        "<tg-spoiler>s</tg-spoiler> &lt;&#65;&#x42;&quot;&gt; "
        "<blockquote expandable>q</blockquote>"
        '<pre><code class="language-python">x</code></pre>'
    )
    assert parsed.text == '😀 bold both link s <AB"> qx'
    assert list(parsed.entities) == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "url": "https://example.org", "offset": 13, "length": 4},
        {"type": "spoiler", "offset": 18, "length": 1},
        {"type": "expandable_blockquote", "offset": 26, "length": 1},
        {"type": "pre", "language": "python", "offset": 27, "length": 1},
    ]


async def test_text_length_counts_after_entity_parsing(server: TelegramServer) -> None:
    await server.user(ALICE, "Amina").send("/start")
    full = "<b>" + "a" * 4096 + "</b>"
    assert (await raw(server, "sendMessage", chat_id=ALICE, text=full, parse_mode="HTML"))[
        0
    ] == 200
    long = "a" * 4097
    assert await raw(server, "sendMessage", chat_id=ALICE, text=long) == bad("message is too long")
    empty = await raw(server, "sendMessage", chat_id=ALICE, text="<b> </b>", parse_mode="HTML")
    assert empty == bad("message text is empty")


@pytest.mark.parametrize(
    ("button", "detail"),
    [
        ({"text": "A", "callback_data": "é" * 32 + "x"}, "BUTTON_DATA_INVALID"),
        ({"text": "A"}, "text buttons are unallowed in the inline keyboard"),
        ({"text": "A", "url": "ftp://example.org"}, "BUTTON_URL_INVALID"),
        (
            {"text": "A", "url": "https://x.org", "callback_data": "a"},
            "can't parse inline keyboard button: exactly one action field must be used",
        ),
    ],
)
async def test_keyboard_limits(server: TelegramServer, button: Json, detail: str) -> None:
    await server.user(ALICE, "Amina").send("/start")
    ok = await raw(
        server,
        "sendMessage",
        chat_id=ALICE,
        text="t",
        reply_markup=keyboard({"text": "A", "callback_data": "é" * 32}),
    )
    assert ok[0] == 200  # 64 bytes is the limit, not 64 characters
    reply = await raw(
        server, "sendMessage", chat_id=ALICE, text="t", reply_markup=keyboard(button)
    )
    assert reply == bad(detail)
