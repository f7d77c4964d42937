"""How long a big lesson bank takes to load and check, and how much memory that needs.

Writes a synthetic bank of realistic lessons (3 steps, 3 questions, sources, about the size
of the real ones) and quiz pools (4 review items per lesson) into a temporary folder, then
loads it with `load_bank` in a fresh Python process, pinned to at most 2 CPUs, so the peak
memory is the loader's and not the generator's. A big bank is loaded by two processes (the
loader forks a reader): the peak memory printed is the sum of both processes' peaks, which
is at least the most they ever held together. It also times the real bank.

    .venv/bin/python bench/bank_load.py [--lessons 10000] [--keep DIR]

Exits 1 when the big bank misses the goal: under 3 s and under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 3.0
GOAL_MB = 300.0
UNIT = 10  # lessons per unit: each requires the one before, and a unit shares a pool
REVIEW_ITEMS = 4
THEMES = (
    "critical-thinking",
    "creativity",
    "literacy",
    "intercultural",
    "citizenship",
    "knowledge",
    "sustainability",
)

LESSON = """\
# yaml-language-server: $schema=../../schemas/lesson.schema.json
id: {id}
theme: {theme}
title: The emotion check, part {n}
summary: Fear and outrage words are a signal to slow down, not to share (case {n}).
minutes: 3
order: {order}
techniques: [emotional-language, technique-{n}]
{prerequisites}review_pool: {pool}
steps:
  - id: hook
    text: |
      🧠 You're scrolling and see: "SHOCKING! Teachers in town {n} are FURIOUS about this!!!"

      Your heart beats a little faster. You want to know more, maybe even share it. That \
feeling is the point, and the people who wrote the post know it very well.
    button: Why does that work?
  - id: technique
    text: |
      This trick is called <b>emotional language</b>: words picked to make you feel \
before you think.

      Posts that spark fear or outrage tend to spread faster, so they often get shared \
before anyone checks them. A strong feeling is not proof that something is false, but it \
is a good moment to pause and ask who is behind the post and what they want from you.
    button: Show me an example
  - id: example
    text: |
      Two posts about the same (made-up) news in the town of Velmora {n}:

      1. "Velmora library will open on Sundays from March, the council said on Tuesday."
      2. "They're SHUTTING US OUT! Velmora's library scandal will make you SICK 😡😡"

      The second one gives you no new facts, just a feeling. The first tells you who said \
what and when, so you can check it.
    button: I'm ready for the questions
questions:
  - id: {id}-q1
    kind: single
    prompt: Which headline from town {n} is trying to make you feel before you think?
    options:
      - text: Bus route {n} gets two extra stops, says city transport office
      - text: They're LYING to you about the buses!!!
        correct: true
      - text: "Survey: most riders want buses every 10 minutes"
    explanation: Capital letters and a pile of exclamation marks push outrage but give no \
facts you can check.
  - id: {id}-q2
    kind: true-false
    prompt: "A post from town {n} written in a calm, neutral tone can still be false."
    answer: true
    explanation: Calm wording is not proof. The emotion check is a reason to pause, not a \
lie detector.
    why: |
      Some false posts are written to sound boring and official on purpose. Whatever the \
tone, the next step is the same: who is behind it, and can you find the same facts \
somewhere reliable?
  - id: {id}-q3
    kind: multiple
    prompt: "A post about town {n} makes you furious. Which of these are good next moves?"
    options:
      - text: Wait a moment before sharing
        correct: true
      - text: Search for the same story from another source
        correct: true
      - text: Share it quickly so friends are warned
      - text: Check who posted it first
        correct: true
    explanation: Pause, check the source, look for other coverage. Sharing in a rush is \
exactly what the post wants.
takeaway: When a post makes you feel a lot very fast, that's your cue to pause and check.
sources:
  - title: "Brady et al. (2017), Emotion shapes the diffusion of moralized content, PNAS"
    url: https://doi.org/10.1073/pnas.1618923114
    licence: Cited, not adapted
  - title: "Caulfield, SIFT (The Four Moves)"
    url: https://hapgood.us/2019/06/19/sift-the-four-moves/
    licence: CC BY 4.0
"""

POOL_HEAD = """\
# yaml-language-server: $schema=../schemas/quiz-pool.schema.json
id: {id}
theme: {theme}
title: Review, unit {n}
questions:
"""

REVIEW = """\
  - id: {id}-r{k}
    lesson: {id}
    kind: single
    prompt: Which post about town {n} (item {k}) is built to make you share before you check?
    options:
      - text: Farmers' market moves to Saturday mornings from May
      - text: "You WON'T BELIEVE what they're hiding in your cereal 😱"
        correct: true
      - text: "Weather service: light rain expected on Thursday"
    explanation: Shock words and a hidden "they" grab your feelings but give nothing you \
