"""Pictures in lessons: drawn from their data, checked, and sent as photos with captions."""

from __future__ import annotations

import io
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from PIL import Image

from bot.bank.bank import Bank
from bot.bank.check.loader import load_bank
from bot.bank.pictures import Bar, Chart, Picture, PictureText, Post, PostText, localize_picture
from bot.pictures.lesson import draw
from bot.sandbox.server import TelegramServer
from storage.database import Database
from tests.harness import RunningBot, running_bot

VALID = Path(__file__).resolve().parent / "bank_corpus" / "valid"
LESSON = "lessons/critical-thinking/emotion-check.yaml"
VOTES = Chart(
    title="Class trip vote",
    unit="votes",
    points=[Bar(label="Beach", value=21), Bar(label="Zoo", value=19)],
    axis_from=18,
    honest_twin=True,
    honest_title="Same votes, axis from 0",
)
POSTS = [
    Post(name="Velmora Library", handle="@velmoralib", text="Open on Sundays from March.",
         badge="verified", time="2 h", likes=312),
    Post(name="TrueNews24", handle="@truenews_24_7", text="You WON'T BELIEVE this 😡",
         badge="ad"),
]  # fmt: skip


def _png(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def test_a_chart_is_drawn_from_its_numbers_phone_sized() -> None:
    chart = Picture(alt="Two charts of the same votes.", credit="MIL CLICKS", chart=VOTES)
    assert _png(draw(chart, "en")) == (960, 540)
    assert draw(chart, "en") == draw(chart, "en")  # the same numbers, the same picture


def test_posts_are_drawn_in_every_script() -> None:
    posts = Picture(alt="Two posts.", credit="MIL CLICKS", posts=POSTS)
    width, height = _png(draw(posts, "en"))
    assert width == 956 and 400 < height < 800
    arabic = [Post(name="مكتبة فيلمورا", handle="@velmoralib", text="نفتح أيام الأحد.")]
    assert _png(draw(Picture(alt="x", credit="x", posts=arabic), "ar"))[0] == 956
    cyrillic = [Post(name="Библиотека", handle="@lib", text="Открыты по воскресеньям.")]
    assert _png(draw(Picture(alt="x", credit="x", posts=cyrillic), "ru"))[0] == 956


def test_a_translation_gives_a_picture_its_words_and_keeps_its_numbers() -> None:
    picture = Picture(alt="Two charts.", credit="MIL CLICKS", chart=VOTES)
    words = PictureText(alt="Dois gráficos.", title="Votação da excursão", labels=["Praia"])
    localized = localize_picture(picture, words)
    assert localized.alt == "Dois gráficos."
    assert localized.chart is not None
    assert localized.chart.title == "Votação da excursão"
    assert [(b.label, b.value) for b in localized.chart.points] == [("Praia", 21), ("Zoo", 19)]
    assert localized.chart.axis_from == 18
    posts = Picture(alt="x", credit="x", posts=POSTS)
    translated = localize_picture(posts, PictureText(posts=[PostText(text="Abre aos domingos.")]))
    assert translated.posts is not None
    assert [p.text for p in translated.posts] == ["Abre aos domingos.", POSTS[1].text]
    assert translated.posts[0].likes == 312


def _with_pictures(root: Path) -> None:
    """The valid corpus, its technique step with a chart and its hook with a picture file."""
    shutil.copytree(VALID, root, dirs_exist_ok=True)
    path = root / LESSON
    lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
    lesson["steps"][1]["picture"] = {
        "alt": "The same votes drawn twice: an axis from 18, and an axis from 0.",
        "credit": "Drawn for MIL CLICKS from the numbers in this lesson, CC BY 4.0",
        "chart": {
            "title": "Class trip vote",
            "points": [{"label": "Beach", "value": 21}, {"label": "Zoo", "value": 19}],
            "axis_from": 18,
            "honest_twin": True,
        },
    }
    lesson["steps"][0]["picture"] = {
        "alt": "A grey square.",
        "credit": "MIL CLICKS, CC BY 4.0",
        "file": "images/square.png",
    }
    (path.parent / "images").mkdir()
    Image.new("RGB", (64, 64), "grey").save(path.parent / "images" / "square.png")
    path.write_text("# yaml-language-server: $schema=../../schemas/lesson.schema.json\n"
                    + yaml.safe_dump(lesson, allow_unicode=True, sort_keys=False))  # fmt: skip


def test_the_checker_takes_pictures_and_the_bank_knows_their_files(tmp_path: Path) -> None:
    _with_pictures(tmp_path)
    result = load_bank(tmp_path / "lessons", tmp_path / "quizzes", root=tmp_path)
    assert result.errors == []
    hook = result.bank.lessons["emotion-check"].steps[0]
    assert hook.picture is not None and hook.picture.file == "images/square.png"
    folder = result.bank.folders["emotion-check"]
    assert folder == (tmp_path / LESSON).parent.resolve()
    assert _png(draw(hook.picture, "en", folder)) == (64, 64)


def test_a_translation_gives_the_picture_its_words(tmp_path: Path) -> None:
    _with_pictures(tmp_path)
    translation = tmp_path / "lessons/critical-thinking/emotion-check.pt.yaml"
    words = yaml.safe_load(translation.read_text(encoding="utf-8"))
    words["steps"]["technique"]["picture"] = {"title": "Votação da excursão", "labels": ["Praia"]}
    translation.write_text(yaml.safe_dump(words, allow_unicode=True, sort_keys=False))
    result = load_bank(tmp_path / "lessons", tmp_path / "quizzes", root=tmp_path)
    assert result.errors == []
    chart = result.bank.lesson("emotion-check", "pt").steps[1].picture
    assert chart is not None and chart.chart is not None
    assert (chart.chart.title, chart.chart.points[0].label) == ("Votação da excursão", "Praia")

    words["steps"]["technique"]["picture"]["labels"] = ["Praia", "Zoológico", "Parque"]
    words["steps"]["hook"]["picture"] = {"alt": "Um quadrado."}
    translation.write_text(yaml.safe_dump(words, allow_unicode=True, sort_keys=False))
    result = load_bank(tmp_path / "lessons", tmp_path / "quizzes", root=tmp_path)
    assert [p.message for p in result.errors] == [
        "3 labels for a chart of 2 points (give one per point) [pt]"
    ]


@pytest.fixture
async def picture_bot(
    tmp_path: Path, server: TelegramServer, database: Database
) -> AsyncIterator[RunningBot]:
    _with_pictures(tmp_path / "bank")
    result = load_bank(tmp_path / "bank" / "lessons", tmp_path / "bank" / "quizzes")
    assert result.errors == []
    async with running_bot(server, result.bank, database.unit) as running:
        yield running


async def test_a_step_with_a_picture_arrives_as_a_photo_with_its_caption(
    server: TelegramServer, picture_bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await amina.tap("Let's go")
    hook = await amina.receive()
    assert hook.photo
    assert hook.text.startswith('The emotion check · 3 min\n\nYou see "SHOCKING!')
    assert hook.button_texts == [["Why does that work?"]]
    await amina.tap("Why does that work?")
    technique = await amina.receive()
    assert technique.photo
    assert technique.text == (
        "This trick is called emotional language, words picked to make you feel first."
    )
    assert technique.media is not None
    assert (technique.media.width, technique.media.height) == (960, 540)
    assert amina.message(hook.message_id).button_texts == []  # used buttons go away

    # A second learner gets the same pictures by Telegram's file id: drawn and sent once.
    bo = server.user(2002, "Bo", language_code="en")
    await bo.send("/start")
    await bo.receive()
    await bo.tap("Let's go")
    assert (await bo.receive()).photo
    photos = [str(call.params["photo"]) for call in server.calls_to("sendPhoto")]
    assert photos[0].startswith("attach://")
    assert photos[2] == server.calls_to("sendPhoto")[0].result["photo"][-1]["file_id"]


def test_every_picture_of_the_shipped_bank_draws_in_every_lesson_language(bank: Bank) -> None:
    pictured = {
        lesson.id: [step.id for step in lesson.steps if step.picture is not None]
        for lesson in bank.lessons.values()
    }
    pictured = {lesson: steps for lesson, steps in pictured.items() if steps}
    # the lessons about something seen show it: charts, posts, an edited photo
    assert {"misleading-charts", "cherry-picked-numbers", "emotion-check",
            "fake-disaster-images"} <= pictured.keys()  # fmt: skip
    for lesson_id in pictured:
        for language in bank.languages:
            for step in bank.lesson(lesson_id, language).steps:
                if step.picture is not None:
                    width, height = _png_or_jpeg(
                        draw(step.picture, language, bank.folders.get(lesson_id))
                    )
                    assert width + height <= 10_000, (lesson_id, language)


def _png_or_jpeg(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format in {"PNG", "JPEG"}
        return image.size
