"""A full disk during an export (fault drill, `-m faults`): openpyxl writes each sheet to a temporary file
before zipping it, so a full disk fails the export. Simulated hermetically with the kernel's own answer: the
temporary file is a link to /dev/full, where every write fails with ENOSPC. The user gets a clear 507 page
(not the generic error page, not a truncated file), and nothing is recorded as exported."""

import pytest
from openpyxl.worksheet import _writer

from merhav.audit.models import AuditEntry

from .support import client_of, url

pytestmark = pytest.mark.faults


@pytest.fixture
def full_disk(tmp_path, monkeypatch):
    def on_a_full_disk(suffix=""):
        link = tmp_path / f"openpyxl-{len(list(tmp_path.iterdir()))}{suffix}"
        link.symlink_to("/dev/full")
        _writer.ALL_TEMP_FILES.append(str(link))  # openpyxl removes it (the link, not /dev/full) at exit
        return str(link)

    monkeypatch.setattr(_writer, "create_temporary_file", on_a_full_disk)


def test_a_full_disk_during_an_export_gives_a_clear_error_and_records_nothing(authority, family, education,
                                                                               full_disk):
    response = client_of(education).get(url("export", authority))

    assert response.status_code == 507
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response  # no (truncated) file offered
    page = response.content.decode()
    assert "הדיסק של השרת מלא" in page or "disk is full" in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_the_export_works_again_when_there_is_room(authority, family, education):
    response = client_of(education).get(url("export", authority))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")  # a whole .xlsx (a zip)
