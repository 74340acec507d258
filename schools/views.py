"""Pages of the schools: the list (the bank's portfolio), a school, its reports and their review."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from permissions.refusal import ActionRefused
from schools.enums import EDITABLE_STATES, ReportState
from schools.exports import figures_header, figures_rows
from schools.forms import (
    CampaignCloseForm,
    CampaignDeadlineForm,
    CampaignForm,
    FundedInstrumentFormSet,
    FundingForm,
    ReportLineForm,
    ReviewForm,
)
from schools.models import FIGURES, ReportLine
from schools.policy import campaign_policy, report_policy, school_policy
from schools.selectors import (
    campaign_progress,
    fundings_by_purpose,
    latest_figures,
    report_rows_for_user,
    school_fundings,
)
from schools.selectors import (
    key_figures as key_figures_data,
)
from schools.services import (
    change_campaign_deadline,
    close_campaign,
    open_campaign,
    record_school_funding,
    save_report,
    send_back_report,
    submit_report,
    validate_report,
)
from workflow.enums import Purpose
from workflow.exports import csv_table, xlsx_table
from workflow.forms import instruments_of
from workflow.tracking_views import XLSX_CONTENT_TYPE


def _refused(request, refusal):
    for reason in refusal.reasons:
        messages.error(request, reason)


@login_required
def school_list(request):
    schools = list(school_policy.visible(request.user).order_by("project__name"))
    purposes = fundings_by_purpose([school.study_id for school in schools])
    latest = latest_figures([school.pk for school in schools])
    rows = [
        {
            "school": school,
            "amounts": [purposes.get(school.study_id, {}).get(purpose) for purpose in Purpose.values],
            "total": purposes.get(school.study_id, {}).get("total"),
            "figures": latest.get(school.pk),
        }
        for school in schools
    ]
    return render(
        request,
        "schools/school_list.html",
        {"rows": rows, "purposes": Purpose.choices, "can_open_campaign": request.user.is_national_coordinator},
    )


@login_required
def school_detail(request, pk):
    school = get_object_or_404(school_policy.visible(request.user), pk=pk)
    reports = report_policy.visible(request.user).filter(school=school).order_by("-campaign__school_year")
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "trades": school.project.trades.select_related("parent"),
            "team": school.project.team.all(),
            "reports": reports,
            "fundings": school_fundings(school),
            "figures": latest_figures([school.pk]).get(school.pk),
            **school_policy.flags(request.user, school, "fund"),
        },
    )


@login_required
def school_funding(request, pk):
    school = get_object_or_404(school_policy.visible(request.user), pk=pk)
    school_policy.check(request.user, "fund", school)
    form = FundingForm(request.POST or None)
    formset = FundedInstrumentFormSet(request.POST or None, prefix="instruments")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            record_school_funding(school, actor=request.user, instruments=instruments_of(formset), **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Funding recorded."))
            return redirect("schools:school-detail", pk=school.pk)
    return render(request, "schools/funding.html", {"school": school, "form": form, "formset": formset})


@login_required
def campaign_list(request):
    if not request.user.is_national_coordinator:
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = open_campaign(actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Campaign %(year)s opened.") % {"year": campaign.school_year_label})
            return redirect("schools:campaign-list")
    return render(request, "schools/campaign_list.html", {"form": form, "campaigns": campaign_progress()})


def _campaign_page(request, campaign, *, deadline_form=None, close_form=None):
    return render(
        request,
        "schools/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": campaign_progress().get(pk=campaign.pk),
            "log": campaign.log.select_related("actor"),
            "deadline_form": deadline_form or CampaignDeadlineForm(initial={"deadline": campaign.deadline}),
            "close_form": close_form or CampaignCloseForm(),
        },
    )


@login_required
def campaign_detail(request, pk):
    return _campaign_page(request, get_object_or_404(campaign_policy.visible(request.user), pk=pk))


@login_required
@require_POST
def campaign_deadline(request, pk):
    campaign = get_object_or_404(campaign_policy.visible(request.user), pk=pk)
    form = CampaignDeadlineForm(request.POST)
    if form.is_valid():
        try:
            change_campaign_deadline(campaign, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Deadline changed."))
            return redirect(campaign)
    return _campaign_page(request, campaign, deadline_form=form)


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = get_object_or_404(campaign_policy.visible(request.user), pk=pk)
    form = CampaignCloseForm(request.POST)
    if form.is_valid():
        try:
            close_campaign(campaign, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Campaign %(year)s closed.") % {"year": campaign.school_year_label})
            return redirect(campaign)
    return _campaign_page(request, campaign, close_form=form)


@login_required
def report_list(request):
    return render(request, "schools/report_list.html", {"reports": report_rows_for_user(request.user)})


def _report(request, pk):
    return get_object_or_404(report_policy.visible(request.user), pk=pk)


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    flags = report_policy.flags(request.user, report, "edit", "review")
    return render(
        request,
        "schools/report_detail.html",
        {
            "report": report,
            "lines": report.lines.select_related("trade__parent"),
            "log": report.log.select_related("actor"),
            "editable": flags["can_edit"] and report.state in EDITABLE_STATES and not report.campaign.is_closed,
            "reviewable": flags["can_review"] and report.state == ReportState.SUBMITTED,
            "review_form": ReviewForm(),
            "figure_names": [ReportLine._meta.get_field(name).verbose_name for name in FIGURES],
        },
    )


# Why a team's report no longer opens its form, by state: the form could only be refused.
NOT_EDITABLE = {
    ReportState.SUBMITTED: gettext_lazy(
        "This report is sent for review: it can be changed again only if it is sent back."
    ),
    ReportState.VALIDATED: gettext_lazy("This report is validated and frozen: it can no longer be changed."),
}


@login_required
def report_edit(request, pk):
    report = _report(request, pk)
    report_policy.check(request.user, "edit", report)
    if report.campaign.is_closed:
        messages.warning(request, _("The campaign of this report is closed: it can no longer be changed nor sent."))
        return redirect("schools:report-detail", pk=report.pk)
    if report.state not in EDITABLE_STATES:
        messages.warning(request, NOT_EDITABLE[report.state])
        return redirect("schools:report-detail", pk=report.pk)
    trades = list(report.school.project.trades.select_related("parent"))
    saved = {line.trade_id: line for line in report.lines.all()}
    forms = [
        (trade, ReportLineForm(request.POST or None, instance=saved.get(trade.pk), prefix=f"trade-{trade.pk}"))
        for trade in trades
    ]
    if request.method == "POST" and all(form.is_valid() for _trade, form in forms):
        lines = {trade.pk: {name: form.cleaned_data[name] for name in FIGURES} for trade, form in forms}
        try:
            save_report(report, actor=request.user, lines=lines)
        except ActionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Report saved."))
            return redirect("schools:report-detail", pk=report.pk)
    return render(request, "schools/report_edit.html", {"report": report, "forms": forms})


@login_required
@require_POST
def report_submit(request, pk):
    report = _report(request, pk)
    try:
        submit_report(report, actor=request.user)
    except ActionRefused as refusal:
        if refusal.forbidden:
            raise
        _refused(request, refusal)
    else:
        messages.success(request, _("Report sent for review."))
    return redirect("schools:report-detail", pk=report.pk)


@login_required
@require_POST
def report_review(request, pk, decision):
    report = _report(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if decision == "validate":
                validate_report(report, actor=request.user, comment=comment)
                messages.success(request, _("Report validated."))
            else:
                send_back_report(report, actor=request.user, comment=comment)
                messages.success(request, _("Report sent back to the school."))
        except ActionRefused as refusal:
            if refusal.forbidden:
                raise
            _refused(request, refusal)
    return redirect("schools:report-detail", pk=report.pk)


def _key_figures_reader(view):
    """Open the key figures to anyone when the federation publishes them, else to signed-in people."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.TREMPLIN_KEY_FIGURES_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@_key_figures_reader
def key_figures(request):
    data = key_figures_data(today=timezone.localdate())
    charts = [
        (key, label, [(group, figures[0].share.percent) for group, figures in groups], groups)
        for key, label, groups in data["groupings"]
    ]
    return render(request, "schools/key_figures.html", {**data, "charts": charts})


def _export_name(extension):
    return f"tremplin-key-figures-{timezone.localdate().isoformat()}.{extension}"


@_key_figures_reader
def key_figures_csv(request):
    rows = figures_rows(key_figures_data(today=timezone.localdate()))
    response = StreamingHttpResponse(csv_table(figures_header(), rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@_key_figures_reader
def key_figures_xlsx(request):
    rows = figures_rows(key_figures_data(today=timezone.localdate()))
    workbook = xlsx_table(figures_header(), rows, title=_("Key figures"))
    return FileResponse(workbook, as_attachment=True, filename=_export_name("xlsx"), content_type=XLSX_CONTENT_TYPE)
