"""Tables of words the extractor matches: event cues, names' surroundings, offices, stopwords.

Pure data (folded forms, see :func:`kg.text.normalise.fold`): the cue lexicon of
:mod:`kg.extract.cues`, the vocabulary of :mod:`kg.extract.mentions` (honorifics,
delegations, "both sides", office heads), the ids given to new offices, and
the words that are never names.
"""

from __future__ import annotations

import re

from kg.text.normalise import fold

# --- Cue lexicon (folded token forms; a leading و/ف is stripped before matching) -----------
_OBJ = r"(?:ه|ها|هم|هما)?"
VISIT_VERB = re.compile(rf"^(?:زار|زارت|زارا|زاروا|يزور|تزور){_OBJ}$")
VISIT_NOUN = re.compile(r"^(?:ب|ل|لل|ال|بال|ك)?(?:زياره|زيارات|زيارت(?:ه|ها|هم|هما))$")
LIGHT_VERB = re.compile(r"^(?:قام|قامت|قاما|يقوم|تقوم|اجري|اجرت|اجريا|يجري|تجري|ادي|ادت|يودي|تودي|بدا|بدات|"
                        r"يبدا|تبدا|اختتم|اختتمت|يختتم|وصل|وصلت|حل|حلت|توجه|توجهت|عقد|عقدت|عقدا|يعقد|تعقد)$")
MEET_VERB = re.compile(rf"^(?:التقي|التقت|التقيا|التقوا|يلتقي|تلتقي|اجتمع|اجتمعت|اجتمعا|يجتمع|تجتمع|التقا){_OBJ}$")
MEET_NOUN = re.compile(r"^(?:ب|ل|ال|بال|لل)?(?:لقاء|لقاءات|لقاءا|لقاي(?:ه|ها|هم|هما)|اجتماع|اجتماعا|اجتماعات)$")
RECEPTION_VERB = re.compile(rf"^(?:استقبل|استقبلت|يستقبل|تستقبل|قابل|قابلت|يقابل|تقابل){_OBJ}$")
RECEPTION_NOUN = re.compile(r"^(?:ب|ل|ال|بال|لل)?(?:استقبال|مقابله|استقباله|استقبالها)$")
TALKS_NOUN = re.compile(r"^(?:ب|ل|ال|بال|لل)?(?:محادثات|مباحثات|مشاورات)$")
TALKS_VERB = re.compile(r"^(?:بحث|بحثت|بحثا|ناقش|ناقشت|ناقشا|تباحث|تباحثت|تباحثا|يبحث|تبحث|يناقش|تناقش)$")
SUMMIT_LEAD = re.compile(r"^(?:ل|لل|ب|بال|ال)?(?:مشاركه|شارك|شاركت|يشارك|تشارك|حضر|حضرت|حضور|حضوره)$")
SUMMIT_NOUN = re.compile(r"^(?:ال|ب|بال|ل|لل)?قمه$")
PRESS_1 = re.compile(r"^(?:ال|ب|بال|ل|لل)?مؤتمرا?$".replace("ؤ", "و"))
PRESS_2 = re.compile(r"^(?:ال)?(?:صحفي|صحفيا|صحافي|صحافيا)$")
SIGN = re.compile(r"^(?:ال|ب|بال)?(?:توقيع|وقع|وقعت|وقعا|يوقع|توقع|يوقعان|وقعوا)$")
AGREEMENT = re.compile(r"^(?:ال|ب|بال|علي|ل)?(?:مذكره|مذكرات|مذكرتي|اتفاقيه|اتفاقيات|اتفاقيتي|اتفاق|اتفاقا|معاهده|"
                       r"بروتوكول|برنامج|اعلان)$")
ESTABLISH = re.compile(r"^(?:ال|ب|ل)?(?:انشيت|انشاء|انشا|اقامه|اقامت|اقيمت|اقام|اقاما|تاسيس|تاسست|اسست|اسسا|ارساء|"
                       r"اقامتها|انشايها|اقيمت)$")
