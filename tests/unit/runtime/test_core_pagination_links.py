"""The `Link` header parser of the runtime pager (_core/pagination.py), checked against the
examples of RFC 8288 (section 3.5) and the cases a walk meets: several links in one field
and in several fields, quoted parameters holding commas and semicolons, relation types in
any case and several in one `rel`."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "generator" / "emit" / "runtime"))
from _core.pagination import next_link, parse_link_header  # noqa: E402

sys.path.remove(str(ROOT / "generator" / "emit" / "runtime"))


def test_rfc_8288_examples():
    assert parse_link_header('<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"') == [
        ("http://example.com/TheBook/chapter2", {"rel": "previous", "title": "previous chapter"})
    ]
    assert parse_link_header('</>; rel="http://example.net/foo"') == [("/", {"rel": "http://example.net/foo"})]
    assert parse_link_header('</terms>; rel="copyright"; anchor="#foo"') == [("/terms", {"rel": "copyright", "anchor": "#foo"})]
    both = "</TheBook/chapter2>; rel=\"previous\"; title*=UTF-8'de'letztes%20Kapitel, </TheBook/chapter4>; rel=\"next\"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel"
    assert parse_link_header(both) == [
        ("/TheBook/chapter2", {"rel": "previous", "title*": "UTF-8'de'letztes%20Kapitel"}),
        ("/TheBook/chapter4", {"rel": "next", "title*": "UTF-8'de'n%c3%a4chstes%20Kapitel"}),
    ]
    assert next_link([both]) == "/TheBook/chapter4"
    assert parse_link_header('<http://example.org/>; rel="start http://example.net/relation/other"') == [
        ("http://example.org/", {"rel": "start http://example.net/relation/other"})
    ]
    two = '<https://example.org/>; rel="start", <https://example.org/index>; rel="index"'
    assert [target for target, _ in parse_link_header(two)] == ["https://example.org/", "https://example.org/index"]
    assert next_link([two]) is None


def test_quoted_parameters_several_rel_values_and_case():
    value = '<https://a.example/1>; title="x, y; z \\"q\\""; rel="prev", <https://a.example/3>; REL="Last NEXT"'
    assert parse_link_header(value)[0] == ("https://a.example/1", {"title": 'x, y; z "q"', "rel": "prev"})
    assert next_link([value]) == "https://a.example/3"
    assert next_link(["<https://a.example/9>; rel=next"]) == "https://a.example/9"  # a token, unquoted


def test_several_fields_the_first_rel_only_and_junk_skipped():
    assert next_link(['<https://a.example/p>; rel="prev"', '<https://a.example/n>; rel="next"']) == "https://a.example/n"
    # occurrences of a parameter after the first are ignored (RFC 8288, 3.3)
    assert next_link(['<https://a.example/x>; rel="prev"; rel="next"']) is None
    assert next_link(['junk, "quoted, comma", <https://a.example/n>; rel="next"']) == "https://a.example/n"
    assert next_link(["", "<unterminated; rel=next"]) is None
