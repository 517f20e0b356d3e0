"""The benchmark: gunicorn under wrk, on SQLite or PostgreSQL, printed as one markdown table.

    python bench/run.py --db sqlite|postgres [--duration 5] [--connections 8]

It runs the production settings over plain HTTP on 127.0.0.1: DEBUG off, WhiteNoise, persistent
connections, but SSL redirect, secure cookies and HSTS off (there is no TLS here). Data comes from
``generate_debate`` and is kept between runs (bench/results/ for SQLite, the ``debate_bench``
database for PostgreSQL). Servers run one after the other: one with the page cache off for the
cold rows, one with it in local memory for the cached and conditional (304) rows, and one with it
in Redis when Redis is running; each row's ratio is against the baseline view measured on the
same server just before it.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
SEARCH_ROWS = 100_000
SEARCH_QUERIES = ["rents", "property taxes", "deferred maintenance", "commuters attendance", "Lindqvist", "air quality"]

# (slug, generate_debate options): kept between runs, made when missing.
DATASETS = {
    "bench-50": {"arguments": 50, "depth": 4, "speakers": 8, "sources": 2, "seed": 50},
    "bench-10k": {"arguments": 10_000, "depth": 8, "speakers": 40, "sources": 20, "seed": 10_000},
    "bench-deep": {"arguments": 1_000, "depth": 1_000, "speakers": 6, "sources": 2, "seed": 1_000},
}
SEARCH_DATASET = {"depth": 6, "speakers": 200, "sources": 300, "seed": 100_000}

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""
WRK_CYCLE = """
paths = {%s}
n = 0
request = function()
  n = n + 1
  return wrk.format(nil, paths[(n %% #paths) + 1])
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=5, help="Seconds of wrk per row (default 5).")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8).")
    return parser.parse_args()


def redis_available():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def bench_environment(db):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="debate.settings",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-deployment-8d2f61b7",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback interface: no TLS, so no redirect to it, no secure-only cookies, no HSTS.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
    )
    if db == "sqlite":
        RESULTS.mkdir(parents=True, exist_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{RESULTS / 'bench.sqlite3'}"
    else:
        env["DATABASE_URL"] = f"{POSTGRES_SERVER}/debate_bench"
    env.pop("REDIS_URL", None)  # the page cache is measured with local memory, then with Redis when it is running
    return env


def create_postgres_database():
    import psycopg2

    connection = psycopg2.connect(f"{POSTGRES_SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'debate_bench'")
        if not cursor.fetchone():
            cursor.execute("CREATE DATABASE debate_bench")
        # The setting docs/deploy.md recommends when the data fits in memory or sits on SSD: with the
        # default of 4, the planner prefers reading all evidence to fetching a few hundred rows by key.
        cursor.execute("ALTER DATABASE debate_bench SET random_page_cost = 1.1")
    connection.close()


def prepare_data():
    """Migrate, collect static files, and generate whatever data a previous run did not leave."""
    from django.core.management import call_command

    from debate.arguments.models import Argument, Debate
    from debate.seed.generator import generate_debate
    from debate.sources.models import Evidence, Speaker

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed", verbosity=0)
    for slug, options in DATASETS.items():
        if not Debate.objects.filter(slug=slug).exists():
            made = generate_debate(**options, slug=slug)
            print(f"  generated {slug}: {made.counts['arguments']} arguments in {made.seconds:.1f} s", flush=True)
    rows = Argument.objects.count() + Evidence.objects.count() + Speaker.objects.count()
    if rows < SEARCH_ROWS:
        missing = SEARCH_ROWS - rows + 1_000
        arguments, evidence = missing * 7 // 10, missing * 3 // 10
        made = generate_debate(**SEARCH_DATASET, arguments=arguments, evidence=evidence, slug="bench-search")
        indexed = made.counts["arguments"] + made.counts["evidence"] + made.counts["speakers"]
        print(f"  generated bench-search: {indexed} indexed rows in {made.seconds:.1f} s", flush=True)
    return Argument.objects.count() + Evidence.objects.count() + Speaker.objects.count()


def bench_urls():
    from debate.arguments.models import Argument, Debate
    from debate.sources.models import Source

    def biggest(slug):
        debate = Debate.objects.get(slug=slug)
        return max(debate.positions.all(), key=lambda position: position.arguments.count())

    deep = Argument.objects.filter(position__debate__slug="bench-deep").order_by("-depth").first()
    source = Source.objects.filter(evidence__arguments__position__debate__slug="bench-10k").order_by("id").first()
    return {
        "overview": Debate.objects.get(slug="bench-10k").get_absolute_url(),
        "position50": biggest("bench-50").get_absolute_url(),
        "position10k": biggest("bench-10k").get_absolute_url(),
        "deep": deep.get_absolute_url(),
        "deep_levels": deep.depth + 1,
        "source": source.get_absolute_url(),
        "source_excerpts": source.evidence.count(),
        "position10k_size": biggest("bench-10k").arguments.count(),
        "position50_size": biggest("bench-50").arguments.count(),
    }


class Server:
    """gunicorn with the checked-in gunicorn.conf.py, bound to the loopback interface only."""

    def __init__(self, env, page_cache):
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{PORT}", "DJANGO_PAGE_CACHE_SECONDS": page_cache}
        self.process = None

    def pids(self):
        """Every process that works for this server: gunicorn's workers, their PostgreSQL backends, Redis."""
        workers = [pid for pid in all_pids() if parent_pid(pid) == self.process.pid]
        backends = []
        if self.env["DATABASE_URL"].startswith("postgres"):
            import psycopg2

            connection = psycopg2.connect(f"{POSTGRES_SERVER}/postgres")
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = 'debate_bench' AND backend_type = 'client backend'"
                )
                backends = [pid for (pid,) in cursor.fetchall()]
            connection.close()
        cache = []
        if "REDIS_URL" in self.env:
            import redis

            cache = [redis.Redis.from_url(self.env["REDIS_URL"]).info("server")["process_id"]]
        return workers + backends + cache

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--log-level", "warning"],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fetch("/baseline/")
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def all_pids():
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _stat(pid):
    # /proc/<pid>/stat: "pid (name) state ppid ... utime stime ...", the name may hold spaces.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def parent_pid(pid):
    try:
        return int(_stat(pid)[1])
    except OSError:
        return None


