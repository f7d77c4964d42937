"""The competency chart and its place in /progress: a picture, its caption, the words below."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image

from bot.bank.themes import THEMES
from bot.languages import LANGUAGES, translator
from bot.learning.progress import ProgressReport, ThemeEntry
from bot.pictures.radar import radar_png
from bot.sandbox.server import TelegramServer
from bot.telegram import competency
from tests.dialogs import finish_first_lesson, progress
from tests.harness import RunningBot


def _report(done: int) -> ProgressReport:
    first, *others = THEMES
    entries = (
        ThemeEntry(first, done=done, total=4, correct=2 * done, answered=3 * done),
        *(ThemeEntry(theme, done=0, total=4, correct=0, answered=0) for theme in others),
    )
    return ProgressReport(entries, days_active=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_chart_is_drawn_in_every_interface_language(language: str) -> None:
    chart = competency.chart(_report(2), translator(language), language)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from every font is a warning
        png = radar_png(chart)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (960, 1056)  # readable on a phone, far below Telegram's limits


def test_the_chart_shows_what_the_report_says() -> None:
    chart = competency.chart(_report(2), translator("ar"), "ar")
    first = chart.axes[0]
    assert first.done == 0.5
    assert first.retained == 2 / 3
    assert chart.axes[1].retained is None  # nothing answered yet: no point drawn
    assert chart.right_to_left
    assert not competency.chart(_report(2), translator("ru"), "ru").right_to_left


def test_review_retention_is_drawn_where_there_is_some() -> None:
    first = THEMES[0]
    remembered = {first: 0.9}
    chart = competency.chart(_report(2), translator("en"), "en", remembered)
    assert chart.axes[0].retained == 0.9  # the review schedule, not the 2/3 right
    assert chart.axes[1].retained is None
    assert chart.retained_label == "Remembered"
    assert competency.chart(_report(2), translator("en"), "en").retained_label == ("Answers right")
    assert "how much you still remember" in competency.caption(translator("en"), True)


def test_the_same_progress_is_drawn_once() -> None:
    chart = competency.chart(_report(1), translator("en"), "en")
    again = competency.chart(_report(1), translator("en"), "en")
    assert radar_png(chart) is radar_png(again)
    assert radar_png(competency.chart(_report(2), translator("en"), "en")) != radar_png(chart)


async def test_progress_leads_with_the_picture_uploaded_once_per_change(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    picture, words = await progress(amina)
    assert picture.photo and picture.media is not None and picture.media.width == 960
    assert picture.text.startswith("📊 Your seven CLICKS themes")  # the caption
    assert words.text.startswith("📊 Your progress\n\nC C L I C K S")  # for screen readers
    await progress(amina)
    sends = server.calls_to("sendPhoto")
    assert str(sends[0].params["photo"]).startswith("attach://")  # drawn and uploaded
    assert sends[1].params["photo"] == picture.media.file_id  # the same picture: no upload
    await finish_first_lesson(amina, bot)
    changed, _ = await progress(amina)
    assert str(server.calls_to("sendPhoto")[2].params["photo"]).startswith("attach://")
    assert changed.media is not None and changed.media.file_id != picture.media.file_id
