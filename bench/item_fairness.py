"""How fair the bank's quiz items are: surface cues a learner could answer from.

Reads the English lesson files (lessons/**/*.yaml) and quiz pools (quizzes/*.yaml), skipping
translations (`<id>.<language>.yaml`), and prints, per theme and for the whole bank:

- single-choice items, and how many have the right option as the strictly longest one
  (visible characters: HTML tags stripped, entities decoded, spaces collapsed);
- the ratio of the longest to the shortest option, worst items first;
- true/false items, and how many have `answer: true`;
- near-duplicate pairs across the whole bank: prompt and options, lowercased, punctuation
  removed, compared with difflib's SequenceMatcher (ratio >= 0.8), or the very same prompt.

Whether a lesson has an item whose right answer is "this one is fine, trust it" cannot be
told from the files, so it is not measured: read the lessons for that.

    .venv/bin/python bench/item_fairness.py [--lessons-dir lessons] [--quizzes-dir quizzes]
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DUPLICATE_RATIO = 0.8
WORST = 5
PARALLEL_RATIO = 1.4  # options within this ratio of each other count as parallel in length
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")
PUNCTUATION = dict.fromkeys(map(ord, string.punctuation + "“”‘’«»…–—"), " ")


def visible(text: str) -> str:
    """The text a learner sees: tags stripped, entities decoded, spaces collapsed."""
    return SPACE.sub(" ", html.unescape(TAG.sub("", text))).strip()


def normalised(text: str) -> str:
    """Lowercase, no punctuation, single spaces: the form compared for near-duplicates."""
    return SPACE.sub(" ", visible(text).lower().translate(PUNCTUATION)).strip()


@dataclass
class Item:
    """One quiz item, lesson practice or pool review, with where it was found."""

    qid: str
    kind: str
    theme: str
    where: str
    prompt: str
    options: list[tuple[str, bool]]
    answer: bool | None

    @property
    def lengths(self) -> list[int]:
        return [len(visible(text)) for text, _ in self.options]

    def right_is_longest(self) -> bool:
        """True when the right option is strictly longer than every other option."""
        lengths = self.lengths
        right = [n for n, (_, correct) in zip(lengths, self.options, strict=True) if correct]
        wrong = [n for n, (_, correct) in zip(lengths, self.options, strict=True) if not correct]
        return bool(right) and bool(wrong) and max(right) > max(wrong)

    def length_ratio(self) -> float:
        lengths = self.lengths
        return max(lengths) / max(1, min(lengths)) if lengths else 1.0

    def text(self) -> str:
        return normalised(" ".join([self.prompt, *(text for text, _ in self.options)]))


@dataclass
class Tally:
    """The figures of one theme, or of the whole bank."""

    single: int = 0
    single_longest: int = 0
    single_parallel: int = 0
    true_false: int = 0
    true_false_true: int = 0
    items: int = 0
    ratios: list[tuple[float, Item]] = field(default_factory=list)

    def add(self, item: Item) -> None:
        self.items += 1
        if item.options:
            self.ratios.append((item.length_ratio(), item))
        if item.kind == "single":
            self.single += 1
            self.single_longest += item.right_is_longest()
            self.single_parallel += item.length_ratio() <= PARALLEL_RATIO
        elif item.kind == "true-false":
            self.true_false += 1
            self.true_false_true += bool(item.answer)


def english_files(folder: Path, pattern: str) -> Iterator[Path]:
    """YAML files whose name has no language suffix (`id.yaml`, not `id.pt.yaml`)."""
    for path in sorted(folder.glob(pattern)):
        if "." not in path.name.removesuffix(".yaml"):
            yield path


def shown(path: Path) -> str:
    """A path as printed: relative to the repository when it lies inside it."""
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def items_in(path: Path) -> Iterator[Item]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    theme = str(data.get("theme", "?"))
    for q in data.get("questions") or []:
        options = [
            (str(o.get("text", "")), bool(o.get("correct"))) for o in q.get("options") or []
        ]
        answer = q.get("answer")
        yield Item(
            qid=str(q.get("id", "?")),
            kind=str(q.get("kind", "?")),
            theme=theme,
            where=shown(path),
            prompt=str(q.get("prompt", "")),
            options=options,
            answer=answer if isinstance(answer, bool) else None,
        )


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def near_duplicates(items: list[Item]) -> list[tuple[float, str, Item, Item]]:
    """Pairs of items that read alike, most alike first."""
    texts = [(item, item.text(), normalised(item.prompt)) for item in items]
    pairs = []
    for i, (a, text_a, prompt_a) in enumerate(texts):
        matcher = difflib.SequenceMatcher(None, "", text_a, autojunk=False)  # b is cached
        for b, text_b, prompt_b in texts[i + 1 :]:
            if prompt_a and prompt_a == prompt_b:
                pairs.append((1.0, "same prompt", a, b))
                continue
            matcher.set_seq1(text_b)
            if matcher.real_quick_ratio() < DUPLICATE_RATIO:
                continue
            if matcher.quick_ratio() < DUPLICATE_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= DUPLICATE_RATIO:
                pairs.append((ratio, "similar text", a, b))
    return sorted(pairs, key=lambda pair: -pair[0])


def report(items: list[Item]) -> None:
    themes: dict[str, Tally] = {}
    bank = Tally()
    for item in items:
        themes.setdefault(item.theme, Tally()).add(item)
        bank.add(item)
    head = (
        f"{'theme':<18} {'items':>5} {'single':>6} {'longest right':>14}"
        f" {'parallel':>9} {'true/false':>10} {'true':>9}"
    )
    print(head)
    print("-" * len(head))
    for name, tally in [*sorted(themes.items()), ("whole bank", bank)]:
        longest = f"{tally.single_longest} {percent(tally.single_longest, tally.single):>4}"
        parallel = f"{tally.single_parallel} {percent(tally.single_parallel, tally.single):>4}"
        true = f"{tally.true_false_true} {percent(tally.true_false_true, tally.true_false):>4}"
        print(
            f"{name:<18} {tally.items:>5} {tally.single:>6} {longest:>14}"
            f" {parallel:>9} {tally.true_false:>10} {true:>9}"
        )
    print()
    print("longest right: single items whose right option is strictly the longest")
    print(f"parallel: single items whose longest option is at most {PARALLEL_RATIO}x the shortest")
    print("true: true/false items keyed true")
    print()
    print(f"Longest / shortest option, worst {WORST} (single and several-answer items):")
    for ratio, item in sorted(bank.ratios, key=lambda pair: -pair[0])[:WORST]:
        print(f"  {ratio:5.2f}  {item.qid:<24} {item.kind:<8} {item.where}")
    print()
    print('Lessons with no "this one is fine" item: not measured (it cannot be told from the')
    print("files; read each lesson for an item whose right answer is to trust it).")
    print()
    pairs = near_duplicates(items)
    print(f"Near-duplicate pairs (ratio >= {DUPLICATE_RATIO} or the same prompt): {len(pairs)}")
    for ratio, why, a, b in pairs:
        print(f"  {ratio:4.2f}  {why:<12}  {a.qid} ({a.where})  ~  {b.qid} ({b.where})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons-dir", type=Path, default=REPO / "lessons")
    parser.add_argument("--quizzes-dir", type=Path, default=REPO / "quizzes")
    args = parser.parse_args()
    files = [
        *english_files(args.lessons_dir, "**/*.yaml"),
        *english_files(args.quizzes_dir, "*.yaml"),
    ]
    items = [item for path in files for item in items_in(path.resolve())]
    report(items)


if __name__ == "__main__":
    main()
