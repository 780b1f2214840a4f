"""The words incident extraction reads: triggers, actors, counts and cues, as data in one place.

Each table is a plain mapping or list of regular-expression sources; :mod:`geo.incidents` compiles
and applies them. Patterns are matched case-insensitively on one sentence.

>>> NUMBER_WORDS["twenty"], VAGUE_COUNTS["dozens"]
(20, 12)
"""

from __future__ import annotations

__all__ = [
    "ACTOR_CLASSES",
    "AGGREGATE",
    "ARMED_CLASSES",
    "ATTEMPT",
    "ATTRIBUTION_PLACE",
    "BACKGROUND",
    "BACK_REFERENCE",
    "CAPITALS",
    "CASUALTY_WORDS",
    "CIVILIAN_PLACES",
    "COUNTRY_AS_ACTOR",
    "CROSSED_BORDER",
    "CROSSING_INTO",
    "DESTINATION",
    "DIED_OF_WOUNDS",
    "DIPLOMATIC",
    "DIPLOMATIC_SETTING",
    "DISPUTED",
    "EARLIER",
    "EVENT_TYPES",
    "FIRE_WORDS",
    "FORCE_ON_PROTEST",
    "GENERIC",
    "HYPOTHETICAL",
    "INSIDE",
    "KIND_CHANGE",
    "MOB",
    "NEW_EVENT",
    "NOT_DISPUTED",
    "NOT_VIOLENCE",
    "NUMBER_WORDS",
    "OCCURRED",
    "PERSON_NOUNS",
    "PRIOR_EVENT",
    "PROTEST",
    "PROTESTING",
    "RECALL",
    "REPORT_VERB",
    "RIOT",
    "SAME_DAY_LATER",
    "SAME_PLACE",
    "SETTING",
    "SPEAKER_AFTER_PLACE",
    "SPOKEN_IN",
    "SPOKESMAN",
    "STATEMENT",
    "STATE_ACTING",
    "STATE_PEOPLE",
    "SUB_EVENT_TYPES",
    "TITLES",
    "TOLL_UPDATE",
    "TOTAL",
    "TRIGGERS",
    "VAGUE_COUNTS",
]

SUB_EVENT_TYPES: dict[str, str] = {
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Armed clash": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Government regains territory": "Battles",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Excessive force against protesters": "Protests",
    "Protest with intervention": "Protests",
    "Peaceful protest": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Non-violent transfer of territory": "Strategic developments",
    "Arrests": "Strategic developments",
    "Other": "Strategic developments",
}
"""ACLED sub-event types Borderwatch codes, with their event type."""

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Riots",
    "Protests",
    "Strategic developments",
)

