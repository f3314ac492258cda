"""The rule registry.  Every rule is listed here explicitly, in code order."""
from __future__ import annotations

from .addition import FrontBackMatter, UnmatchedTargetSentence
from .base import CheckContext, Rule, RuleDoc
from .names import PinyinNames
from .numbers import NumberMismatch
from .ocr import ChineseOcrDebris, EnglishOcrDebris
from .omission import PartialOmission, UntranslatedBlock, UntranslatedSentence
from .punctuation import FullWidthPunctuation, SpacingError, UnbalancedBrackets
from .reference import FarFromReference
from .structure import AbstractLabels
from .terminology import (ForbiddenRendering, InconsistentRendering, MissingGlossaryTerm,
                          SharedRendering, TermVariant)
from .truncation import LostFinalPunctuation, TruncatedAtBreak, TruncatedSentence
from .untranslated import HanInEnglish, UntranslatedTarget

ALL_RULES: tuple[type[Rule], ...] = (
    UnmatchedTargetSentence,
    FrontBackMatter,
    InconsistentRendering,
    SharedRendering,
    PinyinNames,
    NumberMismatch,
    EnglishOcrDebris,
    ChineseOcrDebris,
    UntranslatedSentence,
    UntranslatedBlock,
    PartialOmission,
    FullWidthPunctuation,
    UnbalancedBrackets,
    SpacingError,
    FarFromReference,
    AbstractLabels,
    MissingGlossaryTerm,
    ForbiddenRendering,
    TermVariant,
    TruncatedSentence,
    TruncatedAtBreak,
    LostFinalPunctuation,
    HanInEnglish,
    UntranslatedTarget,
)

RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "CheckContext", "Rule", "RuleDoc"]
