//! The Dutch a generated self-evaluation is written in: a few sentences per theme of the
//! bundled self-evaluation, and general ones for a theme this list does not know. Made up
//! for test data; no hospice wrote them.

/// What a team writes for one theme.
pub(super) struct ThemeTexts {
    pub goes_well: &'static [&'static str],
    pub to_improve: &'static [&'static str],
    /// (what, goal) of an improvement action.
    pub actions: &'static [(&'static str, &'static str)],
}

pub(super) fn for_theme(id: &str) -> &'static ThemeTexts {
    match id {
        "gast-en-naasten" => &GAST,
        "comfort-en-aandacht" => &COMFORT,
        "sterven-afscheid-nazorg" => &AFSCHEID,
        "vrijwilligers" => &VRIJWILLIGERS,
        "samenwerking" => &SAMENWERKING,
        "veiligheid" => &VEILIGHEID,
        "organisatie-en-kwaliteit" => &ORGANISATIE,
        _ => &GENERAL,
    }
}

const GAST: ThemeTexts = ThemeTexts {
    goes_well: &[
        "Bij aankomst vragen we elke gast wat voor hem of haar belangrijk is, en dat staat in het dossier.",
        "Naasten vertellen ons dat ze zich welkom voelen, ook midden in de nacht.",
        "De gast bepaalt zelf wanneer er bezoek komt en wanneer het stil moet zijn.",
    ],
    to_improve: &[
        "Wensen die later in het verblijf ontstaan, komen niet altijd bij de volgende dienst aan.",
        "We weten te weinig van de gewoontes van gasten uit andere culturen.",
        "Naasten krijgen niet altijd een vast aanspreekpunt.",
    ],
    actions: &[
        (
            "Wensen van de gast vast onderdeel maken van de overdracht",
            "Bij elke overdracht worden de wensen van de gast genoemd",
        ),
        (
            "Kennismakingsgesprek met naasten in de eerste drie dagen",
            "Elk gezin heeft binnen drie dagen een gesprek gehad",
        ),
    ],
};

const COMFORT: ThemeTexts = ThemeTexts {
    goes_well: &[
        "Vrijwilligers melden pijn en onrust meteen aan de verpleegkundige.",
        "Er is tijd om gewoon bij een gast te zitten, ook als er niets te doen is.",
        "De kamers voelen huiselijk; gasten nemen eigen spullen mee.",
    ],
    to_improve: &[
        "Aandacht voor zingeving hangt te veel af van wie er dienst heeft.",
        "Nieuwe vrijwilligers herkennen benauwdheid nog niet altijd.",
        "'s Nachts is het lastig om de geestelijk verzorger te bereiken.",
    ],
    actions: &[
        (
            "Scholing signalen herkennen bij pijn en benauwdheid",
            "Alle vrijwilligers hebben de scholing gevolgd",
        ),
        (
            "Afspraak met de geestelijk verzorger over bereikbaarheid buiten kantoortijd",
            "Het nummer staat in het nachtprotocol",
        ),
    ],
};

const AFSCHEID: ThemeTexts = ThemeTexts {
    goes_well: &[
        "Na een overlijden krijgen naasten de tijd om afscheid te nemen.",
        "De laatste zorg wordt met respect en in rust gedaan.",
        "Twee keer per jaar is er een herdenking voor naasten.",
    ],
    to_improve: &[
        "Vrijwilligers die bij een overlijden waren, worden niet altijd nagebeld.",
        "Het nazorggesprek met naasten wordt soms vergeten.",
        "Wat er na een overlijden moet gebeuren, is 's nachts niet voor iedereen duidelijk.",
    ],
    actions: &[
        (
            "Vrijwilligers binnen een week nabellen na een overlijden",
            "Elke vrijwilliger die erbij was, is nagebeld",
        ),
        (
            "Nazorggesprek met naasten in de agenda zetten",
            "Zes weken na elk overlijden een gesprek aangeboden",
        ),
    ],
};

const VRIJWILLIGERS: ThemeTexts = ThemeTexts {
    goes_well: &[
        "Nieuwe vrijwilligers lopen eerst mee met een ervaren collega.",
        "De basistraining wordt goed gewaardeerd.",
        "Vrijwilligers weten bij wie ze terechtkunnen na een zware dienst.",
    ],
    to_improve: &[
        "Niet iedereen kent de grenzen van wat een vrijwilliger wel en niet doet.",
        "De bijscholing wordt door te weinig vrijwilligers gevolgd.",
        "Het jaargesprek met vrijwilligers schiet er vaak bij in.",
    ],
    actions: &[
        (
            "Jaargesprek met elke vrijwilliger plannen",
            "Met alle vrijwilligers een gesprek gevoerd",
        ),
        (
            "Bijscholing op meer momenten aanbieden, ook in het weekend",
            "Twee derde van de vrijwilligers volgt de bijscholing",
        ),
    ],
};

const SAMENWERKING: ThemeTexts = ThemeTexts {
    goes_well: &[
        "De overdracht tussen diensten verloopt rustig en volledig.",
        "De huisartsen weten ons goed te vinden.",
        "Met de thuiszorg zijn duidelijke afspraken over de overplaatsing.",
    ],
    to_improve: &[
        "Informatie van het ziekenhuis komt soms pas na aankomst van de gast.",
        "Bij invallers gaat de overdracht wel eens mis.",
        "We hebben weinig contact met de andere hospices in de regio.",
    ],
    actions: &[
        (
            "Vast overdrachtsformulier voor elke dienst",
            "Het formulier wordt bij elke dienstwissel gebruikt",
        ),
        (
            "Kennismaking met de transferverpleegkundigen van het ziekenhuis",
            "Een afspraak over informatie vóór de opname",
        ),
    ],
};

