"""Helpers for the tenancy tests: addresses of the authority's pages and .xlsx sheets built in memory."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

HEADER = ["Email", "Full name", "Role", "Department", "Job title"]


def page(name: str, authority, **kwargs) -> str:
    return reverse(f"tenancy:{name}", kwargs={"authority_slug": authority.slug, **kwargs})


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def sheet():
    """sheet(rows, header=HEADER, name="people.xlsx") -> an uploaded .xlsx file with those rows."""

    def make(rows, header=HEADER, name="people.xlsx"):
        return SimpleUploadedFile(
            name, xlsx_bytes(rows, header),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    return make


@pytest.fixture
def upload(run_tasks):
    """upload(client, authority, file) -> the upload page's response; when the upload was accepted, the
    worker has read the sheet by the time this returns (the preview is ready)."""

    def do(client, authority, file):
        response = client.post(page("people_import", authority), {"file": file})
        if response.status_code == 302:
            run_tasks()
        return response

    return do