TRIGGERS: list[tuple[str, str]] = [
    # (pattern, sub-event type), most telling first: remote means decide the type whoever is hit
    (r"\bdrones?\b|\bUAVs?\b|\bquadcopters?\b|\bair ?strikes?\b|\bair raids?\b|\baerial (?:attack|bombardment|strike)s?\b|\bwarplanes?\b|\bjets? (?:struck|bombed)\b|\bbombed\b|"
     r"\b(?:helicopters?|gunships?|aircraft|planes?|jets?)\s+(?:\w+\s+)?(?:bombard(?:s|ed)?|bomb(?:s|ed)?|strikes?|struck|strafe[sd]?|attack(?:s|ed)?|fire[sd]? (?:on|at|rockets|missiles))\b", "Air/drone strike"),
    (r"\bshell(?:ing|ed|s)?\b|\bartillery\b|\bmortars?\b|\brockets?\b|\bmissiles?\b|\bbombardment\b|\bbombard(?:ed|ing|s)?\b", "Shelling/artillery/missile attack"),
    (r"\bsuicide (?:bomb(?:er|ing)?s?|attack(?:er)?s?)\b", "Suicide bomb"),
    (r"\bgrenade (?:attacks?|blasts?|explosions?)\b|\b(?:threw|thrown|throwing|hurled|lobbed|tossed) (?:a |two |three |several )?(?:hand )?grenades?\b|\bhit by (?:a )?grenade\b", "Grenade"),
    (r"\bIEDs?\b|\broadside bombs?\b|(?<!gold )(?<!coal )(?<!copper )(?<!salt )\b(?:land ?)?mines?\b(?! (?:workers?|site|camp|in\b))|\bexplosive devices?\b|\bexplosions?\b|\bblasts?\b|\bbomb(?:s|ing)?\b|\bexploded\b|\bdetonated\b", "Remote explosive/landmine/IED"),
    (r"\babduct(?:ed|ion|s)?\b|\bkidnapp?(?:ed|ing|s)?\b|\btaken hostage\b|\bhostage-taking\b|\bheld (?:\w+ ){0,4}hostage\b|\b(?:take|taking|took) (?:\w+ ){0,6}(?:as )?hostages?\b|\bseized (?!by\b)(?:\w+ ){0,3}(?:guards?|soldiers?|servicemen|hostages?|residents|villagers|civilians|people|men|women|children|workers)\b", "Abduction/forced disappearance"),
    (r"\bclash(?:es|ed)?\b|\bfire ?fights?\b|\bgun ?battles?\b|\bgun ?fights?\b|\bshoot-?outs?\b|\bexchange(?:d|s)? (?:of )?(?:gun)?fire\b|\bexchanging fire\b|"
     r"\bfighting\b|\bfought\b|\b(?:trade[ds]?|trading|exchange[ds]?|exchanging) (?:of )?(?:heavy |small-arms |gun|mortar |artillery )?fire\b|\bskirmish(?:es)?\b|\bhostilities\b|\bfiring (?:broke out|erupted)\b|\bcombat\b|\bbattle\b|\bopened return fire\b|\breturn(?:ed|ing)? fire\b|\barmed resistance\b", "Armed clash"),
    (r"\bfell to (?:the )?(?:Taliban|militants|insurgents|rebels|fighters|group)\b|\b(?:seized|took|taken|gained|captured|in|under) (?:full )?control of\b|\bunder (?:the )?(?:Taliban|militants'|insurgents'|their) control\b|\boverr(?:a|u)n\b|"
     r"\b(?:take|takes|took)\s+(?!place\b|part\b)(?:\w+\s+){0,2}?(?:districts?|towns?|city|border crossings?|ports?)\b|"
     r"\b(?:captured|seized|overrun|capture|captures|seize|seizes|occupied|occupies)\s+(?:\w+\s+){0,3}?(?:districts?|count(?:y|ies)|towns?|city|cities|villages?|border crossings?|crossings?|ports?|border posts?|posts?|checkpoints?|bases?|district (?:centre|center|headquarters))\b|"
     r"\b(?:forces|troops|soldiers|police|defenders)\s+(?:\w+\s+){0,2}?(?:withdrew|retreated|pulled out|fled)\s+from\b|\b(?:capture|seizure|fall) of (?:the )?(?:[\w-]+ ){0,3}(?:city|town|district|province|border crossing|crossing|port)\b", "Non-state actor overtakes territory"),
    (r"\b(?:recaptured|retook|regained control of|retaken)\b", "Government regains territory"),
    (r"\b(?:threw|throwing|hurled|hurling) (?:stones|rocks)\b|\bstones at each other\b|\b(?:was|were|been|got) stoned\b|\bstoned (?:the|a|an|their|his|her) (?:\w+ )?(?:house|home|car|vehicle|bus|truck)s?\b|\bpelted (?:\w+ ){0,2}with stones\b|"
     r"\bston(?:e|ed|ing) each other\b|\battacked each other with stones\b|\b(?:began|started) (?:stoning|pelting)\b|"
     r"\bstoning\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:border guards|guards|servicemen|soldiers|police|policemen|officers|troops)\b|"
     r"\b(?:conflict|brawl|scuffle|fight|mass fight)\s+(?:\w+\s+){0,2}between\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}(?:residents|villagers|citizens|locals|inhabitants|communities)\b", "Mob violence"),
    (r"\battack(?:s|ed|ing)?\b|\braids?\b|\braided\b|\bambush(?:ed|es)?\b|\bfired (?:on|at|upon|into|shots|across)\b|\bfiring (?:at|on|upon|into)\b|\bopened (?:\w+ ){1,3}(?:fire|firing)\b|\b(?:sustained|suffered) (?:\w+ )?(?:injuries|wounds)\b|\bshooting\b|\b(?:began|begun|started|start|begin) to (?:shoot|fire)\b|\bshot (?:dead|and killed|at|down)\b|\bwas shot\b|\bwere shot\b|"
     r"\bgunfire\b|\bshots\b|\bfires? (?:on|at|upon|into)\b|\bfired (?:\w+ ){0,3}(?:pistols?|rifles?|guns?|shots|rounds|bullets|weapons) (?:into|at|on)\b|\bcame under (?:\w+ )?fire\b|"
     r"\bhit by (?:gun)?fire\b|\bdeath toll\b|\bwound(?:ed|ing)\b|\binjur(?:ed|ing)\b|\bbeheaded\b|\bexecuted\b|\blynched\b|\btorture[d]?\b|\bkill(?:ed|ing|s)?\b|\bneutrali[sz](?:ed|es)\b|\bliquidated\b|\bmurder(?:ed)?\b|\bstormed\b|\b(?:beat(?:en)?|stabbed|stoned|hacked)(?: (?:him|her))? (?:to death|up)\b|\bassault(?:ed)?\b(?! rifles?)|\bopened fire\b|\bshot\b|\bviolence\b", "Attack"),
    # last: an arrest in a sentence that tells of a clash or an attack is part of it
    (r"\b(?:arrested|detained|apprehended|taken into custody|under arrest|(?:arrests|detains|detain|arrest)\s+(?:of\s+)?(?:\w+\s+){0,3}?(?:suspects?|men|people|smugglers|traffickers|citizens|nationals|members|militants))\b", "Arrests"),
]
"""Event words and the ACLED sub-event type each suggests (the actors refine it)."""

