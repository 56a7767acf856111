"""One CSV load in a fresh process, for mlx-load-bench.

    python load_worker.py LIBRARY PATH REPEATS     LIBRARY: pandas | polars | pyarrow
    python load_worker.py versions -

Loads REPEATS times and prints one line: the first load's seconds (cold: a
fresh process), the median seconds of the others (warm), VmHWM before and
after the first load (KiB, from /proc/self/status; "before" is after the
library is imported), rows, and the sum of all values (so the driver can
check that every side read the same data).
"""

import sys
import time


def peak_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    library, path = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if library == "versions":
        import numpy, pandas, polars, pyarrow, platform
        print(f"Python {platform.python_version()}, numpy {numpy.__version__}, pandas {pandas.__version__}, "
              f"polars {polars.__version__}, pyarrow {pyarrow.__version__}")
        return
    if library == "pandas":
        import pandas
        load = lambda: pandas.read_csv(path, engine="c")
        checksum = lambda t: float(t.to_numpy().sum())
    elif library == "polars":
        import polars
        load = lambda: polars.read_csv(path)
        checksum = lambda t: float(t.sum().sum_horizontal()[0])
    elif library == "pyarrow":
        import pyarrow.csv
        import pyarrow.compute
        load = lambda: pyarrow.csv.read_csv(path)
        checksum = lambda t: float(sum(pyarrow.compute.sum(c).as_py() for c in t.columns))
    else:
        raise SystemExit(f"unknown library {library}")
    before = peak_kib()
    times, after, table = [], 0, None
    for _ in range(repeats):
        table = None  # the previous table goes before the next load, as on the Swift side
        start = time.perf_counter()
        table = load()
        times.append(time.perf_counter() - start)
        after = after or peak_kib()
    warm = sorted(times[1:])[(len(times) - 2) // 2] if len(times) > 1 else times[0]
    if len(times) > 2 and (len(times) - 1) % 2 == 0:
        rest = sorted(times[1:])
        warm = (rest[len(rest) // 2 - 1] + rest[len(rest) // 2]) / 2
    print(f"{times[0]!r} {warm!r} {before} {after} {len(table)} {checksum(table)!r}")


if __name__ == "__main__":
    main()
