"""Lessons' prerequisites across the bank: cycles, and what can still be served."""

from __future__ import annotations

from bot.bank.check.parsed import Parsed
from bot.bank.check.problems import Problem
from bot.bank.content import Lesson


def cycles(lessons: dict[str, Parsed[Lesson]]) -> tuple[list[Problem], set[str]]:
    """Each prerequisite cycle once, and every lesson on one.

    A depth-first walk with its own stack: prerequisite chains in a big bank run deeper
    than Python's recursion limit.
    """
    found = []
    members: set[str] = set()
    done: set[str] = set()
    reported: set[frozenset[str]] = set()
    for start in lessons:
        if start in done:
            continue
        path = [start]  # the lessons being visited, each requiring the next
        on_path = {start: 0}
        stack = [(start, iter(enumerate(lessons[start].model.prerequisites)))]
        while stack:
            lesson_id, todo = stack[-1]
            step = next(todo, None)
            if step is None:
                stack.pop()
                path.pop()
                del on_path[lesson_id]
                done.add(lesson_id)
                continue
            i, req = step
            if req not in lessons or req in done:
                continue
            if req in on_path:
                cycle = [*path[on_path[req] :], req]
                key = frozenset(cycle)
                members.update(cycle)
                if key not in reported:
                    reported.add(key)
                    found.append(
                        lessons[lesson_id].doc.problem(
                            ("prerequisites", i),
                            "prerequisite cycle: "
                            + _chain(cycle)
                            + " (a lesson cannot require itself;"
                            " remove one of these prerequisites)",
                        )
                    )
                continue
            on_path[req] = len(path)
            path.append(req)
            stack.append((req, iter(enumerate(lessons[req].model.prerequisites))))
    return found, members


def _chain(cycle: list[str]) -> str:
    """`a -> b -> a`; a long cycle shortened to its ends, where the reported step is."""
    if len(cycle) <= 8:
        return " -> ".join(cycle)
    return " -> ".join([*cycle[:3], f"({len(cycle) - 5} more)", *cycle[-2:]])


def servable(lessons: dict[str, Lesson], dropped: set[str]) -> dict[str, Lesson]:
    """The lessons left once `dropped` goes, with every lesson that waits on one of them."""
    needed_by: dict[str, list[str]] = {}
    for lesson in lessons.values():
        for req in lesson.prerequisites:
            needed_by.setdefault(req, []).append(lesson.id)
    gone = set(dropped)
    todo = [
        lesson.id
        for lesson in lessons.values()
        if lesson.id in dropped or any(req not in lessons for req in lesson.prerequisites)
    ]
    while todo:
        lesson_id = todo.pop()
        gone.add(lesson_id)
        todo.extend(other for other in needed_by.get(lesson_id, ()) if other not in gone)
    return {k: v for k, v in lessons.items() if k not in gone}
