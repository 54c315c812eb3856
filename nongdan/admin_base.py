"""What every admin page of ours shares."""

from nongdan.concurrency import VersionedModelForm
from nongdan.forms import VIETNAMESE_NUMBERS


class SafeEditingAdminMixin:
    """No silent overwrite of a newer version, and numbers typed the Vietnamese way (1.500; 7,5)."""

    form = VersionedModelForm
    formfield_overrides = VIETNAMESE_NUMBERS
