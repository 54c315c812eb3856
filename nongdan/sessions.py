"""Sessions that end after SESSION_COOKIE_AGE without a request, not that long after signing in.

Saving a session moves its expiry. Django's SESSION_SAVE_EVERY_REQUEST would save it on every
page (a database write each time); this store marks a session for saving only when its last save
is more than REFRESH old, so the idle timeout holds to within a minute at one write a minute.
"""

import datetime

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone

REFRESH = datetime.timedelta(minutes=1)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        if session is not None:
            saved_at = session.expire_date - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
            if timezone.now() - saved_at >= REFRESH:
                self.modified = True
        return session
