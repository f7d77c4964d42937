"""The small markup lesson text may use, and how it becomes safe Telegram HTML.

Educators may write <b>, <i>, <u>, <s>, <code> and <a href="https://..."> in step text,
longer explanations and takeaways; everything else is text. `&`, `<` and `>` outside those
tags are escaped, so an educator never has to think about HTML entities.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

ALLOWED_TAGS = ("b", "i", "u", "s", "code", "a")
_TAG = re.compile(r'<(/?)(b|i|u|s|code|a)(\s+href="(https://[^"\s<>]+)")?\s*>')
_ANY_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)[^<>]*>")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class MarkupIssue:
    """What is wrong with a piece of markup."""

    message: str


def tags_in(text: str) -> list[str]:
    """The sequence of allowed tags used in `text`, for comparing a translation to its source."""
    return [f"<{m.group(1)}{m.group(2)}>" for m in _TAG.finditer(text)]


def placeholders_in(text: str) -> list[str]:
    """The `{name}` placeholders in `text`, sorted."""
    return sorted(_PLACEHOLDER.findall(text))


def check_markup(text: str, *, rich: bool) -> list[MarkupIssue]:
    """Problems with tags in `text`; `rich` fields may use the allowed tags, others none."""
    issues: list[MarkupIssue] = []
    if not rich:
        match = _ANY_TAG.search(text)
        if match and (match.group(1).lower() in ALLOWED_TAGS):
            issues.append(
                MarkupIssue(
                    f'tag "{match.group(0)}" is not allowed here (this text is shown'
                    " as plain text; remove the tag)"
                )
            )
        return issues
    allowed_spans = {m.start() for m in _TAG.finditer(text)}
    for match in _ANY_TAG.finditer(text):
        if match.start() not in allowed_spans and match.group(1).lower() in (
            *ALLOWED_TAGS,
            "strong",
            "em",
            "br",
            "p",
            "span",
            "div",
            "img",
        ):
            issues.append(
                MarkupIssue(
                    f'tag "{match.group(0)}" is not supported (use <b>, <i>, <u>, <s>,'
                    ' <code> or <a href="https://...">)'
                )
            )
    stack: list[str] = []
    for match in _TAG.finditer(text):
        closing, name = match.group(1) == "/", match.group(2)
        if name == "a" and not closing and not match.group(4):
            issues.append(MarkupIssue('a link needs href="https://..." (add the address)'))
        if not closing:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        else:
            issues.append(
                MarkupIssue(
                    f"</{name}> closes a tag that is not open (remove it, or"
                    f" add <{name}> before it)"
                )
            )
            return issues
    if stack:
        issues.append(MarkupIssue(f"<{stack[-1]}> is never closed (add </{stack[-1]}>)"))
    return issues


def to_html(text: str) -> str:
    """Telegram-safe HTML: allowed tags kept, everything else escaped."""
    out: list[str] = []
    last = 0
    for match in _TAG.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        closing, name, href = match.group(1), match.group(2), match.group(4)
        if name == "a" and not closing:
            out.append(f'<a href="{html.escape(href or "", quote=True)}">')
        else:
            out.append(f"<{closing}{name}>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def visible(text: str) -> str:
    """The text a reader sees once the tags are gone (what Telegram's limits count)."""
    return _TAG.sub("", text)
