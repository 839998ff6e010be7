"""Workflow state without its spec. SpiffWorkflow's serializer embeds the whole spec
in every dump (about two thirds of the bytes); chidao stores each process version
once, so an instance's state is only its tasks, data and subprocesses. orjson writes
and reads it: a step's state is dumped on every completion."""
from __future__ import annotations

from uuid import UUID

import orjson

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.migration.version_migration import MIGRATIONS
from SpiffWorkflow.bpmn.serializer.workflow import VERSION, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

VERSION_KEY = "serializer_version"


class _StateConverter(BpmnWorkflowConverter):
    def state_to_dict(self, workflow) -> dict:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def state_from_dict(self, dct, spec, subprocess_specs, script_engine) -> BpmnWorkflow:
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


class StateSerializer:
    """Dumps and restores instance state; the spec comes from the version cache."""

    def __init__(self):
        registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
        self._converter = _StateConverter(BpmnWorkflow, registry)
        self._registry = registry

    def dumps(self, workflow: BpmnWorkflow) -> str:
        self._registry._encoder_mode = True
        try:
            dct = self._converter.state_to_dict(workflow)
        finally:
            self._registry._encoder_mode = False
        dct[VERSION_KEY] = VERSION
        return orjson.dumps(dct, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")

    def loads(self, state: str, spec, subprocess_specs, script_engine) -> BpmnWorkflow:
        dct = orjson.loads(state)
        version = dct.pop(VERSION_KEY, VERSION)
        if version != VERSION and version in MIGRATIONS:
            dct["spec"], dct["subprocess_specs"] = {}, {}
            MIGRATIONS[version](dct)
            dct.pop("spec", None)
            dct.pop("subprocess_specs", None)
        return self._converter.state_from_dict(dct, spec, subprocess_specs, script_engine)
