"""Timing helpers shared by the PyTorch twins in this folder (imported; not run on its own)."""
import os
import time


def milliseconds(fn, repeats, warmups=1):
    """Wall milliseconds of each of `repeats` calls of fn, after `warmups` calls that are not measured."""
    for _ in range(warmups):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def blas_libraries():
    """The BLAS this process loaded (Debian picks it through the libblas.so.3 alternative), read from its maps."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return sorted({os.path.realpath(p) for p in paths})