PROTESTING = (
    r"\bprotest(?:s|ers|ed|ing)?\b|\bdemonstrat(?:ions?|ors)\b|\bdemonstrat(?:ed|ing) (?:against|outside|in front of|in|at|near|on)\b|\brall(?:y|ies|ied)\b|\bsit-ins?\b|\bmarched\b|\b(?:people|residents|crowds?|hundreds|thousands|dozens|villagers|locals|women|men|relatives)\b[^.;]{0,80}\bgathered\b"
    r"(?!\s+(?:for|at|to attend|to mourn)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:funerals?|prayers?|burials?|ceremon(?:y|ies)|memorial|wedding|celebrations?|meeting|mourning|the dead))"
    r"|\bgathered (?:in front of|outside) (?:the )?(?:[\w-]+ ){0,3}?(?:building|offices?|headquarters|administration|parliament|embassy|consulate|palace|compound)\b"
)
"""People protesting, marching or gathered: a protest, peaceful unless force is told (ACLED)."""
PROTEST = rf"{PROTESTING}|\bblock(?:ed|ing|aded) (?:the |a |main )?(?:roads?|highway|streets?)\b|\bcrowds?\b"
"""A protest, or what may be one (a road blocked, a crowd): with force used on them, the event is a protest (ACLED)."""
FORCE_ON_PROTEST = (
    r"\b(?:fired|fire on|opened fire|shot|dispersed|dispersing|broke up|break up|breaking up|tear gas|rubber bullets|water cannons?|"
    r"stun grenades|batons?|beat|beaten|beating|clash(?:ed|es)?|used force|force was used)\b"
)
"""Force on a protest told in its sentence: without it, people who gathered to protest held a peaceful protest (ACLED);
police who are only there ("the removal of police checkpoints") use no force."""
DIPLOMATIC_PROTEST = (
    r"\b(?:summon\w*|lodg\w*|fil(?:ed|es|ing)|sen[dt]|deliver\w*|hand(?:ed|s)|issu\w*|register\w*|voic\w*|express\w*)\s+(?:[\w’'-]+\s+){0,6}?protests?\b|"
    r"\b(?:note|letter) of protest\b|\bprotest notes?\b|\bdiplomatic protests?\b|"
    r"\bprotest(?:ed|s)? (?:to|with) (?:the )?(?:[\w’'-]+ ){0,2}(?:government|embassy|ambassador|envoy|ministry|counterparts?|authorities)\b"
)
"""A state's protest (a note, an envoy summoned): talk between governments, not people protesting."""
RIOT = (
    r"\b(?:set (?:fire|ablaze)|torched|(?:threw|throw|throwing|hurled|hurling) (?:stones|rocks|bricks)|stoned|stoning|pelted|pelting|looted|rioters?|riots?|mob|"
    r"storm(?:s|ed|ing)? (?:the |a )?(?:\w+ ){0,3}(?:building|office|headquarters|compound|station|post)|armed with (?:guns|stones|sticks|rocks|knives|makeshift weapons)|"
    r"(?:crowds?|protesters|demonstrators)\s+(?:\w+\s+){0,2}?(?:attacked|opened fire|threw (?:a )?grenades?|set fire))\b"
)
"""Violence by the crowd itself: a riot."""
MOB = (
    r"\b(?:clash(?:es|ed)?|fight(?:s|ing)?|brawl|skirmish|conflict|scuffle|confrontation|violence)\s+(?:\w+\s+){0,3}between\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}"
    r"(?:residents|villagers|villages|citizens|locals|inhabitants|civilians|communities|Kyrgyz|Tajiks|Uzbeks|Afghans)\b|"
    r"\b(?:residents|villagers|locals|people|crowds?|citizens|Tajiks|Kyrgyz|Uzbeks)\b[^.;]{0,80}\b(?:threw|throwing|hurled|hurling) (?:stones|rocks)\b|"
    r"\bstones at each other\b|\bston(?:e|ed|ing) each other\b|\b(?:Tajiks|Kyrgyz|Uzbeks|residents|villagers) stoned\b|\b(?:was|were) (?:stoned|pelted with stones)\b"
)
"""People of two communities fighting each other (villagers on both sides of a border throwing stones): mob violence, not a protest."""

