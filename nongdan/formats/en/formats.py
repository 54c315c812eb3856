"""The English interface keeps the client's Vietnamese conventions for dates and numbers."""

from nongdan.formats.vi.formats import *  # noqa: F403
