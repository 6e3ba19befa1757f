"""The Danish working cycle's texts: Horsensklyngen's (until 2026-12-31) and Sundhedsråd
Horsens' (from 2027-01-01). The story (``klynge.meetings.demo.story``) is the same; the words
fit the collaboration that lives on the day of loading. Content, not interface: Danish, as the
demo's people would have written it."""

from __future__ import annotations

# A case: who submits ("member", "panelist", or "panel-body": the panelist as the user
# panel), title, description, what is asked for, target groups, themes, the day submitted
# (from today).
CaseText = tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], int]

CLUSTER_CASES: dict[str, CaseText] = {
    "visits": ("member", "Opfølgende hjemmebesøg efter udskrivelse af ældre medicinske patienter",
               "Hver femte ældre medicinske patient genindlægges inden for 30 dage. Et "
               "opfølgende hjemmebesøg af en kommunal sygeplejerske inden for 48 timer har i "
               "Skanderborg halveret genindlæggelserne i en afprøvning.",
               "At klyngen udbreder de opfølgende hjemmebesøg til alle fire kommuner.",
               ("frail-elderly", "multiple-chronic"), ("transitions", "prevention"), -70),
    "acute": ("member", "Fælles akutteam på tværs af kommunerne",
              "Kommunernes akutteams dækker forskellige tider og opgaver. Et fælles team om "
              "natten vil kunne forebygge indlæggelser.",
              "At klyngen godkender et toårigt forsøg med et fælles akutteam om natten.",
              ("frail-elderly",), ("acute-care",), -65),
    "budget": ("member", "Fordeling af samarbejdsmidler 2027",
               "Forslag til, hvordan klyngens samarbejdsmidler fordeles mellem indsatserne i "
               "2027. Fortrolig, indtil den politiske styregruppe har besluttet.",
               "At den politiske styregruppe godkender fordelingen.", (), ("workforce",), -63),
    "users": ("panel-body", "Brugerinddragelse i klyngens handleplan",
              "Brugerpanelet ønsker at blive inddraget, før indsatserne i handleplanen "
              "besluttes, og ikke kun høres bagefter.",
              "At handleplanen fastlægger, hvornår brugerpanelet inddrages.", (),
              ("user-involvement",), -45),
    "leaflet": ("member", "Fælles hjemmeside for sundhedstilbud",
                "En fælles oversigt over kommunernes og regionens sundhedstilbud.",
                "At klyngen finansierer en fælles hjemmeside.", (), ("digital",), -38),
    "parking": ("panel-body", "Gratis parkering ved Regionshospitalet Horsens",
                "Pårørende betaler meget for parkering ved lange indlæggelser.",
                "At parkering bliver gratis for pårørende.", (), ("user-involvement",), -33),
    "relatives": ("panel-body", "Pårørende med til udskrivelsessamtalen",
                  "Pårørende får ofte først besked om udskrivelsen, når patienten er på vej "
                  "hjem. Brugerpanelet foreslår, at pårørende altid inviteres til samtalen.",
                  "At hospitalet og kommunerne aftaler, at pårørende inviteres til "
                  "udskrivelsessamtalen.", ("frail-elderly",), ("transitions",
                                                                 "user-involvement"), -30),
    "booking": ("panelist", "Digital tidsbestilling hos egen læge",
                "Det er svært at komme igennem på telefonen hos egen læge.",
                "Bedre adgang.", (), ("general-practice", "digital"), -24),
    "psychiatry": ("panelist", "Overgange fra psykiatrien til kommunale tilbud",
                   "Borgere, der udskrives fra psykiatrisk afdeling, venter ofte uger på et "
                   "kommunalt tilbud og mister kontakten undervejs.",
                   "At faggruppen for mental sundhed foreslår en fast kontaktperson ved "
                   "udskrivelsen.", ("mental-illness-addiction",), ("transitions",), -20),
    "rehab": ("member", "Ventetid på genoptræning efter hoftebrud",
              "Ventetiden på kommunal genoptræning efter hoftebrud er fra 8 til 25 dage i "
              "klyngens kommuner.",
              "At klyngen aftaler en fælles frist for start af genoptræningen.",
              ("frail-elderly",), ("rehabilitation",), -3),
}

