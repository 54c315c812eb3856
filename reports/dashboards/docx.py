"""The board's report as a Word file (python-docx), in the layout of Hướng dẫn 36-HD/VPTW.

A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman (Unicode, TCVN 6909:2001),
14 pt body; the heading as a borderless two-column table; page numbers at the top from page 2.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from nongdan.office import office_text

FONT = "Times New Roman"
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


def _style(
    paragraph,
    text: str = "",
    *,
    align=None,
    bold=False,
    italic=False,
    underline=False,
    size=None,
    indent=False,
    after=0,
):
    paragraph.paragraph_format.space_after = Pt(after)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        run = paragraph.add_run(office_text(text))
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return paragraph


def _paragraph(container, text: str = "", **style):
    """A new paragraph at the end of the document or of a table cell."""
    return _style(container.add_paragraph(), text, **style)


def _without_first_paragraph(*cells) -> None:
    """A new cell holds one empty paragraph; once filled with its own, that one goes."""
    for cell in cells:
        first = cell.paragraphs[0]._p
        first.getparent().remove(first)


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    # Page numbers at the top centre, from the second page on.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)


def _layout_table(document, widths: list[float]):
    table = document.add_table(rows=1, cols=len(widths))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Cm(width)
    return table.rows[0].cells


def _heading(document, doc) -> None:
    left, right = _layout_table(document, [7, 9.5])
    letter = doc.letter
    if letter.issuer_parent:
        _paragraph(left, letter.issuer_parent, align=CENTER)
    _paragraph(left, letter.issuer, align=CENTER, bold=True)
    _paragraph(left, "*", align=CENTER)
    _paragraph(left, doc.number_line, align=CENTER)
    for index, line in enumerate(doc.motto):
        last = index == len(doc.motto) - 1
        _paragraph(right, line, align=CENTER, bold=True, underline=last, size=None if last else 13)
    _paragraph(right, "", align=CENTER)
    _paragraph(right, doc.place_date, align=CENTER, italic=True)
    _without_first_paragraph(left, right)


# The targets table's columns (cm), the target's name widest; 16,5 cm in all, the width of the text.
TARGET_WIDTHS = [1, 4.6, 2.3, 1.6, 1.8, 1.8, 1.6, 1.8]


def _targets(document, table) -> None:
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers), style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    if len(table.headers) == len(TARGET_WIDTHS):
        for column, width in zip(grid.columns, TARGET_WIDTHS, strict=True):
            for cell in column.cells:
                cell.width = Cm(width)
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _style(cell.paragraphs[0], str(header), align=CENTER, bold=True, size=11)
    for row, cells in zip(grid.rows[1:], table.rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            _style(cell.paragraphs[0], value.text or "—", align=RIGHT if value.is_numeric else None, size=11)


def _tasks(document, doc) -> None:
    if not doc.tasks:
        _paragraph(document, _("Chương trình chưa có phân công thực hiện."), indent=True, after=6)
    for number, group in enumerate(doc.tasks, start=1):
        _paragraph(document, f"{number}. {group.body}", bold=True, align=JUSTIFY, after=3)
        for item in group.items:
            head = _paragraph(document, align=JUSTIFY, indent=True, after=3)
            head.add_run(office_text(f"{item.role}{' ' + item.task if item.task else ''}: ")).italic = True
            head.add_run(item.status).bold = True
            if item.text:
                head.add_run(office_text(f". {item.text}"))
            if item.documents:
                _paragraph(
                    document,
                    _("Văn bản đã ban hành: %(list)s.") % {"list": "; ".join(item.documents)},
                    align=JUSTIFY,
                    indent=True,
                    after=3,
                )


def _signature(document, doc) -> None:
    left, right = _layout_table(document, [7, 9.5])
    recipients = _paragraph(left, _("Nơi nhận:"), bold=True, italic=True, size=12)
    recipients.paragraph_format.space_before = Pt(12)
    for index, recipient in enumerate(doc.recipients):
        _paragraph(left, f"- {recipient}{'.' if index == len(doc.recipients) - 1 else ','}", size=11)
    letter = doc.letter
    first = _paragraph(right, letter.signing_authority, align=CENTER, bold=True)
    first.paragraph_format.space_before = Pt(12)
    _paragraph(right, letter.signer_title, align=CENTER, bold=True)
    for _blank in range(4):
        _paragraph(right, "", align=CENTER)
    _paragraph(right, letter.signer_name, align=CENTER, bold=True)
    _without_first_paragraph(left, right)


def document_docx(doc) -> bytes:
    """The report (a reports.dashboards.document.ReportDocument) as the bytes of a .docx file."""
    document = Document()
    _setup(document)
    _heading(document, doc)
    _paragraph(document, "", after=6)
    _paragraph(document, _("BÁO CÁO"), align=CENTER, bold=True, size=15)
    _paragraph(document, doc.subject, align=CENTER, bold=True, after=2)
    _paragraph(document, "-----", align=CENTER, after=12)
    _paragraph(document, _("I. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU CỤ THỂ"), bold=True, after=6)
    for line in (doc.scope_line, doc.summary.counted, doc.summary.headline):
        _paragraph(document, line, align=JUSTIFY, indent=True, after=6)
    _targets(document, doc.targets)
    _paragraph(document, "", after=6)
    _paragraph(document, _("II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ ĐƯỢC PHÂN CÔNG"), bold=True, after=6)
    _tasks(document, doc)
    _paragraph(document, _("III. ĐÁNH GIÁ CHUNG, ĐỀ XUẤT"), bold=True, after=6).paragraph_format.space_before = Pt(6)
    for heading in (_("1. Đánh giá chung"), _("2. Đề xuất, kiến nghị")):
        _paragraph(document, heading, bold=True, indent=True, after=6)
        _paragraph(document, "", indent=True, after=24)
    _signature(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
