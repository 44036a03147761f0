#!/usr/bin/env python3
"""A minimal, independent host for the kubecis raw plugin ABI v1 (docs/plugin-abi.md).

Written only from the ABI contract, with the `wasmtime` package from PyPI:

    python kubecis_host.py MODULE.wasm FILE...

prints the report JSON for FILE... (each document is named by its path as given).
Exit status: 0 when the module returned a report, 2 when it returned the error object
or the module could not be run.

As a library:

    plugin = KubecisPlugin.from_file("kubecis.wasm")
    report = plugin.check([{"name": "config.yaml", "content": text}])
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import wasmtime

ABI_VERSION = 1
# Caps this host puts on the plugin (the ABI lets each host choose its own).
MEMORY_LIMIT_BYTES = 1 << 30  # 1 GiB of linear memory
FUEL = 20_000_000_000  # instructions, roughly, per store

_U64 = (1 << 64) - 1
_U32 = (1 << 32) - 1


class PluginError(Exception):
    """The module broke the ABI contract, trapped, or could not be loaded."""


def unpack(packed: int) -> tuple[int, int]:
    """Splits the i64 returned by kubecis_check/kubecis_rules into (ptr, len).

    The i64 is an unsigned ptr << 32 | len; Python's wasmtime hands it back signed.
    """
    bits = packed & _U64
    return bits >> 32, bits & _U32


class KubecisPlugin:
    """One loaded module: a fresh store and instance per call, so a trap never leaks."""

    def __init__(self, wasm: bytes) -> None:
        config = wasmtime.Config()
        config.consume_fuel = True
        self._engine = wasmtime.Engine(config)
        try:
            self._module = wasmtime.Module(self._engine, wasm)
        except Exception as exc:  # wasmtime raises WasmtimeError
            raise PluginError(f"not a loadable wasm module: {exc}") from exc
        imports = self.imports()
        if imports:
            raise PluginError(f"the module has imports {imports}; ABI v1 modules have none")
        version = self.abi_version()
        if version != ABI_VERSION:
            raise PluginError(f"the module speaks ABI v{version}; this host speaks v{ABI_VERSION}")

    @classmethod
    def from_file(cls, path: str | Path) -> "KubecisPlugin":
        return cls(Path(path).read_bytes())

    def imports(self) -> list[str]:
        return [f"{i.module}.{i.name}" for i in self._module.imports]

    def exports(self) -> list[str]:
        return [e.name for e in self._module.exports]

    def _instantiate(self) -> tuple[wasmtime.Store, Any]:
        store = wasmtime.Store(self._engine)
        store.set_limits(memory_size=MEMORY_LIMIT_BYTES)
        store.set_fuel(FUEL)
        instance = wasmtime.Instance(store, self._module, [])
        return store, instance.exports(store)

    def abi_version(self) -> int:
        store, exports = self._instantiate()
        return int(exports["kubecis_abi_version"](store))

    def check_bytes(self, request: bytes) -> bytes:
        """Sends raw request bytes (UTF-8 JSON) and returns the raw response bytes."""
        store, exports = self._instantiate()
        memory = exports["memory"]
        alloc, free = exports["kubecis_alloc"], exports["kubecis_free"]
        length = len(request)
        if length > _U32 >> 1:
            raise PluginError("request too large for a 32-bit module")
        try:
            ptr = 0  # an empty request needs no buffer: (0, 0) is valid
            if length:
                ptr = alloc(store, length)
                if ptr == 0:
                    raise PluginError(f"kubecis_alloc({length}) failed")
                memory.write(store, request, ptr)
            packed = exports["kubecis_check"](store, ptr, length)
            # The module only borrowed the request: the caller frees it.
            if length:
                free(store, ptr, length)
            return self._take(store, memory, free, packed)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as exc:
            raise PluginError(f"the module trapped: {exc}") from exc

    def rules_bytes(self) -> bytes:
        store, exports = self._instantiate()
        try:
            packed = exports["kubecis_rules"](store)
            return self._take(store, exports["memory"], exports["kubecis_free"], packed)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as exc:
            raise PluginError(f"the module trapped: {exc}") from exc

    @staticmethod
    def _take(store: wasmtime.Store, memory: Any, free: Any, packed: int) -> bytes:
        ptr, length = unpack(packed)
        # Read through the memory export *after* the call: the memory may have grown.
        if ptr + length > memory.data_len(store):
            raise PluginError(f"response {ptr}+{length} lies outside the module's memory")
        data = bytes(memory.read(store, ptr, ptr + length))
        free(store, ptr, length)
        return data

    def check_request(self, request: Mapping[str, Any]) -> dict:
        """Sends a request object; returns the parsed response (report or error object)."""
        raw = json.dumps(request, ensure_ascii=False).encode("utf-8")
        return json.loads(self.check_bytes(raw).decode("utf-8"))

    def check(self, documents: Sequence[Mapping[str, str]], benchmark: str | None = None) -> dict:
        request: dict[str, Any] = {"documents": [dict(d) for d in documents], "options": {}}
        if benchmark is not None:
            request["options"]["benchmark"] = benchmark
        return self.check_request(request)

    def rules(self) -> Any:
        return json.loads(self.rules_bytes().decode("utf-8"))


def read_documents(paths: Iterable[str]) -> list[dict[str, str]]:
    """Documents named by path as given; content decoded as UTF-8 (invalid bytes replaced)."""
    return [
        {"name": p, "content": Path(p).read_bytes().decode("utf-8", errors="replace")}
        for p in paths
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the kubecis wasm plugin over files.")
    parser.add_argument("module", help="the kubecis plugin (.wasm)")
    parser.add_argument("files", nargs="+", help="documents to check")
    parser.add_argument("--benchmark", help="benchmark version, e.g. cis-1.12")
    args = parser.parse_args(argv)
    try:
        plugin = KubecisPlugin.from_file(args.module)
        request: dict[str, Any] = {"documents": read_documents(args.files), "options": {}}
        if args.benchmark:
            request["options"]["benchmark"] = args.benchmark
        raw = plugin.check_bytes(json.dumps(request, ensure_ascii=False).encode("utf-8"))
    except (OSError, PluginError) as exc:
        print(f"kubecis_host: {exc}", file=sys.stderr)
        return 2
    text = raw.decode("utf-8")
    print(text)
    return 2 if "error" in json.loads(text) else 0


if __name__ == "__main__":
    sys.exit(main())
