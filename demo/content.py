"""Turn a demo project's facts into the content of its study: sections, financing plan, attachments."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.pdf import make_pdf
from projects.enums import AttachmentKind, PlanCategory, PlanSide

PUPILS_PER_INTAKE = 12
PLAN_YEARS = 3

# Share of each year's uses covered by each source; sponsorship closes the gap so that every year balances.
PRODUCTION_SHARE = (Decimal("0.30"), Decimal("0.46"), Decimal("0.50"))
APPRENTICESHIP_TAX_SHARE = (Decimal("0.20"), Decimal("0.22"), Decimal("0.23"))
REGION_SHARE = (Decimal("0.10"), Decimal("0.10"), Decimal("0.08"))
STATE_SHARE = Decimal("0.05")
FOUNDATIONS_SHARE = (Decimal("0.06"), Decimal("0.06"), Decimal("0.05"))


def study_sections(spec):
    """Return the text of every section of the study, written from the project's facts."""
    companies = "\n".join(f"- {name} : {detail}." for name, detail in spec.companies)
    return {
        "territorial_diagnosis": (
            f"{spec.commune} ({spec.department}). {spec.basin}\n\n"
            f"Jeunesse du territoire : {spec.youth}\n\n"
            f"Offre de formation existante : {spec.offer}"
        ),
        "companies_support": (
            f"Entretiens menés auprès de vingt entreprises du bassin ; trois s'engagent par écrit "
            f"(lettres jointes) :\n{companies}\n\n"
            f"Commandes attendues : {spec.orders}."
        ),
        "trades_and_diplomas": (
            f"Diplômes préparés : {spec.diplomas}. Une promotion de {PUPILS_PER_INTAKE} élèves de 15 à 18 ans "
            f"chaque rentrée, soit {PUPILS_PER_INTAKE * PLAN_YEARS} élèves à pleine capacité, la troisième année."
        ),
        "pedagogical_project": (
            "Deux tiers du temps à l'atelier sur de vraies commandes, un tiers d'enseignements généraux et "
            "technologiques en lien avec la production. Les élèves travaillent par groupes de douze au plus, "
            f"encadrés par les maîtres professionnels déjà identifiés : {spec.masters}. "
            "Chaque commande suit le parcours devis, fabrication, contrôle qualité et livraison au client."
        ),
        "governance": (
            f"L'association loi 1901 porteuse réunit un conseil d'administration de {spec.board} membres : "
            "chefs d'entreprise du bassin, un élu local, un représentant de la mission locale, un parent "
            "d'élève et les fondateurs. La direction est assurée par un directeur à mi-temps la première "
            "année ; les fondateurs consacrent chacun deux jours par semaine au projet jusqu'à l'ouverture."
        ),
        "premises": f"Locaux : {spec.premises}. Équipement prévu : {spec.equipment}.",
        "business_model": (
            f"Les élèves produisent {spec.products} vendus aux prix du marché, sans concurrence déloyale : le "
            "chiffre d'affaires couvre environ la moitié des charges à partir de la deuxième année. Le reste "
            "vient du solde de la taxe d'apprentissage, des subventions publiques, des fondations et du mécénat."
        ),
        "budget_notes": (
            "Budget prévisionnel sur trois ans, une promotion supplémentaire chaque année. L'investissement de "
            "la première année en machines est financé pour moitié par un prêt participatif sur dix ans. Coût "
            "net par élève à pleine capacité : environ 12 000 € par an."
        ),
        "partners": f"Partenaires : {spec.partners}.",
    }


def study_figures(spec):
    return {
        "pupils_per_intake": PUPILS_PER_INTAKE,
        "pupils_at_capacity": PUPILS_PER_INTAKE * PLAN_YEARS,
        "board_members": spec.board,
        "plan_years": PLAN_YEARS,
    }


def _hundreds(amount):
    return Decimal(amount).quantize(Decimal("1E2")).quantize(Decimal("0.01"))


