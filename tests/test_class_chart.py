"""The class chart of the teacher's report: a PNG in every interface language."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image

from bot.languages import LANGUAGES, is_rtl
from bot.pictures.class_chart import ClassChart, ThemeBars, class_chart_png

THEMES = (("Critical thinking", 0.5, 2 / 3), ("Creativity", 0.0, None), ("Literacy", 1.0, 1.0))


@pytest.mark.parametrize("language", ["en", "ar", "th", "ru"])
def test_the_chart_is_a_png_a_phone_can_read(language: str) -> None:
    assert language in LANGUAGES
    chart = ClassChart(
        "7B ทดสอบ العربية Класс",
        tuple(ThemeBars(*theme) for theme in THEMES),
        "Lessons done",
        "Answers right",
        language,
        is_rtl(language),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from every font is a warning
        png = class_chart_png(chart)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (960, 1056)
    assert class_chart_png(chart) is png  # the same chart is drawn once
