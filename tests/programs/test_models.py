import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.models import Program
from targets.models import Figure, Target
from tests.factories import (
    AssignmentFactory,
    BaselineFactory,
    FigureFactory,
    OrganisationFactory,
    ProgramFactory,
    ProvinceFactory,
    ResolutionFactory,
    TargetFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def _rejected(obj, field, message):
    """The form-level check names the field with a Vietnamese message, and the database refuses too."""
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    assert message in error.value.message_dict[field]
    with transaction.atomic(), pytest.raises(IntegrityError):
        obj.save()


def test_an_issued_program_needs_a_number_and_a_date():
    existing = ProgramFactory()
    program = ProgramFactory.build(
        province=existing.province, resolution=existing.resolution, number="", issued_on=None, slug="x"
    )
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert error.value.message_dict["number"] == ["Chương trình đã ban hành phải có số hiệu."]
    with transaction.atomic(), pytest.raises(IntegrityError):
        program.save()


def test_a_draft_needs_neither():
    draft = ProgramFactory(number="", issued_on=None, status=Program.Status.DRAFT)
    draft.full_clean()
    assert str(draft) == f"Dự thảo chương trình — {draft.province}"


def test_years_must_be_in_order():
    program = ProgramFactory()
    program.end_year = 2023
    _rejected(program, "end_year", "Năm kết thúc phải từ năm bắt đầu trở đi.")


def test_superseded_names_its_successor():
    old = ProgramFactory()
    old.status = Program.Status.SUPERSEDED
    with pytest.raises(ValidationError):
        old.full_clean()
    old.superseded_by = ProgramFactory(province=old.province)
    old.full_clean()
    old.save()
    assert old.superseded_by.supersedes.get() == old


def test_document_numbers_are_unique_within_a_province():
    program = ProgramFactory(number="115-CTr/TU")
    twin = ProgramFactory.build(
        province=program.province, resolution=program.resolution, number="115-CTr/TU", slug="twin"
    )
    _rejected(twin, "__all__", "Tỉnh này đã có chương trình mang số hiệu này.")
    ProgramFactory(number="115-CTr/TU")  # the same number in another province is fine


def test_task_numbers_are_unique_in_a_program():
    task = TaskFactory(number=1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        TaskFactory(program=task.program, number=1)


def test_an_assignment_stays_within_its_program_and_province():
    assignment = AssignmentFactory()
    assignment.task = TaskFactory()  # another program's task
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "task" in error.value.message_dict
    assignment.task = None
    assignment.body = OrganisationFactory()  # another province's body
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "body" in error.value.message_dict


def test_a_baseline_needs_a_time():
    baseline = BaselineFactory.build(program=ProgramFactory(), as_of=None, as_of_text="")
    _rejected(baseline, "as_of", "Hãy ghi ngày hoặc thời điểm của số liệu nền.")
    BaselineFactory(as_of=datetime.date(2024, 1, 1), as_of_text="")


def test_a_ratio_target_needs_a_denominator():
    target = TargetFactory.build(program=ProgramFactory(), numerator=FigureFactory(), measure=Target.Measure.RATIO)
    _rejected(target, "denominator", "Mục tiêu tỷ lệ cần có mẫu số.")


def test_a_count_target_has_no_denominator():
    target = TargetFactory.build(program=ProgramFactory(), numerator=FigureFactory(), denominator=FigureFactory())
    _rejected(target, "denominator", "Chỉ mục tiêu tỷ lệ mới có mẫu số.")


def test_a_flow_target_counts_a_flow_figure():
    target = TargetFactory.build(program=ProgramFactory(), numerator=FigureFactory(kind=Figure.Kind.STOCK))
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "numerator" in error.value.message_dict


def test_a_target_value_is_never_negative():
    target = TargetFactory.build(program=ProgramFactory(), numerator=FigureFactory(), value=Decimal("-1"))
    _rejected(target, "value", "Giá trị mục tiêu không được âm.")


@pytest.mark.parametrize(
    ("comparator", "value", "ratio", "words"),
    [
        ("gte", "1500", False, "từ 1.500 trở lên"),
        ("eq", "20", False, "20"),
        ("eq", "100", True, "100 %"),
        ("gte", "45", True, "từ 45 % trở lên"),
        ("gt", "1000", False, "trên 1.000"),
        ("lt", "5", False, "dưới 5"),
        ("lte", "5", False, "không quá 5"),
    ],
)
def test_comparator_in_words(comparator, value, ratio, words):
    target = TargetFactory(comparator=comparator, value=Decimal(value), ratio=ratio)
    assert target.describe() == words


def test_a_year_can_override_the_annual_value_and_history_keeps_every_change():
    target = TargetFactory(value=Decimal("1500"))
    target.year_values.create(year=2026, value=Decimal("1800"))
    assert target.value_for(2025) == Decimal("1500")
    assert target.value_for(2026) == Decimal("1800")
    target.value = Decimal("1600")
    target.save()
    assert [h.value for h in target.history.all()] == [Decimal("1600"), Decimal("1500")]


def test_a_year_outside_the_program_is_refused():
    target = TargetFactory()
    override = target.year_values.model(target=target, year=2040, value=Decimal("1"))
    with pytest.raises(ValidationError) as error:
        override.full_clean()
    assert error.value.message_dict["year"] == ["Năm này nằm ngoài thời gian của chương trình."]


def test_two_communes_may_number_their_plans_alike_but_one_commune_may_not():
    commune = OrganisationFactory(parent=OrganisationFactory(), name="Hội Nông dân xã A")
    ProgramFactory(province=commune.province, owner=commune, number="01-KH/HND")
    ProgramFactory(province=commune.province, owner=OrganisationFactory(parent=commune.parent), number="01-KH/HND")
    twin = ProgramFactory.build(
        province=commune.province, owner=commune, resolution=ResolutionFactory(), number="01-KH/HND", slug="twin"
    )
    _rejected(twin, "__all__", "Đơn vị này đã có chương trình, kế hoạch mang số hiệu này.")


def test_a_plans_owner_is_in_its_province():
    plan = ProgramFactory.build(province=ProvinceFactory(), owner=OrganisationFactory(), resolution=ResolutionFactory())
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "Đơn vị chủ quản phải thuộc tỉnh của chương trình." in error.value.message_dict["owner"]
