"""`mlx serve` against scikit-learn behind FastAPI on uvicorn, under the same wrk load.

Both servers hold the iris logistic model of scripts/iris_logistic.mlx (the Python
side refits it on the same training rows, Benchmarks/serve_fastapi.py) and answer the
same POST /predict body. Steps:
  1. agreement: all 150 iris rows to both; labels must match, probabilities are compared;
  2. warm-up: a short wrk run per server and case;
  3. rounds: each round runs wrk on every case against both servers, the order
     alternating between rounds (mlx first, then python first);
  4. report: medians over rounds of requests/s and of p50/p99 latency, the
     throughput ratio, and the targets (>= 5x requests/s, lower p99);
  5. sizes: what a container needs on each side.

Usage: python serve_benchmark.py MLX_BINARY [--rounds N] [--duration SECONDS]
       [--connections N] [--threads N] [--workers N]
"""
import argparse
import csv
import importlib.metadata
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %.6f %.6f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99)))
end
"""


def iris_rows():
    with open(os.path.join(ROOT, "datasets", "iris.csv")) as file:
        return [{name: float(row[name]) for name in FEATURES} for row in csv.DictReader(file)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/predict", data=body.encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.load(reply)


def wait_until_ready(port, process, body):
    for _ in range(600):
        if process.poll() is not None:
            sys.exit(f"the server on port {port} exited with {process.returncode}")
        try:
            return post(port, body)
        except OSError:
            time.sleep(0.1)
    sys.exit(f"the server on port {port} did not answer in 60 s")


def start_mlx(binary, bundle):
    process = subprocess.Popen([binary, "serve", "--bundle", bundle, "--port", "0"], stdout=subprocess.PIPE, text=True)
    banner = process.stdout.readline()
    match = re.search(r":(\d+)$", banner.strip())
    if not match:
        sys.exit(f"mlx serve printed no address: {banner!r}")
    return process, int(match.group(1)), banner.strip()


def start_python(bundle, workers):
    port = free_port()
    environment = dict(os.environ, MLX_BENCH_BUNDLE=bundle, MLX_BENCH_DATA=os.path.join(ROOT, "datasets", "iris.csv"))
    command = [sys.executable, "-m", "uvicorn", "serve_fastapi:app", "--app-dir", os.path.join(ROOT, "Benchmarks"),
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=environment), port


def wrk(port, script, seconds, threads, connections):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, f"http://127.0.0.1:{port}/predict"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((l for l in output.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk printed no result:\n{output}")
    requests, duration_us, socket_errors, non_2xx, p50_us, p99_us = (float(x) for x in line.split()[1:])
    return {"rps": requests / (duration_us / 1e6), "p50": p50_us / 1e3, "p99": p99_us / 1e3, "errors": int(socket_errors), "non2xx": int(non_2xx)}


def write_script(folder, name, body):
    path = os.path.join(folder, f"{name}.lua")
    with open(path, "w") as file:
        file.write('wrk.method = "POST"\n')
        file.write(f"wrk.body = {json.dumps(body)}\n")
        file.write('wrk.headers["Content-Type"] = "application/json"\n')
        file.write(REPORT)
    return path


def check_agreement(mlx_port, python_port, rows):
    body = json.dumps({"rows": rows})
    mlx, python = post(mlx_port, body), post(python_port, body)
    differing = sum(a != b for a, b in zip(mlx["predictions"], python["predictions"]))
    largest = max(abs(a[c] - b[c]) for a, b in zip(mlx["probabilities"], python["probabilities"]) for c in a)
    print(f"agreement on the 150 iris rows: {150 - differing}/150 labels equal; largest probability difference {largest:.2e}")
    if differing > 1:
        sys.exit("the two servers do not hold the same model; not timing them")


def directory_bytes(path):
    return sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(path) for name in names)


def shared_libraries(binary):
    output = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    paths = sorted({m.group(1) for m in re.finditer(r"=> (/\S+)", output)} | {m.group(1) for m in re.finditer(r"^\s*(/\S+) \(", output, re.M)})
    return [(os.path.realpath(p), os.path.getsize(os.path.realpath(p))) for p in paths if os.path.exists(p)]


def distribution_bytes(name):
    files = importlib.metadata.distribution(name).files or []
    return sum(os.path.getsize(f.locate()) for f in files if os.path.isfile(f.locate()))


def closure(names):
    """The distributions `names` need, themselves included (extras not followed, except uvicorn[standard]'s)."""
    seen, pending = set(), list(names)
    while pending:
        name = re.split(r"[<>=!~\[; ]", pending.pop())[0].lower().replace("_", "-")
        if name in seen:
            continue
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for requirement in distribution.requires or []:
            if "extra ==" in requirement and not (name == "uvicorn" and "standard" in requirement):
                continue
            if "sys_platform == 'win32'" in requirement or "platform_system == 'Windows'" in requirement:
                continue
            pending.append(requirement)
    return sorted(seen)


def mib(n):
    return f"{n / 2**20:7.1f} MiB"


def stripped_bytes(binary, folder):
    """The binary's size without symbols and debug information, as an image would ship it."""
    copy = os.path.join(folder, "mlx-stripped")
    subprocess.run(["strip", "-o", copy, binary], check=True)
    return os.path.getsize(copy)


def report_sizes(binary, bundle, folder):
    print("\nwhat a container needs")
    binary_bytes = stripped_bytes(binary, folder)
    libraries = shared_libraries(binary)
    copied = sum(os.path.getsize(os.path.join(bundle, f)) for f in ("bundle.json", "model.json", "checksums.sha256"))
    runtime = "static" if "libswiftCore" not in " ".join(p for p, _ in libraries) else "dynamic"
    print(f"  mlx: binary {mib(binary_bytes)} stripped, {mib(os.path.getsize(binary))} as built with debug information"
          f" ({runtime} Swift runtime, {binary})")
    print(f"       shared libraries it loads (ldd, {len(libraries)} files) {mib(sum(s for _, s in libraries))}")
    for path, size in libraries:
        print(f"         {size / 2**20:6.2f} MiB  {path}")
    print(f"       bundle: {copied / 1024:.1f} KiB copied into the image ({directory_bytes(bundle) / 1024:.1f} KiB with the Dockerfile and manifests)")
    print(f"       total {mib(binary_bytes + sum(s for _, s in libraries) + copied)} (stripped binary, libraries, bundle)")
    named = ["fastapi", "uvicorn", "scikit-learn", "numpy", "scipy", "joblib"]
    named_bytes = sum(distribution_bytes(n) for n in named)
    everything = closure(["fastapi", "uvicorn[standard]", "scikit-learn"])
    everything_bytes = sum(distribution_bytes(n) for n in everything)
    print(f"  python: site-packages of {', '.join(named)} {mib(named_bytes)}")
    print(f"          with everything they pull in ({len(everything)} distributions) {mib(everything_bytes)}: {', '.join(everything)}")
    print(f"          plus the interpreter: {sys.version.split()[0]} and its standard library (not counted)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mlx")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()
    binary = os.path.abspath(options.mlx)
    rows = iris_rows()
    cases = [("1 row", {"rows": rows[:1]}), ("100 rows", {"rows": [rows[(i * 37) % 150] for i in range(100)]})]

    with tempfile.TemporaryDirectory() as folder:
        store = os.path.join(folder, "store")
        subprocess.run([binary, "run", os.path.join(ROOT, "scripts", "iris_logistic.mlx")], cwd=ROOT, check=True,
                       env=dict(os.environ, MLX_STORE=store), stdout=subprocess.DEVNULL)
        bundle = os.path.join(store, "registry", "iris", "1")
        mlx, mlx_port, banner = start_mlx(binary, bundle)
        python, python_port = start_python(bundle, options.workers)
        try:
            wait_until_ready(mlx_port, mlx, json.dumps(cases[0][1]))
            wait_until_ready(python_port, python, json.dumps(cases[0][1]))
            print(f"mlx: {banner} ({binary})")
            print(f"python: {sys.version.split()[0]}, uvicorn --workers {options.workers} (uvloop, httptools), FastAPI, scikit-learn")
            print(f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s, {options.rounds} rounds, order alternating; "
                  f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}")
            check_agreement(mlx_port, python_port, rows)
            scripts = {name: write_script(folder, name.replace(" ", "-"), json.dumps(body)) for name, body in cases}
            sides = {"mlx": mlx_port, "python": python_port}
            for name in scripts:
                for port in sides.values():
                    wrk(port, scripts[name], 2, options.threads, options.connections)
            results = {(name, side): [] for name in scripts for side in sides}
            for round_number in range(options.rounds):
                order = ["mlx", "python"] if round_number % 2 == 0 else ["python", "mlx"]
                for name in scripts:
                    for side in order:
                        results[(name, side)].append(wrk(sides[side], scripts[name], options.duration, options.threads, options.connections))
            report(results, scripts)
            print(f"load after: {os.getloadavg()[0]:.2f}")
        finally:
            for process in (mlx, python):
                process.terminate()
                process.wait(timeout=30)
        print(f"mlx serve exited {mlx.returncode} on SIGTERM")
        report_sizes(binary, bundle, folder)


def report(results, scripts):
    print(f"\n{'case':<10} {'side':<7} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'non-2xx':>8}")
    for name in scripts:
        medians = {}
        for side in ("mlx", "python"):
            runs = results[(name, side)]
            medians[side] = {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p99")}
            errors, non_2xx = sum(run["errors"] for run in runs), sum(run["non2xx"] for run in runs)
            m = medians[side]
            print(f"{name:<10} {side:<7} {m['rps']:10.0f} {m['p50']:8.2f} {m['p99']:8.2f} {errors:7d} {non_2xx:8d}")
        ratio = medians["mlx"]["rps"] / medians["python"]["rps"]
        lower = medians["mlx"]["p99"] < medians["python"]["p99"]
        print(f"{name:<10} mlx/python throughput {ratio:.1f}x (target >= 5x: {'met' if ratio >= 5 else 'MISSED'}); "
              f"p99 {medians['mlx']['p99']:.2f} vs {medians['python']['p99']:.2f} ms (lower: {'met' if lower else 'MISSED'})")


if __name__ == "__main__":
    main()