def cpu_seconds(pids):
    """CPU time (user + system) each process has used so far."""
    seconds = {}
    for pid in pids:
        try:
            fields = _stat(pid)
        except OSError:
            continue  # ended meanwhile
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def fetch(path, headers=None):
    request = urllib.request.Request(BASE + path, headers={"Accept": "text/html", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response


def timed_fetch(path):
    began = time.perf_counter()
    fetch(path)
    return time.perf_counter() - began


def wrk(paths, duration, connections, headers, server):
    """requests/s, p50, p95, p99 latency (ms) and server CPU ms per request from a bounded wrk run."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if len(paths) > 1:
            script.write(WRK_CYCLE % ", ".join(f'"{path}"' for path in paths))
        script.write(WRK_REPORT)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", script.name]
    for header in headers:
        command += ["-H", header]
    before = cpu_seconds(server.pids())
    output = subprocess.run([*command, BASE + paths[0]], capture_output=True, text=True, check=True).stdout
    after = cpu_seconds(server.pids())
    # A backend or worker that started during the run used all of its CPU time in it.
    used = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    count, micros, p50, p95, p99, bad_status, socket_errors = map(int, line.split()[1:])
    if bad_status or socket_errors:
        raise RuntimeError(f"wrk on {paths[0]}: {bad_status} bad statuses, {socket_errors} socket errors")
    return {
        "rps": count / (micros / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "cpu_ms": used * 1000 / count,
    }


def search_timings():
    """Ranked top-20 search against a LIKE scan over the same rows, timed in this process (ms)."""
    from django.db import connection

    from debate.search.services import KINDS, query_terms, ranked_ids

    like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"

    def like_scan(query):
        # LIKE cannot rank, so it orders matches by length (shortest first, a crude relevance):
        # like any ranking, that has to look at every row, which is what a ranked search avoids.
        terms = query_terms(query)
        parts = []
        for kind, spec in KINDS.items():
            column = spec["columns"].split(",")[0]
            conditions = " AND ".join(f"{column} {like} %s" for _ in terms)
            parts.append(
                f"SELECT * FROM (SELECT '{kind}', t.id, length({column}) AS size FROM {spec['table']} t "
                f"{spec['join']} WHERE {conditions} AND {spec['readable']} ORDER BY size LIMIT 20) AS {kind}_hits"
            )
        sql = " UNION ALL ".join(parts) + " ORDER BY 3 LIMIT 20"
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"%{term}%" for _ in KINDS for term in terms])
            return cursor.fetchall()

    def timings(function, query, rounds):
        result = []
        for _ in range(rounds):
            began = time.perf_counter()
            function(query)
            result.append((time.perf_counter() - began) * 1000)
        return result

    ranked, scanned, queries = [], [], {}
    for query in SEARCH_QUERIES:
        ranked_ids(query, 20)  # warm the caches the same way for both
        like_scan(query)
        ranked_times = timings(lambda q: ranked_ids(q, 20), query, 30)
        like_times = timings(like_scan, query, 3)
        ranked += ranked_times
        scanned += like_times
        matches = len(ranked_ids(query, limit=1_000_000))
        queries[query] = (statistics.median(ranked_times), statistics.median(like_times), matches)
    p95 = statistics.quantiles(ranked, n=20)[-1]
    like_p95 = statistics.quantiles(scanned, n=20)[-1]
    return {"p95": p95, "like_p95": like_p95, "queries": queries}


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "unknown CPU")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")) / 1024 / 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory:.1f} GiB memory, Python {platform.python_version()}"


def main():
    args = parse_args()
    env = bench_environment(args.db)
    os.environ.clear()
    os.environ.update(env)
    if args.db == "postgres":
        create_postgres_database()
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.db import connection

    print(f"== Benchmark on {args.db}: preparing data", flush=True)
    rows = prepare_data()
    urls = bench_urls()
    searches = search_timings()
    connection.close()
    search_paths = [f"/search/?q={query.replace(' ', '+')}" for query in SEARCH_QUERIES]
    html, json = ["Accept: text/html"], ["Accept: application/json"]
    bench = Bench(args.duration, args.connections)

    print("== Page cache off: every page rendered", flush=True)
    with Server(env, page_cache="0") as bench.server:
        for path in [urls["position10k"], urls["position50"], urls["deep"], urls["source"], *search_paths]:
            fetch(path)  # each worker's first request pays for imports and template compilation
        bench.baseline("Baseline view (fixed short response)")
        bench.row("Debate overview (10,000 arguments)", [urls["overview"]])
        cold50 = bench.row(f"Position page, {urls['position50_size']} arguments, cold", [urls["position50"]])
        bench.row(f"Position page, {urls['position10k_size']:,} arguments, cold", [urls["position10k"]])
        bench.row(f"Argument page at depth {urls['deep_levels']:,}", [urls["deep"]])
        bench.row(f"Source page ({urls['source_excerpts']} excerpts)", [urls["source"]])
        bench.row(f"Search over {rows:,} rows ({len(SEARCH_QUERIES)} queries in turn)", search_paths)
        bench.row("API list /api/v1/arguments/ (JSON)", ["/api/v1/arguments/"], headers=json)
        server_time = statistics.median(timed_fetch(urls["position10k"]) for _ in range(5))
    sizes = {"position50": urls["position50_size"], "position10k": urls["position10k_size"]}
    print("== Page cache on (local memory): each page rendered once per content change", flush=True)
    warm = {}
    with Server(env, page_cache="3600") as bench.server:
        etags = {key: fetch(urls[key]).headers["ETag"] for key in sizes}
        for key, size in sizes.items():
            warm[key, "cached"] = bench.row(f"Position page, {size:,} arguments, cached (local memory)", [urls[key]])
            warm[key, "304"] = bench.row(
                f"Position page, {size:,} arguments, conditional GET (304)",
                [urls[key]],
                headers=[*html, f"If-None-Match: {etags[key]}"],
            )
    if redis_available():
        print("== Page cache on (Redis, shared by all app servers)", flush=True)
        with Server({**env, "REDIS_URL": REDIS_URL}, page_cache="3600") as bench.server:
            for key, size in sizes.items():
                fetch(urls[key])
                bench.row(f"Position page, {size:,} arguments, cached (Redis)", [urls[key]])
    cached50, conditional50 = warm["position50", "cached"], warm["position50", "304"]

    report = render_report(args, rows, urls, bench.table, server_time, searches, cold50, cached50, conditional50)
    print("\n" + report + "\n")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.db}.md").write_text(report + "\n", encoding="utf-8")


class Bench:
    """wrk rows, each page run right after a short baseline run: its ratios are to that neighbouring baseline.

    On a machine that other work shares, throughput drifts over a few minutes; comparing each page
    with a baseline measured seconds before it keeps the ratio honest where one early baseline would not.
    The server's CPU time per request (workers, database backends, Redis) depends much less on what
    else the machine is doing, so its ratio comes closer to what a machine of its own would give.
    """

    def __init__(self, duration, connections):
        self.duration = duration
        self.connections = connections
        self.server = None
        self.table = []

    def _wrk(self, paths, duration, headers):
        return wrk(paths, duration, self.connections, headers, self.server)

    def baseline(self, label):
        result = self._wrk(["/baseline/"], self.duration, ["Accept: text/html"])
        result["ratio"] = result["cpu_ratio"] = 1.0
        self.table.append((label, result))
        return result

    def row(self, label, paths, headers=("Accept: text/html",)):
        neighbour = self._wrk(["/baseline/"], max(2, self.duration // 2), ["Accept: text/html"])
        result = self._wrk(paths, self.duration, headers)
        result["ratio"] = result["rps"] / neighbour["rps"]
        result["cpu_ratio"] = neighbour["cpu_ms"] / result["cpu_ms"]
        self.table.append((label, result))
        print(f"  {label}: {result['rps']:,.0f} req/s, {result['ratio']:.2f} x baseline", flush=True)
        return result


def render_report(args, rows, urls, table, server_time, searches, cold50, cached50, conditional50):
    search_p95, like_p95 = searches["p95"], searches["like_p95"]
    targets = [
        (
            "Position page, 50 arguments, cold ≥ 0.30 × baseline",
            cold50["ratio"] >= 0.30,
            f"{cold50['ratio']:.2f} × ({cold50['cpu_ratio']:.2f} × by CPU)",
        ),
        (
            "Position page, 50 arguments, cached/conditional ≥ 0.70 × baseline",
            min(cached50["ratio"], conditional50["ratio"]) >= 0.70,
            f"{cached50['ratio']:.2f} × cached, {conditional50['ratio']:.2f} × conditional "
            f"({cached50['cpu_ratio']:.2f} × and {conditional50['cpu_ratio']:.2f} × by CPU)",
        ),
        ("10,000-argument position page < 1 s uncached", server_time < 1, f"{server_time * 1000:.0f} ms"),
        ("Top-20 search p95 < 20 ms", search_p95 < 20, f"{search_p95:.2f} ms"),
        ("Search ≥ 50 × faster than LIKE (p95)", like_p95 / search_p95 >= 50, f"{like_p95 / search_p95:.0f} ×"),
    ]
    workers = os.environ.get("GUNICORN_WORKERS", 2 * os.cpu_count() + 1)
    load = os.getloadavg()
    return "\n".join(
        [
            f"### {'SQLite' if args.db == 'sqlite' else 'PostgreSQL'}",
            "",
            f"Machine: {machine()}; load average {load[0]:.1f} at the end of the run. gunicorn {workers} sync "
            f"workers; wrk 1 thread, {args.connections} connections, {args.duration} s per row; all on 127.0.0.1. "
            "Production settings over plain HTTP: SSL redirect, secure cookies and HSTS off."
            + (" PostgreSQL with random_page_cost = 1.1 (docs/deploy.md)." if args.db == "postgres" else ""),
            "",
            "| Page | requests/s | p50 ms | p95 ms | p99 ms | × baseline | server CPU ms/request | × baseline by CPU |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *(
                f"| {label} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['ratio']:.2f} "
                f"| {r['cpu_ms']:.2f} | {r['cpu_ratio']:.2f} |"
                for label, r in table
            ),
            "",
            f"- One uncached {urls['position10k_size']:,}-argument position page: {server_time * 1000:.0f} ms "
            "(median of 5 requests to the cache-off server, as the client on the same machine sees it).",
            f"- Ranked top-20 search p95 {search_p95:.2f} ms; a LIKE '%word%' scan over the same {rows:,} rows "
            f"p95 {like_p95:.1f} ms: ranked search is {like_p95 / search_p95:.0f} × faster. Per query (median ms, "
            "matching rows): "
            + "; ".join(
                f"“{query}” {ranked:.2f} vs {like:.1f} ({matches:,})"
                for query, (ranked, like, matches) in searches["queries"].items()
            )
            + ".",
            "",
            "| Target | Holds | Measured |",
            "| --- | --- | --- |",
            *(f"| {name} | {'yes' if holds else '**no**'} | {measured} |" for name, holds, measured in targets),
        ]
    )


if __name__ == "__main__":
    main()
