"""Telegram's limits on texts, keyboards, polls and inline results, with its error wording."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from bot.sandbox.server.errors import bad_request
from bot.sandbox.server.html import EntityParseError, ParsedText, parse_html, plain

MAX_TEXT = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_QUESTION = 300
MAX_OPTION = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 12
MAX_EXPLANATION = 200
MAX_EXPLANATION_LINE_FEEDS = 2
MAX_INLINE_RESULTS = 50
MAX_RESULT_ID_BYTES = 64
MAX_BUTTONS = 100

TEXT_EMPTY = "message text is empty"
TEXT_TOO_LONG = "message is too long"
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
BUTTON_URL_INVALID = "BUTTON_URL_INVALID"
TEXT_BUTTONS_UNALLOWED = "text buttons are unallowed in the inline keyboard"
BUTTON_TEXT_EMPTY = "BUTTON_TEXT_INVALID"
BUTTON_MANY_ACTIONS = "can't parse inline keyboard button: exactly one action field must be used"
TOO_MANY_BUTTONS = "REPLY_MARKUP_TOO_LONG"
QUESTION_EMPTY = "poll question must be non-empty"
QUESTION_TOO_LONG = "poll question length must not exceed 300"
TOO_FEW_OPTIONS = "poll must have at least 2 options"
TOO_MANY_OPTIONS = "poll can't have more than 12 options"
OPTION_EMPTY = "poll options must be non-empty"
OPTION_TOO_LONG = "poll options length must not exceed 100"
POLL_TYPE_INVALID = "poll type is invalid"
QUIZ_NEEDS_CORRECT = "quiz poll must have a correct option"
OPEN_PERIOD_INVALID = "poll open period must be between 5 and 2628000 seconds"
CLOSE_DATE_INVALID = "poll close date must be between 5 and 2628000 seconds in the future"
PERIOD_AND_DATE = "can't use both open_period and close_date"
OPEN_PERIOD_RANGE = (5, 2_628_000)
CORRECT_OPTION_INVALID = "wrong correct option id"
CORRECT_FOR_REGULAR = "correct option ids can be specified only for quizzes"
EXPLANATION_TOO_LONG = "explanation is too long"
EXPLANATION_LINE_FEEDS = "explanation can't contain more than 2 line feeds"
RESULTS_TOO_MANY = "RESULTS_TOO_MUCH"
RESULT_ID_DUPLICATE = "RESULT_ID_DUPLICATE"
RESULT_ID_INVALID = "RESULT_ID_INVALID"
ANSWER_TOO_LONG = "MESSAGE_TOO_LONG"
UNSUPPORTED_PARSE_MODE = "unsupported parse_mode"

_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MARKDOWN_MODES = frozenset({"markdown", "markdownv2"})


def parse_text(text: str, parse_mode: object, entities: object = None) -> ParsedText:
    """Visible text and entities of a text sent with parse_mode (only HTML is parsed).

    Markdown modes are shown as plain text: the caller records that as not implemented.
    """
    mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        try:
            return parse_html(text)
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    if mode and mode not in MARKDOWN_MODES:
        raise bad_request(UNSUPPORTED_PARSE_MODE)
    if isinstance(entities, list):
        return ParsedText(text, tuple(e for e in entities if isinstance(e, dict)))
    return plain(text)


def check_message_text(parsed: ParsedText) -> None:
    """A message text must be 1-4096 characters after entity parsing."""
    if not parsed.text.strip():
        raise bad_request(TEXT_EMPTY)
    if len(parsed.text) > MAX_TEXT:
        raise bad_request(TEXT_TOO_LONG)


def check_reply_markup(markup: object) -> None:
    """Inline keyboards: one action per button, valid callback data and URLs."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    rows = markup["inline_keyboard"]
    buttons = [b for row in rows if isinstance(row, list) for b in row if isinstance(b, dict)]
    if len(buttons) > MAX_BUTTONS:
        raise bad_request(TOO_MANY_BUTTONS)
    for button in buttons:
        check_button(button)


def check_button(button: dict[str, Any]) -> None:
    """One inline keyboard button, checked the way Telegram does."""
    actions = [a for a in _ACTIONS if a in button]
    if not actions:
        raise bad_request(TEXT_BUTTONS_UNALLOWED)
    if len(actions) > 1:
        raise bad_request(BUTTON_MANY_ACTIONS)
    if not str(button.get("text", "")).strip():
        raise bad_request(BUTTON_TEXT_EMPTY)
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request(BUTTON_DATA_INVALID)
    if "url" in button and not valid_button_url(str(button["url"])):
        raise bad_request(BUTTON_URL_INVALID)