CLUSTER: dict[str, str] = {
    "note_name": "notat-hjemmebesoeg.txt",
    "note": "Notat: opfølgende hjemmebesøg i Skanderborg Kommune\n\nAfprøvning 2025-2026: "
            "212 borgere over 75 år fik besøg inden for 48 timer efter udskrivelsen. "
            "Genindlæggelser inden for 30 dage: 11 % mod 22 % før.\n",
    "visits_recommendation": "Faggruppen anbefaler, at alle fire kommuner tilbyder opfølgende "
                             "hjemmebesøg inden for 48 timer til ældre medicinske patienter, "
                             "der udskrives.",
    "visits_route": "Faggruppen har givet sin anbefaling; til beslutning i styregruppen.",
    "budget_confidential": "Fortrolig, indtil den politiske styregruppe har besluttet.",
    "budget_recommendation": "Budgetgruppen anbefaler, at 60 % går til indsatsen for ældre "
                             "medicinske patienter og 40 % til mental sundhed.",
    "first_title": "Møde i Faglig strategisk styregruppe",
    "first_place": "Regionshospitalet Horsens, mødelokale 1",
    "visits_description": "Faggruppen for ældre medicinske patienter har givet sin anbefaling; "
                          "se sagens notat.",
    "visits_proposal": "Styregruppen godkender, at de opfølgende hjemmebesøg udbredes til alle "
                       "fire kommuner fra 1. marts.",
    "acute_proposal": "Styregruppen godkender et toårigt forsøg.",
    "reform_title": "Orientering om sundhedsreformen og overgangen til Sundhedsråd Horsens",
    "reform_description": "Klyngesekretariatet orienterer om tidsplanen for overgangen "
                          "1. januar 2027.",
    "personal_title": "Forlængelse af klyngekoordinatorens sekondering",
    "personal_description": "Sekonderingen udløber 31. december.",
    "conflict": "Medejer af en lægepraksis, der indgår i akutteamets forsøg.",
    "visits_outcome": "Styregruppen godkendte, at de opfølgende hjemmebesøg udbredes til alle "
                      "fire kommuner fra 1. marts, og at effekten måles efter et år.",
    "visits_debate": "Styregruppen drøftede finansieringen i opstartsåret.",
    "acute_outcome": "Styregruppen godkendte et toårigt forsøg med et fælles akutteam om "
                     "natten.",
    "reform_outcome": "Orienteringen blev taget til efterretning.",
    "personal_outcome": "Sekonderingen forlænges til 31. december 2026.",
    "action_plan": "Udarbejde implementeringsplan for de opfølgende hjemmebesøg",
    "action_numbers": "Indsamle tal for genindlæggelser i de fire kommuner",
    "action_agreement": "Udarbejde samarbejdsaftale for det fælles akutteam",
    "first_minutes": "Mødet blev holdt som planlagt. {absent} havde meldt afbud.",
    "acute_close": "Forsøget er godkendt og i gang; opfølgningen sker i handlingspunktet.",
    "second_title": "Møde i Politisk styregruppe",
    "second_place": "Horsens Rådhus, byrådssalen",
    "users_proposal": "Den politiske styregruppe godkender, at brugerpanelet høres, før "
                      "indsatser i handleplanen besluttes.",
    "budget_proposal": "Fordelingen godkendes som anbefalet af budgetgruppen.",
    "status_title": "Status på klyngens handleplan 2026",
    "status_description": "Sekretariatet gør status over handleplanens indsatser.",
    "users_outcome": "Brugerpanelet høres, før indsatser i handleplanen besluttes.",
    "budget_outcome": "Fordelingen blev godkendt som anbefalet af budgetgruppen.",
    "status_outcome": "Status blev taget til efterretning.",
    "send_plan": "Sende den godkendte handleplan til byrådene og regionsrådet",
    "withdraw": "Indgår i regionens projekt om en fælles indgang til sundhedstilbud.",
    "reject": "Parkeringen ved hospitalet er Region Midtjyllands, ikke klyngens; sekretariatet "
              "har sendt forslaget videre til hospitalsledelsen.",
    "return": "Beskriv hvilke borgere der har problemet, og hvad klyngen kan gøre; "
              "tidsbestillingen er den enkelte læges.",
    "closed_title": "Høring over udkast til handleplan for sammenhængende forløb 2027",
    "closed_description": "Klyngen hører brugerpanelet, ældrerådene og kommunerne om udkastet "
                          "til handleplanen, før den politiske styregruppe behandler den.",
    "answer_panel": "Brugerpanelet støtter udkastet, men savner, at pårørende nævnes i "
                    "afsnittet om udskrivelse.",
    "response_panel": "Afsnittet om udskrivelse nævner nu pårørende; se sagen om pårørende ved "
                      "udskrivelsessamtalen.",
    "answer_member": "Skanderborg Kommune kan tilslutte sig udkastet og foreslår, at "
                     "genoptræning bliver en indsats i 2027.",
    "response_member": "Genoptræning tages op i arbejdet med handleplanen for 2028.",
    "answer_elders": "Ældrerådene ønsker, at de opfølgende hjemmebesøg også omfatter borgere "
                     "over 65 år med flere kroniske sygdomme.",
    "response_elders": "Faggruppen for ældre medicinske patienter vurderer målgruppen i "
                       "foråret.",
    "summary": "Tre høringssvar. Udkastet er tilrettet om pårørende; forslagene om genoptræning "
               "og målgruppen for hjemmebesøg tages op i 2027.",
    "open_title": "Høring over forslag til fælles forløbsbeskrivelse for borgere med demens",
    "open_description": "Forløbsbeskrivelsen fastlægger, hvem der gør hvad, fra demens "
                        "mistænkes, til borgeren er udredt og har fået en kontaktperson i "
                        "kommunen.",
    "open_answer": "Brugerpanelet foreslår, at de pårørende får samme kontaktperson som "
                   "borgeren.",
    "coming_title": "Møde i Faglig strategisk styregruppe",
    "coming_place": "Horsens Rådhus, mødelokale 3",
    "relatives_proposal": "Styregruppen beder hospitalet og kommunerne om at aftale, at "
                          "pårørende inviteres til udskrivelsessamtalen.",
    "hearing_item": "Høringsnotat: {title}",
    "hearing_item_proposal": "Styregruppen tager høringsnotatet til efterretning og sender "
                             "handleplanen til den politiske styregruppe.",
    "papers_title": "Overdragelse af klyngens sager og handlingspunkter til Sundhedsråd "
                    "Horsens",
    "papers_description": "Sekretariatet fremlægger listen over åbne sager.",
    "paper_name": "aabne-sager.txt",
    "paper": "Åbne sager og handlingspunkter pr. {day}\n\nSe listen over sager i Klynge.\n",
}

