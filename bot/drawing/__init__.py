"""Drawing a lesson's pictures: charts from their numbers, mock posts from their words.

Plain functions from the bank's picture data to PNG bytes; the Telegram adapter sends them
as photos, the checker and the tests look at them. No Telegram, no tutor.
"""

from __future__ import annotations

from pathlib import Path

from bot.bank.pictures import Picture
from bot.drawing.charts import draw_chart
from bot.drawing.posts import draw_posts


def draw(picture: Picture, language: str, folder: Path | None = None) -> bytes:
    """The picture as PNG (or the file's own bytes, named relative to `folder`, the lesson
    file's), its words in `language`'s script."""
    if picture.chart is not None:
        return draw_chart(picture.chart, language)
    if picture.posts is not None:
        return draw_posts(picture.posts, language)
    assert picture.file is not None and folder is not None, "the checker makes sure of both"
    return (folder / picture.file).read_bytes()
