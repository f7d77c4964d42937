"""The sandbox's web chat in a real browser: headless Chromium from the system's packages,
driven by Playwright, against `milclicks run` with no token. Screenshots of the main screens
go to build/screenshots (docs/ keeps a chosen few for the README)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect, sync_playwright

from bot.sandbox.launch import TOKEN
from bot.sandbox.server import spec_path
from tests.sandbox_harness import png

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE: ViewportSize = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).is_file(),
        reason="Chromium is not installed (apt-get install chromium; .ci/run does it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def sandbox_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`milclicks run` with no token, in a clean environment and an empty folder."""
    folder = tmp_path_factory.mktemp("sandbox")
    port = _free_port()
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    spec = spec_path(os.environ)
    environment = {
        **keep,
        "PYTHONPATH": str(REPO),
        "SANDBOX_PORT": str(port),
        "SANDBOX_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'sandbox.sqlite3'}",
        **({"TELEGRAM_API_SPEC": str(spec)} if spec.is_file() else {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("No token yet, so MIL CLICKS is running in the local sandbox")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 0, err


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            # root in CI needs --no-sandbox; the page is ours, on loopback. No calls home.
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def page(browser: Browser, sandbox_url: str) -> Iterator[Page]:
    """A phone-sized page on the sandbox; the module's tests carry on one visit."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(sandbox_url)
    yield opened
    context.close()
    assert errors == []


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=SHOTS / f"{name}.png")


def _tap(page: Page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).last.click()


def _last_bot_message(page: Page) -> Locator:
    return page.locator(".msg.in .bubble").last


def test_a_learner_takes_the_first_lesson(page: Page) -> None:
    expect(page.locator(".empty")).to_contain_text("Hi! I'm MIL CLICKS 👋")  # the description
    _shot(page, "empty-chat")
    _tap(page, "START")
    expect(_last_bot_message(page)).to_contain_text("Hi Amina 👋 I'm MIL CLICKS")
    _shot(page, "welcome")
    _tap(page, "Let's go")
    expect(_last_bot_message(page)).to_contain_text("You're scrolling and see:")
    expect(page.locator(".bubble strong").last).to_have_text("The emotion check")
    _tap(page, "Why does that work?")
    expect(_last_bot_message(page)).to_contain_text("This trick is called emotional language")
    expect(page.get_by_role("button", name="Why does that work?")).to_have_count(0)
    _tap(page, "Show me an example")
    picture = page.locator(".msg.in .bubble img.photo").last  # the lesson's picture, drawn
    expect(picture).to_be_visible()
    page.wait_for_function("() => document.querySelector('.bubble img.photo').naturalWidth > 0")
    _shot(page, "lesson-picture")
    _tap(page, "I'm ready for the questions")
    quiz = page.locator(".poll").last
    expect(quiz.locator(".question")).to_have_text(
        "Which headline is trying to make you feel before you think?"
    )
    _shot(page, "quiz")
    quiz.get_by_role("button", name="They're LYING to you about the buses!!!").click()
    expect(quiz.locator(".explanation")).to_contain_text("Capital letters")
    expect(quiz.locator(".option.right")).to_contain_text("They're LYING to you")
    expect(_last_bot_message(page)).to_contain_text("✅ Right!")
    _shot(page, "quiz-answered")
    _tap(page, "Next question")
    _tap(page, "True")
    expect(_last_bot_message(page)).to_contain_text("✅")
    _tap(page, "Next question")
    for move in ("Wait a moment before sharing", "Search for the same story from another source",
                 "Check who posted it first"):  # fmt: skip
        _tap(page, f"⬜ {move}")
        expect(page.get_by_role("button", name=f"☑️ {move}")).to_be_visible()
    _tap(page, "Check my answer")
    _tap(page, "See my score")
    # the end card, then (after a first lesson) the offer of reminders
    end = page.locator(".msg.in .bubble", has_text="🏁 The emotion check: done!")
    expect(end).to_contain_text("🏁 The emotion check: done!")
    expect(end).to_contain_text("You got 3 of 3 questions right.")
    expect(page.get_by_role("button", name="🎯 Challenge a friend")).to_be_visible()
    _shot(page, "end-card")


def test_a_friend_opens_the_challenge_link(page: Page) -> None:
    _tap(page, "🎯 Challenge a friend")
    card = page.locator(".msg.in", has_text="Your challenge is ready")
    expect(card).to_contain_text("https://t.me/milclicks_sandbox_bot?start=c")
    expect(_last_bot_message(page)).to_contain_text("🎯 Amina challenges you:")  # to forward
    _tap(page, "📋 Copy the link")
    expect(page.locator("#toast")).to_contain_text("Link copied")
    page.get_by_role("button", name="Sandbox ⚙").click()
    expect(page.locator("#panel")).to_be_visible()
    _shot(page, "panel")
    page.locator("#people").get_by_role("button", name="Leo").click()
    page.get_by_role("button", name="Back to the chat").click()
    expect(page.locator("#bot-status")).to_have_text("bot · you are Leo")
    page.get_by_role("button", name="🔗 Open the copied link as Leo").click()
    opened = page.locator(".msg.in .bubble").first
    expect(opened).to_contain_text(re.compile(r"🎯 Amina challenged you: \d questions on The emo"))
    expect(page.locator(".msg.in")).to_have_count(2)  # and the first question (poll or not)
    _shot(page, "challenge")


def test_a_photo_the_bot_sends_is_shown(page: Page, sandbox_url: str) -> None:
    sent = httpx.post(
        f"{sandbox_url}/bot{TOKEN}/sendPhoto",
        data={
            "chat_id": "1002",
            "caption": "<b>Your picture</b> of the week",
            "parse_mode": "HTML",
        },
        files={"photo": ("week.png", png(320, 180), "image/png")},
    )
    assert sent.json()["ok"] is True, sent.text
    photo = page.locator(".bubble img.photo").last
    expect(photo).to_be_visible()
    expect(page.locator(".msg.in .bubble").last).to_contain_text("Your picture of the week")
    page.wait_for_function("() => document.querySelector('.bubble img.photo').naturalWidth > 0")
    assert photo.evaluate("img => img.naturalWidth") == 320
    _shot(page, "photo")


def test_only_telegrams_formatting_reaches_the_page(page: Page, sandbox_url: str) -> None:
    text = (
        "<b>bold</b> <i>italic</i> <u>under</u> <s>struck</s> <code>code</code> "
        '<a href="https://example.org/">a link</a> <a href="javascript:alert(1)">no link</a> '
        "<tg-spoiler>hidden</tg-spoiler> &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    sent = httpx.post(
        f"{sandbox_url}/bot{TOKEN}/sendMessage",
        json={"chat_id": 1002, "text": text, "parse_mode": "HTML"},
    )
    assert sent.json()["ok"] is True, sent.text
    bubble = page.locator(".msg.in .bubble").last
    expect(bubble).to_contain_text("<script>alert(1)</script>")  # shown, as text
    tags = bubble.evaluate("b => [...b.querySelectorAll('*')].map(e => e.tagName.toLowerCase())")
    assert tags == ["strong", "em", "u", "s", "code", "a", "span", "span", "span"]
    assert bubble.locator("a").get_attribute("href") == "https://example.org/"
    assert bubble.locator("script").count() == 0


def test_the_panel_switches_the_language_in_telegram_and_in_the_bot(page: Page) -> None:
    page.get_by_role("button", name="Sandbox ⚙").click()
    page.locator("#language").select_option("pt")
    page.get_by_role("button", name="Back to the chat").click()
    done = page.locator(".msg.in", has_text="✅ Pronto! De agora em diante, a gente conversa")
    expect(done).to_contain_text("em Português.")
    page.get_by_role("button", name="☰ Menu").click()
    # Telegram's command menu in the person's language, as the bot published it
    expect(page.locator("#commands")).to_contain_text("/startComeçar ou continuar uma lição")
    _shot(page, "language")