COUNCIL_CASES: dict[str, CaseText] = {
    **CLUSTER_CASES,
    "visits": ("member", CLUSTER_CASES["visits"][1], CLUSTER_CASES["visits"][2],
               "At sundhedsrådet udbreder de opfølgende hjemmebesøg til alle fire kommuner i "
               "sundhedsaftalen.", ("frail-elderly", "multiple-chronic"),
               ("transitions", "prevention"), -70),
    "acute": ("member", "Fælles akutteam på tværs af kommunerne",
              "Kommunernes akutteams og regionens akutsygepleje dækker forskellige tider og "
              "opgaver. Et fælles team om natten vil kunne forebygge indlæggelser.",
              "At sundhedsrådet godkender et toårigt forsøg med et fælles akutteam om natten.",
              ("frail-elderly",), ("acute-care",), -65),
    "budget": ("member", "Fordeling af sundhedsrådets udviklingsmidler 2027",
               "Forslag til, hvordan rådets udviklingsmidler fordeles mellem indsatserne i "
               "sundhedsaftalen. Fortrolig, indtil sundhedsrådet har besluttet.",
               "At sundhedsrådet godkender fordelingen.", (), ("workforce",), -63),
    "users": ("panel-body", "Brugerinddragelse i sundhedsaftalen",
              "Brugerpanelet ønsker at blive inddraget, før indsatserne i sundhedsaftalen "
              "besluttes, og ikke kun høres bagefter.",
              "At sundhedsaftalen fastlægger, hvornår brugerpanelet inddrages.", (),
              ("user-involvement",), -45),
    "leaflet": ("member", "Fælles hjemmeside for sundhedstilbud",
                "En fælles oversigt over kommunernes og regionens sundhedstilbud.",
                "At sundhedsrådet finansierer en fælles hjemmeside.", (), ("digital",), -38),
    "psychiatry": ("panelist", "Overgange fra psykiatrien til kommunale tilbud",
                   "Borgere, der udskrives fra psykiatrisk afdeling, venter ofte uger på et "
                   "kommunalt tilbud og mister kontakten undervejs.",
                   "At sundhedsrådet aftaler en fast kontaktperson ved udskrivelsen.",
                   ("mental-illness-addiction",), ("transitions",), -20),
    "rehab": ("member", "Ventetid på genoptræning efter hoftebrud",
              "Ventetiden på kommunal genoptræning efter hoftebrud er fra 8 til 25 dage i "
              "sundhedsrådets kommuner.",
              "At sundhedsrådet aftaler en fælles frist for start af genoptræningen.",
              ("frail-elderly",), ("rehabilitation",), -3),
}

