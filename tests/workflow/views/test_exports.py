import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import OpportunityStudy, SchoolProject, Trade
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory
from tests.workflow.conftest import put_in_state
from workflow.enums import State
from workflow.exports import neutralise_csv_field, neutralise_formula

HEADER = [
    "Project",
    "Commune",
    "Region",
    "Trades",
    "Holder organisation",
    "State",
    "In state since",
    "Created",
    "Opened on",
    "Jury decision",
    "Jury mean (on 20)",
    "Normalised score (z)",
    "Normalised rank",
    "Funding granted (EUR)",
    "Funding instruments",
]
CREATED = datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC)


def signed_in(client, user):
    client.force_login(user)
    return client


def study_named(name, region, state=State.DRAFT, **project):
    study = OpportunityStudyFactory(
        project=SchoolProjectFactory(name=name, region=region, **project), created_at=CREATED
    )
    return put_in_state(study, state)


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_csv_export_has_the_columns_of_each_study(client, people, home_region):
    study_named("École du Bois", home_region, commune="Annecy", holder_organisation="Association Copeaux")

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-export-csv"))

    assert (response.status_code, response["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert csv_rows(response) == [
        HEADER,
        [
            "École du Bois",
            "Annecy",
            "Auvergne-Rhône-Alpes",
            "Industrie — Usinage",
            "Association Copeaux",
            "Draft",
            "",
            "2027-03-01 10:30:00",
            "",
            *[""] * 6,
        ],
    ]


@pytest.mark.django_db
def test_csv_export_has_exactly_the_filtered_rows(client, people, home_region):
    study_named("Alpha", home_region, State.SUBMITTED)
    study_named("Bravo", home_region, State.TRAINING)
    study_named("Charlie", home_region, State.SUBMITTED)

    response = signed_in(client, people["regional_coordinator"]).get(
        reverse("workflow:study-export-csv"), {"state": "submitted", "sort": "name"}
    )

    assert [row[0] for row in csv_rows(response)[1:]] == ["Alpha", "Charlie"]


@pytest.mark.django_db
def test_csv_export_filters_by_trade_family(client, people, home_region):
    study_named("Usinage", home_region)
    bois = study_named("Menuiserie", home_region)
    bois.project.trades.set([Trade.objects.get(slug="menuiserie")])

    response = signed_in(client, people["regional_coordinator"]).get(
        reverse("workflow:study-export-csv"), {"trade": Trade.objects.get(slug="bois").pk}
    )

    assert [row[0] for row in csv_rows(response)[1:]] == ["Menuiserie"]


@pytest.mark.django_db
def test_csv_export_of_a_regional_coordinator_has_only_his_region(client, people, home_region, other_region):
    study_named("Chez moi", home_region)
    study_named("Ailleurs", other_region)

    regional = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-export-csv"))
    national = signed_in(client, people["national_coordinator"]).get(
        reverse("workflow:study-export-csv"), {"sort": "name"}
    )

    assert [row[0] for row in csv_rows(regional)[1:]] == ["Chez moi"]
    assert [row[0] for row in csv_rows(national)[1:]] == ["Ailleurs", "Chez moi"]


@pytest.mark.django_db
def test_csv_export_of_a_holder_has_only_his_studies(client, people, study, home_region):
    study_named("Le projet d'un autre", home_region)

    response = signed_in(client, people["holder"]).get(reverse("workflow:study-export-csv"))

    assert [row[0] for row in csv_rows(response)[1:]] == [study.project.name]


@pytest.mark.django_db
def test_csv_export_quotes_cells_that_would_be_formulas(client, people, home_region):
    study_named('=HYPERLINK("http://evil.example","x")', home_region, commune="+33", holder_organisation="@SUM(A1)")

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-export-csv"))

    row = csv_rows(response)[1]
    assert (row[0], row[1], row[4]) == ('\'=HYPERLINK("http://evil.example","x")', "'+33", "'@SUM(A1)")


HOSTILE_NAMES = ["x;=1+1;", "x,=1+1,", '=HYPERLINK("http://evil.example","x")', "+1", "-1+2", "@SUM(1)", "\t=1", "\r=1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.django_db
@pytest.mark.parametrize("separator", [",", ";"])
def test_csv_export_hostile_names_are_not_formulas(client, people, home_region, separator):
    for name in HOSTILE_NAMES:
        study_named(name, home_region, commune=name, holder_organisation=name)

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-export-csv"))

    # Read as a spreadsheet would with either separator (a French one proposes ";").
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))[1:] for cell in row]
    assert cells
    assert [cell for cell in cells if cell.startswith(TRIGGERS)] == []