ACTOR_CLASSES: dict[str, str] = {
    r"\bborder (?:guards?|troops|forces|service|police|units?|detachments?|posts?|outposts?|servicem[ae]n|officers?|ensigns?)\b|\bfrontier (?:guards?|troops|forces)\b|\bguards\b|\bguardsm[ae]n\b": "border troops",
    r"\bsoldiers?\b|\btroops\b|\barmy\b|\bmilitary\b|\bservicem[ae]n\b|\bsecurity forces\b|\bgovernment forces\b|\bforces\b|\bcommandos?\b|\bspecial forces\b|\bcheckpoints?\b|\bposts?\b|\boutposts?\b|\bpersonnel\b": "state forces",
    r"\bpolice(?:m[ae]n|wom[ae]n)?\b|\bofficers?\b|\bmilitia\b|\bsecurity services?\b|\bintelligence\b|\bGKNB\b|\blaw enforcement\b": "police",
    r"\bTalib[ae]n\b|\bIslamic Emirate\b": "taliban",
    r"\bmilitants?\b|\binsurgents?\b|\bterrorists?\b|\bjihadists?\b|\bextremists?\b|\bIslamic State\b|\bISIS\b|\bISKP\b|\bIS-K\b|\bDaesh\b|\bgunm[ae]n\b|\bfighters?\b|\brebels?\b|\barmed (?:men|group|groups|individuals|people|persons|intruders)\b|\bintruders?\b|\battackers?\b|\bassailants?\b|\bNRF\b|\bresistance\b|\bTTP\b|\bcommanders?\b|\bwarlords?\b|\binformal leaders?\b": "militants",
    r"\bsmugglers?\b|\b(?:drug )?traffickers?\b|\bdrug couriers?\b|\bviolators?\b|\bcriminals?\b|\bbandits?\b|\bpoachers?\b": "smugglers",
    r"\bcivilians?\b|\bvillagers?\b|\bresidents?\b|\bfarmers?\b|\bworkers?\b|\bminers?\b|\bengineers?\b|\bwom[ae]n\b|\bchild(?:ren)?\b|\bgirls?\b|\bboys?\b|\bherders?\b|\bshepherds?\b|\bfishermen\b|\bnationals?\b|\bcitizens?\b|\blocals?\b|\bpassengers?\b|\bdrivers?\b|\btraders?\b|\bpupils\b|\bstudents?\b|\bteachers?\b|\bpilgrims\b|\brefugees\b|\bmigrants?\b|\basylum[- ]seekers?\b|\bforest rangers?\b|\brangers?\b|\blabou?rers?\b|\bwoodcutters?\b|\bfamil(?:y|ies)\b|\bpoppy growers\b|\bdoctors?\b|\bjournalists?\b|\bactivists?\b|\bteenagers?\b|\bman\b|\bmen\b": "civilians",
    r"\bprotesters?\b|\bprotestors?\b|\bdemonstrators?\b|\bcrowds?\b": "protesters",
}
"""Phrases for the sides of an event and their class (a coder's actor dictionary)."""

ARMED_CLASSES = frozenset({"border troops", "state forces", "police", "taliban", "militants", "smugglers"})
"""Organised armed sides: two of them fighting is a battle."""

NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
     "a hundred": 100, "dozen": 12, "a dozen": 12, "a single": 1, "single": 1, "a couple of": 2}
"""Number words; compounds ("twenty-five") are summed by the reader."""

VAGUE_COUNTS: dict[str, int] = {"dozens": 12, "dozens of": 12, "scores of": 12, "several": 10, "many": 10, "hundreds": 100, "hundreds of": 100}
"""ACLED's figures for vague counts ("dozens of people were wounded" is 12)."""

CASUALTY_WORDS = {
    "killed": r"killed|dead|died|deaths?|fatalities|slain|shot dead|lost their lives|perished|bodies|were martyred|martyred|embraced (?:shahadat|martyrdom)|lifeless|neutrali[sz]ed|liquidated",
    "wounded": r"wounded|injured|injuries|hurt|injuring|wounding|hospitali[sz]ed|sustained (?:gunshot )?wounds",
}
"""What a count is of: the word after the number (or before it, in "killing three")."""

TOTAL = (
    r"\b(?:(?:death|casualty) toll|toll|(?:overall |total )?number of (?:people |those )?(?:dead|deaths|killed|victims|fatalities))\s+(?:[\w’'-]+\s+){0,12}?"
    r"(?:rose|rises|climbed|climbs|risen|reached|reaches|increased|jumped|grew|grown|stands?|stood|is|was)\s+(?:to|at)\s+(?:at least\s+)?"
    r"|\bbringing the (?:[\w’'-]+\s+){0,2}?(?:toll|number of (?:dead|deaths|those killed|people killed))(?:\s+[\w’'-]+){0,4}?\s+to\s+(?:at least\s+)?"
)
"""A running total: the number after it replaces the earlier counts of the event."""

AGGREGATE = (
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"dozens of|hundreds of|several|multiple|numerous|a series of|a spate of|a string of|a wave of|recent|such|both|similar|frequent|repeated|regular|occasional|sporadic|other|past|previous|earlier)\s+"
    r"(?:\w+\s+){0,2}(?:deadly\s+|similar\s+|cross-border\s+|armed\s+)?(?:attacks|raids|incidents|strikes|clashes|assaults|skirmishes|shootings|ambushes|bombings|explosions|cases|episodes|provocations|incursions)\b"
    r"|\b(?:at least\s+|more than\s+|some\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens of|several|many)\s+times\b|\b(?:at least|more than|over)\s+twice\b"
    r"|\b(?:attacks|raids|strikes|bombings|clashes)\s+(?:that|which)\s+(?:have|had)\s+(?:killed|left|claimed)\b"
    r"|\bannual\s+(?:[\w-]+\s+)?(?:report|monitoring|figures|data|tally|review|count)\b|\b(?:Sept?(?:ember)?\.?\s+11(?:th)?|9/11)\s+attacks\b"
    r"|\b(?:in|over|during|within)\s+the\s+(?:past|last)\s+(?:[\w-]+\s+){0,2}(?:years|decades)\b|\bso far this year\b|\bsince the (?:start|beginning) of (?:the|this) year\b"
)
"""Counted or generic plurals ("two attacks", "such incidents", "recent clashes") and tolls over years ("killed in the past
twenty years", "so far this year") sum up or recall events, as "the Sept 11 attacks" recall one: never a new one.
A definite plural ("the strikes") refers back to the event being told (see BACK_REFERENCE)."""

