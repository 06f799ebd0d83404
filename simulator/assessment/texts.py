"""The assessment notebook's instructions in the trainee's language (the assessment's locale)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "answering_as": "Answering as <b>{student}</b> ({source}). Your answers are saved to "
        "<code>{answers}</code>.",
        "who_are_you": "Who are you? Enter the name your instructor knows you by (your nbgrader "
        "student id). Your cases depend on it.",
        "start": "Start",
        "change_name": "Not you? Change name",
        "change_warning": "Answers already saved belong to the old name's cases and will not "
        "count for the new name.",
        "enter_name_first": "Enter your name at the top of the notebook first; then your cases "
        "appear here.",
        "saved": "Saved (attempt {attempt}). Your last answer to this case counts; you may "
        "change it with Try again.",
        "saved_answer": "Case {number}: answer saved ({chars} characters, attempt {attempt}).",
        "no_answer": "Case {number}: no answer saved yet.",
        "check_again": "Check again",
        "title": "# {name}: answering customers in public",
        "intro": (
            "You will get **{n} cases**: posts from customers on social media. They are yours "
            "alone; other trainees get other cases.\n\n"
            "1. Run the cells from the top (*Run → Run All Cells*). The first one finds out who "
            "you are; if it asks, enter the name your instructor knows you by.\n"
            "2. Answer each case in its box and press *Send*. Every answer is saved at once to "
            "`{answers}` in this folder. You may send again; your **last** answer to a case "
            "counts.\n"
            "3. Work as on a real shift: the cases were waiting before you started, and your "
            "speed is measured on a simulated clock from the order and the length of your "
            "answers, not from the real time.\n"
            "4. Submit the assignment when you are done. Do not rename or delete `{answers}`.\n\n"
            "Each case is graded on tone, speed, facts and privacy. The cells marked *graded "
            "after you submit* do nothing now."
        ),
        "case": "## Case {number}",
        "graded_later": "Case {number} · {dimension}: graded from your saved answer after you "
        "submit ({points:g} points).",
        "before_submit": "## Before you submit\n\nThe cell below lists the cases that have a "
        "saved answer. Then save the notebook and submit.",
    },
    "sv": {
        "answering_as": "Du svarar som <b>{student}</b> ({source}). Dina svar sparas i "
        "<code>{answers}</code>.",
        "who_are_you": "Vem är du? Skriv namnet som din lärare känner dig under (ditt "
        "nbgrader-id). Dina ärenden beror på det.",
        "start": "Börja",
        "change_name": "Inte du? Byt namn",
        "change_warning": "Svar som redan sparats hör till det gamla namnets ärenden och räknas "
        "inte för det nya namnet.",
        "enter_name_first": "Skriv först ditt namn högst upp i anteckningsboken; sedan visas "
        "dina ärenden här.",
        "saved": "Sparat (försök {attempt}). Ditt sista svar på ärendet räknas; du kan ändra "
        "det med Försök igen.",
        "saved_answer": "Ärende {number}: svar sparat ({chars} tecken, försök {attempt}).",
        "no_answer": "Ärende {number}: inget svar sparat ännu.",
        "check_again": "Kontrollera igen",
        "title": "# {name}: att svara kunder offentligt",
        "intro": (
            "Du får **{n} ärenden**: inlägg från kunder i sociala medier. De är bara dina; "
            "andra deltagare får andra ärenden.\n\n"
            "1. Kör cellerna uppifrån (*Run → Run All Cells*). Den första tar reda på vem du "
            "är; om den frågar, skriv namnet som din lärare känner dig under.\n"
            "2. Svara på varje ärende i rutan och tryck *Skicka*. Varje svar sparas direkt i "
            "`{answers}` i den här mappen. Du får skicka igen; ditt **sista** svar räknas.\n"
            "3. Arbeta som på ett riktigt pass: ärendena väntade redan när du började, och din "
            "snabbhet mäts på en simulerad klocka utifrån ordningen och längden på dina svar, "
            "inte den verkliga tiden.\n"
            "4. Lämna in uppgiften när du är klar. Byt inte namn på och radera inte "
            "`{answers}`.\n\n"
            "Varje ärende bedöms på ton, snabbhet, fakta och integritet. Cellerna märkta "
            "*bedöms efter inlämning* gör ingenting nu."
        ),
        "case": "## Ärende {number}",
        "graded_later": "Ärende {number} · {dimension}: bedöms efter inlämning utifrån ditt "
        "sparade svar ({points:g} poäng).",
        "before_submit": "## Innan du lämnar in\n\nCellen nedan visar vilka ärenden som har "
        "ett sparat svar. Spara sedan anteckningsboken och lämna in.",
    },
    "nb": {
        "answering_as": "Du svarer som <b>{student}</b> ({source}). Svarene dine lagres i "
        "<code>{answers}</code>.",
        "who_are_you": "Hvem er du? Skriv navnet læreren din kjenner deg under (din "
        "nbgrader-id). Sakene dine avhenger av det.",
        "start": "Start",
        "change_name": "Ikke deg? Bytt navn",
        "change_warning": "Svar som allerede er lagret hører til det gamle navnets saker og "
        "teller ikke for det nye navnet.",
        "enter_name_first": "Skriv først navnet ditt øverst i notatboken; deretter vises sakene "
        "dine her.",
        "saved": "Lagret (forsøk {attempt}). Det siste svaret ditt på saken teller; du kan "
        "endre det med Prøv igjen.",
        "saved_answer": "Sak {number}: svar lagret ({chars} tegn, forsøk {attempt}).",
        "no_answer": "Sak {number}: ikke noe svar lagret ennå.",
        "check_again": "Sjekk igjen",
        "title": "# {name}: å svare kunder offentlig",
        "intro": (
            "Du får **{n} saker**: innlegg fra kunder i sosiale medier. De er bare dine; andre "
            "deltakere får andre saker.\n\n"
            "1. Kjør cellene ovenfra (*Run → Run All Cells*). Den første finner ut hvem du er; "
            "hvis den spør, skriv navnet læreren din kjenner deg under.\n"
            "2. Svar på hver sak i feltet og trykk *Send*. Hvert svar lagres straks i "
            "`{answers}` i denne mappen. Du kan sende på nytt; det **siste** svaret teller.\n"
            "3. Jobb som på en ekte vakt: sakene ventet allerede da du begynte, og hurtigheten "
            "din måles på en simulert klokke ut fra rekkefølgen og lengden på svarene dine, "
            "ikke den virkelige tiden.\n"
            "4. Lever oppgaven når du er ferdig. Ikke gi nytt navn til eller slett "
            "`{answers}`.\n\n"
            "Hver sak vurderes på tone, hurtighet, fakta og personvern. Cellene merket "
            "*vurderes etter innlevering* gjør ingenting nå."
        ),
        "case": "## Sak {number}",
        "graded_later": "Sak {number} · {dimension}: vurderes etter innlevering ut fra det "
        "lagrede svaret ditt ({points:g} poeng).",
        "before_submit": "## Før du leverer\n\nCellen nedenfor viser hvilke saker som har et "
        "lagret svar. Lagre så notatboken og lever.",
    },
}


def text(locale: str, key: str, **values: object) -> str:
    return TEXTS.get(locale, TEXTS["en"])[key].format(**values)