@pytest.mark.django_db
def test_csv_export_quotes_every_field(client, people, home_region):
    study_named("x;=1+1;", home_region)

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-export-csv"))

    line = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1]
    assert line.startswith('"x;\'=1+1;","Lyon",')


@pytest.mark.django_db
def test_xlsx_export_hostile_names_are_not_formulas(client, people, home_region):
    for name in HOSTILE_NAMES:
        study_named(name, home_region, commune=name, holder_organisation=name)

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-export-xlsx"))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert len({cell.row for cell in cells}) == len(HOSTILE_NAMES)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS)] == []
    # Every name but the two starting with "x" had a trigger, now behind a quote.
    names = [cell.value for cell in cells if cell.column == 1]
    assert sorted(name for name in names if not name.startswith("'")) == ["x,=1+1,", "x;=1+1;"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-2", "'-2"),
        ("\tx", "'\tx"),
        ("Lyon", "Lyon"),
        ("", ""),
        (None, None),
    ],
)
def test_neutralise_formula_prefixes_formula_triggers(value, expected):
    assert neutralise_formula(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x;=1+1;", "x;'=1+1;"),
        ("a,+1\n@b", "a,'+1\n'@b"),
        ("\r=1", "'\r'=1"),
        ("=1;-2", "'=1;'-2"),
        ("Saint-Étienne, Bois — Ébénisterie", "Saint-Étienne, Bois — Ébénisterie"),
    ],
)
def test_neutralise_csv_field_quotes_triggers_after_separators(value, expected):
    assert neutralise_csv_field(value) == expected


@pytest.mark.django_db
def test_xlsx_export_has_the_filtered_rows_as_text_and_dates(client, people, home_region, other_region):
    opened = study_named("=Ouverte", home_region, State.OPENED)
    OpportunityStudy.objects.filter(pk=opened.pk).update(opened_on=datetime.date(2027, 9, 6))
    study_named("En formation", home_region, State.TRAINING)
    study_named("Ailleurs", other_region, State.OPENED)

    response = signed_in(client, people["regional_coordinator"]).get(
        reverse("workflow:study-export-xlsx"), {"state": "opened"}
    )

    rows = xlsx_rows(response)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert rows == [
        HEADER,
        [
            "'=Ouverte",
            "Lyon",
            "Auvergne-Rhône-Alpes",
            "Industrie — Usinage",
            None,
            "Opened",
            None,
            datetime.datetime(2027, 3, 1, 10, 30),
            datetime.datetime(2027, 9, 6, 0, 0),
        ],
    ]


@pytest.mark.django_db
def test_exports_ask_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("workflow:study-export-xlsx"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/studies/export.xlsx")


@pytest.mark.django_db
def test_study_list_links_to_the_exports_with_its_filters(client, people):
    response = signed_in(client, people["regional_coordinator"]).get(
        reverse("workflow:study-list"), {"state": "training", "page": "1"}
    )

    html = response.content.decode()
    assert (
        html.count('href="/studies/export.csv?state=training"'),
        html.count('href="/studies/export.xlsx?state=training"'),
    ) == (1, 1)


def many_studies(region, count):
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=region) for n in range(count)
    )
    usinage = Trade.objects.get(slug="usinage")
    SchoolProject.trades.through.objects.bulk_create(
        SchoolProject.trades.through(schoolproject_id=project.pk, trade_id=usinage.pk) for project in projects
    )
    OpportunityStudy.objects.bulk_create(OpportunityStudy(project=project) for project in projects)


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
@pytest.mark.parametrize(
    ("url", "rows"), [("workflow:study-export-csv", csv_rows), ("workflow:study-export-xlsx", xlsx_rows)]
)
def test_export_query_count(client, django_assert_num_queries, people, home_region, item_count, url, rows):
    many_studies(home_region, item_count)
    signed_in(client, people["regional_coordinator"])

    # The jury's figures and the funding total are subqueries of the studies' query; the funding rows are
    # prefetched with each chunk, as the trades are.
    with django_assert_num_queries(6):
        response = client.get(reverse(url), {"q": "École"})
        exported = rows(response)

    assert len(exported) == item_count + 1
