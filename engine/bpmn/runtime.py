"""The runtime: starts, restores, steps and dumps SpiffWorkflow workflows of compiled
process versions, under chidao's clock and restricted script engine.

A Run is one instance in memory for the length of one use case; it is not thread
safe and must have one writer (the persistence layer's optimistic lock ensures it)."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import (
    ErrorEventDefinition, EscalationEventDefinition)
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.definitions import CompiledProcess
from engine.bpmn.migration import WorkflowMigration, apply as apply_migration, inspect as inspect_migration
from engine.bpmn.lanes import LANE_ROLES
from engine.bpmn.report_helpers import PERIOD_KEY
from engine.bpmn.sandbox import RestrictedEvaluator
from engine.bpmn.script_engine import ChidaoScriptEngine, Effect, StepScope, enter_scope, leave_scope
from engine.bpmn.script_helpers import HELPERS
from engine.bpmn.state import StateSerializer
from engine.bpmn.steps import DEFAULT_AGENCY_KEY, ReadyStep, derive_phase
from engine.clock import Clock, clock_in_effect
from engine.domain.calendar import WorkingCalendar
from engine.domain.errors import Conflict, DomainError, NotFound
from engine.domain.forms import FORMS
from engine.domain.time_rules import TimeRules

MAX_TIMER_ROUNDS = 200
MAX_RULES = 64      # rules of time kept, one per process version's parameters


@dataclass
class Run:
    """One workflow instance loaded for one operation."""

    process: CompiledProcess
    workflow: BpmnWorkflow
    effects: list[Effect] = field(default_factory=list)

    @property
    def case(self) -> dict:
        return self.workflow.data.setdefault("case", {})

    @property
    def completed(self) -> bool:
        return bool(self.workflow.completed)


class BpmnRuntime:
    def __init__(self, clock: Clock, calendar: WorkingCalendar | None = None):
        self.clock = clock
        self.calendar = calendar or WorkingCalendar()
        self.evaluator = RestrictedEvaluator(HELPERS)
        self.script_engine = ChidaoScriptEngine(self.evaluator)
        self.serializer = StateSerializer()
        self._rules: dict[str, TimeRules] = {}

    # ---- plumbing ---------------------------------------------------------------------
    def rules(self, process: CompiledProcess) -> TimeRules:
        rules = self._rules.get(process.sha256)
        if rules is None:
            rules = TimeRules(self.calendar, process.parameters)
            if len(self._rules) >= MAX_RULES:
                self._rules.clear()        # rebuilt on demand: a TimeRules is cheap to make
            self._rules[process.sha256] = rules
        return rules

    def set_calendar(self, calendar: WorkingCalendar) -> None:
        """Use a calendar with new admin overrides for the operations that follow."""
        self.calendar = calendar
        self._rules.clear()

    @contextmanager
    def _operation(self, run: Run):
        scope = StepScope(rules=self.rules(run.process), clock=self.clock, effects=run.effects)
        token = enter_scope(scope)
        try:
            with clock_in_effect(self.clock):
                yield
        except WorkflowTaskException as exc:
            element = exc.task.task_spec.name if getattr(exc, "task", None) else "?"
            raise DomainError("bpmn.script_failed", element=element, detail=str(exc)) from None
        except SpiffWorkflowException as exc:
            raise DomainError("bpmn.script_failed", element="?", detail=str(exc)) from None
        finally:
            leave_scope(token)

    def _advance(self, run: Run) -> None:
        """Run engine steps and fire due timers until only waiting work is left."""
        workflow = run.workflow
        for _ in range(MAX_TIMER_ROUNDS):
            workflow.do_engine_steps()
            self._raise_uncaught(workflow)
            if not any(t.state == TaskState.READY and not t.task_spec.manual for t in every_task(workflow)):
                break
        else:  # pragma: no cover - a diagram looping on timers
            raise DomainError("bpmn.script_failed", element="?", detail="too many timer rounds")

    @staticmethod
    def _raise_uncaught(workflow: BpmnWorkflow) -> None:
        for event in workflow.get_events():
            definition = event.event_definition
            if isinstance(definition, (ErrorEventDefinition, EscalationEventDefinition)):
                name = getattr(definition, "code", None) or getattr(definition, "name", "?")
                raise DomainError("bpmn.uncaught_error", name=name)

    # ---- lifecycle --------------------------------------------------------------------
    def start(self, process: CompiledProcess, case: dict) -> Run:
        workflow = BpmnWorkflow(process.spec, process.subprocess_specs, script_engine=self.script_engine)
        workflow.data["case"] = case
        run = Run(process, workflow)
        with self._operation(run):
            self._advance(run)
        return run

    def restore(self, process: CompiledProcess, state: str) -> Run:
        workflow = self.serializer.loads(state, process.spec, process.subprocess_specs, self.script_engine)
        return Run(process, workflow)

    def dump(self, run: Run) -> str:
        return self.serializer.dumps(run.workflow)

    def fire_due_timers(self, run: Run) -> bool:
        """Fire every timer whose moment has come; True when anything moved."""
        before = self._waiting_signature(run)
        with self._operation(run):
            run.workflow.refresh_timers()
            self._advance(run)
        return self._waiting_signature(run) != before or bool(run.effects)

    @staticmethod
    def _waiting_signature(run: Run):
        waiting = TaskState.WAITING | TaskState.READY
        return sorted(str(t.id) for t in every_task(run.workflow) if t.state & waiting)

    def find_step(self, run: Run, task_id: str):
        try:
            task = run.workflow.get_task_from_id(UUID(str(task_id)))
        except (ValueError, KeyError):
            task = None
        if task is None:
            raise NotFound("step.not_found", step=task_id)
        return task

    def is_ready(self, run: Run, task_id: str) -> bool:
        """Whether ``task_id`` is a ready user task of this run."""
        try:
            task = run.workflow.get_task_from_id(UUID(str(task_id)))
        except (ValueError, KeyError):
            return False
        return task is not None and task.task_spec.manual and task.state == TaskState.READY

    def complete(self, run: Run, task_id: str, values: dict) -> None:
        """Complete the ready user task ``task_id`` with already-validated ``values``."""
        task = self.find_step(run, task_id)
        if not task.task_spec.manual or task.state != TaskState.READY:
            raise Conflict("step.changed")
        props = run.process.user_tasks.get(task.task_spec.name, {})
        form = FORMS[props["form"]]
        for spec in form.fields:
            if spec.to_process:
                task.data[spec.name] = values.get(spec.name)
        self._record_in_case(run, task, props["form"], values)
        with self._operation(run):
            task.run()
            self._advance(run)

    def _record_in_case(self, run: Run, task, form: str, values: dict) -> None:
        """Facts the lifecycle keeps about the completion report in review and about
        when each period's monthly report was filed."""
        case = run.case
        period = task.data.get(PERIOD_KEY)
        if form == "monthly_report" and period and period in (case.get("reports") or {}):
            report = case["reports"][period]
            report["filed_at"] = report.get("filed_at") or self.clock.now().isoformat()
        elif form == "completion_report":
            case["submitted"] = True
            case["submitted_at"] = self.clock.now().isoformat()
            case["due_at_submission"] = case.get("due_date")
        elif form in ("completion_approval", "completion_review", "sign_off") and values.get("decision") == "return":
            case["submitted"] = False
            case["returns"] = int(case.get("returns") or 0) + 1

    # ---- migration to another version ---------------------------------------------------
    def check_migration(self, run: Run, target: CompiledProcess) -> WorkflowMigration:
        """What moving ``run`` onto ``target`` involves; changes nothing."""
        return inspect_migration(self.serializer.registry, run.workflow, target.spec, target.subprocess_specs)

    def migrate(self, run: Run, target: CompiledProcess, rederive=None) -> Run:
        """``run`` moved onto ``target`` (raises MigrationFailed when it cannot be):
        ``rederive(case, rules)`` first recomputes the case data the old version's rules
        of time produced, then the tree is carried over, timers armed again and engine
        steps run. The result is read back from its dump, so what is returned is exactly
        what will be stored. ``run`` itself must not be used afterwards."""
        migration = self.check_migration(run, target)
        moved = Run(target, run.workflow, run.effects)
        self.serializer.forget(run.workflow)
        with self._operation(moved):
            if rederive is not None:
                rederive(moved.case, self.rules(target))
            apply_migration(migration)
            self._advance(moved)
        restored = self.restore(target, self.dump(moved))
        # a moved task's data delta is kept against its old parent's data: the tree read
        # back dumps it against its new one, so nothing of the stored form may be reused
        self.serializer.forget(restored.workflow)
        restored.effects = moved.effects
        return restored

    def waiting_timers(self, run: Run) -> dict[str, datetime]:
        """Each waiting timer's step title → the moment it fires."""
        found = {}
        for task in every_task(run.workflow):
            definition = getattr(task.task_spec, "event_definition", None)
            if task.state != TaskState.WAITING or not isinstance(definition, TimerEventDefinition):
                continue
            value = definition.details(task).value
            if value and isinstance(value, str):
                found[getattr(task.task_spec, "bpmn_name", None) or task.task_spec.name] = \
                    TimerEventDefinition.get_datetime(value)
        return found

    # ---- inspection -------------------------------------------------------------------
    def ready_steps(self, run: Run) -> list[ReadyStep]:
        steps = []
        for task in every_task(run.workflow):
            if task.state != TaskState.READY or not task.task_spec.manual:
                continue
            props = run.process.user_tasks.get(task.task_spec.name, {})
            role = self._role(task, props)
            steps.append(ReadyStep(
                task_id=str(task.id),
                name=task.task_spec.name,
                title=getattr(task.task_spec, "bpmn_name", None) or task.task_spec.name,
                form=props.get("form"),
                role=role,
                agency_code=self._agency(run, task, props, role),
                assignee=self._expression(task, props.get("assignee")),
                due=_as_date(self._expression(task, props.get("due"))),
                optional=str(props.get("optional", "")).lower() == "true",
                phase=props.get("phase"),
                due_within=props.get("due_within"),
                period=self._expression(task, props.get("period")),
            ))
        return steps

    def _role(self, task, props: dict) -> str | None:
        """The lane's role, or the one the step's ``acting_role`` expression names now
        (a step of the officer that the leader does while nobody accepted the task)."""
        acting = self._expression(task, props.get("acting_role"))
        return acting if acting in LANE_ROLES else props.get("role")

    def _expression(self, task, expression):
        if not expression:
            return None
        with clock_in_effect(self.clock):
            return self.script_engine.evaluate(task, expression)

    def _agency(self, run: Run, task, props: dict, role: str) -> str | None:
        if props.get("agency"):
            return self._expression(task, props["agency"])
        key = DEFAULT_AGENCY_KEY.get(role)
        return run.case.get(key) if key else None

    def phase(self, run: Run, steps: list[ReadyStep] | None = None) -> str:
        steps = self.ready_steps(run) if steps is None else steps
        return derive_phase(run.case, run.completed, {s.phase for s in steps if s.phase and not s.optional})

    def next_timer_at(self, run: Run) -> datetime | None:
        """The earliest moment one of the instance's timers will fire."""
        moments = []
        for event in run.workflow.waiting_events():
            if event.event_type in ("TimeDateEventDefinition", "DurationTimerEventDefinition") and event.value:
                moments.append(TimerEventDefinition.get_datetime(event.value))
        return min(moments) if moments else None


def every_task(workflow: BpmnWorkflow):
    """The tasks of ``workflow`` and of its subprocesses, in the order they were created.
    Much cheaper than ``get_tasks``, which walks the task tree: a step asks this a few
    times, and the tree holds every predicted branch of the lifecycle."""
    yield from workflow.tasks.values()
    for subprocess in workflow.subprocesses.values():
        yield from subprocess.tasks.values()


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
