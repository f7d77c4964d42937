"""The post check's messages: one SIFT step each, naming the cues found, never a verdict."""

from __future__ import annotations

import html
from gettext import NullTranslations

from telegram import InlineKeyboardMarkup

from bot.bank.cues import Technique
from bot.learning.post_check import STEPS, Cue, PostKind
from bot.telegram.actions import PostStep, StartLesson
from bot.telegram.callbacks import encode
from bot.telegram.render import Text, button, topics_button


def technique_name(technique: Technique, t: NullTranslations) -> str:
    """A technique's name, as it fits in "What I noticed: ..."."""
    names = {
        Technique.EMOTIONAL_LANGUAGE: t.gettext("emotional words"),
        Technique.URGENCY: t.gettext("pressure to share fast"),
        Technique.UNSOURCED_NUMBERS: t.gettext("numbers without a source"),
        Technique.UNNAMED_EXPERT: t.gettext("an unnamed expert"),
        Technique.RECYCLED_IMAGE: t.gettext("a picture that may be old or made by AI"),
    }
    return names[technique]


def _stop(cues: tuple[Cue, ...], t: NullTranslations) -> str:
    lines = [
        t.gettext(
            "🛑 <b>Stop.</b> Before you share or react, take a breath. I won't tell you"
            " whether this is true: here's how to check it yourself, in four steps."
        ),
        "",
    ]
    if cues:
        names = ", ".join(f"<b>{html.escape(technique_name(c.technique, t))}</b>" for c in cues)
        lines.append(
            t.gettext(
                "What I noticed: {techniques}. Posts that use these tricks want you to feel"
                " before you think."
            ).format(techniques=names)
        )
    else:
        lines.append(
            t.gettext(
                "I found none of the usual tricks in it. That doesn't make it true, so the"
                " steps still pay off."
            )
        )
    lines += [
        "",
        t.gettext("🔒 I don't keep what you sent: it isn't saved, logged or passed on."),
    ]
    return "\n".join(lines)


def _investigate(kind: PostKind, t: NullTranslations) -> str:
    if kind is PostKind.LINK:
        return t.gettext(
            "🔎 <b>Investigate the source.</b> Look closely at the link's address: is it a"
            " site you know, or a name made to look like one? Search the site's name with"
            " words like \u201creview\u201d or \u201cfake\u201d and see what others say."
        )
    if kind is PostKind.PHOTO:
        return t.gettext(
            "🔎 <b>Investigate the source.</b> Who posted this picture first? Look for a"
            " name, a logo or a watermark and search for it: a real photographer or news"
            " outlet is easy to find."
        )
    if kind is PostKind.FORWARD:
        return t.gettext(
            "🔎 <b>Investigate the source.</b> This was forwarded: tap the name above the post"
            " to open where it came from. Is it a news outlet, an expert on the subject, a"
            " brand selling something, or a channel you've never heard of? How long has it"
            " been around?"
        )
    return t.gettext(
        "🔎 <b>Investigate the source.</b> Who posted this first? Search their name: are"
        " they a news outlet, an expert on this subject, a brand selling something, or a"
        " page you've never heard of?"
    )


def _trace(kind: PostKind, t: NullTranslations) -> str:
    if kind is PostKind.PHOTO:
        text = t.gettext(
            "🧭 <b>Trace it to the original.</b> Do a reverse image search (Google Lens or"
            " TinEye, for example). Old photos often come back as today's news, and an"
            " AI-made picture often has no original at all."
        )
    else:
        text = t.gettext(
            "🧭 <b>Trace it to the original.</b> Find where the claim, quote or number first"
            " appeared. Does the original say the same thing, in the same context, on the"
            " same date?"
        )
    done = t.gettext("✅ That's SIFT: Stop, Investigate, Find, Trace. Now you decide.")
    return f"{text}\n\n{done}"


def step_message(
    step: int,
    kind: PostKind,
    mask: int,
    cues: tuple[Cue, ...],
    lesson_titles: dict[str, str],
    t: NullTranslations,
) -> Text:
    """Step `step` (0-3) of the check, with the button to the next one; the first and the
    last also link to the lesson on each technique found."""
    texts = [
        _stop(cues, t),
        _investigate(kind, t),
        t.gettext(
            "📰 <b>Find better coverage.</b> Search the main claim in your own words. If"
            " it's real and big, trusted news sites or fact-checkers will have it too. If"
            " nobody else reports it, be careful."
        ),
        _trace(kind, t),
    ]
    nexts = [
        t.gettext("Next: who's behind it?"),
        t.gettext("Next: find better coverage"),
        t.gettext("Next: trace the original"),
    ]
    rows = []
    if step in (0, STEPS - 1):
        rows += [
            [button("📖 " + lesson_titles[c.lesson_id], encode(StartLesson(c.lesson_id)))]
            for c in cues
        ]
    if step < STEPS - 1:
        rows.insert(0, [button(nexts[step], encode(PostStep(kind.value, step + 1, mask)))])
    else:
        rows.append([topics_button(t)])
    return Text(texts[step], InlineKeyboardMarkup(rows))
