import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisations.models import Organisation
from programs.models import Assignment, Program, Resolution
from targets.loader import programs_load
from targets.models import Allocation, Figure, Target

pytestmark = pytest.mark.django_db

LANG_SON_TARGETS = [
    # label, measure, comparator, value, numerator, denominator
    ("1", "flow_total", "gte", "1500", "new_members", None),
    ("2", "ratio", "eq", "100", "officials_trained", "officials"),
    ("3a", "flow_total", "gte", "1000", "vocational_trained", None),
    ("3b", "flow_total", "eq", "1500", "good_farmers_upskilled", None),
    ("4a", "flow_total", "eq", "20", "new_professional_groups", None),
    ("4b", "flow_total", "eq", "11", "new_professional_branches", None),
    ("5a", "flow_total", "gte", "330", "members_joined_coops", None),
    ("5b", "flow_total", "eq", "20", "new_coop_groups", None),
    ("5c", "flow_total", "eq", "11", "new_cooperatives", None),
    ("6a", "ratio", "gte", "45", "households_registered", "farmer_households"),
    ("6b", "ratio", "gte", "70", "households_achieved", "households_registered"),
    ("7a", "ratio", "eq", "100", "members_health_insured", "members"),
    ("7b", "flow_total", "gte", "120", "members_joined_voluntary_si", None),
]


@pytest.fixture
def loaded():
    programs_load()
    return Program.objects.get(slug="115-ctr-tu")


def test_resolution_46(loaded):
    resolution = Resolution.objects.get(number="46-NQ/TW")
    assert resolution.issuing_body == "Bộ Chính trị"
    assert resolution.issued_on.isoformat() == "2023-12-20"


def test_115_ctr_tu_header(loaded):
    assert loaded.number == "115-CTr/TU"
    assert loaded.status == Program.Status.ISSUED
    assert loaded.issued_on.isoformat() == "2024-04-15"
    assert loaded.province.name == "Lạng Sơn"
    assert "nòng cốt chính trị" in loaded.general_objective
    assert "Chương trình số 115-CTr/TU" in loaded.source_text


def test_115_ctr_tu_has_13_measured_figures_in_document_order(loaded):
    assert list(loaded.targets.values_list("label", flat=True)) == [row[0] for row in LANG_SON_TARGETS]


@pytest.mark.parametrize(("label", "measure", "comparator", "value", "numerator", "denominator"), LANG_SON_TARGETS)
def test_each_115_target_value_comparator_and_figures(
    loaded, label, measure, comparator, value, numerator, denominator
):
    target = loaded.targets.select_related("numerator", "denominator").get(label=label)
    assert (target.measure, target.comparator, target.value) == (measure, comparator, Decimal(value))
    assert target.numerator.code == numerator
    assert (target.denominator.code if target.denominator else None) == denominator
    # A flow is summed, a stock never: the figures behind a count target are flows.
    if measure == "flow_total":
        assert target.numerator.kind == Figure.Kind.FLOW


