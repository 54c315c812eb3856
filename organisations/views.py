"""The "Đơn vị" pages: a province's program admin manages its unit tree, its people and their roles,
by hand or from one workbook. Superusers may open any province's pages.

Every page is found through the province in its URL: another province is a 404, someone of the
province without the program admin role gets a 403. Views parse, call a service, render.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from organisations import imports, selectors, services
from organisations.forms import (
    ConfirmForm,
    PersonCreateForm,
    PersonEditForm,
    RetireForm,
    RoleForm,
    UnitForm,
    UploadForm,
)
from organisations.models import Membership
from organisations.permissions import managed_provinces, visible_provinces
from organisations.workbook import workbook_write


class IndexView(View):
    """Straight to the province one manages; a choice when one manages several (superusers)."""

    def get(self, request):
        provinces = list(managed_provinces(request.user).filter(merged_into__isnull=True))
        if not provinces:
            raise PermissionDenied
        if len(provinces) == 1:
            return redirect("organisations:tree", provinces[0].code)
        return render(request, "organisations/index.html", {"provinces": provinces})


class ProvinceAdminMixin:
    """The province in the URL, if the person may see it (else 404) and manage it (else 403)."""

    section = "tree"

    def dispatch(self, request, *args, **kwargs):
        self.province = get_object_or_404(visible_provinces(request.user), code=kwargs["province"])
        if not managed_provinces(request.user).filter(pk=self.province.pk).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{**kwargs, "province": self.province, "section": self.section})

    def back_to_tree(self):
        return redirect("organisations:tree", self.province.code)

    def unit(self):
        return get_object_or_404(
            self.province.organisations.select_related("parent", "province"), pk=self.kwargs["unit_id"]
        )


class TreeView(ProvinceAdminMixin, TemplateView):
    """The tree a level at a time: a unit (by default the top of the province) and the units below it."""

    template_name = "organisations/tree.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        search = query.get("q", "").strip()
        include_retired = query.get("retired") == "1"
        under_id = query.get("goc", "")
        under = get_object_or_404(self.province.organisations, pk=under_id) if under_id.isdecimal() else None
        tree = selectors.unit_tree(province=self.province, under=under, search=search, include_retired=include_retired)
        return super().get_context_data(
            tree=tree,
            associations=[u for u in tree.units if u.is_association],
            bodies=[u for u in tree.units if not u.is_association],
            search=search,
            include_retired=include_retired,
            **kwargs,
        )


class FormPageMixin(ProvinceAdminMixin):
    """GET shows the form, POST validates it and hands it to `save`, which may raise ValidationError."""

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        form = self.make_form(data=request.POST)
        if form.is_valid():
            try:
                return self.save(form)
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UnitCreateView(FormPageMixin, TemplateView):
    template_name = "organisations/unit_form.html"

    def make_form(self, data=None):
        parent = self.province.organisations.filter(pk=self.request.GET.get("parent") or 0).first()
        return UnitForm(data, province=self.province, initial={"parent": parent})

    def save(self, form):
        unit = services.organisation_create(province=self.province, by=self.request.user, **form.unit_data())
        messages.success(self.request, _("Đã thêm %(unit)s.") % {"unit": unit})
        return self.back_to_tree()


class UnitEditView(FormPageMixin, TemplateView):
    template_name = "organisations/unit_form.html"

    def make_form(self, data=None):
        self.object = self.unit()  # as saved, for the page; the form changes its own copy
        return UnitForm(data, instance=self.unit(), province=self.province)

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.object, **kwargs)

    def save(self, form):
        unit = services.organisation_update(unit=self.unit(), by=self.request.user, **form.unit_data())
        messages.success(self.request, _("Đã lưu %(unit)s.") % {"unit": unit})
        return self.back_to_tree()


class UnitRetireView(FormPageMixin, TemplateView):
    """Retire a unit on a date or merge it into another; a retired unit can be made active again."""

    template_name = "organisations/unit_retire.html"

    def make_form(self, data=None):
        self.object = self.unit()  # as saved, for the page; the form changes its own copy
        return RetireForm(data, instance=self.unit())

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "reactivate":
            unit = self.unit()
            try:
                services.organisation_reactivate(unit=unit, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("organisations:unit_retire", self.province.code, unit.pk)
            messages.success(request, _("%(unit)s hoạt động trở lại.") % {"unit": unit})
            return self.back_to_tree()
        return super().post(request, *args, **kwargs)

    def save(self, form):
        unit, data = self.unit(), form.cleaned_data
        moved = services.organisation_retire(
            unit=unit, by=self.request.user, on=data["retired_on"], merged_into=data["merged_into"]
        )
        if data["merged_into"]:
            messages.success(
                self.request,
                _("%(unit)s đã sáp nhập vào %(into)s; %(n)s đơn vị cấp dưới chuyển sang đó.")
                % {"unit": unit, "into": data["merged_into"], "n": len(moved)},
            )
        else:
            messages.success(self.request, _("%(unit)s đã ngừng hoạt động.") % {"unit": unit})
        return self.back_to_tree()


# People -----------------------------------------------------------------------------------------


class PeopleView(ProvinceAdminMixin, TemplateView):
    template_name = "organisations/people.html"
    section = "people"

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "").strip()
        page = selectors.people_page(province=self.province, page_number=self.request.GET.get("page", 1), search=search)
        return super().get_context_data(page=page, search=search, **kwargs)


class PersonCreateView(FormPageMixin, TemplateView):
    """A new person with a first role; someone who already has an account (same email) gets the role."""

    template_name = "organisations/person_form.html"
    section = "people"

    def make_form(self, data=None):
        unit = self.province.organisations.filter(pk=self.request.GET.get("unit") or 0).first()
        return PersonCreateForm(data, province=self.province, initial={"organisation": unit})

    def save(self, form):
        data, by = form.cleaned_data, self.request.user
        existing = services.person_find(email=data["email"])
        if existing is not None:
            services.role_grant(person=existing, organisation=data["organisation"], role=data["role"], by=by)
            messages.info(
                self.request,
                _("%(email)s đã có tài khoản: vai trò được thêm vào tài khoản đó.") % {"email": data["email"]},
            )
            return redirect("organisations:person", self.province.code, existing.pk)
        person = services.person_create(by=by, **data)
        messages.success(
            self.request,
            _("Đã thêm %(name)s; thư đặt mật khẩu gửi tới %(email)s.")
            % {"name": data["full_name"], "email": person.email},
        )
        return redirect("organisations:person", self.province.code, person.pk)


class PersonMixin(ProvinceAdminMixin):
    section = "people"

    def person(self):
        people = selectors.people_in(province=self.province).prefetch_related(
            "memberships__organisation",
            Prefetch("memberships", queryset=selectors.person_roles_query(province=self.province), to_attr="roles"),
        )
        return get_object_or_404(people, pk=self.kwargs["user_id"])

    def back_to_person(self):
        return redirect("organisations:person", self.province.code, self.kwargs["user_id"])


class PersonView(PersonMixin, FormPageMixin, TemplateView):
    """One person: their name and email (if only this province has them), and their roles here."""

    template_name = "organisations/person.html"

    def make_form(self, data=None):
        self.object = self.person()
        self.local = selectors.person_is_local(person=self.object, province=self.province)
        return PersonEditForm(data, person=self.object) if self.local else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.object, local=self.local, role_form=RoleForm(province=self.province), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if not selectors.person_is_local(person=self.person(), province=self.province):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def save(self, form):
        services.person_update(person=self.object, **{k: form.cleaned_data[k] for k in ("full_name", "email")})
        messages.success(self.request, _("Đã lưu."))
        return self.back_to_person()


class RoleAddView(PersonMixin, View):
    def post(self, request, *args, **kwargs):
        person = self.person()
        form = RoleForm(request.POST, province=self.province)
        if form.is_valid():
            services.role_grant(person=person, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã thêm vai trò."))
        else:
            messages.error(request, _("Hãy chọn đơn vị và vai trò."))
        return self.back_to_person()


class RoleRemoveView(PersonMixin, View):
    def post(self, request, *args, **kwargs):
        person = self.person()
        membership = Membership.objects.filter(
            pk=kwargs["membership_id"], user=person, organisation__province=self.province
        ).first()
        if membership is None:
            messages.info(request, _("Vai trò này đã được bỏ trước đó."))
            return self.back_to_person()
        try:
            services.role_revoke(membership=membership, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã bỏ vai trò."))
        if not selectors.people_in(province=self.province).filter(pk=person.pk).exists():
            return redirect("organisations:people", self.province.code)
        return self.back_to_person()


class PersonDeactivateView(PersonMixin, View):
    def post(self, request, *args, **kwargs):
        person = self.person()
        try:
            services.person_deactivate(person=person, province=self.province, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back_to_person()
        messages.success(request, _("%(name)s không còn vai trò nào trong tỉnh.") % {"name": person.get_full_name()})
        return redirect("organisations:people", self.province.code)


# The workbook -----------------------------------------------------------------------------------


class WorkbookView(ProvinceAdminMixin, View):
    """The template, filled with the province's units and people as they are now."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            workbook_write(province=self.province),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="don-vi-nguoi-dung-{self.province.code}.xlsx"'
        return response


