"""Pictures in lessons, as checked data: a chart drawn from its numbers, mock posts drawn
from their words, or an image file kept beside the lesson with its licence.

A step with a picture is sent as a photo with the step's text as its caption. Charts and
posts are drawn by the bot from these fields (so a translation can give their words in
another language); a file is the project's own picture, named relative to the lesson file.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictFloat, StrictInt, StringConstraints
from pydantic.dataclasses import dataclass

Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
Number = StrictInt | StrictFloat
# a picture file beside the lesson: a relative path with no way up or out
PictureFile = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[\w-]+(/[\w-]+)*\.(png|jpe?g)$")
]
_CONFIG = ConfigDict(extra="forbid")


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Bar:
    """One bar (or point) of a chart."""

    label: Text
    value: Number


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Chart:
    """A bar or line chart drawn from its numbers.

    `axis_from` starts the value axis above zero (the truncated axis a misleading chart
    uses); with `honest_twin` the same numbers are drawn beside it on an axis from zero.
    `shown` picks the points a cherry-picked version shows (first and last index); the
    whole series is then drawn beside it.
    """

    kind: Literal["bars", "line"] = "bars"
    title: Text
    unit: Text | None = None
    points: Annotated[list[Bar], Field(min_length=2, max_length=12)]
    axis_from: Number | None = None
    honest_twin: bool = False
    shown: Annotated[list[StrictInt], Field(min_length=2, max_length=2)] | None = None
    honest_title: Text | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Post:
    """A made-up social media post, drawn as a phone screenshot would show it."""

    name: Text
    handle: Text
    text: Text
    badge: Literal["verified", "ad", "ai-label"] | None = None
    time: Text | None = None
    likes: Annotated[StrictInt, Field(ge=0)] | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Picture:
    """A step's picture: exactly one of `chart`, `posts` or `file`, with alt text (for
    screen readers, and wherever the picture cannot be shown) and its credit."""

    alt: Text
    credit: Text
    chart: Chart | None = None
    posts: Annotated[list[Post], Field(min_length=1, max_length=2)] | None = None
    file: PictureFile | None = None

    @property
    def kind(self) -> str:
        """Which kind of picture this is."""
        return "chart" if self.chart else "posts" if self.posts else "file"


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class PostText:
    """A post's words in another language (its numbers and badge stay)."""

    name: Text | None = None
    text: Text | None = None
    time: Text | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class PictureText:
    """A picture's words in another language: alt text, chart title and labels, posts."""

    alt: Text | None = None
    title: Text | None = None
    honest_title: Text | None = None
    unit: Text | None = None
    labels: list[Text] | None = None
    posts: list[PostText] | None = None


def localize_picture(picture: Picture, words: PictureText | None) -> Picture:
    """The picture with a translation's words where it has some (numbers never change)."""
    if words is None:
        return picture
    chart = picture.chart
    if chart is not None:
        labels = words.labels or []
        points = [
            replace(bar, label=labels[n]) if n < len(labels) else bar
            for n, bar in enumerate(chart.points)
        ]
        chart = replace(
            chart,
            title=words.title or chart.title,
            honest_title=words.honest_title or chart.honest_title,
            unit=words.unit or chart.unit,
            points=points,
        )
    posts = picture.posts
    if posts is not None and words.posts:
        posts = [
            replace(
                post,
                name=text.name or post.name,
                text=text.text or post.text,
                time=text.time or post.time,
            )
            for post, text in zip(posts, [*words.posts, *[PostText()] * len(posts)], strict=False)
        ]
    return replace(picture, alt=words.alt or picture.alt, chart=chart, posts=posts)