RELATIONS = re.compile(r"^(?:ال)?علاقات$")
DIPLOMATIC = re.compile(r"^(?:ال)?دبلوماسيه$")
OPEN = re.compile(r"^(?:ال|ب)?(?:افتتحت|افتتح|افتتاح|فتحت|فتح|يفتتح|تفتتح|افتتحا)$")
EMBASSY = re.compile(r"^(?:ال|ب|ل|لل|بال)?(?:سفاره|سفارتها|سفارته|سفارات|سفارتي)$")
BEGAN = re.compile(r"^(?:ف)?(?:بدات|باشرت|بدا|باشر|افتتحت)$")
WORK = re.compile(r"^(?:عملها|اعمالها|نشاطها|مهامها|عمله|اعماله)$")
PROVIDE = re.compile(r"^(?:قدم|قدمت|قدما|يقدم|تقدم|منح|منحت|ارسل|ارسلت|تبرع|تبرعت|خصص|خصصت|تقديم|بتقديم|"
                     r"قدمتها|قدمها|منحتها)$")
PLEDGE_FUT = re.compile(r"^س(?:نقدم|تقدم|يقدم|نمنح|تمنح|يمنح|نرسل|ترسل|يرسل|نخصص|تخصص|يخصص|نواصل|تواصل|يواصل)$")
PLEDGE_VERB = re.compile(r"^(?:تعهد|تعهدت|وعد|وعدت|التزم|التزمت|يتعهد|تتعهد)$")
AID = re.compile(r"^(?:ال|ب|بال|لل|ل)?(?:مساعدات|مساعده|معونات|معونه|اعانات|اعانه|منحه|هبه|قرض|قروض|تبرعات)$")
INVITE = re.compile(rf"^(?:ب|ال|ل|لل)?(?:دعا|دعت|دعوا|يدعو|تدعو|دعاه|دعاها|دعوه|دعوته|دعوتها|دعوتهم|دعوتهما|دعوات){_OBJ}$")
INVITE_TO = re.compile(r"^(?:ل|لل|الي|ب)?(?:زياره|القيام|قيام|حضور|المشاركه|زيارتها|زيارته)$")
GREET_VERB = re.compile(r"^(?:بلغ|ابلغ|بلغت|ابلغت|نقل|نقلت|ينقل|تنقل|حمل|حملت|يبلغ|تبلغ)(?:ه|ها|هم|هما)?$")
GREETINGS = re.compile(r"^(?:ال)?(?:تحيات|تحيه|تحياته|تحياتها|تحيات)$")
STATEMENT = re.compile(r"^(?:قال|قالت|يقول|تقول|صرح|صرحت|يصرح|تصرح|اكد|اكدت|يوكد|توكد|اشار|اشارت|يشير|تشير|اعلن|اعلنت|"
                       r"يعلن|تعلن|ذكر|ذكرت|اوضح|اوضحت|يوضح|توضح|شدد|شددت|يشدد|تشدد|وصف|وصفت|نبه|نبهت|لفت|لفتت|"
                       r"اعتبر|اعتبرت|اضاف|اضافت|افاد|افادت|نوه|نوهت|قايلا|قايله|ادان|ادانت|يدين|تدين|"
                       r"جدد|جددت|يجدد|تجدد|رحب|رحبت|يرحب|ترحب|ثمن|ثمنت|يثمن|تثمن)$")
STATEMENT_WEAK = re.compile(r"^(?:اعرب|اعربت|عبر|عبرت|ابدي|ابدت)$")  # with عن (عَبْر is "via")
#: اعترفت (باستقلال): a recognition of independence; STATEHOOD is the word after it.
RECOGNISE = re.compile(r"^(?:اعترف|اعترفت|يعترف|تعترف|اعترافها|اعترافه|اعتراف|الاعتراف|باعترافها|باعتراف)$")
STATEHOOD = re.compile(r"^(?:ب|بال)?(?:استقلال|استقلالها|استقلاله)$")
#: أيدت، ساندت، وقفت إلى جانب: support of a state or its position.
SUPPORT_VERB = re.compile(r"^(?:ايد|ايدت|يويد|تويد|ساند|ساندت|يساند|تساند|دعمت|تدعم|يدعم)$")
STAND_VERB = re.compile(r"^(?:وقف|وقفت|يقف|تقف)$")
#: تلبية (لدعوة): "in answer to an invitation".
ANSWERING = re.compile(r"^(?:تلبيه|لبي|لبت|يلبي|تلبي)$")
PARTICIPLE = re.compile(r"^(?:قايلا|قايله)$")

