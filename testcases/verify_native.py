#!/usr/bin/env python3
"""Checks the sample problem packages on this host, without the judge and without a sandbox.

  python3 testcases/verify_native.py [--answers] [--only NAME...] [PROBLEM...]

For each package (all folders of testcases/ by default) it compiles every submission with the
host's own toolchains, runs it on every test case (data/sample, then data/secret, in order) and
checks that it gets the verdict of its submissions/ folder (and, for the scoring problem, the score
that testcases/README.md lists). It stops a submission at its first rejected test case, as the
format's default grader with on_reject: break does, so the first failure must be the intended one.
A toolchain missing on the host skips the submissions that need it (reported as SKIP).

--answers first writes every data/**/*.ans by running the package's reference solution (REFERENCE
below) on the matching .in: this is how the answer files were made. Interactive packages keep
their .ans (the secret number, written by generators/gen.py).

This is a developer's tool for the packages, not the judge: limits are measured loosely (CPU time
from wait4, peak RSS, output size), with no isolation.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(tempfile.gettempdir(), "testcases-native-build")

# The solution whose output is the .ans of every test case.
REFERENCE = {
    "aplusb": "submissions/accepted/aplusb_cpp.cpp",
    "circlearea": "submissions/accepted/circlearea_cpp.cpp",
    "reversewords": "submissions/accepted/reversewords_cpp.cpp",
    "greeting": "submissions/accepted/greeting_cpp.cpp",
    "findpath": "submissions/accepted/bfs_cpp.cpp",
    "sortbykey": "submissions/accepted/sortbykey_cpp.cpp",
    "maxsubarray": "submissions/accepted/kadane_cpp.cpp",
    "pairproducts": "submissions/accepted/prefix_cpp.cpp",
}

# Scores the scoring problem's submissions must get (also in testcases/README.md).
EXPECTED_SCORES = {
    "maxsubarray": {
        "accepted/*": 100,
        "wrong_answer/int32_kadane_c.c": 50,
        "wrong_answer/ZeroStart.java": 80,
        "time_limit_exceeded/cubic.cpp": 20,
        "time_limit_exceeded/quadratic.c": 50,
        "time_limit_exceeded/cubic.py": 20,
    },
}

FOLDER_VERDICT = {
    "accepted": "AC",
    "wrong_answer": "WA",
    "presentation_error": "PE",
    "time_limit_exceeded": "TLE",
    "memory_limit_exceeded": "MLE",
    "output_limit_exceeded": "OLE",
    "run_time_error": "RE",
    "compile_error": "CE",
}

PY = shutil.which("python3", path="/usr/bin:/bin") or sys.executable


class Program:
    """A compiled submission or validator: the argv to run it, or a compile error."""

    def __init__(self, run=None, compile_error=None, missing=None):
        self.run = run
        self.compile_error = compile_error
        self.missing = missing


def language_of(sources):
    exts = {os.path.splitext(s)[1] for s in sources} - {".h", ".hpp"}
    if len(exts) != 1:
        raise ValueError(f"cannot tell the language of {sources}")
    return exts.pop()


def build(sources, out_dir):
    """Compiles `sources` (one program) in out_dir; returns a Program."""
    os.makedirs(out_dir, exist_ok=True)
    for s in sources:
        shutil.copy(s, out_dir)
    names = [os.path.basename(s) for s in sources]
    code = [n for n in names if not n.endswith((".h", ".hpp"))]
    ext = language_of(names)
    exe = os.path.join(out_dir, "main")
    stem = os.path.splitext(code[0])[0]
    steps = {
        ".c": ([["gcc", "-std=gnu11", "-O2", "-o", exe] + code + ["-lm"]], [exe]),
        ".cpp": ([["g++", "-std=gnu++17", "-O2", "-o", exe] + code], [exe]),
        ".py": ([], [PY, os.path.join(out_dir, code[0])]),
        ".java": ([["javac", "-encoding", "UTF-8"] + code],
                  ["java", "-Xss64m", "-cp", out_dir, stem]),
        ".go": ([["go", "build", "-o", exe] + code], [exe]),
        ".rs": ([["rustc", "-O", "--edition", "2021", "-o", exe] + code], [exe]),
        ".js": ([], ["node", os.path.join(out_dir, code[0])]),
        ".rb": ([], ["ruby", os.path.join(out_dir, code[0])]),
        ".php": ([], ["php", os.path.join(out_dir, code[0])]),
        ".kt": ([["kotlinc"] + code + ["-include-runtime", "-d", "main.jar"]],
                ["java", "-jar", os.path.join(out_dir, "main.jar")]),
        ".cs": ([["mcs", "-optimize+", "-out:main.exe"] + code],
                ["mono", os.path.join(out_dir, "main.exe")]),
        ".pas": ([["fpc", "-O2", "-o" + exe] + code], [exe]),
    }
    if ext not in steps:
        raise ValueError(f"no language for {ext}")
    compile_cmds, run = steps[ext]
    tool = compile_cmds[0][0] if compile_cmds else run[0]
    if not os.path.isabs(tool) and shutil.which(tool) is None:
        return Program(missing=tool)
    env = dict(os.environ, GOCACHE=os.path.join(BUILD, ".gocache"), GO111MODULE="off")
    for cmd in compile_cmds:
        r = subprocess.run(cmd, cwd=out_dir, capture_output=True, text=True, env=env, timeout=300)
        if r.returncode != 0:
            return Program(compile_error=(r.stdout + r.stderr)[-2000:])
    if ext in (".py", ".js", ".rb", ".php"):  # a syntax check stands in for compiling
        check = {".py": [PY, "-m", "py_compile"], ".js": ["node", "--check"],
                 ".rb": ["ruby", "-c"], ".php": ["php", "-l"]}[ext]
        r = subprocess.run(check + [os.path.join(out_dir, code[0])], capture_output=True,
                           text=True)
        if r.returncode != 0:
            return Program(compile_error=(r.stdout + r.stderr)[-2000:])
    return Program(run=run)


class Run:
    def __init__(self):
        self.cpu = 0.0
        self.wall = 0.0
        self.rss_mib = 0.0
        self.exit_code = None
        self.signal = None
        self.killed_wall = False
        self.output_exceeded = False
        self.stdout = b""


def wait_child(proc, deadline, run):
    """wait4 on proc with a wall deadline; fills cpu, rss, exit status."""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid != 0:
            break
        if time.monotonic() > deadline:
            run.killed_wall = True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    proc.returncode = 0  # reaped here, keep Popen from waiting again
    run.cpu = usage.ru_utime + usage.ru_stime
    run.rss_mib = usage.ru_maxrss / 1024.0
    if os.WIFSIGNALED(status):
        run.signal = os.WTERMSIG(status)
    else:
        run.exit_code = os.WEXITSTATUS(status)


def run_plain(argv, input_path, time_limit, output_limit_mib):
    """Runs argv with input_path on stdin, capturing stdout up to the output limit."""
    run = Run()
    limit = int(output_limit_mib * 1024 * 1024)
    with open(input_path, "rb") as fin, tempfile.TemporaryFile() as fout:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdin=fin, stdout=fout, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        deadline = start + max(3 * time_limit, time_limit + 3)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid != 0:
                break
            if os.fstat(fout.fileno()).st_size > limit:
                run.output_exceeded = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if time.monotonic() > deadline:
                run.killed_wall = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        proc.returncode = 0
        run.wall = time.monotonic() - start
        run.cpu = usage.ru_utime + usage.ru_stime
        run.rss_mib = usage.ru_maxrss / 1024.0
        if os.WIFSIGNALED(status):
            run.signal = os.WTERMSIG(status)
        else:
            run.exit_code = os.WEXITSTATUS(status)
        fout.seek(0)
        run.stdout = fout.read(limit + 1)
        if len(run.stdout) > limit:
            run.output_exceeded = True
    return run


# ---- the default output validator, as the legacy format describes it ----

FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def default_validate(answer, output, flags):
    words = flags.split()
    case_sensitive = "case_sensitive" in words
    space_sensitive = "space_change_sensitive" in words
    abs_tol = rel_tol = None
    for i, w in enumerate(words):
        if w == "float_tolerance":
            abs_tol = rel_tol = float(words[i + 1])
        elif w == "float_absolute_tolerance":
            abs_tol = float(words[i + 1])
        elif w == "float_relative_tolerance":
            rel_tol = float(words[i + 1])
    ans = answer.decode("utf-8", "replace")
    out = output.decode("utf-8", "replace")
    if space_sensitive:
        split_ans = re.split(r"(\s+)", ans)
        split_out = re.split(r"(\s+)", out)
        if len(split_ans) != len(split_out):
            return "WA", "different number of tokens or whitespace runs"
        pairs = list(zip(split_ans, split_out))
        for i, (a, o) in enumerate(pairs):
            if i % 2 == 1 and a != o:
                return "WA", f"whitespace differs at part {i}: {a!r} vs {o!r}"
        pairs = [p for i, p in enumerate(pairs) if i % 2 == 0 and p != ("", "")]
    else:
        ta, to = ans.split(), out.split()
        if len(ta) != len(to):
            return "WA", f"{len(to)} tokens, expected {len(ta)}"
        pairs = list(zip(ta, to))
    for a, o in pairs:
        if (abs_tol is not None or rel_tol is not None) and FLOAT.fullmatch(a):
            if not FLOAT.fullmatch(o):
                return "WA", f"expected a float, got {o[:40]!r}"
            ja, jo = float(a), float(o)
            diff = abs(ja - jo)
            if not ((abs_tol is not None and diff <= abs_tol) or
                    (rel_tol is not None and diff <= rel_tol * abs(ja))):
                return "WA", f"{o} too far from {a}"
        elif case_sensitive:
            if a != o:
                return "WA", f"{o[:40]!r} != {a[:40]!r}"
        elif a.lower() != o.lower():
            return "WA", f"{o[:40]!r} != {a[:40]!r}"
    return "AC", ""


# ---- packages ----

def read_yaml(path):
    with open(path) as f:
        return yaml.safe_load(f) or {}


class Case:
    def __init__(self, name, inp, ans):
        self.name, self.input, self.answer = name, inp, ans


class Group:
    def __init__(self, name, settings):
        self.name, self.settings, self.children = name, settings, []


GROUP_DEFAULTS = {"on_reject": "break", "grader_flags": "", "accept_score": 1, "reject_score": 0,
                  "output_validator_flags": ""}


def load_group(data_dir, rel, inherited):
    path = os.path.join(data_dir, rel) if rel else data_dir
    settings = dict(inherited)
    td = os.path.join(path, "testdata.yaml")
    if os.path.exists(td):
        settings.update(read_yaml(td))
    group = Group(rel, settings)
    entries = sorted(os.listdir(path))
    stems = sorted({os.path.splitext(e)[0] for e in entries if e.endswith((".in", ".ans"))} |
                   {e for e in entries if os.path.isdir(os.path.join(path, e))})
    for stem in stems:
        full = os.path.join(path, stem)
        child_rel = f"{rel}/{stem}" if rel else stem
        if os.path.isdir(full):
            if rel == "" and stem not in ("sample", "secret"):
                continue
            group.children.append(load_group(data_dir, child_rel, settings))
        else:
            inp, ans = full + ".in", full + ".ans"
            if os.path.exists(inp):
                group.children.append(Case(child_rel, inp, ans))
    return group


def all_cases(group):
    for c in group.children:
        if isinstance(c, Group):
            yield from all_cases(c)
        else:
            yield c


class Package:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.yaml = read_yaml(os.path.join(path, "problem.yaml"))
        limits = self.yaml.get("limits", {}) or {}
        tl_file = os.path.join(path, ".timelimit")
        self.time_limit = float(limits.get("time_limit") or
                                (open(tl_file).read().strip() if os.path.exists(tl_file) else 1))
        self.memory_mib = float(limits.get("memory", 2048))
        self.output_mib = float(limits.get("output", 8))
        validation = str(self.yaml.get("validation", "default")).split()
        self.custom = validation[0] == "custom"
        self.interactive = "interactive" in validation
        self.testlib = self.yaml.get("checker") == "testlib"
        self.scoring = self.yaml.get("type") == "scoring"
        self.flags = str(self.yaml.get("validator_flags", "") or "")
        self.data = load_group(os.path.join(path, "data"), "", GROUP_DEFAULTS)
        self.validator = None

    def programs(self, folder):
        base = os.path.join(self.path, folder)
        if not os.path.isdir(base):
            return []
        out = []
        for e in sorted(os.listdir(base)):
            full = os.path.join(base, e)
            if os.path.isdir(full):
                out.append((e, sorted(os.path.join(full, f) for f in os.listdir(full))))
            else:
                out.append((e, [full]))
        return out

    def build_validator(self):
        if not self.custom:
            return
        progs = self.programs("output_validators")
        assert len(progs) == 1, progs
        name, sources = progs[0]
        self.validator = build(sources, os.path.join(BUILD, self.name, "_validator", name))
        if self.validator.run is None:
            raise SystemExit(f"{self.name}: validator does not build: "
                             f"{self.validator.compile_error or self.validator.missing}")


def judge_output(pkg, case, output, flags):
    """Verdict of an output on a non-interactive case: (verdict, message)."""
    with open(case.answer, "rb") as f:
        answer = f.read()
    if not pkg.custom:
        return default_validate(answer, output, flags)
    with tempfile.TemporaryDirectory() as tmp:
        if pkg.testlib:
            out_path = os.path.join(tmp, "output")
            with open(out_path, "wb") as f:
                f.write(output)
            r = subprocess.run(pkg.validator.run + [case.input, out_path, case.answer],
                               capture_output=True, timeout=60)
            verdict = {0: "AC", 1: "WA", 2: "PE"}.get(r.returncode, f"IE(exit {r.returncode})")
            return verdict, r.stderr.decode(errors="replace").strip()
        feedback = os.path.join(tmp, "feedback") + "/"
        os.makedirs(feedback)
        r = subprocess.run(pkg.validator.run + [case.input, case.answer, feedback] + flags.split(),
                           input=output, capture_output=True, timeout=60)
        msg = ""
        if os.path.exists(feedback + "judgemessage.txt"):
            msg = open(feedback + "judgemessage.txt", errors="replace").read().strip()
        verdict = {42: "AC", 43: "WA"}.get(r.returncode, f"IE(exit {r.returncode})")
        return verdict, msg


def run_interactive(pkg, argv, case):
    """Runs the submission against the interactor; returns (verdict, message, Run)."""
    run = Run()
    with tempfile.TemporaryDirectory() as tmp:
        feedback = os.path.join(tmp, "feedback") + "/"
        os.makedirs(feedback)
        to_sub_r, to_sub_w = os.pipe()
        from_sub_r, from_sub_w = os.pipe()
        start = time.monotonic()
        sub = subprocess.Popen(argv, stdin=to_sub_r, stdout=from_sub_w,
                               stderr=subprocess.DEVNULL, start_new_session=True)
        val = subprocess.Popen(pkg.validator.run + [case.input, case.answer, feedback],
                               stdin=from_sub_r, stdout=to_sub_w, stderr=subprocess.DEVNULL,
                               start_new_session=True)
        for fd in (to_sub_r, to_sub_w, from_sub_r, from_sub_w):
            os.close(fd)
        deadline = start + max(3 * pkg.time_limit, pkg.time_limit + 3)
        sub_done = val_done = False
        val_code = None
        while not (sub_done and val_done):
            if not sub_done:
                pid, status, usage = os.wait4(sub.pid, os.WNOHANG)
                if pid:
                    sub_done = True
                    sub.returncode = 0
                    run.cpu = usage.ru_utime + usage.ru_stime
                    if os.WIFSIGNALED(status):
                        run.signal = os.WTERMSIG(status)
                    else:
                        run.exit_code = os.WEXITSTATUS(status)
            if not val_done and val.poll() is not None:
                val_done = True
                val_code = val.returncode
            if time.monotonic() > deadline:
                if not sub_done:
                    run.killed_wall = True
                    os.killpg(sub.pid, signal.SIGKILL)
                    _, status, usage = os.wait4(sub.pid, 0)
                    sub.returncode = 0
                    run.cpu = usage.ru_utime + usage.ru_stime
                    sub_done = True
                if not val_done:
                    os.killpg(val.pid, signal.SIGKILL)
                    val.wait()
                    val_done = True
                    val_code = None
            time.sleep(0.002)
        run.wall = time.monotonic() - start
        msg = ""
        if os.path.exists(feedback + "judgemessage.txt"):
            msg = open(feedback + "judgemessage.txt", errors="replace").read().strip()
    # The submission's own failure comes first: a crash closes its pipes, so the interactor may
    # see the end of input and exit 43 a fraction of a millisecond before the crash is reaped.
    # Only a SIGPIPE (writing after the interactor left) defers to the interactor's verdict.
    if run.killed_wall or run.cpu > pkg.time_limit:
        return "TLE", msg, run
    if run.signal == signal.SIGPIPE and val_code == 43:
        return "WA", msg, run
    if run.signal is not None or run.exit_code != 0:
        return "RE", msg, run
    verdict = {42: "AC", 43: "WA"}.get(val_code, f"IE(exit {val_code})")
    return verdict, msg, run


def judge_case(pkg, prog, case, flags):
    """(verdict, message, Run) of one program on one case."""
    if pkg.interactive:
        return run_interactive(pkg, prog.run, case)
    run = run_plain(prog.run, case.input, pkg.time_limit, pkg.output_mib)
    if run.output_exceeded:
        return "OLE", "", run
    if run.killed_wall or run.cpu > pkg.time_limit:
        return "TLE", "", run
    if run.rss_mib > pkg.memory_mib:
        return "MLE", f"{run.rss_mib:.0f} MiB", run
    if run.signal is not None or run.exit_code != 0:
        return "RE", f"exit {run.exit_code} signal {run.signal}", run
    verdict, msg = judge_output(pkg, case, run.stdout, flags)
    return verdict, msg, run


def grade(pkg, prog, group, stats):
    """Runs the group's cases; returns (verdict, score) with the default grader."""
    s = group.settings
    flags = " ".join(x for x in [pkg.flags, str(s.get("output_validator_flags") or "")] if x)
    results = []
    for child in group.children:
        if isinstance(child, Group):
            verdict, score = grade(pkg, prog, child, stats)
        else:
            verdict, msg, run = judge_case(pkg, prog, child, flags)
            stats["max_cpu"] = max(stats["max_cpu"], run.cpu)
            stats["max_wall"] = max(stats["max_wall"], run.wall)
            stats["log"].append(f"{child.name}: {verdict} cpu {run.cpu:.2f}s "
                                f"rss {run.rss_mib:.0f}MiB {msg[:100]}")
            score = float(s["accept_score"]) if verdict == "AC" else float(s["reject_score"])
        results.append((verdict, score))
        if verdict != "AC" and s["on_reject"] == "break":
            break
    gflags = str(s.get("grader_flags") or "").split()
    bad = [v for v, _ in results if v != "AC"]
    verdict = bad[0] if bad else "AC"
    if "accept_if_any_accepted" in gflags and any(v == "AC" for v, _ in results):
        verdict = "AC"
    scores = [sc for _, sc in results]
    if "ignore_sample" in gflags and results:
        verdict, scores = results[-1][0], [results[-1][1]]
    if not scores:
        score = 0.0
    elif "min" in gflags:
        score = min(scores)
    elif "max" in gflags:
        score = max(scores)
    elif "avg" in gflags:
        score = sum(scores) / len(scores)
    else:
        score = sum(scores)
    return verdict, score


