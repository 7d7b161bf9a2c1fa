"""resolve_by_rule: the course's real reading links, by shape, to their PDF or a web page.

Links come from the embedded syllabus.json (the Spring 2022 course) and the other offerings in
tests/fixtures; nothing here touches the network.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.library import Resolution
from app.net.link_rules import resolve_by_rule
from app.resources import embedded_syllabus_path

PDF = True
WEB = False

# (link as written in the syllabus, where the PDF is, which rule); week numbers are the course's.
COURSE_LINKS = [
    # week 1: arXiv abstract page
    ("https://arxiv.org/abs/1904.03257", "https://arxiv.org/pdf/1904.03257", "arxiv"),
    # week 2: arXiv PDF and usenix system/files, both direct
    ("https://arxiv.org/pdf/1208.4165.pdf", "https://arxiv.org/pdf/1208.4165.pdf", "arxiv"),
    (
        "https://www.usenix.org/system/files/conference/nsdi12/nsdi12-final138.pdf",
        "https://www.usenix.org/system/files/conference/nsdi12/nsdi12-final138.pdf",
        "direct",
    ),
    (
        "http://cidrdb.org/cidr2021/papers/cidr2021_paper17.pdf",
        "http://cidrdb.org/cidr2021/papers/cidr2021_paper17.pdf",
        "direct",
    ),
    # week 3: OpenReview (already the pdf view)
    (
        "https://openreview.net/pdf?id=r1gs9JgRZ",
        "https://openreview.net/pdf?id=r1gs9JgRZ",
        "openreview",
    ),
    # week 4: NeurIPS'12 hash page, and a NeurIPS'19 file link that is already the PDF
    (
        "https://papers.nips.cc/paper/2012/hash/6aca97005c68f1206823815f66102863-Abstract.html",
        "https://papers.nips.cc/paper/2012/file/6aca97005c68f1206823815f66102863-Paper.pdf",
        "proceedings",
    ),
    (
        "https://proceedings.neurips.cc/paper/2019/file/093f65e080a295f8076b1c5722a46aa2-Paper.pdf",
        "https://proceedings.neurips.cc/paper/2019/file/093f65e080a295f8076b1c5722a46aa2-Paper.pdf",
        "direct",
    ),
    # week 10: legacy NIPS slug
    (
        "https://papers.nips.cc/paper/8092-automatic-differentiation-in-ml-where-we-are-and-where-we-should-be-going",
        "https://papers.nips.cc/paper/8092-automatic-differentiation-in-ml-where-we-are-and-where-we-should-be-going.pdf",
        "nips_legacy",
    ),
    # week 12: Google Drive viewer and an ACM DOI page
    (
        "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz/view?usp=sharing",
        "https://drive.google.com/uc?export=download&id=16xs_-3XRym34z60-Ji4dlDwW487vOmpz",
        "gdrive",
    ),
    (
        "https://dl.acm.org/doi/10.1145/3447786.3456245",
        "https://dl.acm.org/doi/pdf/10.1145/3447786.3456245",
        "acm",
    ),
    # week 13: MLSys hash page
    (
        "https://proceedings.mlsys.org/paper/2020/hash/02522a2b2726fb0a03bb19f2d8d9524d-Abstract.html",
        "https://proceedings.mlsys.org/paper/2020/file/02522a2b2726fb0a03bb19f2d8d9524d-Paper.pdf",
        "proceedings",
    ),
    # other offerings (fa19, sp19)
    (
        "https://papers.nips.cc/paper/4687-large-scale-distributed-deep-networks",
        "https://papers.nips.cc/paper/4687-large-scale-distributed-deep-networks.pdf",
        "nips_legacy",
    ),
    (
        "https://dl.acm.org/doi/10.1145/3097983.3098021",
        "https://dl.acm.org/doi/pdf/10.1145/3097983.3098021",
        "acm",
    ),
]

COURSE_WEB_READINGS = [
    "https://www.sciencedirect.com/book/9780123749574/principles-of-computer-system-design",
    "https://cacm.acm.org/magazines/2019/2/234352-a-new-golden-age-for-computer-architecture/fulltext",
    "https://www.microsoft.com/en-us/research/blog/deepspeed-advancing-moe-inference-and-training-to-power-next-generation-ai-scale/",
    "https://ai.googleblog.com/2017/04/federated-learning-collaborative.html",
]

# Landing pages whose PDF only the page itself can name (resolvers.resolve fetches them).
COURSE_LINKS_TO_FETCH = {
    "https://dspace.mit.edu/handle/1721.1/102369",
    "https://federated.withgoogle.com",
}


def course_reading_links() -> list[str]:
    syllabus = json.loads(embedded_syllabus_path().read_text(encoding="utf-8"))
    return [r["url"] for week in syllabus["weeks"] for r in week["readings"] if r.get("url")]


@pytest.mark.parametrize(("link", "pdf_url", "via"), COURSE_LINKS)
def test_course_links_resolve_to_their_pdf(link: str, pdf_url: str, via: str) -> None:
    assert resolve_by_rule(link) == Resolution(url=pdf_url, is_pdf=True, via=via)


@pytest.mark.parametrize("link", COURSE_WEB_READINGS)
def test_books_articles_and_blog_posts_are_web_readings(link: str) -> None:
    assert resolve_by_rule(link) == Resolution(url=link, is_pdf=False, via="web")


def test_every_course_reading_is_known_by_a_rule_or_left_to_fetch() -> None:
    links = course_reading_links()
    assert len(links) > 50
    unknown = {link for link in links if resolve_by_rule(link) is None}
    assert unknown == COURSE_LINKS_TO_FETCH


def test_every_course_pdf_link_keeps_its_path() -> None:
    pdf_links = [link for link in course_reading_links() if urlsplit(link).path.endswith(".pdf")]
    # Week 2's arXiv PDF and usenix paper are among them: the list is the course's, not empty.
    assert {"https://arxiv.org/pdf/1208.4165.pdf", COURSE_LINKS[2][0]} <= set(pdf_links)
    found = {link: resolve_by_rule(link) for link in pdf_links}
    assert {link: (r.url, r.is_pdf) if r else None for link, r in found.items()} == {
        link: (link, True) for link in pdf_links
    }


@pytest.mark.parametrize(
    ("link", "pdf_url"),
    [
        ("https://arxiv.org/abs/2104.07857v2", "https://arxiv.org/pdf/2104.07857v2"),
        ("https://arxiv.org/abs/cs/0112017", "https://arxiv.org/pdf/cs/0112017"),
        ("https://arxiv.org/abs/cs/0112017v1", "https://arxiv.org/pdf/cs/0112017v1"),
        ("https://arxiv.org/abs/math.GT/0309136", "https://arxiv.org/pdf/math.GT/0309136"),
        ("https://arxiv.org/abs/hep-th/9901001v3", "https://arxiv.org/pdf/hep-th/9901001v3"),
        ("https://www.arxiv.org/abs/1904.03257/", "https://www.arxiv.org/pdf/1904.03257"),
        ("https://arxiv.org/abs/1904.03257#comments", "https://arxiv.org/pdf/1904.03257"),
        ("https://export.arxiv.org/abs/2006.07512", "https://export.arxiv.org/pdf/2006.07512"),
        ("https://arxiv.org/pdf/2006.07512v1", "https://arxiv.org/pdf/2006.07512v1"),
        ("https://arxiv.org/pdf/cs/0112017v1.pdf", "https://arxiv.org/pdf/cs/0112017v1.pdf"),
    ],
)
def test_arxiv_ids_old_and_new_with_versions(link: str, pdf_url: str) -> None:
    assert resolve_by_rule(link) == Resolution(url=pdf_url, is_pdf=True, via="arxiv")


def test_arxiv_pages_that_are_not_papers_are_left_to_fetch() -> None:
    assert resolve_by_rule("https://arxiv.org/list/cs.LG/recent") is None
    assert resolve_by_rule("https://arxiv.org/abs/") is None


@pytest.mark.parametrize(
    ("link", "pdf_url"),
    [
        ("https://openreview.net/forum?id=r1gs9JgRZ", "https://openreview.net/pdf?id=r1gs9JgRZ"),
        (
            "https://openreview.net/forum?id=H1oyRlYgg&noteId=H1oyRlYgg",
            "https://openreview.net/pdf?id=H1oyRlYgg",
        ),
    ],
)
def test_openreview_forum_to_pdf(link: str, pdf_url: str) -> None:
    assert resolve_by_rule(link) == Resolution(url=pdf_url, is_pdf=True, via="openreview")


def test_openreview_without_an_id_is_left_to_fetch() -> None:
    assert resolve_by_rule("https://openreview.net/forum") is None
    assert resolve_by_rule("https://openreview.net/group?id=ICLR.cc/2018") is None


@pytest.mark.parametrize(
    ("link", "pdf_url"),
    [
        (  # fa19: the same hash as week 4's NeurIPS'19 file link, from its abstract page
            "https://proceedings.neurips.cc/paper/2019/hash/093f65e080a295f8076b1c5722a46aa2-Abstract.html",
            "https://proceedings.neurips.cc/paper/2019/file/093f65e080a295f8076b1c5722a46aa2-Paper.pdf",
        ),
        (  # the site's layout since 2022, with a track suffix
            "https://proceedings.neurips.cc/paper_files/paper/2022/hash/"
            "0cde695b83bd186c1fd456302888454c-Abstract-Conference.html",
            "https://proceedings.neurips.cc/paper_files/paper/2022/file/"
            "0cde695b83bd186c1fd456302888454c-Paper-Conference.pdf",
        ),
        (
            "https://proceedings.mlsys.org/paper_files/paper/2023/hash/"
            "8f5e3a2a4d0b37d1a9b5e0c6f2d5b1e7-Abstract-mlsys2023.html",
            "https://proceedings.mlsys.org/paper_files/paper/2023/file/"
            "8f5e3a2a4d0b37d1a9b5e0c6f2d5b1e7-Paper-mlsys2023.pdf",
        ),
    ],
)
def test_proceedings_abstract_pages_to_paper_files(link: str, pdf_url: str) -> None:
    assert resolve_by_rule(link) == Resolution(url=pdf_url, is_pdf=True, via="proceedings")


def test_proceedings_pages_that_are_not_papers_are_left_to_fetch() -> None:
    assert resolve_by_rule("https://papers.nips.cc/paper/2012") is None
    assert resolve_by_rule("https://proceedings.neurips.cc/") is None


@pytest.mark.parametrize(
    "link",
    [
        "https://dl.acm.org/doi/abs/10.1145/3447786.3456245",
        "https://dl.acm.org/doi/full/10.1145/3447786.3456245",
        "https://dl.acm.org/doi/epdf/10.1145/3447786.3456245",
    ],
)
def test_acm_views_of_a_doi_lead_to_its_pdf(link: str) -> None:
    expected = "https://dl.acm.org/doi/pdf/10.1145/3447786.3456245"
    assert resolve_by_rule(link) == Resolution(url=expected, is_pdf=True, via="acm")


def test_acm_pages_without_a_doi_are_left_to_fetch() -> None:
    assert resolve_by_rule("https://dl.acm.org/citation.cfm?id=3098021") is None


@pytest.mark.parametrize(
    "link",
    [
        "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz/view",
        "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz",
        "https://drive.google.com/file/d/16xs_-3XRym34z60-Ji4dlDwW487vOmpz/edit#page=2",
        "https://drive.google.com/open?id=16xs_-3XRym34z60-Ji4dlDwW487vOmpz",
        "https://drive.google.com/uc?id=16xs_-3XRym34z60-Ji4dlDwW487vOmpz",
    ],
)
def test_drive_links_lead_to_the_download_url(link: str) -> None:
    expected = "https://drive.google.com/uc?export=download&id=16xs_-3XRym34z60-Ji4dlDwW487vOmpz"
    assert resolve_by_rule(link) == Resolution(url=expected, is_pdf=True, via="gdrive")


def test_drive_folders_are_left_to_fetch() -> None:
    assert resolve_by_rule("https://drive.google.com/drive/folders/1AbCdEf") is None


# -- http and https ---------------------------------------------------------------------------


@pytest.mark.parametrize(("link", "pdf_url", "via"), COURSE_LINKS)
def test_http_links_resolve_the_same_way_and_stay_on_http(
    link: str, pdf_url: str, via: str
) -> None:
    """Plain http stays plain: the download then goes through the same proxy as the link."""
    http_link = "http://" + link.removeprefix("https://").removeprefix("http://")
    http_pdf = "http://" + pdf_url.removeprefix("https://").removeprefix("http://")
    assert resolve_by_rule(http_link) == Resolution(url=http_pdf, is_pdf=True, via=via)


def test_scheme_and_host_case_do_not_matter() -> None:
    found = resolve_by_rule("HTTPS://ArXiv.org/abs/1904.03257")
    assert found == Resolution(url="https://ArXiv.org/pdf/1904.03257", is_pdf=True, via="arxiv")


def test_a_port_is_kept() -> None:
    found = resolve_by_rule("http://arxiv.org:8080/abs/1904.03257")
    assert found is not None
    assert found.url == "http://arxiv.org:8080/pdf/1904.03257"


# -- what no rule claims ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://dspace.mit.edu/handle/1721.1/102369",
        "https://federated.withgoogle.com",
        "ftp://example.org/paper.pdf",
        "mailto:staff@example.org",
        "/relative/paper.pdf",
        "",
        "not a link",
    ],
)
def test_landing_pages_and_non_web_links_are_not_guessed(link: str) -> None:
    assert resolve_by_rule(link) is None


def test_a_pdf_path_is_direct_even_with_a_query_or_upper_case() -> None:
    link = "https://example.org/Files/Paper.PDF?download=1"
    assert resolve_by_rule(link) == Resolution(url=link, is_pdf=True, via="direct")


def test_a_pdf_on_a_blog_is_still_a_pdf() -> None:
    link = "https://research.googleblog.com/files/federated.pdf"
    assert resolve_by_rule(link) == Resolution(url=link, is_pdf=True, via="direct")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_a_resolution_or_none(text: str) -> None:
    found = resolve_by_rule(text)
    assert found is None or urlsplit(found.url).scheme in ("http", "https")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        ["arxiv.org/abs/", "openreview.net/forum?id=", "papers.nips.cc/paper/", "dl.acm.org/doi/"]
    ),
    st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=60),
)
def test_known_hosts_with_any_tail_never_raise(prefix: str, tail: str) -> None:
    found = resolve_by_rule(f"https://{prefix}{tail}")
    assert found is None or found.url.startswith("https://")
