"""Reading django-simple-history records as change lists: who changed what, from what, to what."""


def history_of(model, **lookup):
    """The history records of `model`'s objects matching `lookup`, each object's in order, with their authors."""
    return model.history.filter(**lookup).select_related("history_user").order_by("id", "history_date", "history_id")


def with_previous(records):
    """Each record of `history_of()` with the record before it of the same object (None for its first)."""
    previous = None
    for record in records:
        yield record, previous if previous is not None and previous.id == record.id else None
        previous = record


def author(record) -> str:
    """Who made the change, by name; "" for a change made outside a request (a command, the demo)."""
    user = record.history_user
    return (user.get_full_name() or user.username) if user else ""


def lifecycle(records, fields: list[str]):
    """(old, new, record) for each object given (old None), changed in one of `fields`, or removed (new None):
    the records before and after, compared by simple-history's `diff_against`."""
    for record, before in with_previous(records):
        if record.history_type == "-":
            yield record, None, record
        elif before is None:
            yield None, record, record
        elif record.diff_against(before, included_fields=fields).changes:
            yield before, record, record
