from organisations.models import Province
from organisations.permissions import managed_provinces


class ProvinceScopedAdminMixin:
    """Program admins see and edit in the Django admin only their own province's records."""

    province_lookup = "province"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.province_lookup}__in": managed_provinces(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Choices of a province, or of anything that belongs to one, stop at the user's provinces."""
        if not request.user.is_superuser:
            model = db_field.related_model
            provinces = managed_provinces(request.user)
            if model is Province:
                kwargs["queryset"] = provinces
            elif any(f.name == "province" for f in model._meta.fields):
                kwargs["queryset"] = model.objects.filter(province__in=provinces)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
