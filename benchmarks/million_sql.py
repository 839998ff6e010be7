"""The rows benchmarks/generate_million.py derives on the server from the generated
instances (INSERT … SELECT): their facts history, notifications and audit rows.
Parameters: ``first`` (the first generated instance id), ``seq`` (the audit chain's
last position before them), ``today``."""

DERIVED = [
    # the facts history: at the launch, at the acceptance, at the closing; then their valid_to
    """INSERT INTO instance_facts (instance_id, valid_from, directive_id, agency_id, process_version_id, phase,
                                   deadline_kind, due_date, accept_due, completed_on_time, submitted_on_time,
                                   suspended_at)
       SELECT i.id, i.created_at, t.directive_id, i.agency_id, i.process_version_id, 'awaiting_acceptance',
              i.deadline_kind, i.due_date, (i.created_at + interval '5 days')::date, NULL, NULL, NULL
       FROM instances i JOIN tasks t ON t.id = i.task_id WHERE i.id >= %(first)s ORDER BY i.id""",
    """INSERT INTO instance_facts (instance_id, valid_from, directive_id, agency_id, process_version_id, phase,
                                   deadline_kind, due_date, accept_due, completed_on_time, submitted_on_time,
                                   suspended_at)
       SELECT i.id, i.created_at + interval '2 days', t.directive_id, i.agency_id, i.process_version_id,
              CASE WHEN i.phase = 'completed' THEN 'in_progress' ELSE i.phase END, i.deadline_kind, i.due_date, NULL,
              NULL, CASE WHEN i.phase = 'completed' THEN NULL ELSE i.submitted_on_time END, i.suspended_at
       FROM instances i JOIN tasks t ON t.id = i.task_id
       WHERE i.id >= %(first)s AND i.phase <> 'awaiting_acceptance' ORDER BY i.id""",
    """INSERT INTO instance_facts (instance_id, valid_from, directive_id, agency_id, process_version_id, phase,
                                   deadline_kind, due_date, accept_due, completed_on_time, submitted_on_time,
                                   suspended_at)
       SELECT i.id, i.closed_at, t.directive_id, i.agency_id, i.process_version_id, i.phase, i.deadline_kind,
              i.due_date, NULL, i.completed_on_time, i.submitted_on_time, NULL
       FROM instances i JOIN tasks t ON t.id = i.task_id
       WHERE i.id >= %(first)s AND i.phase = 'completed' ORDER BY i.id""",
    # each row valid until its instance's next one (as repositories/facts.py writes it)
    """UPDATE instance_facts SET valid_to = later.valid_to
       FROM (SELECT id, min(valid_from) OVER (PARTITION BY instance_id ORDER BY id
                                              ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS valid_to
             FROM instance_facts WHERE instance_id >= %(first)s) AS later
       WHERE instance_facts.id = later.id AND later.valid_to IS NOT NULL""",
    # notifications: the leader's new task, the officer's assignment, the leader's overdue warning
    """INSERT INTO notifications (user_login, kind, title, body, link, instance_id, created_at, read_at)
       SELECT 'ld.' || a.code, 'new_task', 'Nhiệm vụ mới cần tiếp nhận: ' || t.summary, t.summary,
              '/tasks/' || i.id, i.id, i.created_at,
              CASE WHEN i.phase = 'awaiting_acceptance' THEN NULL ELSE i.created_at + interval '1 day' END
       FROM instances i JOIN tasks t ON t.id = i.task_id JOIN agencies a ON a.id = i.agency_id
       WHERE i.id >= %(first)s""",
    """INSERT INTO notifications (user_login, kind, title, body, link, instance_id, created_at, read_at)
       SELECT i.officer_login, 'assigned', 'Việc mới: Báo cáo hoàn thành – ' || t.summary, t.summary,
              '/tasks/' || i.id, i.id, i.created_at + interval '2 days',
              CASE WHEN i.id %% 5 < 3 THEN i.created_at + interval '3 days' END
       FROM instances i JOIN tasks t ON t.id = i.task_id
       WHERE i.id >= %(first)s AND i.officer_login IS NOT NULL""",
    """INSERT INTO notifications (user_login, kind, title, body, link, instance_id, created_at, read_at)
       SELECT 'ld.' || a.code, 'deadline_leader', 'Quá hạn: «' || t.summary || '»', t.summary, '/tasks/' || i.id,
              i.id, i.due_date::timestamp AT TIME ZONE 'UTC', NULL
       FROM instances i JOIN tasks t ON t.id = i.task_id JOIN agencies a ON a.id = i.agency_id
       WHERE i.id >= %(first)s AND i.closed_at IS NULL AND i.due_date < %(today)s""",
    # audit: each instance started by the system, each accepted one accepted by its leader
    """INSERT INTO audit_log (seq, at, actor_login, actor_name, agency_code, action, instance_id, task_id,
                              directive_id, step_id, before_json, after_json, prev_hash, hash)
       SELECT %(seq)s + row_number() OVER (ORDER BY e.at, e.instance_id, e.action), e.*
       FROM (SELECT i.created_at AS at, 'system' AS actor_login, 'Hệ thống' AS actor_name, a.code AS agency_code,
                    'instance.started' AS action, i.id AS instance_id, t.id AS task_id, t.directive_id,
                    NULL::varchar AS step_id, '' AS before_json, '{"phase":"awaiting_acceptance"}' AS after_json,
                    '' AS prev_hash, '' AS hash
             FROM instances i JOIN tasks t ON t.id = i.task_id JOIN agencies a ON a.id = i.agency_id
             WHERE i.id >= %(first)s
             UNION ALL
             SELECT i.created_at + interval '2 days', 'ld.' || a.code, 'Lãnh đạo ' || a.name, a.code,
                    'step.completed', i.id, t.id, t.directive_id, NULL, '{"phase":"awaiting_acceptance"}',
                    '{"phase":"in_progress","decision":"accept"}', '', ''
             FROM instances i JOIN tasks t ON t.id = i.task_id JOIN agencies a ON a.id = i.agency_id
             WHERE i.id >= %(first)s AND i.phase <> 'awaiting_acceptance') AS e""",
]
