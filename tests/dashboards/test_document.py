"""The board's report: a DOCX read back, and the A4 print view in the same layout."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document

from reports.models import ReportLetterhead, TaskProgress
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

LETTER = {
    "style": "party",
    "issuer_parent": "TỈNH ỦY LẠNG SƠN",
    "issuer": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
    "number": "25",
    "number_suffix": "BC/BTGDVTU",
    "place": "Lạng Sơn",
    "signed_on": "05/07/2025",
    "recipients": "- Ban Thường vụ Tỉnh ủy (b/c),\n- Đảng đoàn Hội Nông dân tỉnh,\n- Lưu VP Ban.",
    "signing_authority": "T/M BAN THƯỜNG VỤ",
    "signer_title": "PHÓ BÍ THƯ",
    "signer_name": "Nguyễn Văn A",
}


def url(name, program, **params):
    path = reverse(f"dashboards:{name}", args=[program.slug])
    return f"{path}?{'&'.join(f'{k}={v}' for k, v in params.items())}" if params else path


def download(client, program, **params) -> Document:
    response = client.get(reverse("dashboards:document", args=[program.slug]), {**LETTER, **params, "download": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith('attachment; filename="bao-cao-115-ctr-tu-')
    return Document(io.BytesIO(response.content))


def lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def dashboard_rows(client, program, **params) -> list[list[str]]:
    table = client.get(url("dashboard", program, **params)).context["dashboard"].table
    return [[cell.text or "—" for cell in row] for row in table.rows]


def test_the_six_month_report_reads_back_as_a_party_document(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    document = download(client, program, year=2025, quarter=2)
    heading, targets, signature = document.tables

    issuer, motto = heading.rows[0].cells
    assert lines(issuer) == ["TỈNH ỦY LẠNG SƠN", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số 25-BC/BTGDVTU"]
    assert issuer.paragraphs[1].runs[0].bold
    assert lines(motto)[0] == "ĐẢNG CỘNG SẢN VIỆT NAM" and motto.paragraphs[0].runs[0].underline
    assert lines(motto)[-1] == "Lạng Sơn, ngày 05 tháng 7 năm 2025" and motto.paragraphs[-1].runs[0].italic

    body = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in body
    subject = (
        "kết quả thực hiện Chương trình số 115-CTr/TU ngày 15/04/2024 của Ban Thường vụ Tỉnh ủy, 6 tháng đầu năm 2025"
    )
    assert subject in body
    # Approved reports only: of the three reporting units (the branch, B, C) only the branch's Q2 is approved.
    assert "1/3 đơn vị đã báo cáo Quý II/2025" in body
    assert "Đạt và vượt 0/3 chỉ tiêu, đúng tiến độ 0" in body
    assert "III. ĐÁNH GIÁ CHUNG, ĐỀ XUẤT" in body

    # The dashboard's numbers, worked out by hand in the scenario: 600 of 750 (80 %), 950 members, 61,6 %.
    assert rows(targets)[1][4:] == ["600", "750", "80 %", "Chậm", "—", "—"]
    assert rows(targets)[2][4:] == ["950", "1.000", "95 %", "Gần đạt tiến độ", "—", "—"]  # short by 50 of 1.000
    assert rows(targets)[3][4:] == ["61,6 %", "100 %", "61,6 %", "Chậm", "585", "950"]  # insured of members
    assert rows(targets)[1:] == dashboard_rows(client, program, year=2025, quarter=2)

    recipients, signer = signature.rows[0].cells
    assert lines(recipients) == [
        "Nơi nhận:",
        "- Ban Thường vụ Tỉnh ủy (b/c),",
        "- Đảng đoàn Hội Nông dân tỉnh,",
        "- Lưu VP Ban.",
    ]
    assert [line for line in lines(signer) if line] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"]


def test_a_quarter_counting_submitted_reports(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    document = download(client, program, year=2025, quarter=1, counted="submitted", number="", signed_on="")
    issuer, motto = document.tables[0].rows[0].cells
    assert re.fullmatch(r"Số\s+-BC/BTGDVTU", lines(issuer)[-1])  # the number left to write by hand
    assert re.fullmatch(r"Lạng Sơn, ngày\s+tháng\s+năm \d{4}", lines(motto)[-1])
    body = [p.text for p in document.paragraphs]
    assert any(line.endswith(", Quý I/2025") and "115-CTr/TU" in line for line in body)
    assert "2/3 đơn vị đã báo cáo Quý I/2025" in body  # the branch and B
    # Q1: 200 + 100 new members of 375 expected; 400 + 500 members.
    assert rows(document.tables[1])[1][4:7] == ["300", "375", "80 %"]
    assert rows(document.tables[1])[2][4] == "900"
    assert rows(document.tables[1])[1:] == dashboard_rows(client, program, year=2025, quarter=1, counted="submitted")


def test_the_tasks_progress_is_in_the_document(client, board_viewer, scenario, program):
    assignment = AssignmentFactory(program=program, body_name_as_written="Đảng đoàn Hội Nông dân tỉnh")
    silent = AssignmentFactory(program=program, body_name_as_written="Ban cán sự đảng UBND tỉnh", role="implement")
    TaskProgress.objects.create(
        assignment=assignment,
        year=2025,
        quarter=2,
        status=TaskProgress.Status.DONE,
        text="Ban hành Kế hoạch thực hiện\x0b Chương trình.",  # a vertical tab pasted from Word: dropped
        documents="Kế hoạch số 12-KH/ĐĐ ngày 05/5/2025\n",
        updated_by=UserFactory(),
    )
    client.force_login(board_viewer)
    body = [p.text for p in download(client, program, year=2025, quarter=2).paragraphs]
    assert "1. Đảng đoàn Hội Nông dân tỉnh" in body
    assert "Chủ trì: Hoàn thành. Ban hành Kế hoạch thực hiện Chương trình." in body
    assert "Văn bản đã ban hành: Kế hoạch số 12-KH/ĐĐ ngày 05/5/2025." in body
    assert f"2. {silent.body_name_as_written}" in body and "Thực hiện: Chưa báo cáo" in body
    # Another period's narrative is not this one's.
    body = [p.text for p in download(client, program, year=2025, quarter=1).paragraphs]
    assert "Chủ trì: Chưa báo cáo" in body


def test_a_units_report_to_the_level_above_in_the_associations_format(client, reporter, scenario, program):
    client.force_login(reporter)
    page = client.get(url("document", program, year=2025, quarter=2, style="association"))
    form = page.context["document_form"]
    assert form.initial["issuer_parent"] == "HỘI NÔNG DÂN TỈNH LẠNG SƠN"
    assert form.initial["issuer"] == "BCH HỘI NÔNG DÂN XÃ A"
    letter = {name: form.initial[name] for name in ("issuer_parent", "issuer", "number_suffix", "recipients")}
    document = download(client, program, year=2025, quarter=2, **letter, style="association", signing_authority="")
    issuer, motto = document.tables[0].rows[0].cells
    assert lines(issuer) == ["HỘI NÔNG DÂN TỈNH LẠNG SƠN", "BCH HỘI NÔNG DÂN XÃ A", "*", "Số 25-BC/HND"]
    assert lines(motto)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert motto.paragraphs[1].runs[0].underline
    # Commune A's own figures: its branch's 200 + 300 new members.
    assert rows(document.tables[1])[1][4] == "500"


def test_a_wrong_date_is_shown_at_the_field_and_nothing_typed_is_lost(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    params = {**LETTER, "signed_on": "31/02/2025", "download": "docx", "year": 2025, "quarter": 2}
    response = client.get(reverse("dashboards:document", args=[program.slug]), params)
    assert response.status_code == 400
    form = response.context["document_form"]
    assert "signed_on" in form.errors
    html = response.content.decode()
    assert 'value="Nguyễn Văn A"' in html and 'value="31/02/2025"' in html


def test_another_province_gets_404(client, outsider, scenario, program):
    client.force_login(outsider)
    assert client.get(url("document", program, **LETTER, download="docx")).status_code == 404
    assert client.get(url("print", program)).status_code == 404


def test_the_letterhead_kept_by_the_program_admin_starts_the_form(client, program_admin, board_viewer, program):
    client.force_login(board_viewer)
    assert client.get(url("letterhead", program)).status_code == 200
    assert client.post(url("letterhead", program), LETTER).status_code == 403
    assert not ReportLetterhead.objects.exists()

    client.force_login(program_admin)
    page = client.get(url("letterhead", program))
    form = page.context["form"]
    assert form.initial["issuer"] == "BAN TUYÊN GIÁO VÀ DÂN VẬN" and form.initial["signer_title"] == "TRƯỞNG BAN"
    data = {**LETTER, "issuer_parent": "TỈNH ỦY LẠNG SƠN", "issuer": "", "history_version": ""}
    response = client.post(url("letterhead", program), data)
    assert response.status_code == 400 and "issuer" in response.context["form"].errors
    assert client.post(url("letterhead", program), {**data, "issuer": "TỈNH ỦY LẠNG SƠN"}).status_code == 302
    kept = ReportLetterhead.objects.get(program=program)
    assert kept.signing_authority == "T/M BAN THƯỜNG VỤ" and kept.history.first().history_user == program_admin

    client.force_login(board_viewer)
    assert client.get(url("document", program)).context["document_form"].initial["issuer"] == "TỈNH ỦY LẠNG SƠN"


def test_the_letterhead_is_never_silently_overwritten(client, program_admin, program):
    client.force_login(program_admin)
    client.post(url("letterhead", program), {**LETTER, "history_version": ""})
    opened = client.get(url("letterhead", program)).context["form"]["history_version"].value()
    client.post(url("letterhead", program), {**LETTER, "signer_name": "Người thứ nhất", "history_version": opened})
    response = client.post(
        url("letterhead", program), {**LETTER, "signer_name": "Người thứ hai", "history_version": opened}
    )
    assert response.status_code == 400
    assert "sau khi bạn mở trang" in str(response.context["form"].non_field_errors())
    assert 'value="Người thứ hai"' in response.content.decode()
    assert ReportLetterhead.objects.get().signer_name == "Người thứ nhất"


def test_the_print_view_has_the_documents_layout_and_page_numbers(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    html = client.get(url("print", program, year=2025, quarter=3, **LETTER)).content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "Số 25-BC/BTGDVTU" in html
    assert "Chương trình số 115-CTr/TU" in html and "9 tháng năm 2025" in html
    assert "Nơi nhận:" in html and "PHÓ BÍ THƯ" in html
    css = (settings.BASE_DIR / "static/css/print.css").read_text()
    assert "counter(page)" in css and "text-transform" not in css
    association = client.get(url("print", program, year=2025, quarter=3, style="association")).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in association and "HỘI NÔNG DÂN VIỆT NAM" in association
