"""A lesson's pictures: one kind each, sensible chart numbers, and files Telegram takes."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from bot.bank import limits
from bot.bank.check.documents import Loc
from bot.bank.check.parsed import Parsed
from bot.bank.check.problems import Problem
from bot.bank.content import Lesson
from bot.bank.pictures import Chart, Picture

_FORMATS = {"PNG", "JPEG"}


def _chart_problems(chart: Chart) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    lowest = min(bar.value for bar in chart.points)
    if chart.axis_from is not None and chart.axis_from >= lowest:
        found.append(
            (
                ("axis_from",),
                f"the axis starts at {chart.axis_from}, not below the lowest value ({lowest})"
                " (start it lower, or leave it out for an axis from zero)",
            )
        )
    if chart.shown is not None:
        first, last = chart.shown
        if not 0 <= first < last < len(chart.points):
            found.append(
                (
                    ("shown",),
                    f"shown must be two point numbers, first before last, from 0 to"
                    f" {len(chart.points) - 1} (it is {chart.shown})",
                )
            )
        if chart.honest_twin:
            found.append(
                (("honest_twin",), "a chart has an honest twin or shown points, not both")
            )
    return found


def _file_problems(where: Path, written: str) -> list[str]:
    if not where.is_file():
        return [f'no picture file "{written}" beside the lesson (add it, or fix the path)']
    size = where.stat().st_size
    if size > limits.PHOTO_BYTES:
        return [
            f"the picture is {size / 1024 / 1024:.1f} MB (Telegram takes photos up to"
            f" {limits.PHOTO_BYTES // 1024 // 1024} MB; make it smaller)"
        ]
    try:
        with Image.open(where) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        return [f'"{written}" is not a PNG or JPEG picture Pillow can read (save it again)']
    if kind not in _FORMATS:
        return [f'"{written}" is a {kind} file (save it as PNG or JPEG)']
    if width + height > limits.PHOTO_SIDES_SUM:
        return [
            f"the picture is {width}x{height} (Telegram takes photos whose width and height"
            f" add up to at most {limits.PHOTO_SIDES_SUM}; scale it down)"
        ]
    if max(width, height) > limits.PHOTO_RATIO * min(width, height):
        return [
            f"the picture is {width}x{height}, too long and thin for Telegram (at most"
            f" {limits.PHOTO_RATIO} times as long as it is wide; crop it)"
        ]
    return []


def _one_picture(picture: Picture, folder: Path | None) -> list[tuple[Loc, str]]:
    kinds = [picture.chart is not None, picture.posts is not None, picture.file is not None]
    if sum(kinds) != 1:
        return [((), "a picture is a chart, posts or a file: give exactly one of the three")]
    if picture.chart is not None:
        return [(("chart", *loc), message) for loc, message in _chart_problems(picture.chart)]
    if picture.file is not None and folder is not None:
        return [(("file",), m) for m in _file_problems(folder / picture.file, picture.file)]
    return []


def picture_problems(item: Parsed[Lesson]) -> list[Problem]:
    """Every problem with the pictures of a lesson's steps."""
    lesson, doc = item.model, item.doc
    folder = doc.source.parent if doc.source is not None else None
    return [
        doc.problem(("steps", i, "picture", *loc), message)
        for i, step in enumerate(lesson.steps)
        if step.picture is not None
        for loc, message in _one_picture(step.picture, folder)
    ]


def picture_folder(item: Parsed[Lesson]) -> Path | None:
    """The folder a lesson's picture files are named from, if it has any."""
    lesson = item.model
    if item.doc.source is None or not any(s.picture and s.picture.file for s in lesson.steps):
        return None
    return item.doc.source.parent.resolve()