BACK_REFERENCE = (
    r"\b(?:the|this|that|today's|yesterday's|(?:the|this) latest|(?:the|this) (?:recent|deadly|armed|fatal|violent|overnight|night|border|cross-border|latest))\s+"
    r"(?:\w+\s+)?(?:attacks?|raids?|strikes?|incidents?|assaults?|shelling|explosions?|blasts?|clash|clashes|shootouts?|firefights?|exchange|skirmish(?:es)?|ambush|violence|fighting|shootings?|bombings?|confrontation|standoff|gunfights?|operation|unrest|protests?)\b"
)
"""A definite reference to an event already told: the same event."""
BEGAN = (
    r"\b(?:the|this|that)\s+(?:\w+\s+)?(?:conflict|clash(?:es)?|fighting|violence|confrontation|hostilities|shootout|firefight|standoff|skirmish)\s+"
    r"(?:first\s+)?(?:erupted|began|started|broke out|flared)\b"
)
"""How the event told before began ("The conflict erupted when … early Saturday"): the same event, and its start."""

NEW_EVENT = (
    r"\b(?:(?:another|a second|a third|a separate|a further|a new|a similar|an earlier|a previous|in a separate|in another|in an earlier|in a previous|in a similar)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attacks?|incidents?|clash(?:es)?|conflicts?|confrontations?|raids?|strikes?|explosions?|blasts?|ambush(?:es)?|shootouts?|firefights?|skirmish(?:es)?|shootings?|bombings?|cases?|episodes?|attempts?|operations?|assaults?)|"
    r"(?:after|following|in the wake of) an? (?:[\w-]+\s+){0,2}?(?:clash|attack|firefight|shootout|gun battle|exchange of fire|skirmish|raid|ambush)\b|"
    r"separately,|also on|earlier,|^\W*recently,|earlier (?:this|that|last) (?:week|month)|earlier in the (?:week|month)|ago|(?:hours?|days?|weeks?) (?:earlier|later|before|after)|the following day|the next day|the day before)(?!\w)"
)
"""Words that open a different event from the one being told."""

BACKGROUND = (
    r"^\W*recently,|\b(?:last year|previous year|(?:in|since|during|back in) (?:early |late |mid-)?(?:19|20)\d\d|earlier this year|a year ago|years? ago|months? ago|"
    r"the latest (?:in a series|of several|such)|previously|in the past|history of|(?:was|were) not the first|recalled|in recent years|has seen|have seen|"
    r"the deadliest since|the worst since|at the time|since (?:last )?(?:January|February|March|April|May|June|July|August|September|October|November|December)|back then|in those days|similar incidents?|an earlier|in an earlier|a previous|in a previous|in a similar|last (?:spring|summer|autumn|fall|winter)|"
    r"we (?:will |would )?recall|recall that|to recall|as a reminder|it (?:should|must) be (?:recalled|reminded) that)\b"
)
"""Cues that a sentence recalls an earlier event (background), not the article's news; "We will recall that …" is how
regional outlets open one (a translation of Russian "Напомним")."""

DISPUTED = (
    r"\b(?:denied|denies|deny|denial|rejected (?:the |these |such )?(?:claims?|reports?|allegations?|accusations?)|dismissed (?:the |these |such )?(?:claims?|reports?|allegations?)|"
    r"unconfirmed|not (?:been )?(?:independently )?(?:verified|confirmed)|could not (?:be )?(?:independently )?(?:verified|confirmed|verify|confirm)|"
    r"unverified|no official confirmation|(?:has|have|had) not (?:yet )?confirmed|neither [^.]{0,60} (?:has|have) confirmed|did not confirm|"
    r"alleged (?:\w+ )?(?:attacks?|strikes?|shelling|clash(?:es)?|incursions?|killings?|raids?|bombings?|firing)|"
    r"allegedly (?:\w+ )?(?:attacked|fired|shelled|killed|struck|carried out|opened fire|bombed)|purportedly|a different (?:story|account|version)|"
    r"refuted?|"
    r"neither confirmed nor denied|rumou?rs?|the reported (?:clash|attack|incident|shooting|fighting|strike))\b"
)
"""A claim only, or one denied: the event is kept and marked disputed."""