can check.
"""


def write_bank(folder: Path, lessons: int) -> tuple[Path, Path]:
    """Write `lessons` lessons and their pools under `folder`; returns the two bank folders."""
    lessons_dir, quizzes_dir = folder / "lessons", folder / "quizzes"
    for theme in THEMES:
        (lessons_dir / theme).mkdir(parents=True)
    quizzes_dir.mkdir()
    per_theme = dict.fromkeys(THEMES, 0)
    for unit_start in range(0, lessons, UNIT):
        theme = THEMES[(unit_start // UNIT) % len(THEMES)]
        pool = f"unit-{unit_start // UNIT:04d}-review"
        items = [POOL_HEAD.format(id=pool, theme=theme, n=unit_start // UNIT)]
        for n in range(unit_start, min(unit_start + UNIT, lessons)):
            lesson_id = f"lesson-{n:05d}"
            per_theme[theme] += 1
            requires = f"prerequisites: [lesson-{n - 1:05d}]\n" if n > unit_start else ""
            text = LESSON.format(
                id=lesson_id,
                theme=theme,
                n=n,
                order=per_theme[theme],
                prerequisites=requires,
                pool=pool,
            )
            (lessons_dir / theme / f"{lesson_id}.yaml").write_text(text, encoding="utf-8")
            items += [REVIEW.format(id=lesson_id, n=n, k=k) for k in range(REVIEW_ITEMS)]
        (quizzes_dir / f"{pool}.yaml").write_text("".join(items), encoding="utf-8")
    return lessons_dir, quizzes_dir


@dataclass(frozen=True)
class Figures:
    """What one load measured."""

    seconds: float
    peak_mb: float
    start_mb: float
    reader_mb: float
    files: int
    lessons: int
    errors: list[str]
    warnings: int

    def __str__(self) -> str:
        both = (
            f"; loader {self.peak_mb - self.reader_mb:.0f} MB + second reader process"
            f" {self.reader_mb:.0f} MB, each at its peak"
            if self.reader_mb
            else ", one process"
        )
        return (
            f"{self.files} files, {self.lessons} lessons loaded in {self.seconds:.2f} s;"
            f" peak memory {self.peak_mb:.0f} MB ({self.start_mb:.0f} MB before loading{both});"
            f" {len(self.errors)} errors, {self.warnings} warnings"
        )


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident memory of this process, or of its largest finished child."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


def measure(lessons_dir: Path, quizzes_dir: Path, repeat: int) -> Figures:
    """Load the bank `repeat` times in this process: the fastest time, and the peak memory."""
    from bot.bank.check.loader import load_bank

    before = _peak_mb()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = load_bank(lessons_dir, quizzes_dir, root=lessons_dir.parent)
        times.append(time.perf_counter() - started)
    reader = _peak_mb(resource.RUSAGE_CHILDREN)  # the forked reader, once it has finished
    return Figures(
        seconds=min(times),
        peak_mb=_peak_mb() + reader,
        start_mb=before,
        reader_mb=reader,
        files=result.files,
        lessons=len(result.bank.lessons),
        errors=[str(p) for p in result.errors],
        warnings=len(result.warnings),
    )


def _measure_in_child(lessons_dir: Path, quizzes_dir: Path, repeat: int) -> Figures:
    """Measure in a fresh process, so its peak memory is the loader's alone."""
    command = [sys.executable, __file__, "--measure", str(lessons_dir), str(quizzes_dir)]
    command += ["--repeat", str(repeat)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    return Figures(**json.loads(done.stdout))


def _pin_to_two_cpus() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])


def main() -> int:
    """Generate, measure, print; exit 1 when the goal is missed."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--lessons", type=int, default=10_000, help="lessons to generate")
    parser.add_argument(
        "--keep", type=Path, help="write the bank into this new folder, and keep it"
    )
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _pin_to_two_cpus()
        lessons_dir, quizzes_dir = args.measure
        print(json.dumps(asdict(measure(lessons_dir, quizzes_dir, repeat=args.repeat))))
        return 0

    with tempfile.TemporaryDirectory(prefix="bank-bench-") as temp:
        folder = args.keep or Path(temp)
        started = time.perf_counter()
        lessons_dir, quizzes_dir = write_bank(folder, args.lessons)
        size = sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 1e6
        print(
            f"generated {args.lessons} lessons in {time.perf_counter() - started:.1f} s"
            f" ({size:.0f} MB of YAML)"
        )
        big = _measure_in_child(lessons_dir, quizzes_dir, repeat=1)
    real = _measure_in_child(REPO / "lessons", REPO / "quizzes", repeat=5)
    print(f"synthetic bank: {big}")
    print(f"real bank (best of 5): {real}")
    if big.errors or big.lessons != args.lessons:
        print("the synthetic bank did not load cleanly:", *big.errors[:5], sep="\n  ")
        return 1
    met = big.seconds < GOAL_SECONDS and big.peak_mb < GOAL_MB
    print(f"goal (< {GOAL_SECONDS:.0f} s, < {GOAL_MB:.0f} MB): {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
