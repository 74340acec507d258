from decimal import Decimal
from importlib import import_module

import factory
from django.apps import apps
from django.core.files.base import ContentFile

from projects.enums import AttachmentKind, PlanSide, Section
from projects.models import Attachment, FinancingLine, OpportunityStudy, Region, SchoolProject, Trade
from tests.factories.accounts import UserFactory

load_reference_data = import_module("projects.migrations.0002_reference_data").load

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def region(code="84"):
    """Return a region of the reference data, loading it again if a transactional test flushed it."""
    if not Region.objects.exists():
        load_reference_data(apps, None)
    return Region.objects.get(code=code)


class SchoolProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolProject
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"École de Production n°{n}")
    commune = "Lyon"
    region = factory.LazyFunction(region)

    @factory.post_generation
    def team(self, create, holders, **kwargs):
        self.team.set(holders if holders is not None else [UserFactory()])
        self.trades.set([Trade.objects.get(slug="usinage")])


class OpportunityStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunityStudy

    project = factory.SubFactory(SchoolProjectFactory)
    plan_start_year = 2027
    plan_years = 3


class FinancingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingLine

    study = factory.SubFactory(OpportunityStudyFactory)
    year = 2027
    side = PlanSide.USE
    category = "staff"
    amount = Decimal("1000.00")


def complete_study(study):
    """Fill every section, figure, attachment and a balanced plan, so that the study can be submitted."""
    for key in Section.values:
        setattr(study, key, f"Contenu de la section {key}.")
    study.pupils_per_intake = 12
    study.pupils_at_capacity = 36
    study.board_members = 7
    study.save()
    for year in study.plan_year_range():
        FinancingLine.objects.create(
            study=study, year=year, side=PlanSide.USE, category="staff", amount=Decimal("250000.00")
        )
        FinancingLine.objects.create(
            study=study, year=year, side=PlanSide.RESOURCE, category="production", amount=Decimal("125000.00")
        )
        FinancingLine.objects.create(
            study=study, year=year, side=PlanSide.RESOURCE, category="region", amount=Decimal("125000.00")
        )
    holder = study.project.team.first()
    for kind in (AttachmentKind.LETTER_OF_SUPPORT, AttachmentKind.STATUTES):
        attachment = Attachment(
            study=study,
            kind=kind,
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=len(MINIMAL_PDF),
            sha256="0" * 64,
            uploaded_by=holder,
        )
        attachment.file.save("doc.pdf", ContentFile(MINIMAL_PDF), save=True)
    return study
