"""A full disk during an export (fault drill, `-m faults`): openpyxl writes each sheet to a temporary file
before zipping it, so a full disk fails the export. The user gets a clear 507 page (not the generic error page,
not a truncated file), and nothing is recorded as exported.

Simulated hermetically: the sheet writer fails as the kernel answers a write on a full disk (OSError ENOSPC);
and the way lxml (under openpyxl and python-docx) reports a real ENOSPC — a write to /dev/full, whose every
write fails with ENOSPC — is recognised as a full disk too."""

import errno
import os

import pytest
from lxml import etree
from openpyxl.writer.excel import ExcelWriter

from merhav.audit.models import AuditEntry
from merhav.core.http import is_disk_full

from .support import client_of, url

pytestmark = pytest.mark.faults


@pytest.fixture
def full_disk(monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ExcelWriter, "write_worksheet", no_space)


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


def test_lxmls_report_of_a_real_full_disk_is_recognised():
    with pytest.raises(Exception) as caught:  # noqa: B017,PT011 (whatever lxml raises, it must be recognised)
        with etree.xmlfile("/dev/full") as out, out.element("sheetData"):
            for _n in range(5000):  # more than lxml's buffer: the write reaches the kernel
                out.write(etree.Element("row"))
    assert is_disk_full(caught.value)
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
