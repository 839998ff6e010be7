"""What stops a diagram from being deployed, said so an editor can point at it: the
checks of ``compile_process`` (the very ones ``chidao process deploy`` runs), each
refusal turned into a Problem naming the element's id — highlighted on the diagram —
the process parameter at fault, if any, and the line.

compile_process stops at the first refusal, so a diagram with several mistakes shows
them one after another as each is fixed."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.bpmn.definitions import CompiledProcess, compile_process
from engine.bpmn.steps import element_of
from engine.domain.errors import DomainError
from engine.messages import render


@dataclass(frozen=True)
class Problem:
    """One reason a diagram is refused, with its message key and parameters."""

    key: str
    params: dict = field(default_factory=dict)
    element_id: str | None = None     # None: the document as a whole (e.g. not XML)
    parameter: str | None = None      # a process parameter's name, for parameter problems
    line: int | None = None
    part: str | None = None           # the faulty part of the element: a property ("due"), "script", "timeDate"…

    def message(self, lang: str = "vi") -> str:
        return render(self.key, lang, **self.params)

    def to_dict(self, lang: str = "vi") -> dict:
        return {"element": self.element_id, "parameter": self.parameter, "part": self.part, "line": self.line,
                "code": self.key, "message": self.message(lang)}


class DiagramRefused(DomainError):
    """A diagram was refused for ``problem``; nothing was stored."""

    def __init__(self, problem: Problem):
        super().__init__(problem.key, **problem.params)
        self.problem = problem


def problem_of(err: DomainError, key: str) -> Problem:
    """The Problem a refusal of process ``key`` describes."""
    params = dict(err.params)
    line = params.get("line") if isinstance(params.get("line"), int) else None
    if err.key.startswith("parameter."):
        # the rules of time read the process's own properties: the fault is the process's
        return Problem(err.key, params, key, params.get("name"), line)
    element = params.get("element")
    part = {"bpmn.unknown_form": "form", "bpmn.unknown_parameter": "due_within"}.get(err.key, params.get("part"))
    return Problem(err.key, params, element_of(str(element)) if element else None, None, line, part)


def check_for_editor(xml: str | bytes, key: str) -> tuple[CompiledProcess | None, list[Problem]]:
    """Compile ``xml`` as process ``key``: (the compiled process, []) when it could be
    deployed, else (None, the problem found)."""
    try:
        compiled = compile_process(xml, key)
    except DomainError as err:
        return None, [problem_of(err, key)]
    if compiled.key != key:
        return None, [Problem("process.wrong_key", {"process": key, "found": compiled.key}, compiled.key)]
    return compiled, []
