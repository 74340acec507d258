"""Seed the default scoring grid, in French, from the criteria that funding juries of such schools use."""

from django.db import migrations

GRID_NAME = "Grille Tremplin"

CRITERIA = [
    (
        "Réponse aux besoins du territoire et des jeunes",
        "Diagnostic territorial : jeunes sans solution (décrocheurs, NEET), offre de formation existante, "
        "bassin d'emploi. Le projet répond-il à un besoin réel et documenté ?",
        20,
    ),
    (
        "Engagement des entreprises et commandes attendues",
        "Entretiens et lettres de soutien, commandes clients prévues, implication des entreprises dans la "
        "gouvernance et la production.",
        20,
    ),
    (
        "Projet pédagogique et maîtres professionnels",
        "Organisation de la production, pédagogie du « faire pour apprendre », diplômes visés (CAP, Bac Pro), "
        "maîtres professionnels identifiés.",
        15,
    ),
    (
        "Gouvernance et équipe",
        "L'association, son conseil d'administration (au moins 6 membres), la disponibilité et les compétences "
        "des porteurs de projet.",
        15,
    ),
    (
        "Viabilité financière et trajectoire vers l'autonomie",
        "Budget prévisionnel sur 3 à 5 ans, plan de financement équilibré, part du chiffre d'affaires de "
        "production, diversité des ressources, besoin de prêt.",
        20,
    ),
    (
        "Partenariats et essaimage",
        "Engagement des collectivités, entreprises et fondations ; capacité du modèle à être reproduit ou "
        "étendu.",
        10,
    ),
]


def seed_default_grid(apps, schema_editor):
    ScoringGrid = apps.get_model("juries", "ScoringGrid")
    Criterion = apps.get_model("juries", "Criterion")
    if ScoringGrid.objects.filter(name=GRID_NAME).exists():
        return
    grid = ScoringGrid.objects.create(
        name=GRID_NAME,
        version=1,
        description="Grille d'évaluation par défaut du jury bancaire des Écoles de Production.",
    )
    Criterion.objects.bulk_create(
        Criterion(grid=grid, position=position, title=title, guidance=guidance, weight=weight)
        for position, (title, guidance, weight) in enumerate(CRITERIA, start=1)
    )


def remove_default_grid(apps, schema_editor):
    ScoringGrid = apps.get_model("juries", "ScoringGrid")
    ScoringGrid.objects.filter(name=GRID_NAME, version=1, frozen_at__isnull=True, sessions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("juries", "0001_initial")]

    operations = [migrations.RunPython(seed_default_grid, remove_default_grid)]