DURING = re.compile(r"^(?:خلال|اثناء|لدي|ابان|طوال)$")
ANCHOR_WORDS = re.compile(r"^(?:قبل|بعد|عقب|منذ|اثر|اثر)$")
DEMONSTRATIVE = re.compile(r"^(?:هذه|هذا|تلك|ذلك)$")
FUTURE = re.compile(r"^(?:سوف|يعتزم|تعتزم|سيقوم|ستقوم|المقرر|المرتقبه|المقبله|المرتقب|المزمع|سيزور|ستزور|سيجري|ستجري|"
                    r"يزمع|تزمع)$")
SUBORDINATE = re.compile(r"^(?:عندما|حين|حينما|لما|بينما|بعدما|عند|لدي|حيث)$")
RELATIVE = re.compile(r"^(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان)$")
PREPOSITIONS = re.compile(r"^(?:مع|الي|علي|عن|من|في|بين|لدي|ل|ب|نحو|تجاه)$")
TOPIC = re.compile(r"^(?:حول|بشان|بخصوص|عن|تناول|تناولت|تطرق|تطرقت)$")
WITH = re.compile(r"^(?:مع|ب)$")
BETWEEN = re.compile(r"^(?:بين|وبين)$")
OFFICIAL = re.compile(r"^(?:رسميه|الرسميه|دوله)$")
#: Object pronoun on a verb cue (بلغه، استقبله): the verb has an object already.
OBJ_SUFFIX = re.compile(r"(?:ه|ها|هم|هما)$")

#: Family of each type, for telling a reference (خلال اللقاء) from a new event.
FAMILY = {"Visit": "visit", "OfficialVisit": "visit", "DelegationVisit": "visit", "Meeting": "meeting",
          "Reception": "meeting", "Talks": "talks", "SummitAttendance": "summit", "PressConference": "press",
          "AgreementSigning": "signing", "DiplomaticRelationsEstablishment": "relations",
          "EmbassyOpening": "embassy", "AidProvision": "aid", "AidPledge": "aid", "Invitation": "invitation",
          "GreetingsConveyed": "greetings", "Statement": "statement", "IndependenceRecognition": "recognition",
          "PositionSupport": "support"}


#: Cue words are not names (:class:`kg.extract.mentions.MentionFinder` skips them).
CUE_WORDS: set[str] = {
    "زار", "زارت", "زيارة", "بزيارة", "التقى", "التقت", "لقاء", "اجتمع", "استقبل", "قابل", "محادثات", "مباحثات",
    "المشاركة", "مؤتمر", "التوقيع", "وقع", "أنشئت", "افتتحت", "افتتح", "مساعدات", "دعا", "دعوة", "ودعوته", "دعوته",
    "بلغ", "ابلغ", "نقل", "تحيات", "قال", "صرح", "أكد", "أشار", "أعلن", "ذكر", "أوضح", "شدد", "وصف", "نبه", "اعرب",
    "قائلا", "انتهج", "وانتهج", "اجرى", "أجرى", "قام", "وقام", "بحث", "ناقش", "عقده", "جرى", "يحتاجون",
}

#: Ids of new offices, by ontology class (``{}`` is the state id).
OFFICE_IDS = {
    "PresidentOffice": "president-of-{}", "EmirOffice": "emir-of-{}", "HeadOfStateOffice": "head-of-state-of-{}",
    "PrimeMinisterOffice": "prime-minister-of-{}", "DeputyPrimeMinisterOffice": "deputy-prime-minister-of-{}",
    "ForeignMinisterOffice": "minister-of-foreign-affairs-of-{}", "JusticeMinisterOffice": "minister-of-justice-of-{}",
    "SpeakerOfParliamentOffice": "speaker-of-the-parliament-of-{}", "MinisterOffice": "minister-of-{}",
    "Office": "office-of-{}",
}


# --- Fixed vocabulary (folded forms) ----------------------------------------------------------

def _words(words: str) -> set[str]:
    return {fold(w) for w in words.split()}


#: Honorifics and forms of address that precede a name; the registry's HonorificTitle
#: labels are added to these.
HONORIFICS = [fold(w) for w in (
    "صاحب السمو الملكي", "صاحب السمو", "صاحب الجلالة", "صاحب الفخامة", "صاحب المعالي", "صاحبة السمو",
    "سمو الشيخ", "سمو الأمير", "سمو", "جلالة الملك", "جلالة", "فخامة الرئيس", "فخامة", "معالي", "سعادة",
    "سماحة", "دولة الرئيس", "الشيخ", "الشيخة", "السيد", "السيدة", "الدكتور", "الدكتورة", "د", "المهندس",
    "الأستاذ", "الزعيم القومي", "الزعيم الوطني", "الراحل", "المغفور له", "النائب", "العين")]