HYPOTHETICAL = (
    r"\b(?:prevent(?:ing|ed)?|avert(?:ed)?|thwart(?:ed)?|foil(?:ed)?|fears? (?:of|that)|threat of|risks? of|warn(?:ed|s|ing)? (?:of|that|against)|would|could|might|(?-i:may)|"
    r"possible|potential|planned|plann?ing|plot(?:ted)?|intend(?:ed)?|capable of|in case of|if |unless|vowed|threatened to|ready to|to (?:repel|respond|counter|fight|combat|protect|guard|secure)|aimed at|"
    r"exercises?|drills?|training|no (?:attack|incident|clash)|without incident)\b"
)
"""The event did not (yet) happen: threats, plans, drills, prevention."""
DRILL = r"\b(?:(?:military|joint|command|tactical|anti-terror(?:ist)?|border)\s+)?(?:exercises|drills|manoeuvres|maneuvers|war games)\b"
"""Soldiers training: whatever they practise fighting and whenever, no incident (unless someone is hurt)."""
WARNING = r"\b(?:security (?:messages?|alerts?|warnings?)|warn(?:ed|s|ing)?|alert(?:ed|s)?|advis(?:ed|ory|ories)|travel advice|caution(?:ed|s)?)\b"
"""A warning: of what may happen, on whatever day it was issued, not of what happened."""

NOT_VIOLENCE = (
    r"\b(?:earthquakes?|quakes?|floods?|flooding|flash floods?|avalanches?|landslides?|mudslides?|mudflows?|natural disasters?|"
    r"(?:road|traffic|car|bus|plane|helicopter|mining) (?:accidents?|crash(?:es)?)|accident(?:ally)?|crashed into|collided|collision|drowned)\b"
)
"""Deaths no one inflicted (a disaster, an accident): not a violent event, and its toll is no incident's."""

ATTEMPT = r"\b(?:attempt(?:s|ed)?\b[^.;]{0,60}?\bto|tried to|trying to|(?:was|were) going to|(?:was|were) about to|foiled|thwarted|warded off|averted)\b"
"""An act tried and not done ("warded off an attempt by smugglers to take a villager hostage")."""

SETTING = (
    r"\b(?:spotted|detected|noticed|intercepted|tracked|observed|encountered|came across|"
    r"(?:illegally |tried to |trying to |attempted to |attempting to )?cross(?:ed|ing)?|trespass\w*|infiltrat\w*|on (?:a )?(?:routine )?patrol)\b"
)
"""A sentence that sets the scene of the event told next ("Guards spotted smugglers crossing the river in Panj district
early on Monday. When they tried to detain them, the smugglers opened fire"): its day and place are the event's."""

CROSSING_INTO = (
    r"\b(?:(?:cross(?:ed|ing)?|trespass(?:ed|ing)?|infiltrat(?:ed|ing)|sneak(?:ed|ing)?)\s+(?:the\s+border\s+)?(?:illegally\s+)?into|"
    r"enter(?:ed|ing)?(?:\s+illegally)?(?:\s+into)?)\s+(?:the\s+)?(?:territory\s+of\s+)?$"
)
"""Before the country people were crossing into when its guards shot them ("shot while trying to cross into Iran"): there it happened."""

EARLIER = r"\b(?:ago|earlier|previously|before|after|last (?:year|month|week)|(?:revenge|retaliation) for)\b"
"""A sentence of another time than the event told just before ("a month and a half ago", "after a clash in which …",
"revenge for …"): an undated event it tells does not take that event's day, and a recalled one is not that event again."""

FIRE_WORDS = r"(?:fire|fired|firing|shots?|shooting|shelling|shells?|gunm[ae]n|people|militants|attacks?|attacked|mortars?|rockets?|bullets?)"
"""What comes "from the Kyrgyz side" of a border, or "from Afghanistan", when that side shot: the event is on the other side."""

STATE_PEOPLE = (
    r"(?:border guards?|border troops|border service|servicem[ae]n|soldiers?|sentr(?:y|ies)|troops|forces|military|guards?|citizens?|nationals?|"
    r"residents?|villagers?|shepherds?|side)(?:[’']s)?"
)
"""People a report names by their state ("Tajik border guards", "citizens of Kyrgyzstan") when two states' people meet on a border."""
STATE_ACTING = (
    r"(?:opened fire|fired|firing|shot|shooting|began \w+ing|threw|throwing|hurled|hurling|attacked|attacking|stoned|stoning|shelled|shelling|"
    r"crossed|violated|destroyed|destroying|used mortars|launched)"
)
"""What those people did that makes their state where an incident came from ("Tajik border guards opened fire at the Kyrgyz servicemen")."""

CROSSED_BORDER = r"\b(?:crossed|crossing|cross|infiltrated|violated|breached)\s+(?:illegally\s+)?(?:the\s+)?$"
"""Before a border its people crossed ("three militants crossed the Tajik-Afghan border"): they came from its other side."""

SPOKESMAN = r"\bspokes(?:man|woman|person)\b"
"""Who speaks for a side: a sentence of talk, unless it tells what happened on a given day."""

RECALL = r"^\W*(?:earlier|previously|in the past|before that),|\bhad (?:\w+ )?(?:clashed|fought|attacked|shelled|raided|exchanged fire)\b"
"""A sentence that recalls events told elsewhere ("Earlier, the Taliban had clashed with Iranian forces"): with no day,
toll or place of its own it is no incident."""

