"""Tracking pages: the coordinators' dashboard and the exports of the studies list."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.dashboard import dashboard_for_user, is_dashboard_user
from workflow.exports import csv_lines, write_xlsx
from workflow.forms import StudyFilterForm
from workflow.selectors import may_read_jury_figures, study_export_for_user

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def dashboard(request):
    # A page that is not the person's work answers 404, like a row out of reach.
    if not is_dashboard_user(request.user):
        raise Http404
    return render(request, "workflow/dashboard.html", dashboard_for_user(request.user))


def _filtered_studies(request):
    """The studies of the studies list under the request's filters (the same form, the same selector)."""
    form = StudyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return study_export_for_user(request.user, **{key: value for key, value in filters.items() if value})


def _filename(extension):
    return f"tremplin-studies-{timezone.localdate().isoformat()}.{extension}"


@login_required
def study_export_csv(request):
    lines = csv_lines(_filtered_studies(request), may_read_jury_figures=may_read_jury_figures(request.user))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


@login_required
def study_export_xlsx(request):
    workbook = write_xlsx(
        _filtered_studies(request), title=_("Studies"), may_read_jury_figures=may_read_jury_figures(request.user)
    )
    return FileResponse(workbook, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE)
