"""Reading ids: one paper keeps one id however the course page links it; two papers never share."""

from __future__ import annotations

import hashlib
import itertools
import re

import pytest

from app.domain.reading_id import canonical_key, normalize_title, reading_id


def ids(*urls: str) -> set[str]:
    return {reading_id(url, "any title") for url in urls}


SAME_PAPER = {
    "scheme, www. and trailing slash": [
        "https://people.csail.mit.edu/matei/papers/2015/sigmod_spark_sql.pdf",
        "http://people.csail.mit.edu/matei/papers/2015/sigmod_spark_sql.pdf",
        "https://www.people.csail.mit.edu/matei/papers/2015/sigmod_spark_sql.pdf",
        "https://people.csail.mit.edu/matei/papers/2015/sigmod_spark_sql.pdf/",
        "HTTPS://People.CSAIL.mit.edu/matei/papers/2015/sigmod_spark_sql.pdf",
        "https://people.csail.mit.edu:443/matei/papers/2015/sigmod_spark_sql.pdf",
        "https://people.csail.mit.edu/matei/papers/2015/sigmod_spark_sql.pdf#page=3",
    ],
    "tracking parameters": [
        "https://people.eecs.berkeley.edu/~ysshao/index.html",
        "https://people.eecs.berkeley.edu/~ysshao/index.html"
        "?_ga=2.228137950.2133028827.1643052087-1693328731.1500773369",
        "https://people.eecs.berkeley.edu/~ysshao/index.html?usp=sharing",
        "https://people.eecs.berkeley.edu/~ysshao/index.html?utm_source=twitter&utm_medium=social",
        "https://people.eecs.berkeley.edu/~ysshao/index.html?utm_campaign=x&_ga=1&usp=sharing",
    ],
    "google drive sharing link": [
        "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz/view?usp=sharing",
        "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz/view",
    ],
    "arXiv abs, pdf, .pdf, version suffix": [
        "https://arxiv.org/abs/1904.03257",
        "http://arxiv.org/abs/1904.03257",
        "https://www.arxiv.org/abs/1904.03257/",
        "https://arxiv.org/pdf/1904.03257",
        "https://arxiv.org/pdf/1904.03257.pdf",
        "https://arxiv.org/abs/1904.03257v2",
        "https://arxiv.org/pdf/1904.03257v3",
        "https://arxiv.org/pdf/1904.03257v3.pdf",
        "https://export.arxiv.org/abs/1904.03257",
    ],
    "old-style arXiv ids": [
        "https://arxiv.org/abs/cs/0112017",
        "https://arxiv.org/pdf/cs/0112017v1.pdf",
    ],
    "OpenReview forum and pdf": [
        "https://openreview.net/forum?id=r1gs9JgRZ",
        "https://openreview.net/pdf?id=r1gs9JgRZ",
        "http://www.openreview.net/pdf?id=r1gs9JgRZ",
        "https://openreview.net/forum?id=r1gs9JgRZ&noteId=r1gs9JgRZ",
    ],
    "NeurIPS abstract page and paper PDF, both hosts": [
        "https://papers.nips.cc/paper/2012/hash/6aca97005c68f1206823815f66102863-Abstract.html",
        "https://papers.nips.cc/paper/2012/file/6aca97005c68f1206823815f66102863-Paper.pdf",
        "https://proceedings.neurips.cc/paper/2012/hash/6aca97005c68f1206823815f66102863-Abstract.html",
        "https://proceedings.neurips.cc/paper/2012/file/6aca97005c68f1206823815f66102863-Paper.pdf",
        "https://proceedings.neurips.cc/paper_files/paper/2012/file/"
        "6aca97005c68f1206823815f66102863-Paper.pdf",
    ],
    "MLSys proceedings abstract page and paper PDF": [
        "https://proceedings.mlsys.org/paper/2020/hash/02522a2b2726fb0a03bb19f2d8d9524d-Abstract.html",
        "https://proceedings.mlsys.org/paper/2020/file/02522a2b2726fb0a03bb19f2d8d9524d-Paper.pdf",
    ],
}


@pytest.mark.parametrize("urls", SAME_PAPER.values(), ids=SAME_PAPER.keys())
def test_link_variants_of_one_paper_share_an_id(urls: list[str]) -> None:
    assert len(ids(*urls)) == 1, {url: reading_id(url, "t") for url in urls}


