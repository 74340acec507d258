"""The demo accounts and the founders' training modules."""

from dataclasses import dataclass, field

DEMO_PASSWORD = "tremplin-demo"
ADMIN_EMAIL = "admin@tremplin.local"
ADMIN_PASSWORD = "admin-tremplin-demo"


@dataclass(frozen=True)
class DemoUser:
    key: str
    email: str
    full_name: str
    organisation: str
    role: str
    coordinates: tuple = ()
    flags: dict = field(default_factory=dict)
    password: str = DEMO_PASSWORD
    form_of_address: str = ""


USERS = (
    DemoUser(
        "holder",
        "porteur@tremplin.local",
        "Claire Fontaine",
        "Association Avenir Métiers Rhône-Alpes",
        "porteur de projet (Auvergne-Rhône-Alpes)",
        form_of_address="feminine",
    ),
    DemoUser(
        "holder_idf",
        "porteur.idf@tremplin.local",
        "Karim Benali",
        "Association Faire Ensemble 93-92",
        "porteur de projet (Île-de-France)",
        form_of_address="masculine",
    ),
    DemoUser(
        "coordinator_aura",
        "coordination.aura@tremplin.local",
        "Isabelle Roche",
        "Réseau des Écoles de Production Auvergne-Rhône-Alpes",
        "coordinatrice régionale (Auvergne-Rhône-Alpes)",
        coordinates=("84",),
        form_of_address="feminine",
    ),
    DemoUser(
        "coordinator_idf",
        "coordination.idf@tremplin.local",
        "Mathieu Lefèvre",
        "Réseau des Écoles de Production Île-de-France",
        "coordinateur régional (Île-de-France)",
        coordinates=("11",),
        form_of_address="masculine",
    ),
    DemoUser(
        "national",
        "fnep@tremplin.local",
        "Sophie Marchand",
        "Fédération Nationale des Écoles de Production",
        "coordinatrice nationale (FNEP)",
        flags={"is_national_coordinator": True},
        form_of_address="feminine",
    ),
    DemoUser(
        "bank",
        "banque@tremplin.local",
        "Julien Perrin",
        "Banque Coopérative des Territoires",
        "expert bancaire",
        flags={"is_bank_expert": True},
        form_of_address="masculine",
    ),
    DemoUser(
        "juror_1",
        "jury1@tremplin.local",
        "Anne-Laure Guichard",
        "Dirigeante, Guichard Mécanique de Précision",
        "membre du jury",
        flags={"is_jury_member": True},
        form_of_address="feminine",
    ),
    DemoUser(
        "juror_2",
        "jury2@tremplin.local",
        "Patrick Vasseur",
        "Administrateur, Banque Coopérative des Territoires",
        "membre du jury",
        flags={"is_jury_member": True},
        form_of_address="masculine",
    ),
    DemoUser(
        "juror_3",
        "jury3@tremplin.local",
        "Nadia Haddad",
        "Directrice, Mission locale du Nord-Isère",
        "membre du jury",
        flags={"is_jury_member": True},
        form_of_address="feminine",
    ),
    DemoUser(
        "president",
        "president.jury@tremplin.local",
        "Bernard Chevalier",
        "Ancien directeur, École de Production de Lyon",
        "président du jury (et membre du jury)",
        flags={"is_jury_member": True},
        form_of_address="masculine",
    ),
)

# The founders of the other projects, each on the team of one project.
OTHER_HOLDERS = (
    DemoUser("holder_bzh", "porteur.bretagne@tremplin.local", "Yann Le Goff", "Association Bois & Avenir", ""),
    DemoUser("holder_hdf", "porteur.hdf@tremplin.local", "Céline Dubois", "Association Fil d'Avenir", ""),
    DemoUser("holder_hdf2", "porteur.sambre@tremplin.local", "Thierry Lemaire", "Association Sambre Métal", ""),
    DemoUser("holder_occ", "porteur.occitanie@tremplin.local", "Lucie Garcia", "Association Terres Vives", ""),
    DemoUser("holder_pdl", "porteur.pdl@tremplin.local", "Antoine Morin", "Association Carrosserie Solidaire", ""),
    DemoUser("holder_ge", "porteur.grandest@tremplin.local", "Sandrine Keller", "Association Mécanique Avenir", ""),
    DemoUser("holder_aura2", "porteur.isere@tremplin.local", "Éric Blanc", "Association Les Jardins Nord-Isère", ""),
    DemoUser(
        "holder_aura3", "porteur.venissieux@tremplin.local", "Mélanie Girard", "Association Métal Est Lyonnais", ""
    ),
    # The team of the demo's schools that opened before Tremplin: they fill the yearly reports.
    DemoUser("school_team", "ecoles@tremplin.local", "Nathalie Perrin", "Directions des écoles ouvertes", ""),
)

TRAINING_MODULES = (
    (
        "Le modèle pédagogique de l'École de Production",
        "Faire pour apprendre : deux tiers du temps à l'atelier sur de vraies commandes, des groupes de douze "
        "élèves au plus, le rôle du maître professionnel, l'articulation avec les enseignements généraux et la "
        "préparation du CAP ou du Bac Pro.",
        True,
    ),
    (
        "Construire le budget prévisionnel",
        "Les charges d'une école (maîtres professionnels, locaux, machines, matières), le chiffre d'affaires de "
        "production, le solde de la taxe d'apprentissage, les subventions, le mécénat et le prêt : bâtir un plan "
        "de financement équilibré sur trois à cinq ans.",
        True,
    ),
    (
        "Gouvernance associative",
        "L'association loi 1901 porteuse : statuts, conseil d'administration d'au moins six membres, place des "
        "entreprises et des collectivités, disponibilité des fondateurs, relations avec la FNEP et le réseau "
        "régional.",
        True,
    ),
    (
        "Relations avec les entreprises clientes",
        "Trouver et fidéliser les clients de l'atelier : devis, délais, qualité, prix justes sans concurrence "
        "déloyale, lettres de soutien et engagements de commandes.",
        True,
    ),
    (
        "Recruter et accompagner les maîtres professionnels",
        "Profil, recrutement et formation pédagogique des professionnels qui transmettent leur métier.",
        False,
    ),
)
