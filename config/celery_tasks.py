"""Celery's task plan for config.settings: the queue each task goes to, per-task
time limits (seconds, soft and hard), and what beat runs how often."""

ROUTES = {
    "complaints.tasks.deliver_notice": {"queue": "notices"},
    "complaints.tasks.deliver_notices": {"queue": "notices"},
    "complaints.tasks.send_tracking_link": {"queue": "notices"},
    # Text messages: sign-in codes now, notices later (sms package).
    "sms.tasks.send_sms": {"queue": "notices"},
    # Calls to the wallet core: webhooks now, wallet actions later.
    "integrations.tasks.deliver_webhook": {"queue": "webhooks"},
    "complaints.tasks.redispatch_unsent_notices": {"queue": "sweeps"},
    "integrations.tasks.redispatch_unsent_webhooks": {"queue": "sweeps"},
    "wallet_actions.tasks.*": {"queue": "sweeps"},
    "complaints.tasks.check_sla_clocks": {"queue": "sweeps"},
    "complaints.tasks.answer_incident_chunk": {"queue": "sweeps"},
    "complaints.tasks.redispatch_incident_chunks": {"queue": "sweeps"},
    "complaints.tasks.recount_agent_loads": {"queue": "sweeps"},
    "complaints.tasks.purge_pending_uploads": {"queue": "sweeps"},
    # Decoding evidence images is CPU and memory work kept off the web workers.
    "complaints.tasks.process_evidence": {"queue": "sweeps"},
    "complaints.tasks.redispatch_evidence_jobs": {"queue": "sweeps"},
    "inbound_mail.tasks.poll_mailbox": {"queue": "sweeps"},
    "reports.tasks.*": {"queue": "reports"},
    "*.tasks.export_*": {"queue": "exports"},
}

# Per task: SoftTimeLimitExceeded after soft_time_limit, the process killed after
# time_limit (CELERY_TASK_SOFT_TIME_LIMIT and CELERY_TASK_TIME_LIMIT otherwise).
TIME_LIMITS = {
    # SMTP: EMAIL_TIMEOUT (20 s) per connection step.
    "complaints.tasks.deliver_notice": {"soft_time_limit": 60, "time_limit": 90},
    "complaints.tasks.send_tracking_link": {"soft_time_limit": 60, "time_limit": 90},
    # A chunk's notices (2 a ticket, WALLETDESK_INCIDENT_CHUNK_SIZE tickets) over one SMTP connection.
    "complaints.tasks.deliver_notices": {"soft_time_limit": 240, "time_limit": 290},
    # The gateway POST times out after WALLETDESK_SMS_HTTP_TIMEOUT (5 s).
    "sms.tasks.send_sms": {"soft_time_limit": 30, "time_limit": 45},
    # The POST itself times out after 10 s.
    "integrations.tasks.deliver_webhook": {"soft_time_limit": 30, "time_limit": 45},
    "complaints.tasks.redispatch_unsent_notices": {
        "soft_time_limit": 50,
        "time_limit": 60,
    },
    "integrations.tasks.redispatch_unsent_webhooks": {
        "soft_time_limit": 50,
        "time_limit": 60,
    },
    "complaints.tasks.check_sla_clocks": {"soft_time_limit": 240, "time_limit": 290},
    # WALLETDESK_INCIDENT_CHUNK_SIZE tickets, each a few workflow moves.
    "complaints.tasks.answer_incident_chunk": {
        "soft_time_limit": 240,
        "time_limit": 290,
    },
    "complaints.tasks.redispatch_incident_chunks": {
        "soft_time_limit": 50,
        "time_limit": 60,
    },
    # One image within WALLETDESK_MAX_IMAGE_PIXELS decodes in seconds.
    "complaints.tasks.process_evidence": {"soft_time_limit": 60, "time_limit": 90},
    "complaints.tasks.redispatch_evidence_jobs": {
        "soft_time_limit": 50,
        "time_limit": 60,
    },
    "complaints.tasks.recount_agent_loads": {
        "soft_time_limit": 600,
        "time_limit": 900,
    },
    # IMAP reads time out after WALLETDESK_IMAP_TIMEOUT (30 s); one poll reads
    # at most 200 messages.
    "inbound_mail.tasks.poll_mailbox": {"soft_time_limit": 240, "time_limit": 290},
    "reports.tasks.detect_spikes": {"soft_time_limit": 240, "time_limit": 290},
    # Two years at a million tickets a year is well under a minute at 50,000 rows/s.
    "reports.tasks.write_ticket_export": {"soft_time_limit": 900, "time_limit": 960},
    "reports.tasks.refresh_report_presets": {
        "soft_time_limit": 600,
        "time_limit": 900,
    },
}

BEAT_SCHEDULE = {
    "redispatch-incident-chunks": {
        "task": "complaints.tasks.redispatch_incident_chunks",
        "schedule": 60.0,
    },
    "redispatch-unsent-notices": {
        "task": "complaints.tasks.redispatch_unsent_notices",
        "schedule": 60.0,
    },
    "redispatch-evidence-jobs": {
        "task": "complaints.tasks.redispatch_evidence_jobs",
        "schedule": 60.0,
    },
    "redispatch-unsent-webhooks": {
        "task": "integrations.tasks.redispatch_unsent_webhooks",
        "schedule": 60.0,
    },
    "escalate-payment-checks": {
        "task": "wallet_actions.tasks.escalate_payment_checks",
        "schedule": 900.0,
    },
    "time-out-wallet-actions": {
        "task": "wallet_actions.tasks.time_out_wallet_actions",
        "schedule": 300.0,
    },
    "check-sla-clocks": {
        "task": "complaints.tasks.check_sla_clocks",
        "schedule": 300.0,
    },
    "recount-agent-loads": {
        "task": "complaints.tasks.recount_agent_loads",
        "schedule": 3600.0,
    },
    "purge-pending-uploads": {
        "task": "complaints.tasks.purge_pending_uploads",
        "schedule": 900.0,
    },
    "detect-spikes": {
        "task": "reports.tasks.detect_spikes",
        "schedule": 300.0,
    },
    # Pending rollup changes are folded here (and after every FOLD_EVERY-th
    # mark, reports.rollups.marks), not by a task per commit: reports add the
    # pending ones at read time. The reconciliation rebuilds the last two
    # local days from tickets.
    "fold-rollups": {
        "task": "reports.tasks.fold_rollups",
        "schedule": 15.0,
    },
    "reconcile-rollups": {
        "task": "reports.tasks.reconcile_rollups",
        "schedule": 3600.0,
    },
    # Ticket export files are deleted once their download link expires.
    "expire-ticket-exports": {
        "task": "reports.tasks.expire_ticket_exports",
        "schedule": 3600.0,
    },
}
