"""Finds liblivediff_c and its header and opens them with cffi (ABI mode, no compiler needed).

The declarations come from livediff/livediff.h itself, so the binding cannot drift from the
library: the header is read, its preprocessor lines dropped (integer #defines kept), and the
result given to cffi. The library is looked for in this order: $LIVEDIFF_C_LIBRARY, the build
trees of the repository this file is in (build/release, build/dev), then the installed prefix
(pkg-config, the linker's cache, /usr/local/lib).
"""

import ctypes.util
import os
import re
import subprocess

import cffi

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.normpath(os.path.join(_HERE, "..", "..", ".."))


def _abi_of(header_text):
    m = re.search(r"^#define LIVEDIFF_ABI_VERSION (\d+)$", header_text, re.M)
    if not m:
        raise ImportError("livediff.h has no LIVEDIFF_ABI_VERSION")
    return int(m.group(1))


def declarations(header_text):
    """The header as cffi's cdef takes it: no preprocessor, no export macros."""
    out = []
    for line in header_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            m = re.match(r"#\s*define\s+(LIVEDIFF_[A-Z0-9_]+)\s+(\d+)u?\s*(/\*.*\*/)?$", stripped)
            if m:
                out.append(f"#define {m.group(1)} {m.group(2)}")
            continue
        out.append(line)
    text = "\n".join(out)
    for macro in ("LIVEDIFF_API", "LIVEDIFF_BEGIN_DECLS", "LIVEDIFF_END_DECLS"):
        text = text.replace(macro, "")
    return text


def _pkg_config_libdir():
    try:
        res = subprocess.run(
            ["pkg-config", "--variable=libdir", "livediff_c"],
            capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return res.stdout.strip() or None if res.returncode == 0 else None


def _candidates(abi):
    name = f"liblivediff_c.so.{abi}"
    env = os.environ.get("LIVEDIFF_C_LIBRARY")
    if env:
        yield env
        return
    for preset in ("release", "dev"):
        yield os.path.join(_REPO, "build", preset, "bindings", "c", name)
    libdir = _pkg_config_libdir()
    if libdir:
        yield os.path.join(libdir, name)
    found = ctypes.util.find_library("livediff_c")
    if found:
        yield found
    for libdir in ("/usr/local/lib", "/usr/local/lib/x86_64-linux-gnu", "/usr/lib",
                   "/usr/lib/x86_64-linux-gnu"):
        yield os.path.join(libdir, name)


def _header_candidates(library_path):
    env = os.environ.get("LIVEDIFF_C_HEADER")
    if env:
        yield env
        return
    yield os.path.join(_REPO, "bindings", "c", "include", "livediff", "livediff.h")
    libdir = os.path.dirname(os.path.realpath(library_path)) if library_path else None
    if libdir:
        for up in ("..", os.path.join("..", "..")):
            yield os.path.normpath(os.path.join(libdir, up, "include", "livediff", "livediff.h"))


def _first_file(paths):
    for p in paths:
        if p and os.path.isfile(p):
            return p
    return None


def load():
    """Returns (ffi, lib, library path)."""
    # The header names the ABI, which names the library file; a header from the repository is
    # tried first, then one next to the library found.
    header = _first_file(_header_candidates(None))
    abi = None
    if header:
        with open(header, encoding="utf-8") as f:
            abi = _abi_of(f.read())
    library = _first_file(_candidates(abi if abi is not None else 0))
    if library is None:
        raise ImportError(
            "liblivediff_c was not found: build it (cmake --build --preset release --target "
            "livediff_c), install it, or set LIVEDIFF_C_LIBRARY to its path")
    if header is None:
        header = _first_file(_header_candidates(library))
    if header is None:
        raise ImportError("livediff/livediff.h was not found: set LIVEDIFF_C_HEADER")
    with open(header, encoding="utf-8") as f:
        text = f.read()
    ffi = cffi.FFI()
    ffi.cdef(declarations(text))
    lib = ffi.dlopen(library)
    if lib.livediff_abi_version() != _abi_of(text):
        raise ImportError(f"{library} has ABI {lib.livediff_abi_version()}, "
                          f"{header} declares {_abi_of(text)}")
    return ffi, lib, library


ffi, lib, library_path = load()