def _year_uses(spec, index):
    intakes = index + 1
    budget = spec.budget
    equipment = budget["equipment"] if index == 0 else budget["equipment"] * Decimal("0.12")
    return [
        (PlanCategory.STAFF, "Maîtres professionnels, enseignants et direction", 95_000 + 52_000 * intakes),
        (PlanCategory.PREMISES, "Loyer et charges des locaux", budget["rent"]),
        (PlanCategory.EQUIPMENT, "Machines et outillage", equipment),
        (PlanCategory.MATERIALS, "Matières premières et fournitures", budget["materials"] * intakes),
        (PlanCategory.OPERATIONS, "Assurances, énergie, administration", 22_000 + 6_000 * intakes),
    ]


def _year_resources(spec, index, total):
    shares = [
        (PlanCategory.PRODUCTION, "Chiffre d'affaires des commandes clients", PRODUCTION_SHARE[index]),
        (PlanCategory.APPRENTICESHIP_TAX, "Solde de la taxe d'apprentissage", APPRENTICESHIP_TAX_SHARE[index]),
        (PlanCategory.REGION, "Subvention régionale de fonctionnement", REGION_SHARE[index]),
        (PlanCategory.STATE, "Subvention de l'État (contrat de ville, ministère du Travail)", STATE_SHARE),
        (PlanCategory.FOUNDATIONS, "Fondations partenaires", FOUNDATIONS_SHARE[index]),
    ]
    resources = [(category, label, _hundreds(total * share)) for category, label, share in shares]
    if index == 0:
        resources.append((PlanCategory.LOANS, "Prêt participatif sur 10 ans", _hundreds(spec.budget["equipment"] // 2)))
    sponsorship = total - sum(amount for _category, _label, amount in resources)
    resources.append((PlanCategory.SPONSORSHIP, "Mécénat des entreprises du bassin", sponsorship))
    return resources


def financing_plan(spec, first_year):
    """Return the lines of a three-year plan whose resources equal its uses every year."""
    lines = []
    for index in range(PLAN_YEARS):
        year = first_year + index
        uses = [(category, label, _hundreds(amount)) for category, label, amount in _year_uses(spec, index)]
        total = sum(amount for _category, _label, amount in uses)
        for side, rows in ((PlanSide.USE, uses), (PlanSide.RESOURCE, _year_resources(spec, index, total))):
            lines.extend(
                {"year": year, "side": side, "category": category, "label": label, "amount": amount}
                for category, label, amount in rows
            )
    return lines


def attachments(spec, holder_name):
    """Return the letter of support and the statutes of the project, as uploaded PDF files."""
    company, detail = spec.companies[0]
    letter = make_pdf(
        f"Lettre de soutien — {company}",
        [
            f"{company} ({detail})",
            f"à l'attention de {holder_name}, {spec.name}",
            "",
            "Madame, Monsieur,",
            f"Notre entreprise soutient la création d'une École de Production à {spec.commune}.",
            f"Nous nous engageons à confier à l'atelier des commandes réelles : {spec.orders}.",
            "Nous accueillerons les élèves pour des visites et mettrons un tuteur à disposition.",
            "",
            "Le dirigeant",
        ],
    )
    statutes = make_pdf(
        f"Statuts de l'association — {spec.name}",
        [
            "Article 1 — Il est fondé entre les adhérents aux présents statuts une association régie par la loi",
            "du 1er juillet 1901, ayant pour titre : " + spec.name + ".",
            "Article 2 — Objet : créer et gérer une École de Production qui forme des jeunes de 15 à 18 ans",
            "à un métier par la production de commandes réelles pour de vrais clients.",
            f"Article 3 — Siège social : {spec.commune} ({spec.department}).",
            f"Article 10 — Le conseil d'administration compte {spec.board} membres élus par l'assemblée générale.",
        ],
    )
    slug = spec.commune.lower().replace(" ", "-").replace("'", "-")
    return [
        (AttachmentKind.LETTER_OF_SUPPORT, SimpleUploadedFile(f"lettre-soutien-{slug}.pdf", letter)),
        (AttachmentKind.STATUTES, SimpleUploadedFile(f"statuts-association-{slug}.pdf", statutes)),
    ]
