"""One CSV load in a fresh process, for mlx-load-bench.

    python load_worker.py LIBRARY PATH     LIBRARY: pandas | polars | pyarrow
    python load_worker.py versions -

Prints one line: seconds, VmHWM before and after the load (KiB, from
/proc/self/status; "before" is after the library is imported), rows, and the
sum of all values (so the driver can check that every side read the same data).
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
    start = time.perf_counter()
    table = load()
    elapsed = time.perf_counter() - start
    after = peak_kib()
    print(f"{elapsed!r} {before} {after} {len(table)} {checksum(table)!r}")


if __name__ == "__main__":
    main()