GENERIC = (
    r"\b(?:rarely|seldom|often|frequently|regularly|routinely|usually|occasionally|sometimes|(?:has|have) long|not (?:un)?usual|(?:are|is) (?:not )?(?:un)?common|"
    r"(?:has|have) (?:been )?(?:fighting|fought|clashed|waged|battled)\b[^.]{0,80}\bsince|(?:has|have) (?:increased|intensified|escalated|grown|risen|spread|decreased|declined)\b|"
    r"familiar problem|recurring problem|common occurrence|(?:began|started|begun) (?:staging |launching |carrying out |mounting )?(?:attacks|raids|offensives) (?:in|on|across|against|including)|"
    r"(?:stepped-up|escalating|intensifying|mounting|rising|increasing|growing) (?:fighting|violence|clashes|attacks|hostilities))\b"
)
"""No one event: a habit ("guards rarely suffer losses"), a war fought "since" a date, a campaign begun ("began attacks in several provinces") or a trend ("amid escalating clashes")."""

DIED_OF_WOUNDS = r"\b(?:died|dies|has died|had died|succumbed)\b[^.]{0,40}?\b(?:of|from|to) (?:his|her|their|the)?\s*(?:wounds|injuries)\b|\bdie[sd]? (?:in|at) (?:the )?hospital\b|\b(?:was|were) (?:shot|wounded|injured|hurt)\b[^.]{0,100}?\bdied\b"
"""A death that ends an earlier event: its day is the day of the death, not of the event."""

TOLL_UPDATE = r"\b(?:(?:death|casualty) toll|toll of|number of (?:people |those )?(?:dead|killed|deaths|wounded|injured)|(?:received|brought in) (?:another )?(?:\d+|\w+) (?:bodies|wounded)|bodies)\b"
"""A sentence that updates an event's figures: its day is when they were counted, not when the event was."""

DESTINATION = r"\b(?:fled|fleeing|flee|escaped|retreated|withdrew|evacuated|sought refuge)\s+(?:[\w-]+\s+){0,2}?(?:into|to|in)\s+(?:the\s+)?(?:neighbou?ring\s+)?$"
"""Before a place people went to, not where the event was ("fled into neighbouring Tajikistan after clashes")."""

SAME_PLACE = r"\b(?:the same|this|that) (?:area|place|spot|village|district|section|stretch|site|sector|post)\b|\bthere (?:on|in|last|a)\b"
"""An anaphor for the place of the event told before ("the same area saw a deadly exchange")."""

SAME_DAY_LATER = r"\b(?:hours later|later (?:that|the same) day|that (?:same )?(?:evening|night|afternoon)|(?:on )?the same (?:day|night|evening))\b"
"""An event told as following the one before on the same day ("hours later", "the same night")."""

KIND_CHANGE = r"\b(?:in|during)\s+an?\s+(?:[\w-]+\s+){0,2}?(?:firefight|shootout|gun ?battle|gunfight|clash|skirmish|exchange of fire)\b"
"""A battle told with an indefinite article ("in a firefight"): inside an event of another kind, a battle of its own."""

SPOKEN_IN = r",\s+(?:[\w’'-]+\s+){0,8}?(?:spokes(?:man|woman|person)|officials?|minister|ministry|authorities|government)\b"
"""After a capital: who speaks there ("In Kabul, Interior Ministry spokesman X said"), so the capital is not the scene."""

COUNTRY_AS_ACTOR = (
    r"\s*(?:[’']s\s+(?:[\w-]+\s+){0,2}?)?(?:officials?|authorities|government|ministry|ministries|army|military|forces|troops|president|leaders?|"
    r"said|says|has|have|had|is|was|did|does|denied|denies|blamed|accused|rejected|responded|"
    r"talks|peace|policy|issue|question|conflict|war|crisis|envoy|delegation|border|frontier|embassy|mission)\b"
)
"""After a country's name: the state acts or speaks ("Russia's Defense Ministry denied"), or the name qualifies a noun
("Afghanistan talks"); either way it is not where the event was."""

PRIOR_EVENT = (
    r",?\s+(?=(?:after|following|in the wake of)\s+an?\s+(?:[\w-]+\s+){0,2}?(?:clash|attack|firefight|shootout|gun battle|exchange of fire|skirmish|raid|ambush)\b"
    r"[^.;]{0,80}?\b(?:killed|died|dead|wounded|injured)\b)"
)
"""Where a sentence turns to an earlier event that has its own casualties ("…, after a clash in which two guards died")."""

REPORT_VERB = r"\b(?:said|says|told|reported|reports|announced|stated|confirmed|noted|added|claimed|wrote|quoted|according to|complained|accused)\b"
"""Attribution: a date right after these is when something was said, not when it happened."""

STATEMENT = r"\b(?:statement|press release|communiqu[eé]|news conference|press conference|briefing)\b"
"""In a sentence of no violence, a day named after a statement is when it was made, not when the event was."""

INSIDE = r"\b(?:(?:on|at|in)\s+(?:the\s+)?(?:soil|territory)\s+of|(?:deep\s+)?inside|(?:militants|gunmen|fighters|Taliban|attackers|intruders)\s+(?:\w+\s+){0,2}?(?:entered|infiltrated|crossed into))\s+(?:the\s+)?$"
"""Right before a place: the event was inside it ("at the soil of Iran"), whatever else the sentence names."""

