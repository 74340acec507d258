"""State changes of the schools and their yearly reports: one function per change, each in one transaction.

Each locks its row, checks the person's permission through the app's policy, refuses with reasons what the
state or the figures do not allow, writes, logs (``ReportLog``) and sends its domain event.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from permissions.refusal import ActionRefused, refuse_if
from schools.enums import EDITABLE_STATES, CampaignAction, ReportAction, ReportState
from schools.models import FIGURES, CampaignLog, ReportingCampaign, ReportLine, ReportLog, School, YearlyReport
from schools.policy import campaign_policy, report_policy, school_policy
from schools.rules import is_regional_coordinator_of_school
from schools.signals import campaign_changed, campaign_opened, report_changed
from schools.validation import line_errors
from workflow.enums import State
from workflow.rules import forget_scopes
from workflow.services import write_funding


def open_school(study):
    """Make the school of a study that has just opened, inside the opening's transaction.

    Its places per promotion are the intake the study planned; its name, region, trades and team stay its
    project's, so that the school page and its reports follow a later change of them.
    """
    return School.objects.create(
        project_id=study.project_id,
        study=study,
        opened_on=study.opened_on,
        places_per_promotion=study.pupils_per_intake,
    )


def open_campaign(*, actor, school_year, deadline):
    """Open the reporting campaign of a school year, with a report to fill for every school open by then."""
    school_policy.check(actor, "open_campaign")
    with transaction.atomic(durable=True):
        if ReportingCampaign.objects.select_for_update().filter(school_year=school_year).exists():
            raise ActionRefused([_("A campaign is already open for this school year.")])
        campaign = ReportingCampaign.objects.create(school_year=school_year, deadline=deadline, opened_by=actor)
        # A school reports on the school years it was open in: opened by the end of June that closes the year.
        open_by = datetime.date(school_year + 1, 6, 30)
        YearlyReport.objects.bulk_create(
            YearlyReport(campaign=campaign, school=school)
            for school in School.objects.filter(study__state=State.OPENED, opened_on__lte=open_by).order_by("pk")
        )
        campaign_opened.send(sender=ReportingCampaign, campaign=campaign)
    return campaign


def _locked_campaign(campaign, actor, action):
    forget_scopes(actor)
    locked = ReportingCampaign.objects.select_for_update().get(pk=campaign.pk)
    campaign_policy.check(actor, action, locked)
    refuse_if([_closed_reason(locked)] if locked.is_closed else [])
    return locked


def _closed_reason(campaign):
    return _("The campaign %(year)s is closed: its reports can no longer be changed nor sent.") % {
        "year": campaign.school_year_label
    }


def _log_campaign(campaign, action, *, actor, reason, values=None):
    log = CampaignLog.objects.create(campaign=campaign, action=action, actor=actor, reason=reason, values=values or {})
    campaign_changed.send(sender=ReportingCampaign, campaign=campaign, log=log)
    return log


def change_campaign_deadline(campaign, *, actor, deadline, reason):
    """Move an open campaign's deadline, later or earlier, saying why; the log keeps both dates."""
    with transaction.atomic(durable=True):
        locked = _locked_campaign(campaign, actor, "change_deadline")
        refuse_if(
            ([] if reason.strip() else [_("Say why the deadline moves: a reason is required.")])
            + ([_("This is already the campaign's deadline.")] if deadline == locked.deadline else [])
        )
        previous = locked.deadline
        locked.deadline = deadline
        locked.save(update_fields=["deadline"])
        _log_campaign(
            locked,
            CampaignAction.DEADLINE_CHANGED,
            actor=actor,
            reason=reason.strip(),
            values={"from": previous.isoformat(), "to": deadline.isoformat()},
        )
    return locked


def close_campaign(campaign, *, actor, reason=""):
    """Close a campaign: from then on none of its reports can be changed nor sent, and nobody is reminded."""
    with transaction.atomic(durable=True):
        locked = _locked_campaign(campaign, actor, "close")
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        _log_campaign(locked, CampaignAction.CLOSED, actor=actor, reason=reason.strip())
    return locked


def _locked_report(report, actor):
    forget_scopes(actor)
    return (
        YearlyReport.objects.select_for_update(of=("self",))
        .select_related("school__project", "campaign")
        .get(pk=report.pk)
    )


def _log(report, action, *, actor, role, comment="", values=None):
    log = ReportLog.objects.create(
        report=report, action=action, actor=actor, actor_role=role, comment=comment, values=values or {}
    )
    report_changed.send(sender=YearlyReport, report=report, log=log)
    return log


