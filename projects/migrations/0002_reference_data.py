"""The 18 French regions (INSEE codes), their regional networks, and the trades with their specialities."""

from django.db import migrations

REGIONS = [
    ("84", "Auvergne-Rhône-Alpes", False),
    ("27", "Bourgogne-Franche-Comté", False),
    ("53", "Bretagne", False),
    ("24", "Centre-Val de Loire", False),
    ("94", "Corse", False),
    ("44", "Grand Est", False),
    ("32", "Hauts-de-France", False),
    ("11", "Île-de-France", False),
    ("28", "Normandie", False),
    ("75", "Nouvelle-Aquitaine", False),
    ("76", "Occitanie", False),
    ("52", "Pays de la Loire", False),
    ("93", "Provence-Alpes-Côte d'Azur", False),
    ("01", "Guadeloupe", True),
    ("02", "Martinique", True),
    ("03", "Guyane", True),
    ("04", "La Réunion", True),
    ("06", "Mayotte", True),
]

TRADES = {
    ("batiment", "Bâtiment"): [
        ("maconnerie", "Maçonnerie"),
        ("electricite", "Électricité"),
        ("plomberie-chauffage", "Plomberie et chauffage"),
        ("peinture-finitions", "Peinture et finitions"),
        ("couverture", "Couverture"),
    ],
    ("automobile", "Automobile"): [
        ("mecanique-automobile", "Mécanique automobile"),
        ("carrosserie-automobile", "Carrosserie automobile"),
    ],
    ("terre", "Terre"): [
        ("maraichage", "Maraîchage"),
        ("paysage", "Paysage"),
        ("agriculture", "Agriculture"),
    ],
    ("bois", "Bois"): [
        ("menuiserie", "Menuiserie"),
        ("charpente", "Charpente"),
        ("ebenisterie", "Ébénisterie"),
    ],
    ("restauration", "Restauration"): [
        ("metiers-de-bouche", "Métiers de bouche"),
        ("cuisine", "Cuisine"),
        ("boulangerie-patisserie", "Boulangerie et pâtisserie"),
        ("service-en-salle", "Service en salle"),
    ],
    ("industrie", "Industrie"): [
        ("usinage", "Usinage"),
        ("chaudronnerie", "Chaudronnerie"),
        ("soudure", "Soudure"),
        ("metallerie", "Métallerie"),
        ("electrotechnique", "Électrotechnique"),
    ],
    ("textile", "Textile"): [
        ("couture", "Couture"),
        ("tapisserie", "Tapisserie d'ameublement"),
    ],
}


def load(apps, schema_editor):
    Region = apps.get_model("projects", "Region")
    RegionalNetwork = apps.get_model("projects", "RegionalNetwork")
    Trade = apps.get_model("projects", "Trade")
    for code, name, overseas in REGIONS:
        region, _ = Region.objects.update_or_create(code=code, defaults={"name": name, "is_overseas": overseas})
        RegionalNetwork.objects.get_or_create(
            region=region, defaults={"name": f"Réseau des Écoles de Production — {name}"}
        )
    for (slug, name), specialities in TRADES.items():
        family, _ = Trade.objects.update_or_create(slug=slug, defaults={"name": name, "parent": None})
        for sub_slug, sub_name in specialities:
            Trade.objects.update_or_create(slug=sub_slug, defaults={"name": sub_name, "parent": family})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