class ImportUploadView(FormPageMixin, TemplateView):
    template_name = "organisations/import_upload.html"
    section = "import"

    def make_form(self, data=None):
        return UploadForm(data, self.request.FILES or None)

    def save(self, form):
        upload = form.cleaned_data["file"]
        kept = imports.import_store(
            owner=self.request.user, province=self.province, file_name=upload.name, content=upload.read()
        )
        return redirect("organisations:import_review", self.province.code, kept.pk)


class ImportReviewView(ProvinceAdminMixin, TemplateView):
    """The dry run of a kept file (nothing is written), and its confirmation."""

    template_name = "organisations/import_review.html"
    section = "import"

    def upload(self):
        return get_object_or_404(self.province.unit_imports, pk=self.kwargs["import_id"], owner=self.request.user)

    def get(self, request, *args, **kwargs):
        upload = self.upload()
        plan = imports.import_plan(province=self.province, content=bytes(upload.content), by=request.user)
        return self.render_plan(upload, plan)

    def render_plan(self, upload, plan, status=200):
        context = self.get_context_data(
            upload=upload, plan=plan, confirm_form=ConfirmForm(initial={"digest": plan.digest})
        )
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        upload = self.upload()
        form = ConfirmForm(request.POST)
        digest = form.cleaned_data["digest"] if form.is_valid() else ""
        try:
            plan = imports.import_confirm(upload=upload, by=request.user, digest=digest)
        except imports.PlanChanged as changed:
            messages.warning(
                request,
                _("Dữ liệu hoặc tệp đã thay đổi từ lúc kiểm tra: chưa ghi gì. Hãy xem lại kết quả kiểm tra mới."),
            )
            return self.render_plan(upload, changed.plan, status=409)
        messages.success(
            request,
            _(
                "Đã nhập: %(units_new)s đơn vị mới, %(units_changed)s đơn vị thay đổi, %(people_new)s người mới,"
                " %(people_changed)s người thay đổi. Người mới sẽ nhận thư để đặt mật khẩu; ai không nhận được"
                " có thể chọn “Quên mật khẩu?” ở trang đăng nhập."
            )
            % {
                "units_new": len(plan.units_new),
                "units_changed": len(plan.units_changed),
                "people_new": len(plan.people_new),
                "people_changed": len(plan.people_changed),
            },
        )
        return redirect(reverse("organisations:tree", args=[self.province.code]))