def expected_score(pkg, rel):
    table = EXPECTED_SCORES.get(pkg.name, {})
    folder = rel.split("/")[0]
    return table.get(rel, table.get(folder + "/*"))


def verify(pkg, only):
    pkg.build_validator()
    failures = 0
    for folder in sorted(FOLDER_VERDICT):
        for name, sources in pkg.programs(os.path.join("submissions", folder)):
            rel = f"{folder}/{name}"
            if only and not any(o in rel for o in only):
                continue
            want = FOLDER_VERDICT[folder]
            prog = build(sources, os.path.join(BUILD, pkg.name, folder, name))
            stats = {"max_cpu": 0.0, "max_wall": 0.0, "log": []}
            if prog.missing:
                print(f"  SKIP {rel}: {prog.missing} not on this host")
                continue
            if prog.compile_error:
                verdict, score = "CE", 0.0
            else:
                verdict, score = grade(pkg, prog, pkg.data, stats)
            ok = verdict == want
            note = ""
            if pkg.scoring and verdict != "CE":
                exp = expected_score(pkg, rel)
                note = f" score {score:g}" + (f" (expected {exp:g})" if exp is not None else "")
                ok = ok and exp is not None and abs(score - exp) < 1e-9
            if want == "AC":
                note += f" max cpu {stats['max_cpu']:.2f}s (limit {pkg.time_limit:g}s)"
                if stats["max_cpu"] > pkg.time_limit / 2:
                    note += " SLOW: less than 2x under the limit"
            print(f"  {'ok  ' if ok else 'FAIL'} {rel}: {verdict}{note}")
            if not ok:
                failures += 1
                for line in stats["log"][-5:]:
                    print(f"         {line}")
    return failures


