"""numpy side of mlx-bench: a line protocol on stdin/stdout.

The Swift driver (Benchmarks/NumericsBenchmark) starts this script and sends
one command per line; every command gets exactly one reply line, so the driver
can interleave numpy samples with its own. Replies start with "ok" or "error".

    load NAME PATH ROWS COLS  raw little-endian float64, column-major (order='F')
    op NAME EXPR              compile a numpy expression over the loaded arrays
    check NAME                run it once, reply with float(np.sum(result))
    time NAME                 run it once, reply with the seconds it took
    clear                     drop all arrays and ops (hands the memory back)
    info                      numpy version and BLAS (threadpoolctl) as JSON
    quit
"""

import json
import os
import platform
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info

arrays = {}
ops = {}


def load(name, path, rows, cols):
    # Swift writes the Matrix storage as is: column-major, hence order='F'.
    flat = np.fromfile(path, dtype="<f8", count=int(rows) * int(cols))
    arrays[name] = flat.reshape((int(rows), int(cols)), order="F")
    return "ok"


def define(name, expr):
    ops[name] = compile(expr, f"<op {name}>", "eval")
    return "ok"


def run(name):
    return eval(ops[name], {"np": np}, arrays)


def check(name):
    result = run(name)
    if isinstance(result, tuple):  # lstsq returns (x, residuals, rank, s)
        result = result[0]
    return f"ok {float(np.sum(result))!r}"


def time_op(name):
    code = ops[name]
    namespace = {"np": np}
    start = time.perf_counter()
    result = eval(code, namespace, arrays)
    elapsed = time.perf_counter() - start
    del result  # freed after the clock stops, as on the Swift side
    return f"ok {elapsed!r}"


def info():
    return "ok " + json.dumps({
        "numpy": np.__version__,
        "python": platform.python_version(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
        "blas": [
            {key: lib.get(key) for key in ("internal_api", "version", "architecture", "num_threads", "threading_layer", "filepath")}
            for lib in threadpool_info()
            if lib.get("user_api") == "blas"
        ],
    })


def clear():
    arrays.clear()
    ops.clear()
    return "ok"


COMMANDS = {
    "load": load,
    "op": define,
    "check": check,
    "time": time_op,
    "clear": clear,
    "info": info,
}


def main():
    for line in sys.stdin:
        words = line.strip().split(" ", 2 if line.startswith("op ") else -1)
        if not words or not words[0]:
            continue
        if words[0] == "quit":
            break
        try:
            reply = COMMANDS[words[0]](*words[1:])
        except Exception as error:  # report, keep serving: the driver decides
            reply = "error " + repr(error).replace("\n", " ")
        print(reply, flush=True)


if __name__ == "__main__":
    main()
