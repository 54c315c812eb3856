"""Drive Django admin change forms the way a browser does."""


def admin_form_data(response) -> dict:
    """What the browser would post back: the form's initial values, inline management forms included.

    Works for the change form and for django-simple-history's history form (which has no inlines).
    """
    data = {}
    inlines = response.context.get("inline_admin_formsets", [])
    for form in [response.context["adminform"].form, *[f for inline in inlines for f in inline.formset.forms]]:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value
    for inline in inlines:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data
