"""Every write of emergency operations: plain functions, keyword-only and typed, one transaction each, no
HTTP request (the acting user comes from merhav.core.context), the audit log through record() (field
names, never values), and concurrent edits through merhav.core.versioning. The pages, the API, the
worker and the demo all write through here."""

from .checklist import (
    add_checklist_question,
    add_initiative,
    answer_question,
    ensure_checklist,
    start_checklist_run,
    update_checklist_question,
    update_initiative,
)
from .emergencies import add_log_entry, declare_emergency, end_emergency
from .messages import approve_message, create_message, issue_message, preview_message, update_message
from .webhooks import add_webhook, set_webhook_active

__all__ = [
    "add_checklist_question", "add_initiative", "add_log_entry", "add_webhook", "answer_question", "approve_message", "create_message",
    "declare_emergency", "end_emergency", "ensure_checklist", "issue_message", "preview_message",
    "set_webhook_active", "start_checklist_run", "update_checklist_question", "update_initiative", "update_message",
]
