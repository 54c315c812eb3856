"""factory-boy factories. Related objects stay in the same province unless a test says otherwise."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from organisations.models import Membership, Organisation, Province
from programs.models import Assignment, Program, Resolution, Task
from reports.models import Notification, Report, ReportEvent, ReportingPeriod, ReportReopening, ReportValue
from targets.models import Baseline, Figure, Target

PASSWORD = "mat-khau-thu-nghiem"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Tỉnh {n}")
    code = factory.Sequence(lambda n: f"tinh-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A province association by default; pass `parent` for a unit below it."""

    class Meta:
        model = Organisation

    province = factory.LazyAttribute(lambda o: o.parent.province if o.parent else ProvinceFactory())
    parent = None
    kind = factory.LazyAttribute(
        lambda o: Organisation.Kind.COMMUNE_ASSOCIATION if o.parent else Organisation.Kind.PROVINCE_ASSOCIATION
    )
    name = factory.Sequence(lambda n: f"Hội Nông dân đơn vị {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"A{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.REPORTER


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution
        django_get_or_create = ["number"]

    number = "46-NQ/TW"
    title = "về đổi mới, nâng cao chất lượng hoạt động của Hội Nông dân Việt Nam"
    issuing_body = "Bộ Chính trị"
    issued_on = datetime.date(2023, 12, 20)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    resolution = factory.SubFactory(ResolutionFactory)
    province = factory.SubFactory(ProvinceFactory)
    slug = factory.Sequence(lambda n: f"chuong-trinh-{n}")
    number = factory.Sequence(lambda n: f"{100 + n}-CTr/TU")
    title = "Chương trình hành động thực hiện Nghị quyết số 46-NQ/TW"
    issuing_body = "Ban Thường vụ Tỉnh ủy"
    issued_on = datetime.date(2024, 4, 15)
    status = Program.Status.ISSUED
    start_year = 2024
    end_year = 2030


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Tăng cường sự lãnh đạo của Đảng"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    program = factory.SubFactory(ProgramFactory)
    body = factory.LazyAttribute(
        lambda o: OrganisationFactory(
            province=o.program.province, kind=Organisation.Kind.PARTY_BOARD, name="Ban Dân vận Tỉnh ủy"
        )
    )
    body_name_as_written = factory.LazyAttribute(lambda o: o.body.name)
    role = Assignment.Role.LEAD
    text = "Theo dõi, đôn đốc, kiểm tra, giám sát"


class BaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Baseline

    program = factory.SubFactory(ProgramFactory)
    label = "Hội viên"
    value = Decimal("69886")
    unit_of_measure = "người"
    as_of_text = "đầu năm 2024"


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"figure-{n}")
    name = factory.Sequence(lambda n: f"Số liệu {n}")
    definition = "Định nghĩa thử nghiệm"
    kind = Figure.Kind.FLOW
    unit_of_measure = "người"


class TargetFactory(factory.django.DjangoModelFactory):
    """A flow target by default ("Kết nạp từ 1.500 hội viên mới trở lên")."""

    class Meta:
        model = Target

    program = factory.SubFactory(ProgramFactory)
    label = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n)
    text = "Kết nạp từ 1.500 hội viên nông dân mới trở lên"
    short_name = "Kết nạp hội viên mới"
    measure = Target.Measure.FLOW_TOTAL
    numerator = factory.SubFactory(FigureFactory)
    denominator = None
    comparator = Target.Comparator.GTE
    value = Decimal("1500")
    unit_of_measure = "người"

    class Params:
        ratio = factory.Trait(
            measure=Target.Measure.RATIO,
            numerator=factory.SubFactory(FigureFactory, kind=Figure.Kind.STOCK),
            denominator=factory.SubFactory(FigureFactory, kind=Figure.Kind.STOCK),
            value=Decimal("100"),
            comparator=Target.Comparator.EQ,
            unit_of_measure="%",
        )


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ["year", "quarter"]

    year = 2025
    quarter = 1
    cutoff_date = factory.LazyAttribute(lambda o: ReportingPeriod.default_dates(o.year, o.quarter)[0])
    deadline = factory.LazyAttribute(lambda o: ReportingPeriod.default_dates(o.year, o.quarter)[1])


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    unit = factory.SubFactory(OrganisationFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    status = Report.Status.DRAFT


class ReportValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportValue

    report = factory.SubFactory(ReportFactory)
    figure = factory.SubFactory(FigureFactory)
    value = Decimal("10")


class ReportEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportEvent

    report = factory.SubFactory(ReportFactory)
    action = ReportEvent.Action.SAVED
    by = factory.SubFactory(UserFactory)


class ReportReopeningFactory(factory.django.DjangoModelFactory):
    """Reopens the period for the unit for a week from today."""

    class Meta:
        model = ReportReopening

    unit = factory.SubFactory(OrganisationFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    by = factory.SubFactory(UserFactory)
    reason = "Đơn vị mất điện trong tuần nộp báo cáo"


class NotificationFactory(factory.django.DjangoModelFactory):
    """An email about a submitted report that the mail server refused."""

    class Meta:
        model = Notification

    event = factory.SubFactory(ReportEventFactory, action=ReportEvent.Action.SUBMITTED)
    to = "nguoi-duyet@hoind.vn"
    subject = factory.LazyAttribute(lambda o: f"Báo cáo chờ duyệt: {o.event.report}")
    body = "Báo cáo đang chờ anh/chị duyệt."
    status = Notification.Status.FAILED
    attempts = 1
    last_error = "SMTPConnectError: (421, 'Service not available')"
