"""The engine's own sentences, in English and French (the knowledge base carries the law's text).

``say(key, lang, **values)`` renders one; a test checks that both languages have the same keys
and the same placeholders.
"""

MESSAGES = {
    "not_available": {
        "en": "Not available in this jurisdiction ({jurisdiction}): {reason}",
        "fr": "Non offert dans ce territoire ({jurisdiction}) : {reason}",
    },
    "not_in_force": {
        "en": "This remedy is not in force on {as_of}.",
        "fr": "Ce recours n’est pas en vigueur le {as_of}.",
    },
    "not_described": {
        "en": "The knowledge base does not describe this remedy for {jurisdiction} yet: "
        "ask a lawyer whether it applies.",
        "fr": "La base de connaissances ne décrit pas encore ce recours pour {jurisdiction} : "
        "demandez à un avocat s’il s’applique.",
    },
    "test_not_described": {
        "en": "The knowledge base does not describe this legal test yet.",
        "fr": "La base de connaissances ne décrit pas encore ce critère juridique.",
    },
    "available": {
        "en": "Available in {jurisdiction}: {body}",
        "fr": "Offert en {jurisdiction} : {body}",
    },
    "deadline_passed": {
        "en": "The deadline ({label}) passed on {date}.",
        "fr": "Le délai ({label}) a expiré le {date}.",
    },
    "deadline_passed_late": {
        "en": "The deadline ({label}) passed on {date}; a late filing may still be allowed: "
        "{late_filing}",
        "fr": "Le délai ({label}) a expiré le {date}; un dépôt tardif reste peut-être possible : "
        "{late_filing}",
    },
    "deadline_unknown": {
        "en": "The deadline ({label}) cannot be computed: the start date is not known.",
        "fr": "Le délai ({label}) ne peut pas être calculé : la date de départ n’est pas connue.",
    },
    "deadline_on": {
        "en": "{label}: act by {date}.",
        "fr": "{label} : agir au plus tard le {date}.",
    },
    "dimension_none_known": {
        "en": "Indicators not recorded: cannot say.",
        "fr": "Indicateurs non consignés : impossible de se prononcer.",
    },
    "dimension_observed": {
        "en": "{list}: {count} indicator(s) observed ({strong} strong, {medium} medium, "
        "{weak} weak); {verdict}.",
        "fr": "{list} : {count} indicateur(s) observé(s) ({strong} fort(s), {medium} moyen(s), "
        "{weak} faible(s)); {verdict}.",
    },
    "dimension_met": {"en": "enough to find the dimension", "fr": "suffisant pour la dimension"},
    "dimension_not_met": {
        "en": "below the ILO-EC threshold",
        "fr": "sous le seuil OIT-CE",
    },
    "no_list": {
        "en": "No indicator list applies: the exploitation type is not recorded.",
        "fr": "Aucune liste d’indicateurs ne s’applique : le type d’exploitation n’est pas "
        "consigné.",
    },
    "test_not_in_force": {
        "en": "This legal test is not in force on {as_of}.",
        "fr": "Ce critère juridique n’est pas en vigueur le {as_of}.",
    },
    "child_rule": {
        "en": "The person is a minor: the child rule applies, so no coercive or abusive means "
        "need be shown.",
        "fr": "La personne est mineure : la règle applicable aux enfants s’applique, aucun moyen "
        "de contrainte ou d’abus n’a à être démontré.",
    },
    "child_rule_adult_lists": {
        "en": "No child indicator list is supported by a source: the adult list's strengths are "
        "used with the child rule.",
        "fr": "Aucune liste d’indicateurs pour enfants n’est appuyée par une source : les "
        "pondérations de la liste pour adultes sont utilisées avec la règle applicable aux "
        "enfants.",
    },
    "age_unknown": {
        "en": "Age not recorded: the adult rule is applied; if the person is a minor the child "
        "rule (no means needed) applies instead.",
        "fr": "Âge non consigné : la règle pour adultes est appliquée; si la personne est mineure, "
        "la règle pour enfants (aucun moyen requis) s’applique.",
    },
    "element_skipped": {
        "en": "{label}: does not apply here.",
        "fr": "{label} : ne s’applique pas ici.",
    },
    "alert_immediate_danger": {
        "en": "The person is in immediate danger: safety planning comes before any legal step.",
        "fr": "La personne est en danger immédiat : la sécurité passe avant toute démarche "
        "juridique.",
    },
    "alert_removal_dated": {
        "en": "Removal is scheduled for {date} ({days} day(s) after {as_of}): act on removal "
        "first (deferral request, stay).",
        "fr": "Le renvoi est prévu le {date} ({days} jour(s) après le {as_of}) : agir d’abord sur "
        "le renvoi (report, sursis).",
    },
    "alert_removal_undated": {
        "en": "A removal is scheduled; its date is not recorded: find it out now.",
        "fr": "Un renvoi est prévu; sa date n’est pas consignée : la vérifier sans attendre.",
    },
    "alert_minor": {
        "en": "The person is a minor: child-protection duties and the child rule apply.",
        "fr": "La personne est mineure : les obligations de protection de l’enfance et la règle "
        "applicable aux enfants s’appliquent.",
    },
    "alert_deadline_soon": {
        "en": "{remedy}: deadline {date}, {days} day(s) away ({label}).",
        "fr": "{remedy} : délai le {date}, dans {days} jour(s) ({label}).",
    },
    "sequence_status_first": {
        "en": "Status is precarious or unknown: options that secure status come first, then "
        "claims, then options that could expose the person to enforcement.",
        "fr": "Le statut est précaire ou inconnu : les options qui protègent le statut d’abord, "
        "puis les réclamations, puis les options qui pourraient exposer la personne.",
    },
    "sequence_secure": {
        "en": "Status is secure: options in order of the client's goals and limits; options that "
        "could expose the person come last.",
        "fr": "Le statut est stable : options selon les objectifs et limites de la personne; les "
        "options qui pourraient l’exposer viennent en dernier.",
    },
}


def say(key, lang, **values):
    return MESSAGES[key][lang].format(**values)
