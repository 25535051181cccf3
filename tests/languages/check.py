#!/usr/bin/python3
"""Compiles and runs each language's test programs the way the judge core does, through
`judge sandbox`, and checks their status and output.

  tests/languages/check.py [--judge PATH] [--keep DIR] [LANGUAGE_ID...]

For every languages/<id>.yaml whose toolchain is installed (first word of compile or run found in
/usr/bin or /bin), and for every program in tests/languages/<id>/:
  ab.<ext>   reads two integers (up to 1e18 each) and prints their sum: must be OK with the right
             output on every tests/languages/ab/*.in, within a 256 MiB limit plus the language's
             memory_overhead_mib;
  tle.<ext>  burns CPU forever: must be TLE (cpu) under a 1 s limit.
Compile: a writable /box holding the sources, the limits of a compilation (64 processes, threads
and fork allowed, 2048 MiB, 30 s). Run: the compiled /box read-only, the language's threads and
processes. Prints one line per run with the figures; exit status 1 when any check failed.
Languages whose toolchain is missing are reported as skipped, never as passed; so are those with
quiet_inet_sockets when `judge sandbox` has no --quiet-inet-sockets switch to reproduce it (their
runtimes probe AF_INET sockets and need EACCES, not SV).
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANG_DIR = ROOT / "languages"
TEST_DIR = ROOT / "tests" / "languages"
DEFAULT_ENV = ["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "LANG=C.UTF-8",
               "LC_ALL=C.UTF-8", "TMPDIR=/tmp"]
MEMORY_LIMIT_MIB = 256


def merge_env(base, extra):
    env = list(base)
    for entry in extra:
        key = entry.split("=", 1)[0] + "="
        for i, e in enumerate(env):
            if e.startswith(key):
                env[i] = entry
                break
        else:
            env.append(entry)
    return env


def expand(command, sources, memory_mib):
    out = []
    for arg in command:
        if arg == "{sources}":
            out.extend(sources)
            continue
        arg = arg.replace("{source}", sources[0])
        arg = arg.replace("{main}", sources[0].rsplit(".", 1)[0])
        arg = arg.replace("{memory_mib}", str(memory_mib))
        out.append(arg)
    return out


def installed(lang):
    word = (lang.get("compile") or lang["run"])[0]
    if word.startswith("/"):
        return os.access(word, os.X_OK)
    return any(os.access(os.path.join(d, word), os.X_OK) for d in ("/usr/bin", "/bin"))


def sandbox(judge, args, command):
    # --chdir last: `judge sandbox` misreads the command's own options when a repeated option
    # (--env, --bind) comes right before "--".
    proc = subprocess.run([judge, "sandbox", "--json", *args, "--chdir", "/box", "--", *command],
                          capture_output=True, text=True)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"status": "IE", "message": f"judge sandbox exited {proc.returncode}: "
                                           f"{proc.stderr.strip()}"}


def policy_args(lang, compiling):
    args = []
    if compiling or lang.get("threads", False):
        args.append("--allow-threads")
    if compiling or lang.get("processes", 1) > 1:
        args.append("--allow-fork")
    for s in lang.get("syscalls", []):
        args += ["--allow-syscall", s]
    if lang.get("quiet_inet_sockets", False):
        args.append("--quiet-inet-sockets")
    for m in lang.get("mounts", []):
        args += ["--bind", f"{m}:{m}"]
    return args


def env_args(env):
    out = []
    for e in env:
        out += ["--env", e]
    return out


def compile_program(judge, lang, program, work):
    box = work / "box"
    box.mkdir(parents=True)
    os.chmod(work, 0o755)
    os.chmod(box, 0o777)  # the box's uid writes here
    name = lang.get("source") or program.name
    shutil.copy(program, box / name)
    os.chmod(box / name, 0o644)
    if not lang.get("compile"):
        return box, [name], None
    args = ["--bind", f"{box}:/box:rw", "--processes", str(lang.get("compile_processes", 64)),
            "--memory-limit", "2048", "--time-limit", "30", "--wall-time-limit", "65"]
    args += policy_args(lang, compiling=True)
    args += env_args(merge_env(DEFAULT_ENV, lang.get("env", [])))
    result = sandbox(judge, args, expand(lang["compile"], [name], 2048))
    return box, [name], result


def run_program(judge, lang, box, sources, stdin, time_limit):
    args = ["--bind", f"{box}:/box", "--stdin", str(stdin),
            "--memory-limit", str(MEMORY_LIMIT_MIB + lang.get("memory_overhead_mib", 0)),
            "--time-limit", str(time_limit), "--processes", str(lang.get("processes", 1))]
    args += policy_args(lang, compiling=False)
    args += env_args(merge_env(DEFAULT_ENV, ["HOME=/tmp", *lang.get("env", [])]))
    return sandbox(judge, args, expand(lang["run"], sources, MEMORY_LIMIT_MIB))


def figures(r):
    return (f"{r.get('status', '?'):4} cpu {r.get('cpu_ms', 0):8.1f} ms  wall "
            f"{r.get('wall_ms', 0):8.1f} ms  mem {r.get('memory_kib', 0) / 1024:7.1f} MiB")


def describe_failure(r):
    parts = [r.get("message", "")]
    if r.get("syscall"):
        parts.append(f"syscall {r['syscall']}")
    for stream in ("stdout", "stderr"):
        if r.get(stream):
            parts.append(f"{stream}: {r[stream][-1500:]}")
    return "\n      ".join(p for p in parts if p)


def check_language(judge, lang, keep):
    ok = True
    folder = TEST_DIR / lang["id"]
    programs = sorted(folder.glob("*.*")) if folder.is_dir() else []
    if not programs:
        print(f"{lang['id']:12} FAIL no test programs in {folder}")
        return False
    for program in programs:
        kind = program.stem
        work = pathlib.Path(tempfile.mkdtemp(prefix=f"{lang['id']}-{kind}-", dir=keep))
        try:
            box, sources, compiled = compile_program(judge, lang, program, work)
            label = f"{lang['id']:12} {kind:4}"
            if compiled is not None:
                print(f"{label} compile {figures(compiled)}")
                if compiled.get("status") != "OK":
                    print(f"      {describe_failure(compiled)}")
                    ok = False
                    continue
            if kind == "ab":
                for test in sorted((TEST_DIR / "ab").glob("*.in")):
                    r = run_program(judge, lang, box, sources, test, 2)
                    want = test.with_suffix(".ans").read_text().split()
                    got = r.get("stdout", "").split()
                    good = r.get("status") == "OK" and got == want
                    print(f"{label} {test.stem:7} {figures(r)}  {'ok' if good else 'FAIL'}")
                    if not good:
                        print(f"      expected {want}, got {got[:5]}; {describe_failure(r)}")
                        ok = False
            elif kind == "tle":
                empty = work / "empty.in"
                empty.write_text("")
                r = run_program(judge, lang, box, sources, empty, 1)
                good = r.get("status") == "TLE"
                print(f"{label} run     {figures(r)}  {'ok' if good else 'FAIL'}")
                if not good:
                    print(f"      expected TLE; {describe_failure(r)}")
                    ok = False
        finally:
            if keep is None:
                shutil.rmtree(work, ignore_errors=True)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judge", default=str(ROOT / "build" / "judge" / "cli" / "judge"))
    parser.add_argument("--keep", help="keep the boxes under this directory")
    parser.add_argument("ids", nargs="*")
    a = parser.parse_args()
    languages = {}
    for f in sorted(LANG_DIR.glob("*.yaml")):
        lang = yaml.safe_load(f.read_text())
        languages[lang["id"]] = lang
    if not os.access(a.judge, os.X_OK):
        print(f"check.py: no judge binary at {a.judge} (build it, or pass --judge PATH)",
              file=sys.stderr)
        return 2
    ids = a.ids or list(languages)
    help_text = subprocess.run([a.judge, "sandbox", "--help"], capture_output=True, text=True).stdout
    quiet_inet = "--quiet-inet-sockets" in help_text
    failed, skipped = [], []
    for i in ids:
        if i not in languages:
            print(f"{i}: no languages/{i}.yaml")
            failed.append(i)
        elif not installed(languages[i]):
            print(f"{i:12} SKIP toolchain not installed")
            skipped.append(i)
        elif languages[i].get("quiet_inet_sockets") and not quiet_inet:
            print(f"{i:12} SKIP needs quiet_inet_sockets: {a.judge} sandbox has no "
                  "--quiet-inet-sockets")
            skipped.append(i)
        elif not check_language(a.judge, languages[i], a.keep):
            failed.append(i)
    print(f"\n{len(ids) - len(failed) - len(skipped)} passed, {len(failed)} failed"
          f"{' (' + ' '.join(failed) + ')' if failed else ''}, {len(skipped)} skipped"
          f"{' (' + ' '.join(skipped) + ')' if skipped else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
