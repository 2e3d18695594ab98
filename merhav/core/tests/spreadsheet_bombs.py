"""Hostile .xlsx files, built in memory with zipfile: each one is small on disk and huge when opened
carelessly. Shared by the reader's tests and the people import's tests."""

import zipfile
from io import BytesIO

from openpyxl import Workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["Email", "Full name", "Role", "Department", "Job title"]


def plain_xlsx(rows=(), header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rebuilt(xlsx: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The workbook with some members replaced or added, deflated at the highest level."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(BytesIO(xlsx))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows_xml: bytes, *, dimension: bytes = b"A1") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN.encode() + b'">'
            b'<dimension ref="' + dimension + b'"/><sheetData>' + rows_xml + b"</sheetData></worksheet>")


def inline(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def header_row() -> bytes:
    return b'<row r="1">' + b"".join(inline(f"{c}1", h) for c, h in zip("ABCDE", HEADER, strict=True)) + b"</row>"


def with_shared_strings(strings: list[bytes], rows_xml: bytes) -> bytes:
    """A workbook whose sheet refers to a shared strings part with these strings (plain text, or the XML
    of rich text runs when it starts with <r>)."""
    base = plain_xlsx()
    source = zipfile.ZipFile(BytesIO(base))
    rels = source.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    types = source.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>')
    sst = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + MAIN.encode() + b'">'
           + b"".join(b"<si>" + (text if text.startswith(b"<r>") else b"<t>" + text + b"</t>") + b"</si>"
                     for text in strings) + b"</sst>")
    return rebuilt(base, replace={"xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types,
                                  "xl/worksheets/sheet1.xml": sheet_xml(rows_xml)},
                   add={"xl/sharedStrings.xml": sst})


def shared_cell(reference: str, index: int) -> bytes:
    return f'<c r="{reference}" t="s"><v>{index}</v></c>'.encode()


def shared_string_bomb(megabytes: int = 100) -> bytes:
    """A 100 MB shared string in a file of about 100 KB."""
    strings = [h.encode() for h in HEADER] + [b"person@example.org", b"A" * (megabytes * 1024 * 1024)]
    rows = (b'<row r="1">' + b"".join(shared_cell(f"{c}1", n) for n, c in enumerate("ABCDE")) + b"</row>"
            + b'<row r="2">' + shared_cell("A2", 5) + shared_cell("B2", 6) + b"</row>")
    return with_shared_strings(strings, rows)


def wide_and_tall_sheet() -> bytes:
    """A sheet declaring A1:XFD1048576: a first row of 16,384 cells of text and a cell at XFD1048576,
    around one real person on line 2."""
    wide = b'<row r="1">' + b"".join(
        inline(f"{c}1", h) for c, h in zip("ABCDE", HEADER, strict=True)
    ) + b"".join(inline(_letters(n) + "1", f"column {n} of {_letters(n)} " * 4) for n in range(6, 16385)) + b"</row>"
    person = b'<row r="2">' + inline("A2", "person@example.org") + inline("B2", "Person") + b"</row>"
    last = b'<row r="1048576">' + inline("XFD1048576", "the end") + b"</row>"
    xml = sheet_xml(wide + person + last, dimension=b"A1:XFD1048576")
    return rebuilt(plain_xlsx(), replace={"xl/worksheets/sheet1.xml": xml})


def ratio_bomb(megabytes: int = 15) -> bytes:
    """The sheet itself padded with megabytes of blanks: it inflates about a thousand times."""
    rows = header_row() + b'<row r="2">' + inline("A2", "person@example.org") + b"</row>"
    xml = sheet_xml(rows).replace(b"<sheetData>", b"<sheetData>" + b" " * (megabytes * 1024 * 1024))
    return rebuilt(plain_xlsx(), replace={"xl/worksheets/sheet1.xml": xml})


def malformed_sheet() -> bytes:
    xml = sheet_xml(header_row() + b'<row r="2"><c r="A2"><v>1</v></row>')  # <c> never closed
    return rebuilt(plain_xlsx(), replace={"xl/worksheets/sheet1.xml": xml})


def entity_bomb() -> bytes:
    """The billion laughs in the sheet: entities that expand to gigabytes."""
    entities = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode() for n in range(8)
    ) + b"]>"
    xml = sheet_xml(header_row() + b'<row r="2">' + inline("A2", "&i;") + b"</row>")
    xml = xml.replace(b"<worksheet", entities + b"<worksheet", 1)
    return rebuilt(plain_xlsx(), replace={"xl/worksheets/sheet1.xml": xml})


def _letters(n: int) -> str:
    letters = ""
    while n:
        n, remainder = divmod(n - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
