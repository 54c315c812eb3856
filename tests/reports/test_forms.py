"""reports.forms.ReportForm: what is asked, how typing is read, and the rules on submission."""

from decimal import Decimal

import pytest

from programs.models import Program
from reports.forms import ReportForm
from reports.sheets import report_sheet
from tests.factories import ProgramFactory, ReportFactory, ReportValueFactory, TargetFactory


def form_for(unit, period, values=None, *, submitting=False, version=0, **extra):
    sheet = report_sheet(unit=unit, period=period)
    data = {"version": version, **extra}
    for code, typed in (values or {}).items():
        line = next(line for line in sheet.lines if line.figure.code == code)
        data[line.field_name] = typed
    return ReportForm(data, sheet=sheet, submitting=submitting)


def error_for(form, code):
    field = next(line.field_name for line in form.sheet.lines if line.figure.code == code)
    return form.errors.get(field, [])


def test_one_field_per_figure_grouped_under_the_first_target_it_serves(tree, program, period):
    sheet = report_sheet(unit=tree["a"], period=period)
    layout = [(g.target.label, [line.figure.code for line in g.lines]) for g in sheet.groups]
    assert layout == [
        ("1", ["new-members"]),
        ("6a", ["registered", "farmer-households"]),
        ("6b", ["achieved"]),
        ("9", ["area"]),
    ]


def test_headings_name_the_program_when_the_province_has_several(tree, program, period, figures):
    one = [g.heading for g in report_sheet(unit=tree["a"], period=period).groups]
    assert one[0] == f"1. {program.targets.get(label='1').short_name}"
    draft = ProgramFactory(province=tree["province"], number="", issued_on=None, status=Program.Status.DRAFT)
    TargetFactory(program=draft, label="2*", short_name="Tuyên truyền", numerator__code="informed")
    headings = [g.heading for g in report_sheet(unit=tree["a"], period=period).groups]
    assert headings[0].startswith(f"{program.number} — 1. ")
    assert "Dự thảo — 2*. Tuyên truyền" in headings


def test_superseded_programs_and_other_provinces_ask_nothing(tree, program, period, figures):
    newer = ProgramFactory(province=tree["province"], number="200-CTr/TU")
    old = ProgramFactory(
        province=tree["province"], number="99-CTr/TU", status=Program.Status.SUPERSEDED, superseded_by=newer
    )
    TargetFactory(program=old, numerator__code="old-figure")
    TargetFactory(program=ProgramFactory(), numerator__code="elsewhere")
    codes = {line.figure.code for line in report_sheet(unit=tree["a"], period=period).lines}
    assert codes == {"new-members", "registered", "farmer-households", "achieved", "area"}


@pytest.mark.parametrize("typed", ["1.500", "1500", "1 500", " 1.500 "])
def test_counts_typed_every_usual_way(tree, program, period, typed):
    form = form_for(tree["a"], period, {"new-members": typed})
    assert form.is_valid(), form.errors
    assert {f.code: e.value for f, e in form.entries().items()}["new-members"] == Decimal(1500)


def test_decimals_where_the_figure_allows_them(tree, program, period):
    form = form_for(tree["a"], period, {"area": "7,5"})
    assert form.is_valid(), form.errors
    assert {f.code: e.value for f, e in form.entries().items()}["area"] == Decimal("7.5")


def test_empty_is_not_reported_rather_than_zero(tree, program, period):
    form = form_for(tree["a"], period, {"new-members": "", "area": "0"})
    assert form.is_valid(), form.errors
    values = {f.code: e.value for f, e in form.entries().items()}
    assert values["new-members"] is None
    assert values["area"] == Decimal(0)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("mười", "không phải là một số"),
        ("-3", "không được là số âm"),
        ("7,5", "số nguyên"),
        ("9.000.000.000", "Số quá lớn"),
    ],
)
def test_wrong_input_gets_a_specific_message_next_to_the_field(tree, program, period, typed, message):
    form = form_for(tree["a"], period, {"new-members": typed, "area": "1,5"})
    assert not form.is_valid()
    assert message in error_for(form, "new-members")[0]
    assert not error_for(form, "area")


