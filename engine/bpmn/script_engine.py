"""SpiffWorkflow's script engine replaced by chidao's restricted evaluator.

Scripts and expressions see their task's data as variables, ``case`` (the instance's
shared record, kept in the top workflow's data so every parallel branch sees the same
deadline and officer) and the helper functions; nothing else."""
from __future__ import annotations

import contextvars
from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.script_engine.python_engine import PythonScriptEngine
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException

from engine.bpmn.sandbox import RestrictedEvaluator
from engine.bpmn.sandbox_budget import EvaluationLimit
from engine.domain.errors import DomainError


@dataclass
class Effect:
    """Something a step asks the outside world to do (today: notify people)."""

    kind: str
    params: dict = field(default_factory=dict)


@dataclass
class StepScope:
    """What helper functions may reach while a runtime operation runs."""

    rules: object      # engine.domain.time_rules.TimeRules
    clock: object      # engine.clock.Clock
    effects: list = field(default_factory=list)
    task: object = None


_scope: contextvars.ContextVar[StepScope | None] = contextvars.ContextVar("chidao_step_scope", default=None)


def current_scope() -> StepScope:
    scope = _scope.get()
    if scope is None:
        raise RuntimeError("helper called outside a runtime operation")
    return scope


def enter_scope(scope: StepScope):
    return _scope.set(scope)


def leave_scope(token) -> None:
    _scope.reset(token)


def case_of(task) -> dict:
    """The shared case record of the instance ``task`` belongs to."""
    return task.workflow.top_workflow.data.setdefault("case", {})


def stopped(task, limit: EvaluationLimit) -> DomainError:
    """The error a step gets when its code goes past a bound: it names the element
    and the bound; the use case's transaction rolls back, so nothing changes."""
    spec = task.task_spec
    return DomainError("bpmn.script_limit", element=getattr(spec, "bpmn_name", None) or spec.name, reason=limit)


class ChidaoScriptEngine(PythonScriptEngine):
    def __init__(self, evaluator: RestrictedEvaluator):
        super().__init__()
        self.evaluator = evaluator

    def _with_task(self, task, run):
        scope = _scope.get()
        previous = scope.task if scope else None
        if scope:
            scope.task = task
        try:
            return run()
        finally:
            if scope:
                scope.task = previous

    def evaluate(self, task, expression, external_context=None):
        try:
            return self._with_task(task, lambda: self.evaluator.evaluate(
                expression, task.data, {"case": case_of(task), **(external_context or {})}))
        except EvaluationLimit as exc:
            raise stopped(task, exc) from None
        except SpiffWorkflowException:
            raise
        except Exception as exc:
            raise WorkflowTaskException(f"Error evaluating expression '{expression}'", task=task, exception=exc)

    def execute(self, task, script, external_context=None):
        try:
            self._with_task(task, lambda: self.evaluator.execute(
                script, task.data, {"case": case_of(task), **(external_context or {})}))
            return True
        except EvaluationLimit as exc:
            raise stopped(task, exc) from None
        except SpiffWorkflowException:
            raise
        except Exception as exc:
            raise self.create_task_exec_exception(task, script, exc)