def make_answers(pkg):
    if pkg.interactive:
        return
    ref = REFERENCE[pkg.name]
    sources = [os.path.join(pkg.path, ref)]
    prog = build(sources, os.path.join(BUILD, pkg.name, "_reference"))
    if prog.run is None:
        raise SystemExit(f"{pkg.name}: reference does not build")
    for case in all_cases(pkg.data):
        with open(case.input, "rb") as fin:
            r = subprocess.run(prog.run, stdin=fin, capture_output=True, timeout=60)
        if r.returncode != 0:
            raise SystemExit(f"{pkg.name}: reference failed on {case.name}")
        with open(case.answer, "wb") as f:
            f.write(r.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--answers", action="store_true", help="rewrite the .ans files first")
    ap.add_argument("--only", nargs="*", default=[], help="submissions whose path has this")
    ap.add_argument("problems", nargs="*")
    args = ap.parse_args()
    names = args.problems or sorted(
        d for d in os.listdir(ROOT) if os.path.exists(os.path.join(ROOT, d, "problem.yaml")))
    failures = 0
    for name in names:
        pkg = Package(os.path.join(ROOT, name))
        if args.answers:
            make_answers(pkg)
            pkg = Package(pkg.path)
        print(f"{name} (time limit {pkg.time_limit:g}s)")
        failures += verify(pkg, args.only)
    print("all submissions got their expected verdicts" if failures == 0
          else f"{failures} submissions did not")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