WITHOUT_A_FIGHT = r"\bwithout (?:a |any )?(?:fight|fighting|resistance|(?:a )?(?:single )?shots? (?:being )?fired)\b|\bhanded (?:\w+ )?over (?:to|without)\b|\bpeacefully\b"
"""Territory changed hands, but nobody fought for it: a non-violent transfer (ACLED's strategic developments)."""

WHERE_AFTER = r"(?:\s+[\w’'-]+){0,3},?\s+where\s+(?!(?:\w+\s+){0,3}(?:is|are|lives?|lived|live|works?|worked|said|says)\b)"
"""Right after a place: the event is told there ("the Mohmand tribal agency, where Pakistani forces launched an assault")."""

OCCURRED = r"\b(?:occurred|took place|happened|erupted|broke out|unfolded|was reported|were reported)\b"
"""Where an event is placed in a later sentence ("the incident occurred near ...")."""

ATTRIBUTION_PLACE = (
    r"\b(?:embassy|ministry|government|authorities|officials?|spokes(?:man|woman|person)|office|headquarters|talks|meeting|summit|visit|conference|agency|"
    r"leadership|counterparts?|capital|parliament|court|based|media|press|news|told reporters|journalists)\s+(?:\w+\s+){0,2}(?:in|of|from|for)\s+(?:the\s+)?$"
)
"""A place named as the seat of who speaks ("the embassy in Dushanbe"), not where the event was."""

TITLES = r"Lieutenant|Lt|Captain|Capt|Major|Maj|Colonel|Col|General|Gen|Sergeant|Sgt|Private|Pvt|Commander|Mr|Mrs|Ms|Dr"
"""Titles before a person's name ("Lieutenant Umedjon Hasanov was killed")."""

PERSON_NOUNS = (
    r"workers?|civilians?|soldiers?|border guards?|guards?|servicem[ae]n|police(?:m[ae]n)?|officers?|people|persons?|nationals?|citizens?|"
    r"child(?:ren)?|wom[ae]n|villagers?|residents?|miners?|engineers?|troops|militants?|fighters?|insurgents?|smugglers?|traffickers?|"
    r"employees?|labou?rers?|staff|farmers?|herders?|shepherds?|students?|personnel|intruders?|attackers?|gunm[ae]n|members?|migrants?|rangers?|"
    r"protesters?|demonstrators?|locals?|m[ae]n|boys?|girls?|teenagers?|passengers?|drivers?|traders?|Taliban|terrorists?|"
    r"violators?|criminals?|commanders?|conscripts?|recruits?|officials?|others|individuals?|bodies|"
    r"lieutenants?|ensigns?|captains?|majors?|colonels?|sergeants?|generals?|privates?|trespassers?|infiltrators?|tribesm[ae]n|elders?"
)
"""Nouns for people: what a count counts ("three Chinese workers")."""

DIPLOMATIC = (
    r"\b(?:talks?|negotiat\w*|visit\w*|meetings?|met|summit|statement|teleconference|called (?:on|for)|urged|condemn\w*|"
    r"spokesman|spokeswoman|recogni[sz]ed|agreement|patrols?|cooperation|lease|summoned|protested|expressed|concern|demanded|appealed|evacuate|"
    r"conventions?|treaty|treaties|ratified|acceded|programm?e?s?|awareness)\b"
)
"""Talk about events (statements, talks, appeals): not an event unless it states counts or opens one ("a new attack")."""

DIPLOMATIC_SETTING = (
    r"\b(?:during|amid|at)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:talks|negotiations|meeting)\b"
    r"|\b(?:interrupted|disrupted|broke up)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:talks|negotiations|meeting)\b"
)
"""Talks as the scene of what happened ("during the negotiations, the crowd threw stones"): the sentence tells an event, not talk."""

SPEAKER_AFTER_PLACE = r"\s+(?:provincial\s+)?(?:governor|governor's|police|officials?|authorities|administration|spokes(?:man|woman|person)|government|security (?:service|officials)|border (?:service|department)|ministry)\b"
"""A place followed by who speaks for it ("the Kandahar governor said"): the speaker's seat, not where it happened."""

NOT_DISPUTED = (
    r"\bden(?:ied|ies|y)(?:ing)?\s+(?:any\s+)?(?:connection|involvement|links?|responsibility|role|ties|carrying out|being behind|"
    r"that (?:its|their) (?:planes|aircraft|forces|jets))\b"
)
"""A denial of who did it, not of what happened: the event is not disputed for that."""

CAPITALS = frozenset({"Dushanbe", "Kabul", "Islamabad", "Tashkent", "Bishkek", "Moscow", "Beijing", "Tehran", "Ashgabat", "Washington", "New Delhi", "Astana"})
"""Capitals: named for their governments ("Kabul denied"), so never where an event was unless "in/near" says so."""

CIVILIAN_PLACES = r"camps?|villages?|houses?|homes?|cars?|vehicles?|bus(?:es)?|markets?|mosques?|schools?|hospitals?|shops?|farms?|fields"
"""What unarmed people are attacked in: an attack on a workers' camp or a house is violence against civilians."""