const VEILIGHEID: ThemeTexts = ThemeTexts {
    goes_well: &[
        "Iedereen weet wat te doen bij brand en waar de blusmiddelen hangen.",
        "Valincidenten worden gemeld en besproken.",
        "De handhygiëne is op orde; er hangt overal handalcohol.",
    ],
    to_improve: &[
        "Niet alle vrijwilligers hebben de ontruimingsoefening meegemaakt.",
        "Meldingen van incidenten worden niet altijd teruggekoppeld.",
        "De protocollen zijn niet allemaal op tijd herzien.",
    ],
    actions: &[
        (
            "Ontruimingsoefening in het voorjaar en het najaar",
            "Elke vrijwilliger heeft minstens één oefening meegemaakt",
        ),
        (
            "Terugkoppeling van meldingen in het vrijwilligersoverleg",
            "Elke melding is binnen een maand besproken",
        ),
    ],
};

const ORGANISATIE: ThemeTexts = ThemeTexts {
    goes_well: &[
        "Het bestuur is betrokken en komt regelmatig langs.",
        "De zelfevaluatie wordt met het hele team besproken.",
        "Klachten worden serieus genomen en snel opgepakt.",
    ],
    to_improve: &[
        "Verbeteracties van vorig jaar zijn niet allemaal afgerond.",
        "De jaarplanning is bij vrijwilligers weinig bekend.",
        "We vragen gasten en naasten te weinig naar hun ervaring.",
    ],
    actions: &[
        (
            "Verbeteracties elk kwartaal bespreken in het teamoverleg",
            "Elke actie heeft een eigenaar en een datum",
        ),
        (
            "Korte vragenlijst voor naasten na het verblijf",
            "De helft van de naasten vult de vragenlijst in",
        ),
    ],
};

const GENERAL: ThemeTexts = ThemeTexts {
    goes_well: &[
        "Het team bespreekt dit onderwerp regelmatig.",
        "De afspraken zijn bekend bij vaste vrijwilligers.",
    ],
    to_improve: &[
        "De afspraken zijn nog niet overal vastgelegd.",
        "Nieuwe vrijwilligers kennen de afspraken nog niet goed.",
    ],
    actions: &[(
        "Afspraken vastleggen en bespreken in het teamoverleg",
        "Iedereen kent de afspraken",
    )],
};

/// An explanation of N.v.t.
pub(super) const NOT_APPLICABLE: &[&str] = &[
    "Dit komt in ons hospice niet voor.",
    "Wordt geregeld door de zorgorganisatie waar wij onder vallen.",
    "Wij hebben geen eigen verpleegkundigen; de thuiszorg doet dit.",
];

/// Who carries an action.
pub(super) const OWNERS: &[&str] = &[
    "coördinator vrijwilligers",
    "manager",
    "werkgroep kwaliteit",
    "teamleider zorg",
];

/// The opening of a summary, by how the year went.
pub(super) const SUMMARY_GOOD: &[&str] = &[
    "Een goed jaar: het team is stabiel en de gasten en naasten zijn tevreden.",
    "We zien vooruitgang op de punten die we vorig jaar kozen.",
];
pub(super) const SUMMARY_HARD: &[&str] = &[
    "Een zwaar jaar met minder vrijwilligers dan nodig; we hebben keuzes moeten maken.",
    "Door wisselingen in het team liepen niet alle afspraken goed.",
];
pub(super) const SUMMARY_NEXT: &[&str] = &[
    "Volgend jaar richten we ons op scholing en op de overdracht.",
    "We willen vooral de verbeteracties van dit jaar goed afronden.",
    "Het komende jaar staat in het teken van werven en inwerken van nieuwe vrijwilligers.",
];

/// A coordinator's note back with a mark.
pub(super) const REVIEW_NOTES: &[&str] = &[
    "Dank voor de heldere toelichting.",
    "Besproken in het regio-overleg; mooi om te zien hoe jullie de scholing hebben aangepakt.",
    "Goed dat jullie de nazorg oppakken. Andere hospices willen graag jullie aanpak horen.",
    "",
];

/// The hospices' names (`Hospice ...`); more hospices than names number the rest.
pub(super) const NAMES: &[&str] = &[
    "De Linde",
    "Het Anker",
    "De Berk",
    "De Es",
    "De Wilg",
    "Het Baken",
    "De Vuurtoren",
    "De Haven",
    "De Brug",
    "De Oase",
    "Horizon",
    "De Vlinder",
    "De Regenboog",
    "Het Kompas",
    "De Zonnebloem",
    "De Schelp",
    "De Duinroos",
    "Het Lichtpunt",
    "De Kraanvogel",
    "De Zwaluw",
    "De Eik",
    "De Beuk",
    "De Hazelaar",
    "De Kastanje",
    "De Meander",
    "Het Rustpunt",
    "De Toevlucht",
    "De Waterlelie",
    "De Ster",
    "De Lantaarn",
    "De Morgenster",
    "Het Hof",
    "De Kim",
    "De Boei",
    "De Klaproos",
    "De Heide",
    "Het Veer",
    "De Kaap",
    "De Notenboom",
    "Het Palet",
];
