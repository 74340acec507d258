"""A dozen schools opened before Tremplin, their fundings and three school years of validated reports.

These schools predate the platform, so their studies are recorded as opened (as the migration that made the
schools of opened studies does), then everything after the opening goes through the services: the school,
the bank's fundings with their purposes, the campaigns, each report filled, sent and validated.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from projects.models import OpportunityStudy, Region, Trade
from projects.services import create_project
from schools.models import FIGURES, ReportingCampaign
from schools.services import (
    open_campaign,
    open_school,
    record_school_funding,
    save_report,
    submit_report,
    validate_report,
)
from workflow.enums import Instrument, Purpose, State
from workflow.services import write_funding

# name, commune, region (INSEE code), trades, year of opening (1 September)
OPEN_SCHOOLS = (
    ("École de Production Boisard", "Vaulx-en-Velin", "84", ("usinage", "chaudronnerie"), 2016),
    ("École de Production de l'ICAM", "Lille", "32", ("usinage",), 2017),
    ("École de Production Les Compagnons du Bois", "Rennes", "53", ("menuiserie",), 2018),
    ("École de Production Gorge de Loup", "Lyon", "84", ("metiers-de-bouche", "service-en-salle"), 2018),
    ("École de Production Mécanique Auto", "Toulouse", "76", ("mecanique-automobile",), 2019),
    ("École de Production des Jardins", "Angers", "52", ("paysage", "maraichage"), 2019),
    ("École de Production Textile", "Roubaix", "32", ("couture",), 2020),
    ("École de Production Métallerie", "Strasbourg", "44", ("metallerie", "soudure"), 2020),
    ("École de Production Boulangerie", "Montreuil", "11", ("boulangerie-patisserie",), 2021),
    ("École de Production Carrosserie", "Nantes", "52", ("carrosserie-automobile",), 2021),
    ("École de Production Charpente", "Grenoble", "84", ("charpente",), 2022),
    ("École de Production Industrie", "Saint-Denis", "11", ("usinage", "soudure"), 2022),
)
REPORTED_YEARS = 3


def _line(rng):
    """Plausible figures for one trade of one year: they obey every rule of a report line."""
    enrolled = rng.randint(8, 14)
    cap_presented = rng.randint(enrolled // 3, enrolled // 2 + 1)
    bac_pro_presented = rng.randint(0, enrolled - cap_presented)
    leavers = rng.randint(4, 9)
    employed = rng.randint(leavers // 3, leavers // 2 + 1)
    studying = rng.randint(0, leavers - employed)
    other = rng.randint(0, leavers - employed - studying)
    values = {
        "enrolled": enrolled,
        "cap_presented": cap_presented,
        "cap_passed": cap_presented - rng.randint(0, 2 if cap_presented > 2 else 0),
        "bac_pro_presented": bac_pro_presented,
        "bac_pro_passed": max(bac_pro_presented - rng.randint(0, 2), 0),
        "leavers": leavers,
        "leavers_employed": employed,
        "leavers_studying": studying,
        "leavers_apprentices": rng.randint(0, studying),
        "leavers_other": other,
        "leavers_unknown": leavers - employed - studying - other,
        "leavers_same_trade": rng.randint((employed + studying) // 2, employed + studying),
    }
    return {name: values.get(name, 0) for name in FIGURES}


def _fundings(rng):
    return [
        (
            Instrument.SUBORDINATED_LOAN,
            Decimal(rng.choice((100_000, 150_000, 200_000))),
            "Prêt participatif",
            Purpose.EQUIPMENT,
        ),
        (Instrument.LOAN, Decimal(rng.choice((250_000, 400_000))), "Acquisition des ateliers", Purpose.REAL_ESTATE),
        (Instrument.GUARANTEE, Decimal(50_000), "Garantie du découvert", Purpose.WORKING_CAPITAL),
        (Instrument.GRANT, Decimal(15_000), "Accompagnement à la gestion", Purpose.FINANCIAL_MANAGEMENT),
    ][: rng.randint(2, 4)]


def _open(spec, team, bank, rng):
    """Record the school as opened with the bank's funding at its opening; a later funding follows, if any."""
    name, commune, code, trades, year = spec
    fundings = _fundings(rng)
    with transaction.atomic():
        project = create_project(
            actor=team,
            name=name,
            commune=commune,
            region=Region.objects.get(code=code),
            trades=Trade.objects.filter(slug__in=trades),
            holder_organisation=team.organisation,
        )
        OpportunityStudy.objects.filter(project=project).update(
            state=State.OPENED, opened_on=datetime.date(year, 9, 1), pupils_per_intake=12
        )
        study = OpportunityStudy.objects.get(project=project)
        write_funding(study, actor=bank, instruments=fundings[:2], notes="Financement à l'ouverture.")
        school = open_school(study)
    if fundings[2:]:
        record_school_funding(school, actor=bank, instruments=fundings[2:], notes="Financement complémentaire.")
    return school


def _reviewer(school, users):
    """The demo's coordinator of the school's region, else the national coordinator."""
    return {"84": users["coordinator_aura"], "11": users["coordinator_idf"]}.get(
        school.project.region.code, users["national"]
    )


def seed_schools(users, *, last_school_year):
    """Open the demo's schools and have their last three school years reported and validated; return them.

    Nothing is done when the first of them exists already.
    """
    if ReportingCampaign.objects.exists():
        return []
    rng = random.Random(2024)
    schools = [_open(spec, users["school_team"], users["bank"], rng) for spec in OPEN_SCHOOLS]
    for year in range(last_school_year - REPORTED_YEARS + 1, last_school_year + 1):
        campaign = open_campaign(actor=users["national"], school_year=year, deadline=datetime.date(year + 1, 12, 15))
        for report in campaign.reports.select_related("school__project__region"):
            team = report.school.project.team.first()
            lines = {trade.pk: _line(rng) for trade in report.school.project.trades.all()}
            save_report(report, actor=team, lines=lines)
            submit_report(report, actor=team)
            validate_report(report, actor=_reviewer(report.school, users))
    return schools