#: Words that introduce a delegation's leader.
LEADER_WORDS = _words("بزعامة برئاسة بقيادة يرأسه يترأسه يقوده ترأسه برئاسته")
DELEGATION = re.compile(r"^[وفبل]?(?:ال)?(?:وفد|وفدا|وفود)$")
DELEGATION_MODIFIERS = _words(
    "برلماني البرلماني رسمي الرسمي حكومي الحكومي اقتصادي الاقتصادي تجاري التجاري عسكري العسكري رفيع "
    "المستوى مشترك المشترك وزاري الوزاري شعبي الشعبي رجال الأعمال البلدان الدول العربية العربي "
    "الخليجي الإسلامي الإسلامية برلمانية")
BOTH_SIDES = [tuple(fold(w) for w in p.split()) for p in (
    "رئيسا الدولتين", "رئيسي الدولتين", "رئيسا البلدين", "رئيسي البلدين", "زعيما البلدين", "زعيمي البلدين",
    "وزيرا خارجية البلدين", "وزيري خارجية البلدين", "الطرفان", "الطرفين", "الجانبان", "الجانبين",
    "الزعيمان", "الزعيمين", "الوزيران", "الوزيرين", "الرئيسان", "الرئيسين")]
PAIR_STATES = [tuple(fold(w) for w in p.split()) for p in (
    "كلا البلدين", "كلا الدولتين", "البلدين", "البلدان", "الدولتين", "الدولتان", "بلدي", "البلدين الشقيقين",
    "البلدين الصديقين")]
OUR_COUNTRY = _words("بلدنا بلادنا وطننا دولتنا")
#: "his/her country": the country of the clause's speaker or agent.
HIS_COUNTRY = _words("بلاده بلادها بلده بلدها دولته دولتها")
#: The guest of the reception or visit at hand: الوزير الضيف، الضيف، الزائر.
GUEST = [tuple(fold(w) for w in p.split()) for p in (
    "الوزير الضيف", "الرئيس الضيف", "المسؤول الضيف", "الوزير الزائر", "الرئيس الزائر", "الضيف", "الزائر")]
#: Honorific pronouns, used of heads of state and royals: جلالته، سموه، فخامته.
HONORIFIC_PRONOUNS = _words("جلالته جلالتها سموه سموها فخامته فخامتها")
#: "his counterpart": the same office as the agent's, of another state (نظيره الأذربيجاني).
COUNTERPART = re.compile(r"^[وب]?(?:ل|ب)?نظير(?:ه|ها|يه|ته)$")
#: Government, as a metonym for its state: الحكومة الأذربيجانية، حكومة الأردن.
GOVERNMENT = re.compile(r"^[وف]?(?:ال)?حكوم(?:ه|تا|تان|تين)$")
YOUR_COUNTRY = _words("بلدكم بلادكم وطنكم دولتكم بلدك بلادك")
MEMBER_WORDS = _words("عضو أعضاء عضوا عضوة")