def test_115_tasks_and_assignments(loaded):
    assert list(loaded.tasks.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    lead = loaded.assignments.get(role=Assignment.Role.LEAD)
    assert lead.body_name_as_written == "Ban Dân vận Tỉnh ủy"
    assert "định kỳ báo cáo Ban Thường vụ Tỉnh ủy" in lead.text
    assert loaded.assignments.count() == 8


def test_old_boards_keep_their_names_and_point_to_the_merged_board(loaded):
    merged = Organisation.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lạng Sơn")
    old = Organisation.objects.get(name="Ban Dân vận Tỉnh ủy Lạng Sơn")
    assert old.merged_into == merged
    assert old.retired_on is not None
    assert set(merged.merged_from.values_list("name", flat=True)) == {
        "Ban Dân vận Tỉnh ủy Lạng Sơn",
        "Ban Tuyên giáo Tỉnh ủy Lạng Sơn",
    }


def test_lai_chau_draft_loads_what_is_known_and_nothing_more(loaded):
    draft = Program.objects.get(slug="lai-chau-du-thao")
    assert draft.status == Program.Status.DRAFT
    assert draft.number == ""
    assert (draft.declared_target_count, draft.declared_task_count) == (17, 8)
    assert draft.targets.count() == 2
    assert draft.tasks.count() == 2
    assert draft.targets.get(numerator__code="new_members").value == Decimal("1200")
    informed = draft.targets.get(numerator__code="members_informed")
    assert (informed.measure, informed.comparator, informed.value) == ("ratio", "eq", Decimal("100"))


def test_lai_chau_baseline(loaded):
    draft = Program.objects.get(slug="lai-chau-du-thao")
    baselines = {b.label: b.value for b in draft.baselines.all()}
    assert baselines["Hội viên"] == Decimal("69886")
    assert baselines["Cơ sở Hội"] == Decimal("106")
    assert baselines["Chi Hội"] == Decimal("975")
    assert baselines["Tổ Hội nghề nghiệp"] == Decimal("19")
    assert baselines["Hộ nông dân đăng ký danh hiệu sản xuất, kinh doanh giỏi"] == Decimal("7.7")
    assert baselines["Hộ đăng ký đạt danh hiệu sản xuất, kinh doanh giỏi các cấp"] == Decimal("89")
    assert baselines["Cơ sở Hội xếp loại hoàn thành tốt nhiệm vụ trở lên (hằng năm)"] == Decimal("95.3")


def test_loading_twice_changes_nothing(loaded):
    counts = [m.objects.count() for m in (Program, Target, Figure, Organisation, Assignment, Target.history.model)]
    second = programs_load()
    assert (second.created, second.updated, second.kept) == (0, 0, [])
    assert [
        m.objects.count() for m in (Program, Target, Figure, Organisation, Assignment, Target.history.model)
    ] == counts


def test_an_admins_change_is_kept_unless_overwrite_is_asked(loaded):
    target = loaded.targets.get(label="1")
    target.value = Decimal("1600")
    target.save()
    report = programs_load()
    assert report.kept and "value" in report.kept[0]
    target.refresh_from_db()
    assert target.value == Decimal("1600")
    programs_load(overwrite=True)
    target.refresh_from_db()
    assert target.value == Decimal("1500")
    assert target.history.count() == 3  # loaded, changed by the admin, restored


def test_command_prints_a_summary(capsys):
    call_command("load_programs")
    call_command("load_programs")
    assert "Tạo mới: 0" in capsys.readouterr().out


COMMUNE_PLAN = Path(__file__).parent / "data" / "xa-tan-thanh-kh-2026.toml"


def test_a_communes_own_plan_loads_with_its_units_owner_entry_levels_and_allocations():
    call_command("load_programs", str(COMMUNE_PLAN), stdout=io.StringIO())
    plan = Program.objects.get(slug="xa-tan-thanh-kh-2026")
    commune = Organisation.objects.get(code="XA-TAN-THANH")
    assert (plan.owner, plan.covers_one_subtree, commune.parent.name) == (commune, True, "Hội Nông dân tỉnh Lạng Sơn")
    assert [(level.figure.code, level.kind) for level in plan.entry_levels.all()] == [("new_members", "branch")]
    shares = Allocation.objects.filter(target__program=plan).order_by("unit__name")
    assert [(a.unit.name, a.year, a.value) for a in shares] == [
        ("Chi Hội thôn Khuổi Mù", 2026, 3),
        ("Chi Hội thôn Nà Pàn", 2026, 3),
    ]
    # The province's program is untouched, and loading again changes nothing.
    assert Program.objects.get(slug="115-ctr-tu").owner.name == "Hội Nông dân tỉnh Lạng Sơn"
    again = programs_load(files=[COMMUNE_PLAN])
    assert (again.created, again.updated, again.kept) == (0, 0, [])


def test_a_missing_file_is_named():
    with pytest.raises(CommandError, match=r"Không có tệp: khong-co\.toml"):
        call_command("load_programs", "khong-co.toml")
