"""The API change report as Markdown (for people and pull requests) or JSON (for machines)."""

from __future__ import annotations

import json

from ..common.markdown_escape import markdown_code, markdown_line
from .api_diff import Change


def render_markdown(old: str, new: str, changes: list[Change]) -> str:
    breaking = [c for c in changes if c.breaking]
    other = [c for c in changes if not c.breaking]
    lines = [
        f"# API changes: {markdown_code(old)} → {markdown_code(new)}",
        "",
        f"{len(breaking)} breaking for callers of the generated SDK, {len(other)} not breaking.",
    ]
    for title, group in (("Breaking", breaking), ("Not breaking", other)):
        lines += ["", f"## {title}", ""]
        if not group:
            lines.append("None.")
        for change in group:
            side = f" ({markdown_line(change.side)})" if change.side else ""
            lines.append(f"- {markdown_code(change.subject)}: {markdown_line(change.change)}{side}")
    return "\n".join(lines) + "\n"


def render_json(old: str, new: str, changes: list[Change]) -> str:
    document = {
        "old": old,
        "new": new,
        "breaking": [c.as_json() for c in changes if c.breaking],
        "not_breaking": [c.as_json() for c in changes if not c.breaking],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
