"""A sheet whose XML is broken (a damaged file, or one made to break the reader) is refused next to the
field, like any file that is not a spreadsheet: never a server error."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from merhav.tenancy.models import PeopleImport

from .conftest import page, xlsx_bytes

BROKEN = b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Email'


def with_part_replaced(part: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(BytesIO(xlsx_bytes([["ron@example.org", "Ron", "", "", ""]])))
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == part else source.read(item.filename))
    return out.getvalue()


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                  "xl/styles.xml"])
def test_broken_xml_in_a_sheet_is_refused_next_to_the_field(login, authority, authority_admin, part):
    client = login(authority_admin, language="en")
    upload = SimpleUploadedFile("people.xlsx", with_part_replaced(part, BROKEN))
    response = client.post(page("people_import", authority), {"file": upload})
    assert response.status_code == 200
    assert "not an Excel (.xlsx) file" in str(response.context["form"].errors["file"])
    with scope(authority=authority):
        assert not PeopleImport.objects.exists()
