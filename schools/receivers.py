"""The opening of a study makes its school, in the opening's own transaction.

``workflow`` sits below ``schools`` and does not import it: the life cycle's event is the one arrow.
"""

from projects.models import OpportunityStudy
from schools.services import open_school
from workflow.signals import study_transitioned


def on_study_transitioned(sender, *, study, log, **kwargs):
    if log.transition == "record_opening":
        open_school(study)


def connect():
    study_transitioned.connect(on_study_transitioned, sender=OpportunityStudy, dispatch_uid="schools.open_school")
