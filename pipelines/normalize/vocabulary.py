"""Every natural-language phrase the parsers and normalizers look for, grouped by concept.

Each entry is a regex fragment (the words, small optional parts as `(?:...)?`) tagged with
its languages (ISO 639-1; "*" for names and markup tokens). Where the readers of a concept
take different subsets (copies that had drifted apart), `uses` names the readers that take
the entry: no `uses` means every reader. A reader builds its pattern from `pattern(...)`
or `words(...)`, so a phrase added here reaches every reader that should see it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    langs: tuple[str, ...]
    uses: frozenset[str] = frozenset()


def _p(text: str, langs: str, uses: str = "") -> Phrase:
    return Phrase(text, tuple(langs.split()), frozenset(uses.split()))


def _each(texts: str, langs: str, uses: str = "") -> tuple[Phrase, ...]:
    """'a b c' -> one entry per word."""
    return tuple(_p(t, langs, uses) for t in texts.split())


def select(*groups: tuple[Phrase, ...], use: str | None = None) -> tuple[str, ...]:
    """The entries of these concepts that reader `use` takes (all untagged ones), in order."""
    return tuple(
        p.text for group in groups for p in group if not p.uses or use is None or use in p.uses
    )


def pattern(*groups: tuple[Phrase, ...], use: str | None = None) -> str:
    """The entries as one regex alternation: 'news feed|latest news|...'."""
    return "|".join(select(*groups, use=use))


# Readers of concepts whose copies had drifted apart (see `uses`).
HTML_LIST = "html-list"  # parse/related.py: a heading over a list of links
HTML_END = "html-end"  # parse/blocks.py: a heading inside the story that ends it
TEXT_END = "text-end"  # parse/text_dump.py: a heading after which nothing is body
TEXT_FEED = "text-feed"  # parse/text_dump.py: a heading over a timed feed
BYLINES = "bylines"  # normalize/bylines.py
TEXT_BYLINE = "text-byline"  # parse/text_dump.py: a line that opens with a byline prefix
HTML_LINE = "html-line"  # parse/blocks.py: a short line that only signs the story
DATES = "dates"  # normalize/dates.py
TEXT_STAMP = "text-stamp"  # parse/text_dump.py: a feed item's stamp line
HTML_STAMP = "html-stamp"  # parse/related.py: a feed item's stamp
HTML_CREDIT = "html-credit"  # parse/byline.py: 'Photo: credit' in a caption
TEXT_CREDIT = "text-credit"  # parse/text_dump.py: '(credit)' after a caption

# --- Headings of what follows a story ------------------------------------------------------
FEED_HEADINGS = (
    _p("news feed", "en", f"{HTML_LIST} {TEXT_FEED}"),
    _p("live feed", "en", TEXT_FEED),
    _p("latest", "en", f"{HTML_LIST} {TEXT_FEED}"),
    _p("latest updates", "en", TEXT_FEED),
    _p("live", "en", f"{HTML_LIST} {TEXT_FEED}"),
    _p("newsticker", "de", f"{HTML_LIST} {TEXT_FEED}"),
    _p("ticker", "en de", TEXT_FEED),
    _p("стрічка новин", "uk", f"{HTML_LIST} {TEXT_FEED}"),
    _p("новини", "uk", f"{HTML_LIST} {TEXT_FEED}"),
)
RELATED_HEADINGS = (
    _p("related", "en", f"{HTML_LIST} {HTML_END} {TEXT_END}"),
    _p("related news", "en", f"{HTML_LIST} {HTML_END} {TEXT_END}"),
    _p("related articles", "en", f"{HTML_END} {TEXT_END}"),
    _p("related (?:stories|posts|content|coverage)", "en", HTML_END),
    _p("latest news", "en", f"{HTML_LIST} {TEXT_END}"),
    _p("more news", "en", f"{HTML_LIST} {TEXT_END}"),
    _p(r"more (?:stories|news|from|on this)\b.*", "en", HTML_END),
    _p("read more", "en", f"{HTML_LIST} {HTML_END} {TEXT_END}"),
    _p("read also", "en", f"{HTML_LIST} {HTML_END} {TEXT_END}"),
    _p("read next", "en", HTML_END),
    _p("most read", "en", f"{HTML_LIST} {TEXT_END}"),
    _p("most (?:read|popular|viewed|shared)(?: in .+)?", "en", HTML_END),
    _p("top stories", "en", f"{HTML_LIST} {HTML_END}"),
    _p("popular", "en", TEXT_END),
    _p("recommended", "en", f"{HTML_END} {TEXT_END}"),
    _p("recommended for you", "en", HTML_END),
    _p("you may also like", "en", f"{HTML_END} {TEXT_END}"),
    _p("you (?:may|might) like|you might also like", "en", HTML_END),
    _p("editors[’']? picks", "en", TEXT_END),
    _p("(?:top|latest|more) videos?", "en", HTML_END),
    _p("don'?t miss", "en", HTML_END),
    _p(r"(?:\d+ )?comments?", "en", HTML_END),
    _p("leave a (?:reply|comment)", "en", HTML_END),
    _p("trending(?: now)?", "en", HTML_END),
    _p("stichwörter", "de", HTML_LIST),
    _p("schlagwörter(?: zu diesem artikel)?", "de", HTML_END),
    _p("meistgelesen", "de", HTML_END),
    _p("weitere nachrichten", "de", f"{HTML_LIST} {HTML_END}"),
    _p("weitere artikel", "de", f"{HTML_END} {TEXT_END}"),
    _p("weitere themen", "de", HTML_END),
    _p("mehr zum thema", "de", f"{HTML_END} {TEXT_END}"),
    _p("lesen sie auch", "de", HTML_END),
    _p("das könnte sie auch interessieren", "de", f"{HTML_END} {TEXT_END}"),
    _p("das könnte sie interessieren", "de", HTML_END),
    _p("das könnte dich (?:auch )?interessieren", "de", HTML_END),
    _p("dieses thema im programm", "de", HTML_END),
    _p("(?:à )?lire aussi", "fr", HTML_END),
    _p("sur le même sujet", "fr", HTML_END),
    _p("leggi anche", "it", HTML_END),
    _p("potrebbe interessarti", "it", HTML_END),
    _p("te puede interesar", "es", HTML_END),
    _p("noticias relacionadas", "es", HTML_END),
    _p("lea también", "es", HTML_END),
    _p("leia também", "pt", HTML_END),
    _p("veja também", "pt", HTML_END),
    _p("você pode gostar", "pt", HTML_END),
    _p("читайте також", "uk", f"{HTML_LIST} {HTML_END} {TEXT_END}"),
    _p("також читайте", "uk", TEXT_END),
    _p("читайте также", "ru", HTML_END),
    _p("по теме", "ru", HTML_END),
    _p("схожі новини", "uk", HTML_END),
    _p("останні новини", "uk", f"{HTML_LIST} {TEXT_END}"),
)

# --- Page furniture and notices ------------------------------------------------------------
# Lines of a text dump that are page chrome, never content.
FURNITURE_LINES = (
    _p("skip to (?:main )?content", "en"),
    _p("edit post", "en"),
    _p("this audio is created with ai assistance", "en"),
    _p("listen to (?:this )?article", "en"),
    *_each("subscribe", "en"),
    _p("sign up", "en"),
    _p("log ?in", "en"),
    _p("sign in", "en"),
    *_each("menu search share advertisement", "en"),
    _p("anzeige", "de"),
    _p("реклама", "uk ru"),
    _p(r"\* indicates required", "en"),
    _p("enter your email.*", "en"),
    _p("please,? enter (?:a )?(?:valid|correct) email.*", "en"),
    _p("successfu(?:l)?ly subscribed", "en"),
    _p("thank you for signing up.*", "en"),
    _p("accept(?: all)? cookies", "en"),
    _p("we use cookies.*", "en"),
    _p("support (?:us|independent journalism).*", "en"),
    _p("become a member.*", "en"),
)
NOT_FOUND_NOTICES = (
    _p("404", "*"),
    _p("page not found", "en"),
    _p("not found", "en"),
    _p("seite nicht gefunden", "de"),
    _p("page introuvable", "fr"),
    _p("сторінку не знайдено", "uk"),
    _p("страница не найдена", "ru"),
    _p("página no encontrada", "es"),
)
CONSENT_NOTICES = (
    *_each("cookie consent gdpr", "en"),
    *_each("datenschutz zustimm", "de"),
    _p("accept all", "en"),
    _p("alle akzeptieren", "de"),
    _p("tout accepter", "fr"),
    _p("privacy (?:settings|preferences)", "en"),
)
PAYWALL_NOTICES = (
    _p("subscribe to (?:continue|read)", "en"),
    _p("subscribers only", "en"),
    _p("for subscribers", "en"),
    _p("already a subscriber", "en"),
    _p("premium (?:content|article)", "en"),
    _p("paywall", "en"),
    _p("nur für abonnenten", "de"),
    _p("jetzt abonnieren", "de"),
    _p("weiterlesen mit", "de"),
    _p("réservée? aux abonnés", "fr"),
    _p("lecture restreinte", "fr"),
    _p("votre abonnement n.autorise pas", "fr"),
    _p("лише для передплатників", "uk"),
)
# A word every paywall notice above holds, looked for before the regex runs.
PAYWALL_HINTS = _each("abonn subscri paywall premium lecture weiterlesen передплат", "en de fr uk")
# The notice shown in place of an embedded video or post until the reader agrees to load it.
EMBED_NOTICES = (
    _p(r"externe[nrs]? inhalte?\b", "de"),
    _p(r"inhalte von \S+ angezeigt", "de"),
    _p("drittplattform", "de"),
    _p(r"(?:external|third[- ]party) content\b", "en"),
    _p("to (?:view|see|load) this (?:content|video|post)", "en"),
    _p("contenu (?:externe|tiers)", "fr"),
    _p("contenido (?:externo|de terceros)", "es"),
    _p("contenuto (?:esterno|di terze parti)", "it"),
)
# A piece of text every embed notice above holds, looked for before the regex runs.
EMBED_HINTS = (
    *_each("extern angezeigt drittplattform", "de"),
    *_each("third", "en"),
    _p("this c", "en"),
    _p("this v", "en"),
    _p("this p", "en"),
    *_each("contenu contenid", "fr es it"),
)
# A media player's caption line: '02:57 Min. . Available until 06.05.2024 .'
MEDIA_LABELS = (_p("verfügbar bis", "de"), _p("available until", "en"))

# --- Markup words (class, id and role tokens) ------------------------------------------------
# Words that mark a region as page chrome rather than article text; compounds matched whole.
CHROME_WORDS = _each(
    """nav navbar navigation menu breadcrumb breadcrumbs footer masthead cookie cookies consent
    gdpr cmp newsletter subscribe subscription signup paywall promo advert ad ads advertisement
    banner sponsored share sharing social comment comments related recommended recommendations
    popular trending sidebar aside widget tag tags topics modal popup overlay outbrain taboola
    toolbar pagination feed latest ticker""",
    "*",
)
CHROME_COMPOUNDS = _each(
    "read[-_]?more more[-_]?news most[-_]?read author[-_]?bio skip[-_]?link", "*"
)
# Tokens of the byline and dateline blocks: read as metadata, never as body text.
META_TOKENS = _each(
    """byline bylines author authors article-?author author-?name dateline date published
    publish-?date timestamp article-?meta meta kicker caption credit""",
    "*",
)

# --- Bylines -------------------------------------------------------------------------------
BYLINE_PREFIXES = (
    _p("by", "en", f"{BYLINES} {TEXT_BYLINE} {HTML_LINE}"),
    _p("written by", "en", BYLINES),
    _p("reported by", "en", BYLINES),
    _p("words by", "en", BYLINES),
    _p("von", "de", f"{BYLINES} {TEXT_BYLINE} {HTML_LINE}"),
    _p("par", "fr", f"{BYLINES} {TEXT_BYLINE} {HTML_LINE}"),
    _p("por", "es pt", f"{BYLINES} {TEXT_BYLINE} {HTML_LINE}"),
    _p("przez", "pl", BYLINES),
    _p("від", "uk", f"{BYLINES} {TEXT_BYLINE}"),
    _p("автор(?:ка|и)?:?", "uk ru", BYLINES),
    _p("текст:?", "uk ru", BYLINES),
    _p("autor(?:in)?:?", "de pl es pt", BYLINES),
    _p("auteur:?", "fr", BYLINES),
    _p("автор:?", "uk ru", TEXT_BYLINE),
    _p("author:?", "en", f"{BYLINES} {TEXT_BYLINE}"),
    _p("authors:?", "en", BYLINES),
)
# Prefixes only when lower-case: capitalized, they start names ('Di Maria', 'De Luca').
LOWER_BYLINE_PREFIXES = (
    _p("di", "it", f"{BYLINES} {HTML_LINE}"),
    _p("da", "it pt", BYLINES),
    _p("de", "es pt nl", BYLINES),
    _p("af", "da sv", BYLINES),
    _p("av", "sv no", f"{BYLINES} {HTML_LINE}"),
    _p("door", "nl", f"{BYLINES} {HTML_LINE}"),
)
# Words between names ('A and B', 'A und B', 'A та B'); punctuation separators are code.
NAME_CONJUNCTIONS = (
    *_each("and", "en"),
    *_each("und", "de"),
    *_each("y", "es"),
    *_each("et", "fr"),
    *_each("e", "it pt"),
    *_each("i", "pl ca"),
    *_each("og", "da no"),
    *_each("och", "sv"),
    *_each("en", "nl"),
    *_each("та", "uk"),
    *_each("і", "uk"),
    *_each("и", "ru"),
    *_each("ve", "tr"),
)
# '... and 3 others': the rest of a long author list.
MORE_AUTHORS = (_p(r"(?:and|\+)\s*\d+\s+others?\b", "en"),)
ROLE_QUALIFIERS = _each(
    "senior chief staff special foreign political news deputy managing contributing", "en"
)
ROLES = (
    *_each("reporter correspondent editor writer journalist columnist contributor", "en"),
    *_each("photographer", "en"),
    *_each("redakteur(?:in)? korrespondent(?:in)? journalistin?", "de"),
)
DESK_WORDS = (
    _p(r"news\s*desk", "en"),
    *_each("desk staff newsroom editorial editors team", "en"),
    _p("redaktion", "de"),
    _p("redacción", "es"),
    _p("rédaction", "fr"),
    _p("redazione", "it"),
    _p("redakcja", "pl"),
    _p("редакція", "uk"),
    _p("редакция", "ru"),
)
# A newsroom's whole signature: 'red' signs for it in German-language papers.
DESK_SIGNATURES = _each("red redaktion", "de")
# Name particles written lower-case inside a person's name ('Ludwig van Beethoven').
NAME_PARTICLES = _each("van von der den de da di del la le du bin al ben", "nl de es it fr ar")
# Words of an organization's name (a signature of no person); web domains too.
ORGANIZATION_WORDS = (
    *_each("news press agency media times post online tv radio", "en"),
    *_each(r"\.com \.de \.ua \.at", "*"),
)
# News and photo agencies, lower-case. BYLINES takes them as organizations; TEXT_CREDIT
# as the sign that '(...)' after a caption is its credit.
AGENCIES = (
    _p("ap", "*", f"{BYLINES} {TEXT_CREDIT}"),
    _p("associated press", "*", BYLINES),
    _p("the associated press", "*", BYLINES),
    _p("afp", "*", f"{BYLINES} {TEXT_CREDIT}"),
    _p("agence france-presse", "*", BYLINES),
    _p("reuters", "*", f"{BYLINES} {TEXT_CREDIT}"),
    *_each("dpa", "*", BYLINES),
    _p("epa", "*", f"{BYLINES} {TEXT_CREDIT}"),
    *_each(
        "efe ansa kyodo xinhua tass interfax ukrinform upi bloomberg sid kna epd apa", "*", BYLINES
    ),
    *_each("getty anadolu shutterstock", "*", TEXT_CREDIT),
)
# Labels of a photo credit ('Photo: A. Fox').
CREDIT_LABELS = (
    _p("photo", "en fr", f"{HTML_CREDIT} {TEXT_CREDIT}"),
    _p("foto", "de es it pt nl pl", f"{HTML_CREDIT} {TEXT_CREDIT}"),
    _p("фото", "uk ru", f"{HTML_CREDIT} {TEXT_CREDIT}"),
    _p("pool", "en", TEXT_CREDIT),
    _p("courtesy", "en", TEXT_CREDIT),
)
# The label before a stamp in a byline line ('Published 11:34 PM EST').
STAMP_LABELS = _each("published updated posted", "en")

# --- Dates and times -----------------------------------------------------------------------
WEEKDAYS = (
    *_each("monday tuesday wednesday thursday friday saturday sunday", "en"),
    *_each("montag dienstag mittwoch donnerstag freitag samstag sonntag", "de"),
)
# Month names, January to December, comma-separated; a month's spellings space-separated.
MONTHS: tuple[tuple[str, str], ...] = (
    (
        "en",
        "january jan, february feb, march mar, april apr, may, june jun, july jul, august aug, "
        "september sep sept, october oct, november nov, december dec",
    ),
    (
        "de",
        "januar jänner, februar, märz, april, mai, juni, juli, august, september, oktober, "
        "november, dezember",
    ),
    (
        "fr",
        "janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, "
        "novembre, décembre",
    ),
    (
        "es",
        "enero, febrero, marzo, abril, mayo, junio, julio, agosto, septiembre setiembre, "
        "octubre, noviembre, diciembre",
    ),
    (
        "it",
        "gennaio, febbraio, marzo, aprile, maggio, giugno, luglio, agosto, settembre, ottobre, "
        "novembre, dicembre",
    ),
    (
        "pt",
        "janeiro, fevereiro, março, abril, maio, junho, julho, agosto, setembro, outubro, "
        "novembro, dezembro",
    ),
    (
        "nl",
        "januari, februari, maart, april, mei, juni, juli, augustus, september, oktober, "
        "november, december",
    ),
)
ORDINAL_SUFFIXES = _each("st nd rd th", "en")
# Units of 'N <unit> ago', each starting with the letter of its size (s, m, h, d, w).
RELATIVE_UNITS = (
    *_each("s sec", "en"),
    *_each("secs", "en", DATES),
    *_each("second seconds m min", "en"),
    *_each("mins", "en", DATES),
    *_each("minute minutes h hr hrs hour hours d day days", "en"),
    *_each("w wk week weeks", "en", DATES),
)
# Words for one of a unit ('an hour ago').
RELATIVE_ONE = _each("an? one", "en")
RELATIVE_AGO = (
    _p(r"\d+\s*\w+\s+ago", "en"),
    _p(r"vor\s+\d+\s+\w+", "de"),
    _p(r"\d+\s+\w+\s+тому", "uk"),
)
YESTERDAY = (
    _p("yesterday", "en", f"{DATES} {TEXT_STAMP} {HTML_STAMP}"),
    _p("вчора", "uk", HTML_STAMP),
    _p("gestern", "de", HTML_STAMP),
)
JUST_NOW = (_p("just now", "en", f"{DATES} {TEXT_STAMP}"), _p("now", "en", DATES))
# Units and labels of a read time ('4 min read', '5 хв читання').
READ_TIME_UNITS = (
    _p("min(?:ute)?s?", "en de"),
    _p(r"хв(?:илин[аи]?)?\.?", "uk"),
    _p("минут[аы]?", "ru"),
)
READ_TIME_LABELS = (_p("read", "en"), _p("lesezeit", "de"), _p("читання", "uk"))