def sha256_prefix(key: str) -> str:
    """The documented id: the first 12 hex digits of SHA-256 over the canonical key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://arxiv.org/abs/1904.03257", "arxiv:1904.03257"),
        ("https://openreview.net/forum?id=r1gs9JgRZ", "openreview:r1gs9JgRZ"),
        (
            "https://proceedings.mlsys.org/paper/2020/file/02522a2b2726fb0a03bb19f2d8d9524d-Paper.pdf",
            "proceedings:2020:02522a2b2726fb0a03bb19f2d8d9524d",
        ),
        ("https://www.example.org/paper.pdf?utm_source=x", "example.org/paper.pdf"),
    ],
)
def test_an_id_is_the_hash_of_the_papers_key_whatever_the_title(url: str, key: str) -> None:
    expected = sha256_prefix(key)
    assert re.fullmatch(r"[0-9a-f]{12}", expected)
    assert reading_id(url, "SysML: The New Frontier of Machine Learning Systems") == expected
    assert reading_id(url, "SysML (renamed in the syllabus)") == expected


def test_canonical_keys_name_the_paper() -> None:
    assert canonical_key("https://arxiv.org/pdf/1904.03257v2.pdf") == "arxiv:1904.03257"
    assert canonical_key("https://openreview.net/forum?id=r1gs9JgRZ") == "openreview:r1gs9JgRZ"
    assert (
        canonical_key(
            "https://papers.nips.cc/paper/2012/hash/6aca97005c68f1206823815f66102863-Abstract.html"
        )
        == "proceedings:2012:6aca97005c68f1206823815f66102863"
    )


DIFFERENT_PAPERS = [
    "https://arxiv.org/abs/1904.03257",
    "https://arxiv.org/abs/1904.03258",  # the next arXiv id
    "https://arxiv.org/abs/1904.0325",  # a shorter one
    "https://arxiv.org/abs/cs/0112017",
    "https://openreview.net/pdf?id=r1gs9JgRZ",
    "https://openreview.net/pdf?id=BJJsrmfCZ",
    "https://papers.nips.cc/paper/2012/hash/6aca97005c68f1206823815f66102863-Abstract.html",
    # The same hash in another year is another paper.
    "https://papers.nips.cc/paper/2013/hash/6aca97005c68f1206823815f66102863-Abstract.html",
    "https://proceedings.neurips.cc/paper/2019/file/093f65e080a295f8076b1c5722a46aa2-Paper.pdf",
    "https://proceedings.neurips.cc/paper/2020/file/d77c703536718b95308130ff2e5cf9ee-Paper.pdf",
    "https://example.org/paper.pdf",
    "https://example.org/Paper.pdf",  # paths are case-sensitive
    "https://example.org/paper.pdf?id=1",  # a parameter that is not tracking
    "https://example.org/paper.pdf?id=2",
    "https://example.com/paper.pdf",
    "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz/view",
    "https://drive.google.com/file/d/1AnotherFileId0000000000000000000/view",
]


def test_different_papers_get_different_ids() -> None:
    found = {url: reading_id(url, "same title everywhere") for url in DIFFERENT_PAPERS}
    for (a, id_a), (b, id_b) in itertools.combinations(found.items(), 2):
        assert id_a != id_b, (a, b)


def test_same_neurips_hash_in_two_years_is_two_papers() -> None:
    digest = "6aca97005c68f1206823815f66102863"
    y2012 = f"https://proceedings.neurips.cc/paper/2012/file/{digest}-Paper.pdf"
    y2013 = f"https://proceedings.neurips.cc/paper/2013/hash/{digest}-Abstract.html"
    assert reading_id(y2012, "t") != reading_id(y2013, "t")


def test_every_reading_of_the_real_course_has_its_own_id(course_index_text: str) -> None:
    from app.syllabus.jekyll_index import parse_index_md

    readings = [r for _, r in parse_index_md(course_index_text).syllabus.readings]
    assert len(readings) == 60
    assert len({reading_id(r.url, r.title) for r in readings}) == 60
    assert all(r.id == reading_id(r.url, r.title) for r in readings)


def test_a_reading_without_a_link_is_identified_by_its_title() -> None:
    assert reading_id(None, "Mixed Precision Training") == reading_id(
        None, "  mixed   precision training "
    )
    assert reading_id(None, "Mixed Precision Training") != reading_id(None, "Mixed Precision")
    assert reading_id(None, "Mixed Precision Training") != reading_id(
        "https://openreview.net/pdf?id=r1gs9JgRZ", "Mixed Precision Training"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Halide’s Scheduling Language", "halide s scheduling language"),
        ("Mixed precision training. [ICLR’18]", "mixed precision training iclr 18"),
        ("Café au lait", "cafe au lait"),  # an accent at the end of a word
    ],
)
def test_title_normalisation_ignores_case_punctuation_and_accents(a: str, b: str) -> None:
    assert normalize_title(a) == normalize_title(b)


def test_an_accent_inside_a_word_does_not_split_it() -> None:
    assert normalize_title("Naïve Bayes at Scale") == normalize_title("Naive Bayes at Scale")


@pytest.mark.parametrize(
    "url", ["https://arxiv:org/abs/1904.03257", "http://example.org:99999/paper.pdf"]
)
def test_a_malformed_link_still_gets_an_id(url: str) -> None:
    """The link's text is kept as its key (lower-cased host, no scheme), so it still names one
    paper, and a later fix of the typo is matched by title like any changed link."""
    key = url.split("://", 1)[1].lower()
    assert reading_id(url, "A paper") == sha256_prefix(key)


@pytest.mark.parametrize(
    "variants",
    [
        (
            "https://dl.acm.org/doi/10.1145/3447786.3456245",
            "https://dl.acm.org/doi/pdf/10.1145/3447786.3456245",
            "https://dl.acm.org/doi/abs/10.1145/3447786.3456245",
        ),
        (
            "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz/view?usp=sharing",
            "https://drive.google.com/open?id=16xs_-3XRym34z60-Ji4dlDwW487vOmpz",
            "https://drive.google.com/uc?export=download&id=16xs_-3XRym34z60-Ji4dlDwW487vOmpz",
        ),
    ],
)
def test_acm_and_drive_link_variants_are_one_paper(variants: tuple[str, ...]) -> None:
    assert len({reading_id(url, "any title") for url in variants}) == 1
