"""The names of the functions a diagram's scripts may call. The implementations are
in engine.bpmn.script_helpers (with report_helpers and clock_helpers); this list is
what deployment checks calls against."""

HELPER_NAMES = frozenset({
    "accept_task", "notify", "apply_extension", "record_condition", "finish", "compute_schedule",
    "plan_acceptance", "record_suspension", "record_resumption",
    "plan_report_period", "skip_report_period", "opens_while_suspended", "open_report_period", "record_report",
    # the first lifecycle version's
    "open_next_report", "approve_report", "suspend", "resume",
})