def _refuse_unless_editable(report):
    # The campaign's lock orders a sending after a concurrent closing, so that none slips past it.
    campaign = ReportingCampaign.objects.select_for_update().get(pk=report.campaign_id)
    refuse_if([_closed_reason(campaign)] if campaign.is_closed else [])
    if report.state not in EDITABLE_STATES:
        raise ActionRefused(
            [_("This report is “%(state)s”: it can no longer be changed.") % {"state": report.get_state_display()}]
        )


def save_report(report, *, actor, lines):
    """Save the school's figures for each of its trades (``lines``: trade id → figures) as a draft.

    Figures that do not add up are refused with every reason, trade by trade, and nothing is saved.
    """
    with transaction.atomic(durable=True):
        locked = _locked_report(report, actor)
        report_policy.check(actor, "edit", locked)
        _refuse_unless_editable(locked)
        trades = dict(locked.school.project.trades.values_list("pk", "name"))
        unknown = set(lines) - set(trades)
        refuse_if([_("This trade is not taught at this school.")] if unknown else [])
        refuse_if(
            [
                f"{trades[trade_id]}: {error}"
                for trade_id, figures in sorted(lines.items())
                for error in line_errors(figures)
            ]
        )
        for trade_id, figures in lines.items():
            ReportLine.objects.update_or_create(
                report=locked, trade_id=trade_id, defaults={name: figures[name] for name in FIGURES}
            )
        locked.save(update_fields=["updated_at"])
        _log(locked, ReportAction.SAVED, actor=actor, role=Role.HOLDER)
    return locked


def submit_report(report, *, actor):
    """Send the report for review: every trade of the school filled, and every line adding up."""
    with transaction.atomic(durable=True):
        locked = _locked_report(report, actor)
        report_policy.check(actor, "edit", locked)
        _refuse_unless_editable(locked)
        lines = {line.trade_id: line for line in locked.lines.select_related("trade")}
        missing = locked.school.project.trades.exclude(pk__in=lines).values_list("name", flat=True)
        refuse_if([_("The figures of %(trade)s are missing.") % {"trade": name} for name in missing])
        refuse_if(
            [
                f"{line.trade.name}: {error}"
                for line in lines.values()
                for error in line_errors({name: getattr(line, name) for name in FIGURES})
            ]
        )
        locked.state = ReportState.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["state", "submitted_at", "updated_at"])
        _log(locked, ReportAction.SUBMITTED, actor=actor, role=Role.HOLDER)
    return locked


def _reviewer_role(actor, report):
    if is_regional_coordinator_of_school(actor, report.school):
        return Role.REGIONAL_COORDINATOR
    return Role.NATIONAL_COORDINATOR


def _locked_for_review(report, actor):
    locked = _locked_report(report, actor)
    report_policy.check(actor, "review", locked)
    if locked.state != ReportState.SUBMITTED:
        raise ActionRefused(
            [
                _("Only a report sent for review can be reviewed; this one is “%(state)s”.")
                % {"state": locked.get_state_display()}
            ]
        )
    return locked


def send_back_report(report, *, actor, comment):
    """Send a report back to the school's team with a comment saying what to correct."""
    with transaction.atomic(durable=True):
        locked = _locked_for_review(report, actor)
        refuse_if([] if comment.strip() else [_("Say what to correct: a comment is required.")])
        locked.state = ReportState.SENT_BACK
        locked.review_comment = comment.strip()
        locked.save(update_fields=["state", "review_comment", "updated_at"])
        _log(locked, ReportAction.SENT_BACK, actor=actor, role=_reviewer_role(actor, locked), comment=comment.strip())
    return locked


def validate_report(report, *, actor, comment=""):
    """Validate a report: from then on it is frozen, counts in the key figures, and its log keeps its figures."""
    with transaction.atomic(durable=True):
        locked = _locked_for_review(report, actor)
        frozen = {str(line.trade_id): {name: getattr(line, name) for name in FIGURES} for line in locked.lines.all()}
        locked.state = ReportState.VALIDATED
        locked.validated_at = timezone.now()
        locked.save(update_fields=["state", "validated_at", "updated_at"])
        _log(
            locked,
            ReportAction.VALIDATED,
            actor=actor,
            role=_reviewer_role(actor, locked),
            comment=comment.strip(),
            values={"lines": frozen},
        )
    return locked


def record_school_funding(school, *, actor, instruments, notes=""):
    """Record a funding granted to an open school (instrument, amount, details, purpose rows), by the bank."""
    with transaction.atomic(durable=True):
        locked = School.objects.select_for_update(of=("self",)).select_related("project").get(pk=school.pk)
        forget_scopes(actor)
        school_policy.check(actor, "fund", locked)
        refuse_if([] if all(len(row) == 4 and row[3] for row in instruments) else [_("Give each funding its purpose.")])
        return write_funding(locked.study, actor=actor, instruments=instruments, notes=notes)
