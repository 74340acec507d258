"""The demo school projects: a dozen studies, one or more per state of the life cycle.

Each specification holds the facts of one project; ``demo.content`` turns them into the sections of the
study, its financing plan and its attachments.
"""

from dataclasses import dataclass, field, replace

from workflow.enums import State


@dataclass(frozen=True)
class StudySpec:
    name: str
    commune: str
    department: str
    region: str
    trades: tuple
    holder: str
    coordinator: str
    target: str
    basin: str
    youth: str
    offer: str
    companies: tuple
    orders: str
    diplomas: str
    masters: str
    board: int
    premises: str
    equipment: str
    products: str
    partners: str
    budget: dict
    comments: dict = field(default_factory=dict)


STUDIES = (
    StudySpec(
        name="École de Production des Monts du Lyonnais",
        commune="Saint-Symphorien-sur-Coise",
        department="Rhône",
        region="84",
        trades=("metiers-de-bouche",),
        holder="holder",
        coordinator="coordinator_aura",
        target=State.DRAFT,
        basin="Bassin rural de 35 000 habitants entre Lyon et Saint-Étienne, marqué par la salaison et "
        "l'agroalimentaire (charcuteries artisanales, abattoir intercommunal, une quarantaine de boucheries).",
        youth="La mission locale suit environ 420 jeunes de 16 à 25 ans, dont 90 mineurs sortis du collège sans "
        "solution ; le taux de décrochage dépasse de deux points la moyenne départementale.",
        offer="Aucun CAP Boucher ni Charcutier-traiteur à moins de 45 minutes ; le CFA le plus proche refuse "
        "faute de maître d'apprentissage des élèves de 15 ans jugés trop jeunes.",
        companies=(
            ("Salaisons du Lyonnais", "charcuterie industrielle, 80 salariés, prête à confier le tranchage"),
            ("Boucherie Perret", "artisan boucher, membre fondateur de l'association"),
            ("Coopérative des éleveurs des Monts", "circuits courts, commandes de caissettes de viande"),
        ),
        orders="caissettes de viande pour la coopérative, plateaux traiteur pour les communes et les "
        "entreprises, charcuterie vendue au magasin de l'école",
        diplomas="CAP Boucher et CAP Charcutier-traiteur, en deux ans après la troisième",
        masters="un boucher retraité, meilleur ouvrier de la Loire, et une charcutière-traiteur en reconversion",
        board=7,
        premises="ancien laboratoire de charcuterie de 320 m² mis à disposition par la communauté de communes, "
        "aux normes sanitaires après travaux",
        equipment="chambres froides, poussoir, hachoir, cutter, four mixte, machine sous vide",
        products="caissettes, charcuterie et plats traiteur",
        partners="Communauté de communes des Monts du Lyonnais (locaux), Chambre de métiers du Rhône, "
        "Fondation Bonduelle (sollicitée), Lions Club de Saint-Symphorien",
        budget={"rent": 18_000, "equipment": 120_000, "materials": 24_000},
    ),
    StudySpec(
        name="École de Production Industrie de Gennevilliers",
        commune="Gennevilliers",
        department="Hauts-de-Seine",
        region="11",
        trades=("usinage", "soudure"),
        holder="holder_idf",
        coordinator="coordinator_idf",
        target=State.SUBMITTED,
        basin="Boucle nord des Hauts-de-Seine : port de Gennevilliers, sous-traitance aéronautique et "
        "automobile, 1 200 établissements industriels dans un rayon de 10 km.",
        youth="Quartiers prioritaires du Luth et des Agnettes : 28 % des 16-25 ans ni en emploi ni en "
        "formation, 300 décrocheurs repérés chaque année par la plateforme de suivi.",
        offer="Deux lycées professionnels proposent l'usinage mais affichent complet ; aucune formation ne "
        "prend les jeunes en rupture scolaire avant 16 ans.",
        companies=(
            ("Mécanique de Précision de la Seine", "usinage aéronautique, 45 salariés, recrute six tourneurs"),
            ("Soudure Services Nord 92", "chaudronnerie, sous-traitant de la SNCF"),
            ("Atelier Lemoine", "outillage de maintenance, client de pièces unitaires"),
        ),
        orders="petites séries de pièces tournées et fraisées, outillages de maintenance, châssis soudés",
        diplomas="CAP Conducteur d'installations de production, puis Bac Pro Technicien en réalisation de "
        "produits mécaniques",
        masters="un régleur-programmeur de commande numérique (25 ans d'expérience) et un soudeur qualifié TIG",
        board=8,
        premises="cellule de 600 m² dans la zone d'activités des Chanteraines, louée par la SEM locale",
        equipment="quatre tours et trois fraiseuses conventionnels, un centre d'usinage à commande "
        "numérique, deux postes de soudure",
        products="pièces usinées et ensembles soudés",
        partners="Ville de Gennevilliers, UIMM Île-de-France, Fondation Agir pour l'Emploi (engagée), "
        "Rotary Club de Colombes",
        budget={"rent": 42_000, "equipment": 210_000, "materials": 20_000},
        comments={
            "changes": "Merci de préciser les engagements de commandes : les lettres jointes parlent de "
            "soutien mais aucun volume n'est chiffré.",
            "edit": "Ajout des volumes de commandes annoncés par les trois entreprises partenaires.",
            "resubmit": "Volumes de commandes précisés comme demandé.",
        },
    ),
    StudySpec(
        name="École de Production de la Vallée de l'Arve",
        commune="Cluses",
        department="Haute-Savoie",
        region="84",
        trades=("usinage",),
        holder="holder",
        coordinator="coordinator_aura",
        target=State.CHANGES_REQUESTED,
        basin="Capitale du décolletage : 500 entreprises de sous-traitance mécanique dans la vallée, qui "
        "fournissent l'automobile, l'horlogerie et le médical.",
        youth="Près de 150 jeunes décrocheurs par an dans la vallée ; l'industrie peine à attirer les jeunes "
        "malgré des salaires attractifs.",
        offer="Le lycée Charles-Poncet forme des techniciens mais ne peut accueillir les élèves en difficulté "
        "scolaire ; aucune voie « par le faire » n'existe.",
        companies=(
            ("Décolletage Bouvier", "150 salariés, s'engage sur 800 heures de commandes par an"),
            ("Arve Précision", "pièces médicales, tutorat par ses régleurs"),
            ("Syndicat national du décolletage", "appui au recrutement des maîtres professionnels"),
        ),
        orders="reprises de pièces décolletées, petites séries de prototypes, contrôle dimensionnel",
        diplomas="CAP Conducteur d'installations de production et Bac Pro Technicien en réalisation de "
        "produits mécaniques",
        masters="deux décolleteurs expérimentés, dont un formateur interne chez Décolletage Bouvier",
        board=6,
        premises="atelier de 450 m² dans l'ancienne usine Carpano, propriété de la commune",
        equipment="tours à cames, tours à commande numérique, banc de contrôle tridimensionnel",
        products="pièces décolletées de précision",
        partners="Commune de Cluses, Technic Vallée, Fondation Somfy (engagée), Région Auvergne-Rhône-Alpes",
        budget={"rent": 30_000, "equipment": 240_000, "materials": 16_000},
        comments={
            "changes": "Le budget prévoit un seul maître professionnel pour 24 élèves en deuxième année : "
            "revoir les effectifs et le coût salarial. Préciser aussi la composition du conseil "
            "d'administration.",
        },
    ),
    StudySpec(
        name="École de Production Bois de Saint-Brieuc",
        commune="Saint-Brieuc",
        department="Côtes-d'Armor",
        region="53",
        trades=("menuiserie", "ebenisterie"),
        holder="holder_bzh",
        coordinator="national",
        target=State.TRAINING,
        basin="Agglomération de 150 000 habitants, filière bois dense (scieries, menuiseries industrielles "
        "et artisanales, agencement de bateaux).",
        youth="Environ 700 jeunes suivis par la mission locale, dont un quart sans diplôme ; le décrochage "
        "touche surtout les garçons de 15-16 ans.",
        offer="Un seul CAP Menuisier fabricant dans le département, saturé ; les entreprises forment sur le "
        "tas faute de candidats.",
        companies=(
            ("Menuiserie Le Bihan", "menuiserie extérieure, 35 salariés"),
            ("Agencement Naval d'Armor", "aménagement intérieur de voiliers"),
            ("Scierie du Gouët", "fourniture de bois local à prix coûtant"),
        ),
        orders="mobilier pour les écoles et mairies, caissons d'agencement, petites menuiseries sur mesure",
        diplomas="CAP Menuisier fabricant, puis CAP Ébéniste en un an",
        masters="un compagnon menuisier du Devoir et une ébéniste installée à son compte",
        board=9,
        premises="hangar de 500 m² sur le port du Légué, bail emphytéotique avec l'agglomération",
        equipment="scie à panneaux, dégauchisseuse, raboteuse, toupie, centre d'usinage bois, aspiration",
        products="mobilier et menuiseries sur mesure",
        partners="Saint-Brieuc Armor Agglomération, Fédération française du bâtiment, Fondation du Crédit "
        "Mutuel de Bretagne (sollicitée), Compagnons du Devoir",
        budget={"rent": 20_000, "equipment": 150_000, "materials": 22_000},
        comments={"validated": 2},
    ),
    StudySpec(
        name="École de Production Textile de Roubaix",
        commune="Roubaix",
        department="Nord",
        region="32",
        trades=("couture", "tapisserie"),
        holder="holder_hdf",
        coordinator="national",
        target=State.FINANCING_REVIEW,
        basin="Ancienne capitale du textile, où renaissent des ateliers de confection et de tapisserie "
        "d'ameublement en circuit court (marques locales, relocalisation).",
        youth="Roubaix compte 40 % de jeunes sans diplôme dans certains quartiers ; la mission locale "
        "accompagne 2 500 jeunes.",
        offer="Le lycée Turgot forme aux métiers de la mode, mais aucune formation ne s'adresse aux jeunes "
        "décrocheurs de 15 ans.",
        companies=(
            ("Maison Lemaire Confection", "atelier de 20 couturières, relocalisation de petites séries"),
            ("Tissages du Nord", "fournit les tissus et commande des prototypes"),
            ("Tapisserie Vandamme", "réfection de sièges pour les hôtels de la métropole"),
        ),
        orders="petites séries de vêtements pour des marques locales, réfection de sièges, linge de maison",
        diplomas="CAP Métiers de la mode – vêtement flou et CAP Tapissier d'ameublement en siège",
        masters="une modéliste d'atelier et un tapissier garnisseur",
        board=7,
        premises="plateau de 350 m² dans une ancienne filature réhabilitée, quartier de l'Union",
        equipment="machines à coudre industrielles, surjeteuses, table de coupe, agrafeuses pneumatiques",
        products="vêtements et sièges rénovés",
        partners="Ville de Roubaix, Métropole européenne de Lille, UIT Nord, Fondation Chanel (sollicitée)",
        budget={"rent": 24_000, "equipment": 60_000, "materials": 15_000},
    ),
    StudySpec(
        name="École de Production Chaudronnerie de Vénissieux",
        commune="Vénissieux",
        department="Rhône",
        region="84",
        trades=("chaudronnerie", "soudure"),
        holder="holder_aura3",
        coordinator="coordinator_aura",
        target=State.JURY,
        basin="Vallée de la chimie et zone industrielle de Vénissieux-Corbas : chaudronnerie, tuyauterie "
        "industrielle et maintenance, 9 000 emplois industriels.",
        youth="Quartier des Minguettes : un jeune sur trois sans diplôme ; 250 décrocheurs repérés par an.",
        offer="Les lycées professionnels de l'Est lyonnais ne remplissent pas leurs sections chaudronnerie, "
        "faute de candidats qui tiennent sur la durée en formation scolaire.",
        companies=(
            ("Chaudronnerie Rhodanienne", "tuyauterie industrielle, 60 salariés"),
            ("Métallerie des Minguettes", "serrurerie et métallerie, membre du conseil"),
            ("Maintenance Chimie Services", "commandes de supports et de capotages"),
        ),
        orders="supports, capotages, petites cuves, garde-corps et pièces de maintenance",
        diplomas="CAP Réalisations industrielles en chaudronnerie ou soudage, puis Bac Pro Technicien en "
        "chaudronnerie industrielle",
        masters="un chaudronnier-tuyauteur et une soudeuse qualifiée multi-procédés",
        board=8,
        premises="bâtiment de 700 m² avec pont roulant dans la zone industrielle, loué à la Métropole",
        equipment="presse plieuse, cisaille guillotine, rouleuse, postes de soudure MIG, TIG et arc",
        products="ensembles chaudronnés",
        partners="Métropole de Lyon, Ville de Vénissieux, UIMM Lyon-France, Fondation Total (engagée)",
        budget={"rent": 36_000, "equipment": 190_000, "materials": 26_000},
    ),
    StudySpec(
        name="École de Production Boulangerie-Pâtisserie de Montreuil",
        commune="Montreuil",
        department="Seine-Saint-Denis",
        region="11",
        trades=("boulangerie-patisserie",),
        holder="holder_idf",
        coordinator="coordinator_idf",
        target=State.APPROVED,
        basin="Montreuil et l'Est parisien : 300 boulangeries et pâtisseries artisanales, dont un tiers "
        "cherchent un ouvrier ou un repreneur.",
        youth="En Seine-Saint-Denis, 20 % des jeunes de 15 à 24 ans sont sans emploi ni formation.",
        offer="Les CAP Boulanger existants passent par l'apprentissage, inaccessible aux jeunes de 15 ans "
        "sans employeur.",
        companies=(
            ("Boulangerie Au Pain de Montreuil", "artisan, tuteur des élèves"),
            ("Restaurant d'entreprise Ateliers Est", "commande quotidienne de pains et viennoiseries"),
            ("Chambre syndicale de la boulangerie", "appui au recrutement et aux examens"),
        ),
        orders="pains et viennoiseries pour deux restaurants collectifs, buffets pour les entreprises, "
        "vente au comptoir de l'école",
        diplomas="CAP Boulanger et CAP Pâtissier",
        masters="un boulanger retraité, ancien formateur, et une pâtissière de métier",
        board=7,
        premises="ancienne boulangerie industrielle de 280 m² rue de Paris, avec boutique",
        equipment="four à sole, pétrin, laminoir, chambre de pousse, vitrine réfrigérée",
        products="pains, viennoiseries et pâtisseries",
        partners="Ville de Montreuil, Est Ensemble, Fondation Break Poverty (engagée), Lions Club de Vincennes",
        budget={"rent": 30_000, "equipment": 110_000, "materials": 30_000},
        comments={
            "bank_changes": "Le plan de financement de l'année 2 suppose une hausse de 40 % du chiffre "
            "d'affaires : justifier les commandes ou revoir la prévision.",
            "edit": "Prévision de chiffre d'affaires de l'année 2 ramenée à une hausse réaliste.",
            "resubmit": "Chiffre d'affaires de l'année 2 revu avec les engagements des deux restaurants.",
        },
    ),
    StudySpec(
        name="École de Production Métallerie du Val de Sambre",
        commune="Maubeuge",
        department="Nord",
        region="32",
        trades=("metallerie",),
        holder="holder_hdf2",
        coordinator="national",
        target=State.DEFERRED,
        basin="Val de Sambre : métallurgie historique (forges, tuberies), tissu de PME de métallerie et de "
        "serrurerie en recherche de main-d'œuvre.",
        youth="Taux de chômage des jeunes parmi les plus élevés de la région ; 400 jeunes sans solution "
        "repérés chaque année.",
        offer="Un Bac Pro métallerie au lycée de Jeumont, sans accueil possible des élèves décrocheurs.",
        companies=(
            ("Métallerie Sambre-Avesnois", "garde-corps et escaliers, 25 salariés"),
            ("Forges de Jeumont", "intérêt exprimé, sans engagement écrit"),
            ("Serrurerie Delcourt", "artisan, lettre de soutien"),
        ),
        orders="garde-corps, portails, mobilier métallique pour les communes",
        diplomas="CAP Métallier, puis Bac Pro Ouvrages du bâtiment : métallerie",
        masters="un métallier serrurier (recrutement en cours)",
        board=6,
        premises="atelier de 400 m² à trouver ; deux pistes dans la zone de la Porte de France",
        equipment="plieuse, poinçonneuse, scie à ruban, postes de soudure",
        products="ouvrages de métallerie",
        partners="Communauté d'agglomération Maubeuge Val de Sambre, Pôle emploi, Fondation de France (sollicitée)",
        budget={"rent": 22_000, "equipment": 140_000, "materials": 20_000},
        comments={
            "motivation": "Projet pertinent pour le territoire, mais locaux non trouvés et maître "
            "professionnel non recruté. Le jury invite l'équipe à représenter le dossier à la prochaine "
            "session une fois ces deux points levés.",
        },
    ),
    StudySpec(
        name="École de Production Paysage de Lunel",
        commune="Lunel",
        department="Hérault",
        region="76",
        trades=("paysage",),
        holder="holder_occ",
        coordinator="national",
        target=State.REJECTED,
        basin="Pays de Lunel, entre Montpellier et Nîmes : entreprises du paysage et collectivités qui "
        "externalisent l'entretien des espaces verts.",
        youth="Lunel concentre une forte part de jeunes sans diplôme ; la mission locale suit 900 jeunes.",
        offer="Deux lycées agricoles à moins de 30 minutes proposent déjà le CAPa Jardinier paysagiste avec "
        "des places vacantes.",
        companies=(
            ("Paysages du Vidourle", "entreprise de 12 salariés, lettre de soutien"),
            ("Commune de Lunel", "entretien de quelques espaces verts"),
            ("Jardinerie du Pays de Lunel", "intérêt pour des prestations ponctuelles"),
        ),
        orders="entretien d'espaces verts communaux, petits aménagements chez des particuliers",
        diplomas="CAPa Jardinier paysagiste",
        masters="un paysagiste à son compte, disponible à mi-temps",
        board=6,
        premises="terrain de 2 hectares prêté par la commune, bungalows provisoires",
        equipment="tondeuses, débroussailleuses, mini-pelle, véhicule utilitaire",
        products="prestations d'aménagement et d'entretien",
        partners="Commune de Lunel, Fondation de France (sollicitée)",
        budget={"rent": 8_000, "equipment": 90_000, "materials": 12_000},
        comments={
            "motivation": "Le besoin du territoire est déjà couvert par deux formations agricoles aux places "
            "vacantes ; le modèle économique repose sur des prestations aux particuliers qui entrent en "
            "concurrence avec les entreprises locales. Le jury ne retient pas le projet.",
        },
    ),
    StudySpec(
        name="École de Production Carrosserie de Cholet",
        commune="Cholet",
        department="Maine-et-Loire",
        region="52",
        trades=("carrosserie-automobile",),
        holder="holder_pdl",
        coordinator="national",
        target=State.WITHDRAWN,
        basin="Choletais : garages indépendants, carrossiers et concessions qui peinent à recruter.",
        youth="Environ 350 jeunes décrocheurs repérés chaque année dans le Choletais.",
        offer="Un CAP Carrossier en apprentissage au CFA de la chambre de métiers, sans préparation pour les "
        "plus jeunes.",
        companies=(
            ("Carrosserie Bréchet", "artisan, tuteur"),
            ("Garage des Mauges", "réparations de véhicules de flotte"),
            ("Auto Recyclage 49", "pièces de réemploi"),
        ),
        orders="petites réparations de carrosserie pour les flottes des collectivités",
        diplomas="CAP Carrossier automobile et CAP Peintre en carrosserie",
        masters="un carrossier-peintre retraité",
        board=6,
        premises="ancien garage de 400 m² avec cabine de peinture, zone de l'Écuyère",
        equipment="cabine de peinture, marbre, poste de soudure par points, outillage de débosselage",
        products="réparations de carrosserie",
        partners="Agglomération du Choletais, Chambre de métiers de Maine-et-Loire",
        budget={"rent": 26_000, "equipment": 130_000, "materials": 18_000},
        comments={
            "withdraw": "Le porteur principal part s'installer à l'étranger pour raisons familiales ; "
            "l'association suspend le projet et remercie le réseau pour son accompagnement.",
            "validated": 1,
        },
    ),
    StudySpec(
        name="École de Production Mécanique Automobile de Mulhouse",
        commune="Mulhouse",
        department="Haut-Rhin",
        region="44",
        trades=("mecanique-automobile",),
        holder="holder_ge",
        coordinator="national",
        target=State.FUNDED,
        basin="Sud-Alsace : site automobile de Sochaux-Mulhouse, réseau dense de garages et de concessions.",
        youth="Mulhouse a l'un des taux de jeunes sans diplôme les plus élevés du Grand Est ; 1 800 jeunes "
        "suivis par la mission locale.",
        offer="Le lycée professionnel ne peut pas accueillir tous les candidats au CAP Maintenance des "
        "véhicules, et rien n'existe pour les jeunes en rupture.",
        companies=(
            ("Garage Schmitt et Fils", "réparation toutes marques, tuteur"),
            ("Flotte municipale de Mulhouse", "entretien de 60 véhicules légers"),
            ("Concession Sud Alsace Automobiles", "préparation de véhicules d'occasion"),
        ),
        orders="entretien de véhicules de flottes publiques et associatives, préparation de véhicules d'occasion",
        diplomas="CAP Maintenance des véhicules option voitures particulières, puis Bac Pro Maintenance des véhicules",
        masters="deux mécaniciens automobiles, dont un ancien chef d'atelier",
        board=9,
        premises="garage de 650 m² à Mulhouse-Dornach, six ponts élévateurs",
        equipment="ponts élévateurs, valises de diagnostic, démonte-pneus, équilibreuse, banc de géométrie",
        products="entretien et réparation de véhicules",
        partners="m2A Mulhouse Alsace Agglomération, Région Grand Est, Fondation PSA (engagée), "
        "Rotary Club de Mulhouse",
        budget={"rent": 34_000, "equipment": 160_000, "materials": 22_000},
    ),
    StudySpec(
        name="École de Production Maraîchage du Nord-Isère",
        commune="Bourgoin-Jallieu",
        department="Isère",
        region="84",
        trades=("maraichage", "metiers-de-bouche"),
        holder="holder_aura2",
        coordinator="coordinator_aura",
        target=State.OPENED,
        basin="Nord-Isère : terres maraîchères, forte demande de produits locaux de la restauration "
        "collective (loi EGalim) et des magasins de producteurs.",
        youth="La mission locale du Nord-Isère suit 2 000 jeunes, dont 300 mineurs sortis du système scolaire.",
        offer="Pas de formation au maraîchage accessible aux 15-16 ans dans l'agglomération ; le lycée "
        "agricole le plus proche est à une heure de transport.",
        companies=(
            ("Cuisine centrale de la CAPI", "3 000 repas par jour, 20 % de légumes locaux visés"),
            ("Magasin de producteurs Les Paniers Dauphinois", "achat de légumes et de conserves"),
            ("Conserverie Valéry", "transformation des surplus, tutorat"),
        ),
        orders="légumes de saison pour la cuisine centrale, paniers hebdomadaires, conserves et soupes",
        diplomas="CAPa Métiers de l'agriculture, production végétale : maraîchage",
        masters="un maraîcher biologique installé depuis vingt ans et une cuisinière de collectivité",
        board=10,
        premises="ferme de 4 hectares avec serres et légumerie, prêtée par la Communauté d'agglomération",
        equipment="serres tunnels, irrigation, tracteur, légumerie, autoclave pour les conserves",
        products="légumes et conserves",
        partners="Communauté d'agglomération Porte de l'Isère, Département de l'Isère, Fondation Daniel et "
        "Nina Carasso (engagée), Crédit Agricole Sud Rhône-Alpes (mécénat)",
        budget={"rent": 12_000, "equipment": 130_000, "materials": 18_000},
        comments={"opening_date": (9, 2)},
    ),
)


def _elsewhere(spec, *, name, commune, department):
    """The same kind of project in another town, waiting for the jury: its texts name its own town."""
    texts = {
        key: value.replace(spec.commune, commune).replace(spec.department, department)
        for key, value in vars(spec).items()
        if isinstance(value, str)
        and key not in ("name", "commune", "department", "region", "holder", "coordinator", "target")
    }
    return replace(spec, **texts, name=name, commune=commune, department=department, target=State.JURY, comments={})


# More studies on the upcoming session's agenda, so that it shows scorecards in every stage.
JURY_COMPANIONS = (
    _elsewhere(
        STUDIES[1], name="École de Production Industrie d'Argenteuil", commune="Argenteuil", department="Val-d'Oise"
    ),
    _elsewhere(STUDIES[5], name="École de Production Chaudronnerie de Roanne", commune="Roanne", department="Loire"),
    _elsewhere(
        STUDIES[9], name="École de Production Carrosserie d'Angers", commune="Angers", department="Maine-et-Loire"
    ),
)
