"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).

- ``ruleId`` is the rule code; the rule metadata comes from the rule's docstring
  (Rule.documentation(): summary, description, Bad/Good examples).
- ``partialFingerprints["tqc/v1"]`` is the baseline fingerprint (code, normalised text,
  context hash; no line numbers), so code scanning keeps one alert across unrelated edits.
- ``locations`` are the file and line of the source text and of the target text, the one
  holding the offending text first.
- A batch gives one run over all its file pairs; unreadable pairs and unpaired files are
  tool notifications.
"""
from __future__ import annotations

import json

from ..model import Report
from ._ci import artifact_uri, errors_of, placed_sides, reports_of, unpaired_of

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SIDE_NAMES = {"source": "Chinese source", "target": "English translation"}


def _rule_descriptor(rule) -> dict:
    doc = rule.documentation()
    help_text = [doc.summary]
    help_markdown = [doc.summary]
    if doc.description:
        help_text += ["", doc.description]
        help_markdown += ["", doc.description]
    for title, block in (("Bad", doc.bad), ("Good", doc.good), ("Options", doc.options)):
        if block:
            help_text += ["", f"{title}:", block]
            help_markdown += ["", f"**{title}:**", "", "```", block, "```"]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": doc.summary or rule.name},
        "fullDescription": {"text": doc.description or doc.summary or rule.name},
        "help": {"text": "\n".join(help_text), "markdown": "\n".join(help_markdown)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": ["translation", rule.category]},
    }


def _location(side) -> dict:
    uri, relative = artifact_uri(side.path)
    artifact = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    region: dict = {"startLine": side.line}
    if side.location.text:
        region["snippet"] = {"text": side.location.text}
    location = {"physicalLocation": {"artifactLocation": artifact, "region": region},
                "message": {"text": SIDE_NAMES[side.side]}}
    if side.unit_id is not None:
        location["logicalLocations"] = [{"name": side.unit_id, "kind": "translationUnit"}]
    return location


def _result(finding, report: Report, rule_index: dict) -> dict:
    from ..baseline import FINGERPRINT_KEY, finding_fingerprint

    sides = placed_sides(finding, report)
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    result = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [_location(side) for side in sides],
        "partialFingerprints": {FINGERPRINT_KEY: finding_fingerprint(finding, report)},
        "properties": {"confidence": finding.confidence, "category": finding.category,
                       "name": finding.name},
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if not sides:  # a finding with no line still names the file it is about
        uri, relative = artifact_uri(report.source.path)
        artifact = {"uri": uri, **({"uriBaseId": "%SRCROOT%"} if relative else {})}
        result["locations"] = [{"physicalLocation": {"artifactLocation": artifact}}]
    return result


def _notifications(batch) -> list[dict]:
    notes = []
    for error in errors_of(batch):
        note = {"level": "error", "message": {"text": error["message"]},
                "descriptor": {"id": "input-error"}}
        if error.get("files"):
            uri, relative = artifact_uri(error["files"][0])
            region = {"startLine": error["line"]} if error.get("line") else None
            physical = {"artifactLocation": {"uri": uri, **({"uriBaseId": "%SRCROOT%"} if relative else {})}}
            if region:
                physical["region"] = region
            note["locations"] = [{"physicalLocation": physical}]
        notes.append(note)
    for item in unpaired_of(batch):
        uri, relative = artifact_uri(item["path"])
        notes.append({"level": "warning", "message": {"text": f"{item['path']}: {item['reason']}"},
                      "descriptor": {"id": "unpaired-file"},
                      "locations": [{"physicalLocation": {"artifactLocation": {
                          "uri": uri, **({"uriBaseId": "%SRCROOT%"} if relative else {})}}}]})
    return notes


def sarif_log(report) -> dict:
    """The SARIF log of one Report or a batch of them."""
    from .. import __version__
    from ..rules import ALL_RULES

    reports = reports_of(report)
    rules = [_rule_descriptor(rule) for rule in ALL_RULES]
    rule_index = {rule.code: index for index, rule in enumerate(ALL_RULES)}
    results = [_result(finding, single, rule_index) for single in reports for finding in single.findings]
    version = next((single.version for single in reports if single.version), __version__)
    notifications = _notifications(report)
    run = {
        "tool": {"driver": {"name": "tqc", "version": version, "semanticVersion": version,
                            "rules": rules}},
        "invocations": [{"executionSuccessful": not errors_of(report),
                         **({"toolExecutionNotifications": notifications} if notifications else {})}],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report, options=None) -> str:
    return json.dumps(sarif_log(report), ensure_ascii=False, indent=2) + "\n"