#: Office heads: token patterns (folded; the first may carry و/ف) → ontology class.
OFFICE_HEADS: list[tuple[list[str], str]] = [
    (["نايب", "رييس", "مجلس", "(?:ال)?وزراء"], "DeputyPrimeMinisterOffice"),
    (["نايب", "رييس", "(?:ال)?(?:وزراء|حكومه)"], "DeputyPrimeMinisterOffice"),
    (["رييس", "مجلس", "(?:ال)?وزراء"], "PrimeMinisterOffice"),
    (["رييس", "(?:ال)?(?:وزراء|حكومه)"], "PrimeMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?(?:شوون|شيون)", "(?:ال)?خارجيه"], "ForeignMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?خارجيه"], "ForeignMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?عدل"], "JusticeMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?دوله", "ل(?:ل)?\\w+"], "MinisterOffice"),
    (["(?:ال)?وزير", "ال\\w{3,}"], "MinisterOffice"),
    (["رييس", "(?:ال)?مجلس", "(?:ال)?(?:نواب|امه|شوري|شعب|ملي|اعيان|وطني|تشريعي)"], "SpeakerOfParliamentOffice"),
    (["رييس", "(?:ال)?(?:برلمان|كنيست)"], "SpeakerOfParliamentOffice"),
    (["(?:ال)?رييس", "(?:ال)?جمهوريه"], "PresidentOffice"),
    (["(?:ال)?رييس", "(?:ال)?دوله"], "HeadOfStateOffice"),
    (["(?:ال)?امير", "(?:ال)?دوله"], "EmirOffice"),
    (["(?:ال)?امير"], "EmirOffice"),
    (["(?:ال)?(?:ملك|عاهل)"], "HeadOfStateOffice"),
    (["(?:ال)?رييس"], "PresidentOffice"),
    (["(?:ال)?سفير"], "Office"),
    (["ولي", "(?:ال)?عهد"], "Office"),
]
OFFICE_PATTERNS = [([re.compile(f"^(?:{p})$") for p in pats], cls) for pats, cls in OFFICE_HEADS]
OFFICE_FIRST_WORD = re.compile(r"^[وف]?(?:ال)?(?:نايب|رييس|وزير|امير|ملك|عاهل|سفير|ولي)$")
#: Heads that are only an office when a state follows (else a title before a name).
NEEDS_STATE = {"PresidentOffice", "EmirOffice", "HeadOfStateOffice", "Office"}
STATE_NOUNS = _words("دولة جمهورية مملكة المملكة الجمهورية الدولة سلطنة إمارة")
TOPIC_WORDS = _words("حول بشأن بخصوص عن")

#: Words that are never names.
STOPWORDS = _words("""
في من الى إلى على عن مع ب ل ك حتى منذ بين عند لدى خلال اثناء أثناء بعد قبل عقب حول بشأن بخصوص ضد نحو دون غير سوى
الذي التي الذين اللذين اللتين هذا هذه ذلك تلك هؤلاء هذين هاتين ان أن إن انه أنه إنه انها أنها لان لأن كما ايضا أيضا قد لقد
لم لن لا ما ماذا هل او أو ام أم ثم بل لكن لكن حيث اذا إذا اذ إذ عندما بينما كل بعض جميع كافة عدد اي أي نفس هو هي هم هن نحن
انا أنا انت أنت كان كانت يكون تكون ليس وقد فقد تم يتم جرى جرت أجرى اجرى أجرت اجرت قام قامت يقوم تقوم الرئيس رئيس وزير
الوزير أمير امير الأمير ملك الملك نائب سفير السفير عضو أعضاء وفد الوفد زيارة الزيارة لقاء اللقاء اجتماع الاجتماع محادثات
مباحثات مؤتمر المؤتمر قمة القمة اتفاقية الاتفاقية مذكرة المذكرة علاقات العلاقات تعاون التعاون دولة الدولة جمهورية مملكة
المملكة حكومة الحكومة برلمان البرلمان مجلس وزارة الوزارة الخارجية الشعب شعب البلدين الطرفين الجانبين الدولتين بلد بلاد
نظيره نظيرها نظيريه نظيره نظيرته الجانب الطرف الجانبان الطرفان عام العام سنة يوم اليوم امس أمس الماضي المقبل الجاري شهر
الثنائية الثنائي المشترك المشتركة الدبلوماسية الدبلوماسي الرسمية الرسمي السياسية السياسي الاقتصادية الاقتصادي
العربية العربي الاسلامية الإسلامية الاسلامي الإسلامي الدولي الدولية المتحدة الامم الأمم منظمة المنظمة مجموعة
الصداقة السفارة سفارة رئاسة الرئاسة حيث وذلك كذلك تحيات تحية دعوة الدعوة رسالة الرسالة بزيارة لزيارة للقيام القيام
ضرورة وجوب أهمية اهمية تطوير تعزيز توسيع دعم مساعدات المساعدات التي الذي بان بأن قائلا قائلة فيما يخص أما اما فانها فإنها
والذي والتي وهو وهي ومع وفي ومن وعلى وإلى والى كلا كل بعضهما البعض منهما تطرق تناول استعرض حضر حضره بحضور بمشاركة
مستوى المستوى رفيع الرفيع الأول الاول الثاني الثالث جديد الجديد عاصمة العاصمة مدينة المدينة مقر
له لها لهم لهما به بها بهم عليه عليها اليه إليه اليها إليها منه منها فيه فيها عنه عنها معه معها لدينا لديه
الضيف الزائر هنا هناك الان الآن اليوم غدا امس أمس الأسبوع الاسبوع المقبل الماضي الجاري بلاده بلادها
""")
