"""release.diff_report: the API change report, in Markdown for people and JSON for machines."""

from __future__ import annotations

import json

from generator.release.api_diff import Change
from generator.release.diff_report import render_json, render_markdown

CHANGES = [
    Change("client.things.get", "removed", True, ""),
    Change("models.Thing.label", "added, optional", False, "response"),
    Change("models.`Odd`", "type changed\nfrom str to int", True, "request and response"),
]


def test_markdown_lists_breaking_changes_first_with_their_side():
    text = render_markdown("old.json", "new.json", CHANGES)
    assert text.splitlines() == [
        "# API changes: `old.json` → `new.json`",
        "",
        "2 breaking for callers of the generated SDK, 1 not breaking.",
        "",
        "## Breaking",
        "",
        "- `client.things.get`: removed",
        "- `` models.`Odd` ``: type changed from str to int (request and response)",
        "",
        "## Not breaking",
        "",
        "- `models.Thing.label`: added, optional (response)",
    ]


def test_no_changes_say_none():
    text = render_markdown("a", "b", [])
    assert "0 breaking for callers of the generated SDK, 0 not breaking." in text
    assert text.count("None.") == 2


def test_json_keeps_the_changes_as_they_are():
    document = json.loads(render_json("old.json", "new.json", CHANGES))
    assert document["old"] == "old.json" and document["new"] == "new.json"
    assert [c["subject"] for c in document["breaking"]] == ["client.things.get", "models.`Odd`"]
    assert document["not_breaking"] == [{"subject": "models.Thing.label", "change": "added, optional", "breaking": False, "side": "response"}]
