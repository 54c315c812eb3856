"""Writes for Excel: keeping an upload until it is confirmed, and saving every report in it at once."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisations.models import Organisation
from reports.excel.selectors import ImportCheck
from reports.models import Report, ReportingPeriod, ReportUpload
from reports.services import reports_save

# Long enough to read the dry run and fix a cell or two; the bytes are not kept beyond it.
UPLOAD_LIFETIME = datetime.timedelta(hours=3)


def live_uploads(*, owner):
    """The person's uploads still waiting for a confirmation."""
    return ReportUpload.objects.filter(owner=owner, uploaded_at__gte=timezone.now() - UPLOAD_LIFETIME)


@transaction.atomic
def upload_store(
    *, owner, file_name: str, content: bytes, unit: Organisation | None = None, period: ReportingPeriod | None = None
) -> ReportUpload:
    """Keep the file for its dry run and confirmation; expired uploads, anyone's, go at the same time."""
    ReportUpload.objects.filter(uploaded_at__lt=timezone.now() - UPLOAD_LIFETIME).delete()
    upload = ReportUpload(owner=owner, file_name=file_name[:255], content=content, unit=unit, period=period)
    upload.full_clean(exclude=["owner", "unit", "period"])
    upload.save()
    return upload


def import_note(upload: ReportUpload) -> str:
    """The audit's words for where the figures came from, in the app's language whoever uploads."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Nhập từ tệp %(name)s") % {"name": upload.file_name}


@transaction.atomic
def upload_confirm(*, check: ImportCheck, by) -> list[Report]:
    """Save every report of a dry run without problems in one transaction, or none; the upload is used up.

    The reports' own rules are applied again by reports_save (versions, locks): a report that moved since
    the dry run raises ReportConflict or ReportLocked and nothing is saved.
    """
    if not check.can_confirm:
        raise ValueError("only a dry run without problems can be confirmed")
    reports = reports_save(
        period=check.period, by=by, writes=check.writes(), submit=check.submitting, note=import_note(check.upload)
    )
    check.upload.delete()
    return reports
