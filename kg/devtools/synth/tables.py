"""Data tables of the synthetic-corpus generator: name syllables, months, offices, topics, phrases.

Pure data, no code: the generator draws from these with its random streams,
so changing any entry (or its order) changes every corpus generated.
"""

from __future__ import annotations

import calendar
from datetime import date

#: Kinds of planted SHACL violations, in the order they are listed in violations.json.
VIOLATION_KINDS = (
    "event-without-date",  # a Meeting with no date at all
    "statement-without-speaker",  # a Statement whose speaker is not given
    "missing-arabic-label",  # a fact labelled in English only (and in a wrong tag)
    "embassy-opening-before-relations",  # an embassy opened before relations were established
    "visitor-term-not-covering",  # a visitor whose only term ended before the visit
)

#: Events per source document, before the number of pairs of states caps the documents.
EVENTS_PER_SOURCE = 80
FIRST_YEAR, LAST_DAY = 1991, date(2024, 12, 31)
TIMELINE = (1985, 2030)  # office holders are known for these years

AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
AR_MONTHS = ("يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر",
             "اكتوبر", "نوفمبر", "ديسمبر")
EN_MONTHS = tuple(calendar.month_name[1:])
QUALIFIERS = {"early": "اوائل", "mid": "منتصف", "late": "اواخر"}

#: Syllables of invented names: (Arabic, transliteration).
SYLLABLES = (
    ("كا", "ka"), ("را", "ra"), ("مي", "mi"), ("نو", "nu"), ("سا", "sa"), ("لي", "li"),
    ("دا", "da"), ("تو", "tu"), ("فا", "fa"), ("زي", "zi"), ("ها", "ha"), ("بو", "bu"),
    ("جا", "ja"), ("وا", "wa"), ("رو", "ru"), ("ني", "ni"), ("سي", "si"), ("ما", "ma"),
    ("لا", "la"), ("كو", "ku"), ("با", "ba"), ("دي", "di"), ("طا", "ta"), ("شا", "sha"),
    ("قا", "qa"), ("نا", "na"), ("مو", "mu"), ("خا", "kha"), ("يا", "ya"), ("غا", "gha"),
)
CODAS = (("د", "d"), ("ر", "r"), ("ل", "l"), ("م", "m"), ("ن", "n"), ("ف", "f"), ("ب", "b"),
          ("س", "s"))
CITY_ENDINGS = (("باد", "bad"), ("ن", "n"), ("ر", "r"), ("ة", "a"), ("", ""))

#: Offices every state has: key -> (class, English pattern, Arabic pattern, term months).
OFFICES = {
    "hos": None,  # PresidentOffice or EmirOffice, chosen per state
    "pm": ("PrimeMinisterOffice", "Prime Minister of {s}", "رئيس وزراء {s}", (30, 96)),
    "dpm": ("DeputyPrimeMinisterOffice", "Deputy Prime Minister of {s}", "نائب رئيس وزراء {s}", (24, 72)),
    "fm": ("ForeignMinisterOffice", "Minister of Foreign Affairs of {s}", "وزير خارجية {s}", (24, 84)),
    "justice": ("JusticeMinisterOffice", "Minister of Justice of {s}", "وزير عدل {s}", (24, 72)),
    "economy": ("MinisterOffice", "Minister of Economy of {s}", "وزير اقتصاد {s}", (24, 72)),
    "speaker": ("SpeakerOfParliamentOffice", "Speaker of the Parliament of {s}", "رئيس برلمان {s}", (36, 96)),
}
OFFICE_IDS = {"hos": "head-of-state", "pm": "prime-minister", "dpm": "deputy-prime-minister",
               "fm": "foreign-minister", "justice": "minister-of-justice", "economy": "minister-of-economy",
               "speaker": "speaker-of-parliament"}
HEADS = {
    "PresidentOffice": ("President of {s}", "رئيس {s}", (48, 120)),
    "EmirOffice": ("Emir of {s}", "أمير {s}", (72, 180)),
}

