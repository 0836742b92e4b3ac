"""The bundled rulebooks: they load, every rule cites its article and
section, summaries are our own words, and the seed scenarios plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.model.vocabulary import IMPLIED_RULES

from planner import bundled_rulebooks, load_rulebook
from tests.helpers import SEED_FILES, seed_path

ROOT = Path(__file__).resolve().parent.parent
STATE_OF = {"natural-gas-services": "CO", "porter-mcleod": "DE", "williams-natural-gas": "DE", "cleco-utility": "LA"}
CITE = re.compile(r"^Art\. [IVX]+ §")
RUN = 8  # this many words in a row shared with the bylaws counts as copying


def test_every_seed_has_exactly_one_rulebook():
    assert sorted(bundled_rulebooks()) == sorted(SEED_FILES)


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_rules_cite_article_and_section(name):
    book = load_rulebook(name)
    assert book.jurisdiction.subdiv == STATE_OF[name]
    for rule in book.rules:
        if rule.source == "bylaw" or rule.source == "preference":
            assert CITE.match(rule.cite), f"{name}: {rule.id} cites {rule.cite!r}; write 'Art. II §4' style"
        assert len(rule.summary.split()) >= 6, f"{name}: {rule.id} needs a real summary"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_summaries_are_our_own_words(name):
    seed = _words(seed_path(name).read_text(encoding="utf-8", errors="replace"))
    shingles = {tuple(seed[i : i + RUN]) for i in range(len(seed) - RUN + 1)}
    book_text = (ROOT / "constraints" / f"{name}.yaml").read_text(encoding="utf-8")
    words = _words(book_text)
    copied = [" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1) if tuple(words[i : i + RUN]) in shingles]
    assert not copied, f"{name}: rewrite in our own words: {copied[:3]}"


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_rulebook_events_are_all_used(name):
    book = load_rulebook(name)
    used = {e for rule in book.rules for e in rule.events()}
    used |= {e for rule in IMPLIED_RULES if rule.before in used or rule.after in used for e in (rule.before, rule.after)}
    assert set(book.events) <= used, f"{name}: events no rule (written or implied) mentions: {set(book.events) - used}"