def test_a_comment_needs_a_value(tree, program, period, figures):
    sheet_form = form_for(tree["a"], period, **{f"comment_{figures['area'].pk}": "chưa thống kê"})
    assert not sheet_form.is_valid()
    assert f"comment_{figures['area'].pk}" in sheet_form.errors


@pytest.mark.parametrize("submitting", [True, False], ids=["submitted", "saved as a draft"])
def test_a_numerator_above_its_denominator_is_refused_even_in_a_draft(tree, program, period, submitting):
    values = {"registered": "600", "farmer-households": "500"}
    form = form_for(tree["a"], period, values, submitting=submitting)
    assert not form.is_valid()
    assert "Hộ nông dân" in error_for(form, "registered")[0]
    assert form_for(tree["a"], period, {**values, "farmer-households": "600"}, submitting=submitting).is_valid()


def test_the_chain_of_ratios_is_checked_at_every_link(tree, program, period):
    form = form_for(
        tree["a"], period, {"farmer-households": "500", "registered": "200", "achieved": "201"}, submitting=True
    )
    assert not form.is_valid()
    assert "Hộ đăng ký SXKD giỏi" in error_for(form, "achieved")[0]
    assert not error_for(form, "registered")


def test_the_denominator_can_come_from_the_latest_earlier_stock(
    tree, program, period, previous_period, closed_period, figures
):
    older = ReportFactory(unit=tree["a"], period=closed_period)
    ReportValueFactory(report=older, figure=figures["farmer_households"], value=Decimal(900))
    earlier = ReportFactory(unit=tree["a"], period=previous_period)
    ReportValueFactory(report=earlier, figure=figures["farmer_households"], value=Decimal(400))
    ReportValueFactory(
        report=ReportFactory(unit=tree["b"], period=previous_period),
        figure=figures["farmer_households"],
        value=Decimal(5000),
    )
    form = form_for(tree["a"], period, {"registered": "401"}, submitting=True)
    assert not form.is_valid()
    assert "400" in error_for(form, "registered")[0]
    assert form_for(tree["a"], period, {"registered": "400"}, submitting=True).is_valid()


def test_ratio_pairs_come_from_percentage_targets_only(tree, program, period, figures):
    TargetFactory(
        program=program,
        label="10",
        ratio=True,
        ratio_scale=1,
        numerator=figures["area"],
        denominator=figures["new_members"],
    )
    form = form_for(tree["a"], period, {"area": "50", "new-members": "10"}, submitting=True)
    assert form.is_valid(), form.errors


@pytest.fixture
def last_quarter(tree, previous_period, figures):
    report = ReportFactory(unit=tree["a"], period=previous_period)
    ReportValueFactory(report=report, figure=figures["new_members"], value=Decimal(100))
    return report


@pytest.mark.parametrize(("typed", "unusual"), [("301", True), ("300", False), ("34", False), ("33", True)])
def test_a_value_far_from_last_quarter_asks_for_a_confirmation(tree, program, period, last_quarter, typed, unusual):
    form = form_for(tree["a"], period, {"new-members": typed})
    assert form.is_valid() is not unusual
    assert bool(error_for(form, "new-members")) is unusual


def test_a_confirmed_unusual_value_needs_a_comment(tree, program, period, last_quarter, figures):
    field, comment = f"value_{figures['new_members'].pk}", f"comment_{figures['new_members'].pk}"
    form = form_for(tree["a"], period, {"new-members": "1.000"}, confirm_unusual="on")
    assert not form.is_valid()
    assert list(form.errors) == [comment]
    form = form_for(tree["a"], period, **{field: "1.000", comment: "Đợt kết nạp lớn", "confirm_unusual": "on"})
    assert form.is_valid(), form.errors


def test_nothing_to_submit(tree, program, period):
    form = form_for(tree["a"], period, submitting=True)
    assert not form.is_valid()
    assert "chưa có số liệu" in form.non_field_errors()[0]
