"""OM03 skips a pair whose omission probability is certainly below its threshold, from a
bound taken before the words are judged one by one: the bound must never skip a pair
that reaches the threshold, and a pair it does not skip gets the same evidence."""
from __future__ import annotations

import pytest

from tqc.coverage import fit_length_model, omission_evidence
from tqc.glossary import Glossary
from tqc.lexicon import segment_chinese
from tqc.rules import RULES_BY_CODE

from conftest import mqm_pairs
from rule_helpers import make_context

# figures, a Latin token, a glossed name, a glossary term, modifiers left out
PAIRS = [
    ("研究团队去年在三个省份开展了实地调查，共有两千名农民参与了访谈，调查持续了整整六个月。",
     "Last year the research team carried out a field survey in three provinces, "
     "which lasted a full six months."),
    ("荷兰合作银行（Rabobank）的分析师表示，今年猪肉短缺将持续到9月。",
     "An analyst said pork will be short."),
    ("人工智能公司OpenAI去年收入增长了约三成，但仍然严重亏损。", "The company grew."),
    ("我们非常坚定地、毫不动摇地全面推进这项改革。", "We will push the reform."),
]
TERMS = (("人工智能", ("artifici", "intellig")), ("猪肉", ("pork",)))
THRESHOLDS = (0.05, 0.2, 0.5, 0.8, 0.95)


def _same_evidence(bounded, full) -> bool:
    return (bounded.z == full.z and bounded.coverage.items == full.coverage.items
            and bounded.coverage.gap == full.coverage.gap
            and bounded.coverage.missing_numbers == full.coverage.missing_numbers
            and bounded.probability == full.probability)


def test_the_bound_never_skips_a_pair_that_reaches_the_threshold():
    pairs = PAIRS + mqm_pairs(1500)
    model = fit_length_model(pairs)
    words = segment_chinese([zh for zh, _ in pairs], [term for term, _ in TERMS])
    skipped = dict.fromkeys(THRESHOLDS, 0)
    for index, ((zh, en), own) in enumerate(zip(pairs, words)):
        terms = TERMS if index % 2 else ()
        full = omission_evidence(zh, en, model, terms, own)
        for threshold in THRESHOLDS:
            bounded = omission_evidence(zh, en, model, terms, own, at_least=threshold)
            if bounded is None:
                assert full.probability < threshold, (zh, en, threshold)
                skipped[threshold] += 1
            else:
                assert _same_evidence(bounded, full), (zh, en, threshold)
    if len(pairs) > 1000:  # the bound must earn its keep on real translations
        assert skipped[0.5] > 0.1 * len(pairs)
        assert skipped[0.05] <= skipped[0.5] <= skipped[0.95]


@pytest.mark.parametrize("at_least", [0.0, 1.0, -0.5, 2.0])
def test_no_bound_outside_zero_to_one(at_least):
    model = fit_length_model(PAIRS)
    for zh, en in PAIRS:
        assert omission_evidence(zh, en, model, TERMS, at_least=at_least) is not None


def test_findings_at_a_threshold_are_those_above_it_without_one():
    pairs = PAIRS + mqm_pairs(400)
    context = make_context([zh for zh, _ in pairs], [en for _, en in pairs],
                           glossary=Glossary())
    rule = RULES_BY_CODE["OM03"]
    everything = list(rule(None, threshold=0.0).check(context))
    for threshold in (0.3, 0.5, 0.8):
        reported = list(rule(None, threshold=threshold).check(context))
        assert reported == [finding for finding in everything if finding.confidence >= threshold]
    assert everything
