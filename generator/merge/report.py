"""The merge report: every name decision and every divergence that merging resolved, in Markdown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..common.diagnostics import Diagnostic
from ..common.markdown_escape import markdown_cell, markdown_cell_code, markdown_code, markdown_text
from ..spec.extensions import is_rendered_only, sdk_call_of
from ..spec.paging import detect_paging, looks_paged
from ..spec.streaming import split_stream
from .divergence import Divergence
from .document import MergeResult, OperationRecord
from .rendered_merge import RenderedFact
from .surface import SurfaceFact


def render_report(result: MergeResult, diagnostics: list[Diagnostic]) -> str:
    document = result.document
    schemas = (document.get("components") or {}).get("schemas") or {}
    lines = [
        "# Merge report",
        "",
        f"- Inputs: {len({f.source.path for f in result.fragments} | {p.source.path for p in result.rendered})} files, "
        f"{len(result.fragments)} OpenAPI blocks or documents",
        f"- Result: {len(result.operations)} operations, {len(schemas)} schemas, document version `{document['info']['version']}`",
        f"- Schemas defined differently on different pages: {len({d.subject for d in result.schema_divergences})}"
        f" ({len(result.schema_divergences)} differences resolved)",
        f"- Operations described differently on different pages: {len({d.subject for d in result.operation_divergences})}",
    ]
    if result.channels:
        lines.append(f"- WebSocket channels: {len(result.channels)} (AsyncAPI blocks, written as `asyncapi.json`)")
    if result.rendered:
        lines.append(f"- Rendered reference pages: {len(result.rendered)} ({len(result.rendered_facts)} facts taken from them)")
    lines.append("")
    if diagnostics:
        lines += ["## Notices", ""]
        lines += [f"- {markdown_cell(str(d))}" for d in diagnostics]
        lines.append("")
    lines += ["## Operations", "", "| operation | SDK call | pages |", "|---|---|---|"]
    rendered_only = {(c.path, c.method) for c in _rendered_only(result)}
    for record in result.operations:
        pages = ", ".join(markdown_cell(str(s)) for s in record.sources)
        if (record.path, record.method) in rendered_only:
            pages += " (rendered page only)"
        lines.append(f"| {_operation_cell(record)} | {markdown_cell_code(record.identity.dotted)} | {pages} |")
    lines.append("")
    lines += _method_names_section(result)
    lines += _channels_section(result)
    lines += _credentials_section(result)
    lines += _security_section(result)
    lines += _streaming_section(result)
    lines += _paging_section(result)
    lines += _names_section(result)
    lines += _divergence_section("Schemas that differ between pages", result.schema_divergences)
    lines += _divergence_section("Operations that differ between pages", result.operation_divergences)
    lines += _rendered_section(result)
    lines += _surface_section(result)
    return "\n".join(lines).rstrip() + "\n"


def _channels_section(result: MergeResult) -> list[str]:
    if not result.channels:
        return []
    lines = [
        "## Channels",
        "",
        "The WebSocket channels of the AsyncAPI blocks: the group whose `connect` opens each, and the messages each way, "
        "with what told each message's direction (the first line of its evidence decides; Fern writes the server's "
        "messages under `publish`, against AsyncAPI 2.x).",
        "",
    ]
    for channel in result.channels:
        lines += [f"### {markdown_code(channel.address)}", ""]
        lines.append(f"- SDK group: {markdown_code('client.' + '.'.join(channel.resource) + '.connect(...)')} ({markdown_text(str(channel.source))})")
        servers = ", ".join(markdown_code(url) for url in dict.fromkeys(server.url for server in channel.servers))
        lines.append(f"- Servers: {servers or 'none given'}")
        for label, names in (
            ("Path parameters", list(channel.path_parameters)),
            ("Query parameters", list((channel.query.get("properties") or {}) if isinstance(channel.query, dict) else [])),
            ("Headers", list((channel.headers.get("properties") or {}) if isinstance(channel.headers, dict) else [])),
        ):
            if names:
                lines.append(f"- {label}: {', '.join(markdown_code(str(name)) for name in names)}")
        for side, label in (("client", "client messages"), ("server", "server messages")):
            if side in channel.discriminators:
                lines.append(f"- The {label} are told apart by {markdown_code(channel.discriminators[side])}")
        lines += ["", "| sent by | message | frame | schema | constant | direction evidence |", "|---|---|---|---|---|---|"]
        for message in channel.messages:
            evidence = "<br>".join(markdown_cell(f"{e.kind}: {e.direction} ({e.text}, {e.source})") for e in message.evidence)
            constant = markdown_cell_code(f"{message.constant[0]}: {message.constant[1]}") if message.constant else ""
            if message.literal_note:
                constant += ("<br>" if constant else "") + markdown_cell(message.literal_note)
            schema = markdown_cell_code(message.schema_name) if message.schema_name else "inline"
            frame = "binary" if message.frame == "binary" else "JSON text"
            lines.append(f"| {message.direction} | {markdown_cell_code(message.name)} | {frame} | {schema} | {constant} | {evidence} |")
        lines.append("")
    return lines


def _credentials_section(result: MergeResult) -> list[str]:
    if not result.credentials:
        return []
    lines = ["## Credentials", "", "How every call sends the API's credential, learned from the pages (examples decide over descriptions).", ""]
    lines += ["| credential | sent as | evidence |", "|---|---|---|"]
    for credential in result.credentials:
        evidence = "<br>".join(markdown_cell(f"{e.text}" + (f" ({e.source})" if e.source else "")) for e in credential.evidence[:6])
        more = f"<br>... and {len(credential.evidence) - 6} more" if len(credential.evidence) > 6 else ""
        lines.append(f"| {markdown_cell_code(credential.scheme_name)} | {markdown_cell(credential.describe())} | {evidence or 'none: the key as it is'}{more} |")
    lines.append("")
    return lines


def _security_section(result: MergeResult) -> list[str]:
    """The document's security schemes and which operations use which: for a document that
    states its schemes, or whose operations state their own requirements (learned from
    Fern's pages and the same on every call, they are in the credentials section)."""
    document = result.document
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    own = [record for record in result.operations if isinstance(_operation_of(result, record).get("security"), list)]
    if not isinstance(schemes, dict) or not schemes or (result.credentials and not own):
        return []
    lines = ["## Security schemes", "", "| scheme | type | sent as |", "|---|---|---|"]
    for name, scheme in schemes.items():
        scheme = scheme if isinstance(scheme, dict) else {}
        kind = str(scheme.get("type") or "?") + (f" {scheme['scheme']}" if isinstance(scheme.get("scheme"), str) else "")
        lines.append(f"| {markdown_cell_code(str(name))} | {markdown_cell(kind)} | {markdown_cell(_sent_as(scheme))} |")
    lines += ["", "Which operations use which: each call sends the first alternative the client holds every credential of.", ""]
    lines += ["| security | operations |", "|---|---|"]
    default = document.get("security")
    groups: dict[str, list[str]] = {}
    for record in result.operations:
        requirements = _operation_of(result, record).get("security", default)
        text = _requirements_text(requirements) + ("" if "security" in _operation_of(result, record) else " (the document's)")
        groups.setdefault(text, []).append(_operation_cell(record))
    for text, cells in groups.items():
        shown = ", ".join(cells[:20]) + (f", ... and {len(cells) - 20} more" if len(cells) > 20 else "")
        lines.append(f"| {text} | {len(cells)}: {shown} |")
    lines.append("")
    return lines


def _sent_as(scheme: dict[str, Any]) -> str:
    if scheme.get("type") == "apiKey":
        return f"the {scheme.get('name')} {scheme.get('in')}, as it is"
    if scheme.get("type") == "http" and str(scheme.get("scheme")).lower() == "basic":
        return "the Authorization header, HTTP Basic"
    if scheme.get("type") == "http":
        return f"the Authorization header, as {scheme.get('scheme')} <token>"
    if scheme.get("type") in ("oauth2", "openIdConnect"):
        return "the Authorization header, as Bearer <token> (a token the caller obtains)"
    return "not sent by the client"


def _requirements_text(requirements: Any) -> str:
    """`basicAuth`, or `apiToken` and `oauth`: the alternatives of a `security` list."""
    if not isinstance(requirements, list):
        return "no requirement stated"  # (plain words: the cell needs no escaping)
    alternatives = [" and ".join(markdown_cell_code(str(name)) for name in requirement) or "nothing" for requirement in requirements if isinstance(requirement, dict)]
    return " or ".join(alternatives) if alternatives else "none: no credential is sent"


def _operation_of(result: MergeResult, record: OperationRecord) -> dict[str, Any]:
    found = ((result.document.get("paths") or {}).get(record.path) or {}).get(record.method)
    return found if isinstance(found, dict) else {}


def _schemas(result: MergeResult) -> dict[str, Any]:
    return (result.document.get("components") or {}).get("schemas") or {}


def _method_names_section(result: MergeResult) -> list[str]:
    """The plain documents' operations that kept their whole name: the shorter one (without
    the resource's words, or from the path's shape) was another operation's too."""
    rows = [
        f"| {_operation_cell(record)} | {markdown_cell_code(record.identity.dotted)} | "
        f"{markdown_cell_code('.'.join((*record.identity.resource, record.given_up)))} |"
        for record in result.operations
        if record.given_up
    ]
    if not rows:
        return []
    return [
        "## Method names kept whole",
        "",
        "Each of these keeps its whole operationId (or verb and path): its shorter name would have been "
        f"another operation's too, so none of them takes it ({len(rows)} in all).",
        "",
        "| operation | SDK call | shorter name given up |",
        "|---|---|---|",
        *rows,
        "",
    ]


def _streaming_section(result: MergeResult) -> list[str]:
    rows = []
    for record in result.operations:
        split = split_stream(_operation_of(result, record), _schemas(result))
        if split is None:
            continue
        names = [sdk_call_of(view) for view in (split.plain, split.stream)]
        sets = [", ".join(markdown_code(f"{k}: {str(v).lower()}") for k, v in s.items()) or "nothing" for s in (split.plain_sets, split.stream_sets)]
        shape = "two pages, two SDK names" if split.paired else "one operation documents both answers"
        cells = [f"{markdown_code(name)} (sends {sent})".replace("|", "\\|") for name, sent in zip(names, sets)]
        rows.append(f"| {_operation_cell(record)} | {cells[0]} | {cells[1]} | {shape} |")
    if not rows:
        return []
    return [
        "## Streaming pairs",
        "",
        "One endpoint, two SDK methods: one returns the JSON answer, the other yields the events of its "
        "`text/event-stream` answer. Each sends the flag that chooses the answer itself.",
        "",
        "| operation | JSON method | streaming method | how |",
        "|---|---|---|---|",
        *rows,
        "",
    ]


def _paging_section(result: MergeResult) -> list[str]:
    rows = []
    for record in result.operations:
        operation = _operation_of(result, record)
        split = split_stream(operation, _schemas(result))
        plain = split.plain if split else operation
        paging = detect_paging(plain, _schemas(result))
        if paging is not None:
            rows.append(
                f"| {_operation_cell(record)} | {markdown_cell_code(record.identity.dotted + '_all')} | {paging.form} | {markdown_cell(paging.describe())} |"
            )
            continue
        why = looks_paged(plain, _schemas(result))
        if why is not None:
            rows.append(f"| {_operation_cell(record)} | (none) | not iterated | {markdown_cell('Looks paged: ' + why + '.')} |")
    if not rows:
        return []
    return [
        "## Paged lists",
        "",
        "Operations that return one page of a longer list, found from their parameters and the page's shape; "
        "each gets a `<method>_all` iterator (sync and async) over every item."
        + (
            " Those marked *not iterated* look paged but match no form the generator knows: they get no iterator."
            if any("| not iterated |" in row for row in rows)
            else ""
        ),
        "",
        "| operation | iterator | form | walk |",
        "|---|---|---|---|",
        *rows,
        "",
    ]


def _rendered_only(result: MergeResult) -> list[OperationRecord]:
    paths = result.document.get("paths") or {}
    return [r for r in result.operations if is_rendered_only((paths.get(r.path) or {}).get(r.method, {}))]


def _rendered_section(result: MergeResult) -> list[str]:
    intro = ["What rendered reference pages (no OpenAPI block) add to the OpenAPI blocks; nothing they state is weakened."]
    return _facts_section("From rendered pages", intro, ("where", "what the page adds"), result.rendered_facts)


def _surface_section(result: MergeResult) -> list[str]:
    intro = [
        "What the pages' Python examples (read, never run) show of the vendor's SDK, and the package follows:",
        "the first page in path order where pages disagree (each disagreement is a warning above).",
    ]
    return _facts_section("From the SDK examples", intro, ("what", "learned"), result.surface)


def _facts_section(heading: str, intro: list[str], columns: tuple[str, str], facts: Sequence[RenderedFact | SurfaceFact]) -> list[str]:
    """A table of facts (subject, fact, page) under a heading; nothing when there are none."""
    if not facts:
        return []
    lines = [f"## {heading}", "", *intro, "", f"| {columns[0]} | {columns[1]} | page |", "|---|---|---|"]
    lines += [f"| {markdown_cell(fact.subject)} | {markdown_cell(fact.fact)} | {markdown_cell(str(fact.source))} |" for fact in facts]
    return [*lines, ""]


def _names_section(result: MergeResult) -> list[str]:
    rows: list[str] = []
    split_rows: list[str] = []
    for group in result.names.groups:
        finals: dict[str, list[tuple[str, str]]] = defaultdict(list)  # final name -> (raw name, where)
        for definition in group.definitions:
            final = group.final_names[(definition.fragment, definition.raw_name)]
            finals[final].append((definition.raw_name, str(definition.source)))
        for final, origins in sorted(finals.items()):
            if {raw for raw, _ in origins} != {final}:
                named = ", ".join(f"{markdown_cell_code(raw)} ({markdown_cell(where)})" for raw, where in origins)
                rows.append(f"| {markdown_cell_code(final)} | {named} |")
        if group.split:
            names = ", ".join(markdown_cell_code(n) for n in sorted(finals))
            split_rows.append(f"| {markdown_cell_code(group.name)} | {names} | variants differ at {markdown_cell(str(group.split_at))} |")
    lines: list[str] = []
    if rows:
        lines += ["## Schema names", "", "Names as they appear on the pages, and the one name each became.", ""]
        lines += ["| merged name | from |", "|---|---|", *rows, ""]
    if result.names.renames:
        lines += ["## Renamed schemas", "", "Schemas that could not keep their clean name, with the reason.", ""]
        lines += ["| schema | becomes | why |", "|---|---|---|"]
        for definition, new_name, reason in result.names.renames:
            lines.append(f"| {markdown_cell_code(definition.raw_name)} ({markdown_cell(str(definition.source))}) | {markdown_cell_code(new_name)} | {markdown_cell(reason)} |")
        lines.append("")
    if split_rows:
        lines += ["## Variants kept apart", "", "Input and output shapes that really differ stay separate types.", ""]
        lines += ["| type | names | evidence |", "|---|---|---|", *split_rows, ""]
    return lines


def _divergence_section(title: str, divergences: list[Divergence]) -> list[str]:
    if not divergences:
        return []
    lines = [f"## {title}", ""]
    by_subject: dict[str, list[Divergence]] = defaultdict(list)
    for divergence in divergences:
        by_subject[divergence.subject].append(divergence)
    for subject in sorted(by_subject):
        lines += [f"### {markdown_code(subject)}", "", "| where | what | pages | merged |", "|---|---|---|---|"]
        for row in by_subject[subject]:
            pages = "<br>".join(
                f"{markdown_cell(side.value)}: {', '.join(markdown_cell(label) for label in side.labels)}" + (f" and {side.more:,} more" if side.more else "")
                for side in row.sides
            )
            lines.append(f"| {markdown_cell_code(row.where or '(whole)')} | {markdown_cell(row.what)} | {pages} | {markdown_cell(row.merged)} |")
        lines.append("")
    return lines


def _operation_cell(record: OperationRecord) -> str:
    """`METHOD /path` as a code span in a table cell."""
    return markdown_cell_code(f"{record.method.upper()} {record.path}")
