"""This module's URL kwargs for the isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py). One line per new kwarg name."""

from tests.url_fillers import pk_of

FILLERS = {
    "emergency_id": pk_of("emergency.Emergency"),
    "sealed_message_id": pk_of("emergency.SealedMessage"),
    "issued_message_id": pk_of("emergency.IssuedMessage"),
    "webhook_id": pk_of("emergency.WebhookEndpoint"),
    "checklist_question_id": pk_of("emergency.ChecklistQuestion"),
    "checklist_run_id": pk_of("emergency.ChecklistRun"),
    "checklist_answer_id": pk_of("emergency.ChecklistAnswer"),
    "cycle_initiative_id": pk_of("emergency.Initiative"),
}
