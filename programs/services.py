"""Writes to programs that are not made in the admin."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Province
from programs.models import Program


@transaction.atomic
def programs_province_merge(*, source: Province, into: Province, by=None) -> list[Program]:
    """The programs of a province merged into another (1/7/2025) carry on under the new province.

    Their documents stay as issued: number, issuing body and texts are untouched, and each program
    remembers the province that issued it, shown as "(trước đây: …)". Refused, with the numbers,
    when the new province already has programs with the same numbers.
    """
    programs = list(source.programs.all())
    clashes = sorted(
        into.programs.filter(number__in=[p.number for p in programs if p.number]).values_list("number", flat=True)
    )
    if clashes:
        raise ValidationError(
            _("%(province)s đã có chương trình mang số hiệu %(numbers)s: hãy sửa số hiệu trước khi sáp nhập.")
            % {"province": into.name, "numbers": ", ".join(clashes)}
        )
    for program in programs:
        program.province, program.former_province = into, source
        program._history_user = by
        program.save(update_fields=["province", "former_province"])
    return programs
