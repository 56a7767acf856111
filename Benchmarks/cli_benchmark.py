"""Whole-process timings of mlx against Python, side by side in one run.

Workloads (each pair interleaved: python, mlx, python, mlx, ...):
  startup: `mlx run` of a script that loads iris and prints a summary,
           against `python -c "import pandas, sklearn"` (just the imports);
  loop:    a million scalar arithmetic steps in an mlx `for` loop against the
           same loop in CPython.
Prints medians, minima and the speedup (python median / mlx median).

Usage: python cli_benchmark.py MLX_BINARY [--samples N]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

LOOP_MLX = "x = 0\nfor i in range(1000000):\n    x = x + i * 2\nprint(x)\n"
LOOP_PY = "x = 0\nfor i in range(1000000):\n    x = x + i * 2\nprint(x)\n"
SUMMARY_MLX = 'iris = load "datasets/iris.csv"\ndescribe iris\n'


def wall(command):
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {completed.stderr.decode()}")
    return elapsed


def measure(name, python_command, mlx_command, samples, target):
    for _ in range(2):  # warm-up: page cache, dynamic loader
        wall(python_command)
        wall(mlx_command)
    python_times, mlx_times = [], []
    for _ in range(samples):
        python_times.append(wall(python_command))
        mlx_times.append(wall(mlx_command))
    p, m = statistics.median(python_times), statistics.median(mlx_times)
    speedup = p / m
    print(f"{name:<34} {p * 1e3:9.1f} ms ({min(python_times) * 1e3:7.1f}) {m * 1e3:9.1f} ms ({min(mlx_times) * 1e3:7.1f})"
          f" {speedup:7.2f}x  >={target:g}x  {'yes' if speedup >= target else 'NO'}")


def main():
    mlx = os.path.abspath(sys.argv[1])
    samples = int(sys.argv[sys.argv.index("--samples") + 1]) if "--samples" in sys.argv else 11
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        loop_mlx = os.path.join(folder, "loop.mlx")
        summary_mlx = os.path.join(folder, "summary.mlx")
        open(loop_mlx, "w").write(LOOP_MLX)
        open(summary_mlx, "w").write(SUMMARY_MLX)
        print(f"python: {sys.version.split()[0]} ({python}); samples: {samples} per side, interleaved; load: {os.getloadavg()}")
        print(f"{'workload':<34} {'python median (min)':>23} {'mlx median (min)':>23} speedup target met")
        measure("load iris + summary vs imports", [python, "-c", "import pandas, sklearn"], [mlx, "run", summary_mlx], samples, 10)
        measure("1M-step scalar loop", [python, "-c", LOOP_PY], [mlx, "run", loop_mlx], samples, 1)


if __name__ == "__main__":
    main()
