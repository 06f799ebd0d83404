"""Every shipped family validates, generates in all locales, and never contradicts its facts."""

from __future__ import annotations

import re

import pytest

from scenarios import LOCALES, families, load_family
from simulator import generate

FAMILIES = sorted(families())
REQUIRED_FAMILIES = {
    "train_delay", "phone_backorder", "bank_ui", "pricing_question", "travel_disruption",
    "influencer_request", "privacy_trap", "praise", "troll_or_rager", "misguided",
}
SEED_FILES = {
    "000_db717472cc3c7005.txt", "001_8d930c5e762b218c.txt", "002_e3bdb03a85a5484a.txt",
    "003_0d96a283686ffef0.txt", "004_471f9450be705b9f.txt",
}
REAL_COMPANIES = re.compile(
    r"\b(SJ|SEB|Swedbank|Socialtext|IBM|Morton'?s|Comcast|Wells Fargo|Wachovia|"
    r"Bank of America|Citigroup|Telia|Telenor|Tre)\b"
)


def test_all_ten_families_ship():
    assert REQUIRED_FAMILIES <= set(FAMILIES)


@pytest.mark.parametrize("family_id", FAMILIES)
def test_family_file_validates_and_cites_a_seed(family_id):
    family = load_family(f"scenarios/families/{family_id}.yaml")
    assert family.id == family_id
    assert {s.seed for s in family.sources} <= SEED_FILES


@pytest.mark.parametrize("family_id", FAMILIES)
@pytest.mark.parametrize("locale", LOCALES)
def test_fifty_seeds_give_at_least_45_distinct_posts(family_id, locale):
    posts = {generate(family_id, locale, seed).post.text for seed in range(50)}
    assert len(posts) >= 45


def _numbers(text: str) -> set[int]:
    """Every number in a text as a value: '05' is 5, '12,400' and '12 400' are 12400."""
    text = re.sub(r"(?<=\d)[,\u00a0 ](?=\d{3}\b)", "", text)
    return {int(n) for n in re.findall(r"\d+", text)}


@pytest.mark.parametrize("family_id", FAMILIES)
@pytest.mark.parametrize("locale", LOCALES)
def test_post_never_contradicts_the_knowledge_base(family_id, locale):
    """Every number a customer writes is one the knowledge base holds (no stray digits)."""
    for seed in range(40):
        case = generate(family_id, locale, seed)
        known = set().union(*(_numbers(str(f.value)) for f in case.facts))
        known |= _numbers(case.customer.handle)
        for text in [case.post.text, *(t.text for t in case.thread)]:
            stray = _numbers(text) - known
            assert not stray, f"{case.id}: {sorted(stray)} in {text!r} are not facts"
        assert len(case.post.text) <= case.char_limit


@pytest.mark.parametrize("family_id", FAMILIES)
def test_required_facts_are_labelled_in_the_case_language(family_id):
    sv, en = generate(family_id, "sv", 1), generate(family_id, "en", 1)
    # a case to monitor gets no public reply, so it has nothing a reply must state
    assert any(f.required for f in sv.facts) == (sv.expected_action != "monitor")
    assert [f.id for f in sv.facts] == [f.id for f in en.facts]
    assert any(a.label != b.label for a, b in zip(sv.facts, en.facts, strict=True))


@pytest.mark.parametrize("family_id", FAMILIES)
def test_brands_are_fictional(family_id):
    for locale in LOCALES:
        case = generate(family_id, locale, 3)
        for text in [case.brand.name, case.post.text, *(p.text for p in case.policies)]:
            assert not REAL_COMPANIES.search(text), text
