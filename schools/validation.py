"""The rules a report line's figures obey, as translated messages: the form and the services ask the same."""

from django.utils.translation import gettext as _

EXAMS = (
    ("cap_presented", "cap_passed", "CAP"),
    ("bac_pro_presented", "bac_pro_passed", "Bac Pro"),
    ("other_presented", "other_passed", None),
)
SITUATIONS = ("leavers_employed", "leavers_studying", "leavers_other", "leavers_unknown")


def line_errors(figures):
    """Return why a line's figures (a mapping of ``ReportLine`` field names to counts) do not add up."""
    errors = []
    for presented, passed, exam in EXAMS:
        name = exam or _("another exam")
        if figures[passed] > figures[presented]:
            errors.append(
                _("%(exam)s: %(passed)s passed but only %(presented)s presented.")
                % {"exam": name, "passed": figures[passed], "presented": figures[presented]}
            )
        if figures[presented] > figures["enrolled"]:
            errors.append(
                _("%(exam)s: %(presented)s presented but only %(enrolled)s pupils enrolled.")
                % {"exam": name, "presented": figures[presented], "enrolled": figures["enrolled"]}
            )
    situations = sum(figures[name] for name in SITUATIONS)
    if situations != figures["leavers"]:
        errors.append(
            _(
                "The leavers' situations add up to %(situations)s, not to the %(leavers)s leavers "
                "(count those you lost track of as “situation unknown”)."
            )
            % {"situations": situations, "leavers": figures["leavers"]}
        )
    if figures["leavers_apprentices"] > figures["leavers_studying"]:
        errors.append(
            _("%(apprentices)s apprentices but only %(studying)s leavers in further studies.")
            % {"apprentices": figures["leavers_apprentices"], "studying": figures["leavers_studying"]}
        )
    in_work_or_study = figures["leavers_employed"] + figures["leavers_studying"]
    if figures["leavers_same_trade"] > in_work_or_study:
        errors.append(
            _("%(same)s leavers stayed in their trade but only %(known)s are in employment or further studies.")
            % {"same": figures["leavers_same_trade"], "known": in_work_or_study}
        )
    return errors