def valid_button_url(url: str) -> bool:
    """http(s) URLs with a host, or tg:// links."""
    parts = urlsplit(url)
    if parts.scheme == "tg":
        return bool(parts.netloc or parts.path)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_poll_texts(question: str, options: Sequence[str]) -> None:
    """Question 1-300 characters, 2-12 options of 1-100 characters."""
    if not question.strip():
        raise bad_request(QUESTION_EMPTY)
    if len(question) > MAX_QUESTION:
        raise bad_request(QUESTION_TOO_LONG)
    if len(options) < MIN_OPTIONS:
        raise bad_request(TOO_FEW_OPTIONS)
    if len(options) > MAX_OPTIONS:
        raise bad_request(TOO_MANY_OPTIONS)
    for option in options:
        if not option.strip():
            raise bad_request(OPTION_EMPTY)
        if len(option) > MAX_OPTION:
            raise bad_request(OPTION_TOO_LONG)


def check_correct_options(poll_type: str, correct: object, option_count: int) -> tuple[int, ...]:
    """A quiz needs increasing, in-range correct option ids; a regular poll takes none."""
    if poll_type not in ("quiz", "regular"):
        raise bad_request(POLL_TYPE_INVALID)
    if poll_type == "regular":
        if correct:
            raise bad_request(CORRECT_FOR_REGULAR)
        return ()
    if not isinstance(correct, list) or not correct:
        raise bad_request(QUIZ_NEEDS_CORRECT)
    ids = tuple(c for c in correct if isinstance(c, int) and not isinstance(c, bool))
    in_range = len(ids) == len(correct) and all(0 <= c < option_count for c in ids)
    if not in_range or list(ids) != sorted(set(ids)):
        raise bad_request(CORRECT_OPTION_INVALID)
    return ids


def check_explanation(parsed: ParsedText) -> None:
    """0-200 characters after entity parsing, at most 2 line feeds."""
    if len(parsed.text) > MAX_EXPLANATION:
        raise bad_request(EXPLANATION_TOO_LONG)
    if parsed.text.count("\n") > MAX_EXPLANATION_LINE_FEEDS:
        raise bad_request(EXPLANATION_LINE_FEEDS)


def check_callback_answer(text: object) -> None:
    """A callback answer's text is 0-200 characters."""
    if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request(ANSWER_TOO_LONG)


def check_inline_results(results: object) -> None:
    """At most 50 results, ids unique and 1-64 bytes, texts and keyboards valid."""
    if not isinstance(results, list):
        return
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request(RESULTS_TOO_MANY)
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            continue
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_RESULT_ID_BYTES:
            raise bad_request(RESULT_ID_INVALID)
        if result_id in seen:
            raise bad_request(RESULT_ID_DUPLICATE)
        seen.add(result_id)
        check_reply_markup(result.get("reply_markup"))
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            text = str(content["message_text"])
            check_message_text(
                parse_text(text, content.get("parse_mode"), content.get("entities"))
            )


_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_results_button(button: object) -> None:
    """An inline results button's deep-link parameter: 1-64 of A-Z, a-z, 0-9, _ and -."""
    if not isinstance(button, dict) or "start_parameter" not in button:
        return
    if not _START_PARAMETER.fullmatch(str(button["start_parameter"])):
        raise bad_request("START_PARAM_INVALID")


def check_close_date(open_period: object, close_date: object, now: int) -> int | None:
    """When a poll closes by itself: `open_period` seconds from now, or at `close_date`
    (5 s to a month ahead, not both); None for a poll that stays open until stopped."""
    low, high = OPEN_PERIOD_RANGE
    if open_period is not None and close_date is not None:
        raise bad_request(PERIOD_AND_DATE)
    if open_period is not None:
        if not _integer(open_period) or not low <= open_period <= high:
            raise bad_request(OPEN_PERIOD_INVALID)
        return now + open_period
    if close_date is not None:
        if not _integer(close_date) or not low <= close_date - now <= high:
            raise bad_request(CLOSE_DATE_INVALID)
        return close_date
    return None


def _integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
