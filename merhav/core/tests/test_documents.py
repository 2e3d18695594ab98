"""merhav.core.documents: the Word document every module exports reads right to left in Hebrew and Arabic
with each bidi element where the schema orders it (Word calls a document with them out of order damaged),
and a workbook's cells never run as formulas."""

import io

from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from merhav.core.documents import Sheets, WordDocument

# The order of the children of w:pPr, w:sectPr and w:tblPr in the WordprocessingML schema (ECMA-376 part 1).
P_PR = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
        "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
        "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
        "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
SECT_PR = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
           "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
           "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]
TBL_PR = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
          "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
          "tblDescription", "tblPrChange"]


def local_names(element):
    return [child.tag.rsplit("}", 1)[-1] for child in element]


def in_schema_order(names, order):
    positions = [order.index(name) for name in names if name in order]
    return positions == sorted(positions)


def hebrew_document() -> Document:
    with translation.override("he"):
        word = WordDocument()
        word.properties(title="תחקיר")
        word.heading("כותרת", level=0)
        word.heading("פרק", level=2)
        word.paragraph("טקסט", bold_label="תווית")
        word.bullets(["ראשון", "שני"])
        word.text("שורה\nשורה שנייה")
        word.table(["עמודה", "ערך"], [["א", 1], ["ב", None]])
        return Document(io.BytesIO(word.save()))


def test_every_paragraph_section_and_table_is_right_to_left_in_schema_order():
    document = hebrew_document()
    paragraphs = document.paragraphs + [p for t in document.tables for c in t._cells for p in c.paragraphs]
    for paragraph in paragraphs:
        p_pr = paragraph._p.pPr
        assert p_pr is not None and p_pr.find(qn("w:bidi")) is not None, paragraph.text
        assert in_schema_order(local_names(p_pr), P_PR), (paragraph.text, local_names(p_pr))
    for style in document.styles:
        p_pr = style.element.pPr
        if p_pr is not None:
            assert in_schema_order(local_names(p_pr), P_PR), (style.name, local_names(p_pr))
    sect_pr = document.sections[0]._sectPr
    assert "bidi" in local_names(sect_pr) and in_schema_order(local_names(sect_pr), SECT_PR), local_names(sect_pr)
    tbl_pr = document.tables[0]._tbl.tblPr
    assert "bidiVisual" in local_names(tbl_pr) and in_schema_order(local_names(tbl_pr), TBL_PR), local_names(tbl_pr)


def test_an_english_document_is_left_to_right():
    with translation.override("en"):
        word = WordDocument()
        word.paragraph("text")
        document = Document(io.BytesIO(word.save()))
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in document.paragraphs)
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is None


def test_a_workbook_escapes_formulas_and_reads_right_to_left_in_arabic():
    with translation.override("ar"):
        sheets = Sheets()
        sheets.sheet("ورقة", ["=SUM(A1)"], [["=HYPERLINK(\"http://x\")", 3], ["+1", "@a"]])
        book = load_workbook(io.BytesIO(sheets.save()))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert values == ["'=SUM(A1)", None, "'=HYPERLINK(\"http://x\")", 3, "'+1", "'@a"]