#: Topics of talks and meetings: (id, English, Arabic).
TOPICS = (
    ("economic-cooperation", "economic cooperation", "التعاون الاقتصادي"),
    ("trade", "trade exchange", "التبادل التجاري"),
    ("energy", "cooperation in energy", "التعاون في مجال الطاقة"),
    ("education", "cooperation in education", "التعاون في مجال التعليم"),
    ("culture", "cultural cooperation", "التعاون الثقافي"),
    ("tourism", "developing tourism", "تطوير السياحة"),
    ("transport", "transport projects", "مشاريع النقل"),
    ("agriculture", "agricultural cooperation", "التعاون الزراعي"),
    ("health", "cooperation in health", "التعاون في مجال الصحة"),
    ("fight-against-terrorism", "the fight against international terrorism", "مكافحة الارهاب الدولي"),
    ("regional-security", "regional security", "الامن الاقليمي"),
    ("investment", "encouraging mutual investment", "تشجيع الاستثمارات المتبادلة"),
)
#: Subjects of memoranda of understanding: (Arabic, English, ministry key of the parties).
MOU_SUBJECTS = (
    ("التشاور الثنائي", "bilateral consultations", "mfa"),
    ("التعاون الاقتصادي والتجاري", "economic and trade cooperation", "economy"),
    ("تشجيع الاستثمارات وحمايتها", "the promotion and protection of investments", "economy"),
    ("التعاون في مجال التعليم", "cooperation in education", "mfa"),
    ("التعاون الثقافي", "cultural cooperation", "mfa"),
    ("الخدمات الجوية", "air services", "economy"),
    ("التعاون السياحي", "cooperation in tourism", "economy"),
)
#: Purposes of aid: (Arabic, English).
PURPOSES = (
    ("لدعم مشاريع البنية التحتية", "to support infrastructure projects"),
    ("لمساعدة اللاجئين", "to help refugees"),
    ("لبناء المدارس", "to build schools"),
    ("لتطوير القطاع الصحي", "to develop the health sector"),
    ("للمتضررين من الزلزال", "for the victims of the earthquake"),
    ("لمشاريع المياه", "for water projects"),
    ("لتحقيق مشاريع مختلفة", "to carry out various projects"),
)
#: What a speaker says "that ..." (Arabic, English); {a} and {b} are the two states.
ASSERTIONS = (
    ("العلاقات بين {a} و{b} تتطور بنجاح", "relations between {a} and {b} are developing successfully"),
    ("{b} شريك مهم لبلاده", "{b} is an important partner of his country"),
    ("بلاده تدعم سيادة {b} ووحدة اراضيها", "his country supports the sovereignty and territorial integrity of {b}"),
    ("بلاده مستعدة لتوسيع التبادل التجاري مع {b}", "his country is ready to expand trade with {b}"),
    ("الحوار السياسي بين البلدين مستمر", "the political dialogue between the two countries continues"),
)
#: What a speaker stresses: (Arabic, English); {t} is a topic.
EMPHASES = (
    ("ضرورة تعزيز العلاقات المتبادلة", "the need to strengthen mutual relations"),
    ("اهمية توسيع التعاون في كافة المجالات", "the importance of expanding cooperation in all fields"),
    ("ضرورة تطوير {t} بين البلدين", "the need to develop {t} between the two countries"),
    ("وجوب الالتزام بالقرارات الصادرة عن منظمة الامم المتحدة",
     "the need to comply with the resolutions of the United Nations"),
)
#: Words a speaker is quoted with: (Arabic, English).
QUOTED_WORDS = (
    ("نحن نولي اهمية كبيرة لتطوير العلاقات مع بلدكم",
     "we attach great importance to developing relations with your country"),
    ("ان شعبينا تربطهما روابط الصداقة", "our two peoples are bound by ties of friendship"),
    ("سنواصل العمل من اجل تعزيز التعاون بين بلدينا",
     "we will keep working to strengthen cooperation between our countries"),
    ("ان هذه الزيارة تفتح صفحة جديدة في علاقاتنا", "this visit opens a new page in our relations"),
)

#: Share of the persons named with their office whose term is attested by a fact (visitors always are).
ATTEST_SHARE = 0.08

#: IRI path segment (see kg.core.ontology.SEGMENTS) of the classes a planted violation's fact can have.
SEGMENTS = {"OfficeTerm": "term", "Meeting": "event", "Statement": "event", "AidProvision": "event",
            "EmbassyOpening": "event", "Visit": "event"}
