"""JUnit XML for CI test tabs (GitLab, Jenkins, Azure DevOps, CircleCI).

One test case per file pair; one <failure> per finding that reaches ``--fail-on``
(so the case fails exactly when tqc's exit status would); findings below it are
listed in the case's <system-out>.  A pair that could not be read is an <error>,
an unpaired file a <skipped> case.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import Finding, Report
from ._ci import display_path, errors_of, fail_on_of, fails, placed_sides, reports_of, unpaired_of

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def _case_name(report: Report) -> str:
    source, target = display_path(report.source.path), display_path(report.target.path)
    return source if source == target else f"{source} -> {target}"


def _describe(finding: Finding, report: Report) -> str:
    places = placed_sides(finding, report)
    lines = [" ".join(f"{display_path(side.path)}:{side.line}" for side in places) or
             display_path(report.source.path),
             f"{finding.code} {finding.name} ({finding.severity}, confidence {finding.confidence:g})",
             finding.message]
    for side in places:
        label = "zh" if side.side == "source" else "en"
        unit = f" [unit {side.unit_id}]" if side.unit_id is not None else ""
        if side.location.text:
            lines.append(f"{label}{unit}: {side.location.text}")
    if finding.suggestion:
        lines.append(f"suggestion: {finding.suggestion}")
    return "\n".join(lines)


def _short(finding: Finding, report: Report) -> str:
    places = placed_sides(finding, report)
    where = f"line {places[0].line}: " if places else ""
    return f"{where}{finding.code} {finding.message}"


def _testcase(report: Report) -> tuple[ET.Element, int]:
    fail_on = fail_on_of(report)
    case = ET.Element("testcase", {"classname": "tqc", "name": _clean(_case_name(report)),
                                   "file": _clean(display_path(report.source.path)),
                                   "assertions": str(len(report.findings))})
    failures = 0
    others = []
    for finding in report.findings:
        if fails(finding, fail_on):
            failures += 1
            failure = ET.SubElement(case, "failure", {"type": finding.code,
                                                      "message": _clean(_short(finding, report))})
            failure.text = _clean(_describe(finding, report))
        else:
            others.append(_describe(finding, report))
    if others:
        output = ET.SubElement(case, "system-out")
        output.text = _clean("\n\n".join(others))
    return case, failures


def render(report, options=None) -> str:
    from .. import __version__

    reports = reports_of(report)
    cases: list[ET.Element] = []
    failed = errors = skipped = 0
    for single in reports:
        case, failures = _testcase(single)
        failed += bool(failures)
        cases.append(case)
    for error in errors_of(report):
        files = [display_path(path) for path in error.get("files", [])]
        case = ET.Element("testcase", {"classname": "tqc", "name": _clean(" -> ".join(files) or "input"),
                                       **({"file": _clean(files[0])} if files else {})})
        element = ET.SubElement(case, "error", {"type": "InputError", "message": _clean(error["message"])})
        element.text = _clean(error["message"])
        errors += 1
        cases.append(case)
    for item in unpaired_of(report):
        case = ET.Element("testcase", {"classname": "tqc", "name": _clean(display_path(item["path"])),
                                       "file": _clean(display_path(item["path"]))})
        ET.SubElement(case, "skipped", {"message": _clean(item["reason"])})
        skipped += 1
        cases.append(case)
    version = next((single.version for single in reports if single.version), __version__)
    counts = {"tests": str(len(cases)), "failures": str(failed), "errors": str(errors),
              "skipped": str(skipped)}
    suites = ET.Element("testsuites", {"name": "tqc", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "tqc", **counts})
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "tqc.version", "value": version})
    ET.SubElement(properties, "property", {"name": "fail-on",
                                           "value": fail_on_of(reports[0]) if reports else "error"})
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