COUNCIL: dict[str, str] = {
    **CLUSTER,
    "visits_recommendation": "Brugerpanelet anbefaler hjemmebesøgene og beder om, at de "
                             "pårørende får besked, før besøget aflægges.",
    "visits_route": "Brugerpanelet har givet sin anbefaling; til beslutning i sundhedsrådet.",
    "budget_confidential": "Fortrolig, indtil sundhedsrådet har besluttet.",
    "first_title": "Møde i Sundhedsrådet – Horsens",
    "first_place": "Regionshospitalet Horsens, auditoriet",
    "visits_description": "Brugerpanelet har givet sin anbefaling; se sagens notat.",
    "visits_proposal": "Sundhedsrådet godkender, at de opfølgende hjemmebesøg udbredes til alle "
                       "fire kommuner og indgår i sundhedsaftalen.",
    "acute_proposal": "Sundhedsrådet godkender et toårigt forsøg.",
    "reform_title": "Orientering om de opgaver, der er flyttet fra kommunerne til regionen",
    "reform_description": "Sekretariatet orienterer om status efter overgangen 1. januar "
                          "2027.",
    "personal_title": "Ansættelse af sundhedsrådets koordinator",
    "personal_description": "Indstilling om fastansættelse efter prøvetiden.",
    "conflict": "Næstformand i Røde Kors Horsens, der skal bemande akutteamets frivillige "
                "vagter.",
    "visits_outcome": "Sundhedsrådet godkendte, at de opfølgende hjemmebesøg udbredes til alle "
                      "fire kommuner og indgår i sundhedsaftalen, og at effekten måles efter "
                      "et år.",
    "visits_debate": "Rådet drøftede finansieringen i opstartsåret.",
    "acute_outcome": "Sundhedsrådet godkendte et toårigt forsøg med et fælles akutteam om "
                     "natten.",
    "personal_outcome": "Koordinatoren fastansættes.",
    "first_minutes": "Mødet blev holdt som planlagt. {absent} havde meldt afbud.",
    "second_title": "Ekstraordinært møde i Sundhedsrådet – Horsens",
    "second_place": "Horsens Rådhus, byrådssalen",
    "users_proposal": "Sundhedsrådet godkender, at brugerpanelet høres, før indsatser i "
                      "sundhedsaftalen besluttes.",
    "budget_proposal": "Fordelingen godkendes som foreslået af sekretariatet.",
    "status_title": "Status på sundhedsaftalen 2027-2030",
    "status_description": "Sekretariatet gør status over arbejdet med sundhedsaftalen.",
    "users_outcome": "Brugerpanelet høres, før indsatser i sundhedsaftalen besluttes.",
    "budget_outcome": "Fordelingen blev godkendt som foreslået.",
    "send_plan": "Sende beslutningen om brugerinddragelse til byrådene og regionsrådet",
    "reject": "Parkeringen ved hospitalet hører under hospitalsledelsen, ikke sundhedsrådet; "
              "sekretariatet har sendt forslaget videre.",
    "return": "Beskriv hvilke borgere der har problemet, og hvad sundhedsrådet kan gøre; "
              "tidsbestillingen er den enkelte læges.",
    "closed_title": "Høring over udkast til sundhedsaftale for Horsensområdet",
    "closed_description": "Sundhedsrådet hører brugerpanelet, ældrerådene og kommunerne om "
                          "udkastet til sundhedsaftalen, før rådet behandler det.",
    "answer_panel": "Brugerpanelet støtter udkastet, men savner, at pårørende nævnes i "
                    "afsnittet om udskrivelse.",
    "answer_member": "Skanderborg Kommune kan tilslutte sig udkastet og foreslår, at "
                     "genoptræning bliver en indsats i aftalen.",
    "response_member": "Genoptræning tages op ved aftalens første revision.",
    "answer_elders": "Ældrerådet ønsker, at de opfølgende hjemmebesøg også omfatter borgere "
                     "over 65 år med flere kroniske sygdomme.",
    "response_elders": "Sekretariatet vurderer målgruppen til rådets næste møde.",
    "summary": "Tre høringssvar. Udkastet er tilrettet om pårørende; forslagene om genoptræning "
               "og målgruppen for hjemmebesøg tages op ved aftalens første revision.",
    "coming_title": "Møde i Sundhedsrådet – Horsens",
    "relatives_proposal": "Sundhedsrådet beder hospitalet og kommunerne om at aftale, at "
                          "pårørende inviteres til udskrivelsessamtalen.",
    "hearing_item_proposal": "Sundhedsrådet tager høringsnotatet til efterretning og "
                             "godkender sundhedsaftalen.",
    "papers_title": "Sager og handlingspunkter overtaget fra Horsensklyngen",
    "papers_description": "Sekretariatet fremlægger listen over de overtagne sager.",
}
