#!/usr/bin/env python3
"""Writes the seed corpus for every fuzz target from tests/cases (and, for
fix_round_trip, tests/rules/*/*) into fuzz/corpus/, plus fuzz/regressions/<target>/.

The corpus is generated, not committed: run this before fuzzing.
"""
import json
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
RULES = ROOT / "tests" / "rules"
REGRESSIONS = ROOT / "fuzz" / "regressions"
OUT = ROOT / "fuzz" / "corpus"


def case_inputs(case):
    files = []
    for p in sorted(case.rglob("*")):
        if p.is_file() and p.name not in ("expected.json", "report.json"):
            files.append((p.relative_to(case).as_posix(), p.read_bytes()))
    return files


def kind(content):
    if b"\0" in content:
        return "proc_cmdline"
    text = content.decode("utf-8", "replace")
    if "[Service]" in text or "ExecStart=" in text:
        return "systemd"
    if text.lstrip().startswith(("{", "[")) or "apiVersion:" in text or "kind:" in text:
        return "yaml"
    if all("=" in l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")) and "--" not in text.split("=")[0]:
        return "env_file"
    return "command_line"


def write(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main():
    n = 0
    rule_cases = sorted(c for r in RULES.iterdir() if r.is_dir() for c in r.iterdir() if c.is_dir())
    for case in rule_cases:
        inputs = case_inputs(case)
        if inputs:
            joined = b"\x1e".join(name.encode() + b"\n" + data for name, data in inputs)
            write("fix_round_trip", f"{case.parent.name}-{case.name}", joined)
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        inputs = case_inputs(case)
        if not inputs:
            continue
        joined = b"\x1e".join(name.encode() + b"\n" + data for name, data in inputs)
        write("fix_round_trip", case.name, joined)
        request = {"documents": [{"name": name, "content": data.decode("utf-8", "replace")} for name, data in inputs]}
        write("request", case.name, json.dumps(request).encode())
        write("documents", case.name, b"\x1e".join(name.encode() + b"\n" + data for name, data in inputs))
        for i, (name, data) in enumerate(inputs):
            k = kind(data)
            if k == "proc_cmdline":
                data = data.split(b"\0", 1)[1] if b"\0" in data else data
            elif k == "systemd":
                data = data.replace(b"[Service]\n", b"", 1)
            write(k, f"{case.name}-{i}", data)
            if k == "yaml":
                # go_yaml reads its first bytes as a model and the rest as spellings, and
                # checks its invariants on the raw text: real YAML seeds both.
                write("go_yaml", f"{case.name}-{i}", data)
            n += 1
    # Every committed regression input seeds its target too.
    if REGRESSIONS.is_dir():
        for d in sorted(p for p in REGRESSIONS.iterdir() if p.is_dir()):
            for f in sorted(d.iterdir()):
                write(d.name, f"regression-{f.name}", f.read_bytes())
    print(f"wrote seeds for {n} documents into {OUT}")


if __name__ == "__main__":
    main()
