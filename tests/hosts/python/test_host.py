"""Conformance tests for the kubecis raw plugin ABI v1, run through the Python host.

The module comes from $KUBECIS_WASM, or is written by `kubecis plugin --write`; the cases
from $KUBECIS_CASES, or tests/cases/ and every rule's own cases in tests/rules/<slug>/.
The CLI is $KUBECIS_BIN, or target/release/kubecis. Run: `pytest tests/hosts/python`.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kubecis_host import KubecisPlugin, read_documents, unpack  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
CASES = Path(os.environ.get("KUBECIS_CASES") or REPO / "tests" / "cases")
RULE_CASES = None if os.environ.get("KUBECIS_CASES") else REPO / "tests" / "rules"
NOT_INPUTS = {"expected.json", "report.json"}


def kubecis_bin() -> Path:
    path = Path(os.environ.get("KUBECIS_BIN") or REPO / "target" / "release" / "kubecis")
    if not path.is_file():
        pytest.fail(f"kubecis CLI not found at {path}: build it (cargo build --release -p kubecis) or set KUBECIS_BIN")
    return path


@pytest.fixture(scope="session")
def wasm_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("KUBECIS_WASM")
    if env:
        path = Path(env)
        if not path.is_file():
            pytest.fail(f"KUBECIS_WASM={env} is not a file")
        return path
    path = tmp_path_factory.mktemp("plugin") / "kubecis.wasm"
    subprocess.run([str(kubecis_bin()), "plugin", "--write", str(path)], check=True)
    return path


@pytest.fixture(scope="session")
def plugin(wasm_path: Path) -> KubecisPlugin:
    return KubecisPlugin.from_file(wasm_path)


# --- the ABI itself -----------------------------------------------------------------


def test_module_has_no_imports(plugin: KubecisPlugin) -> None:
    assert plugin.imports() == []


def test_module_exports_the_abi(plugin: KubecisPlugin) -> None:
    exports = set(plugin.exports())
    for name in ("memory", "kubecis_abi_version", "kubecis_alloc", "kubecis_free", "kubecis_check", "kubecis_rules"):
        assert name in exports


def test_abi_version_is_1(plugin: KubecisPlugin) -> None:
    assert plugin.abi_version() == 1


def test_unpack_is_unsigned() -> None:
    assert unpack((5 << 32) | 7) == (5, 7)
    # A pointer at or above 2 GiB makes the signed i64 negative.
    assert unpack(-(1 << 63) | 3) == (1 << 31, 3)


def _assert_error_object(response: dict) -> None:
    assert response.get("schemaVersion") == 1, response
    assert isinstance(response.get("error"), dict), response
    message = response["error"].get("message")
    assert isinstance(message, str) and message, response
    assert "findings" not in response


@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"this is not json", id="not-json"),
        pytest.param(b'{"documents": [', id="truncated-json"),
        pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
        pytest.param(b"[]", id="array"),
        pytest.param(b"42", id="number"),
        pytest.param(b"{}", id="no-documents"),
        pytest.param(b'{"documents": "config.yaml"}', id="documents-not-array"),
        pytest.param(b'{"documents": [{"name": "a"}]}', id="document-without-content"),
        pytest.param(b'{"documents": [{"name": "a", "content": 7}]}', id="content-not-string"),
        pytest.param(b'{"documents": [], "options": {"benchmark": 12}}', id="benchmark-not-string"),
    ],
)
def test_malformed_request_returns_error_object(plugin: KubecisPlugin, request_bytes: bytes) -> None:
    raw = plugin.check_bytes(request_bytes)
    _assert_error_object(json.loads(raw.decode("utf-8")))


def test_unknown_benchmark_returns_error_object(plugin: KubecisPlugin) -> None:
    _assert_error_object(plugin.check([], benchmark="cis-0.0"))


def test_empty_request_gives_empty_report(plugin: KubecisPlugin) -> None:
    report = plugin.check_request({"documents": [], "options": {"benchmark": "cis-1.12"}})
    assert report["schemaVersion"] == 1
    assert report["benchmark"] == "cis-1.12"
    assert report["documents"] == []
    assert report["findings"] == []


def test_document_names_and_utf8_round_trip(plugin: KubecisPlugin) -> None:
    docs = [
        {"name": "dir/ünïcödé.yaml", "content": "# ☸ kubelet\nkind: Unknown\n"},
        {"name": "second", "content": ""},
    ]
    report = plugin.check(docs)
    assert "error" not in report, report
    assert [(d["index"], d["name"]) for d in report["documents"]] == [(0, docs[0]["name"]), (1, "second")]


def test_rules_parse(plugin: KubecisPlugin) -> None:
    rules = plugin.rules()
    assert isinstance(rules, list)
    for rule in rules:
        assert isinstance(rule, dict)
        assert isinstance(rule.get("slug"), str) and rule["slug"]
    slugs = [r["slug"] for r in rules]
    assert len(slugs) == len(set(slugs)), "rule slugs must be unique"


def test_repeated_calls_are_stable(plugin: KubecisPlugin) -> None:
    docs = [{"name": "x.yaml", "content": "kind: KubeletConfiguration\n"}]
    first = plugin.check(docs)
    for _ in range(5):
        assert plugin.check(docs) == first


# --- the conformance corpus -----------------------------------------------------------


def case_dirs() -> list[Path]:
    dirs = sorted(p for p in CASES.iterdir() if p.is_dir()) if CASES.is_dir() else []
    if RULE_CASES is not None and RULE_CASES.is_dir():
        for rule in sorted(p for p in RULE_CASES.iterdir() if p.is_dir()):
            dirs.extend(sorted(p for p in rule.iterdir() if p.is_dir()))
    return [p for p in dirs if (p / "expected.json").is_file()]


def case_id(case: Path) -> str:
    return case.name if case.parent == CASES else f"{case.parent.name}/{case.name}"


def case_options(expected: dict) -> dict:
    """The request options a case asks for: its `options`, with its `benchmark`."""
    options = dict(expected.get("options") or {})
    if expected.get("benchmark"):
        options["benchmark"] = expected["benchmark"]
    return options


def cli_option_args(options: dict) -> list[str]:
    args: list[str] = []
    if options.get("benchmark"):
        args += ["--benchmark", options["benchmark"]]
    for key in ("select", "ignore"):
        for value in options.get(key) or []:
            args += [f"--{key}", value]
    if options.get("kubernetesVersion"):
        args += ["--kubernetes-version", options["kubernetesVersion"]]
    return args


def case_inputs(case: Path) -> list[str]:
    return sorted(
        p.relative_to(case).as_posix()
        for p in case.rglob("*")
        if p.is_file() and p.relative_to(case).as_posix() not in NOT_INPUTS
    )


def verdicts(findings: list[dict]) -> collections.Counter:
    return collections.Counter((f.get("rule"), f.get("cis"), f.get("status")) for f in findings)


def test_corpus_is_present() -> None:
    if not case_dirs():
        pytest.skip("tests/cases/ holds no case yet")


@pytest.mark.parametrize("case", case_dirs(), ids=case_id)
def test_case(plugin: KubecisPlugin, case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    inputs = case_inputs(case)
    assert inputs, f"{case} has no input files"
    options = case_options(expected)

    documents = [
        {"name": name, "content": doc["content"]}
        for name, doc in zip(inputs, read_documents(str(case / name) for name in inputs))
    ]
    report = plugin.check_request({"documents": documents, "options": options})
    assert "error" not in report, report

    cmd = [str(kubecis_bin()), "check", "--format", "json"] + cli_option_args(options)
    cli = subprocess.run(cmd + inputs, cwd=case, capture_output=True, text=True)
    try:
        cli_report = json.loads(cli.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"`{' '.join(cmd + inputs)}` exited {cli.returncode} without JSON:\n{cli.stdout}\n{cli.stderr}")
    assert report == cli_report, "the Python host and the CLI disagree"

    assert isinstance(expected.get("verdicts"), list), f"{case}/expected.json has no verdicts list"
    want = verdicts(expected["verdicts"])
    got = verdicts(report.get("findings", []))
    assert got == want, (
        f"verdicts differ for {case.name}\n"
        f"  missing:    {sorted(map(str, (want - got).elements()))}\n"
        f"  unexpected: {sorted(map(str, (got - want).elements()))}"
    )
