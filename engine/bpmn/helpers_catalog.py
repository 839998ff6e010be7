"""The names of the functions a diagram's scripts may call. The implementations are
in engine.bpmn.script_helpers; this list is what deployment checks calls against."""

HELPER_NAMES = frozenset({
    "accept_task", "open_next_report", "approve_report", "compute_schedule", "notify",
    "apply_extension", "record_condition", "finish", "suspend", "resume",
})
