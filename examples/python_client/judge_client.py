#!/usr/bin/python3
"""A minimal platform backend for `judged`: judge one source file and stream the verdict.

What a contest platform's backend does with the judge, in Python over the judge.v1 gRPC contract
(proto/judge/v1/judge.proto):

  1. connect (plaintext or TLS, with a bearer token when the daemon requires one),
  2. list the languages the daemon offers,
  3. name a problem: one from the daemon's problems directory, or a local package folder uploaded
     as a .tar.gz (stored by the daemon under the archive's SHA-256),
  4. submit the source with Judge and print every event as it arrives.

Exit status: 0 when the final verdict is the one given with --expect (or when no --expect was
given and the stream ended with a verdict), 1 for another verdict, 2 when a call failed.

The stubs are generated, not committed (see README.md):
  protoc --proto_path=proto --python_out=OUT --grpc_out=OUT \
      --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin judge/v1/judge.proto
and OUT goes on PYTHONPATH. Debian's python3-grpcio is for /usr/bin/python3.
"""

import argparse
import gzip
import hashlib
import io
import os
import sys
import tarfile

import grpc

from judge.v1 import judge_pb2, judge_pb2_grpc

CHUNK_BYTES = 1 << 20


def verdict_name(verdict):
    return judge_pb2.Verdict.Name(verdict)


def connect(args):
    if args.tls_ca:
        with open(args.tls_ca, "rb") as f:
            credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
        channel = grpc.secure_channel(args.address, credentials)
    else:
        channel = grpc.insecure_channel(args.address)
    # The daemon reads "authorization: Bearer <token>" from every call's metadata.
    token = os.environ.get("JUDGE_TOKEN", "")
    metadata = [("authorization", "Bearer " + token)] if token else []
    return judge_pb2_grpc.JudgeServiceStub(channel), metadata


def pack_problem(folder):
    """The package folder as a .tar.gz with one top-level folder. The bytes depend only on the
    files (sorted names, mtime 0, owner 0, no gzip timestamp), so uploading the same package again
    gives the same SHA-256 and the daemon answers at once without storing a second copy."""

    def normalise(info):
        if os.path.basename(info.name) == ".git":
            return None
        info.mtime = 0
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o755 if info.isdir() or info.mode & 0o111 else 0o644
        return info

    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as tar:
        folder = os.path.abspath(folder)
        tar.add(folder, arcname=os.path.basename(folder), filter=normalise)
    archive = io.BytesIO()
    with gzip.GzipFile(fileobj=archive, mode="wb", mtime=0) as gz:
        gz.write(tar_bytes.getvalue())
    return archive.getvalue()


def upload_problem(stub, metadata, folder):
    archive = pack_problem(folder)
    digest = hashlib.sha256(archive).hexdigest()

    def chunks():
        # The first chunk names the archive: a daemon that already has it answers before the rest.
        yield judge_pb2.UploadProblemChunk(sha256=digest, data=archive[:CHUNK_BYTES])
        for start in range(CHUNK_BYTES, len(archive), CHUNK_BYTES):
            yield judge_pb2.UploadProblemChunk(data=archive[start:start + CHUNK_BYTES])

    info = stub.UploadProblem(chunks(), metadata=metadata)
    print(f"uploaded {info.short_name} ({info.test_cases} tests, {len(archive)} bytes): "
          f"id {info.id[:16]}...{' (already present)' if info.already_present else ''}")
    return judge_pb2.ProblemRef(id=info.id)


def pick_language(languages, requested, source):
    if requested:
        if not any(language.id == requested for language in languages):
            sys.exit(f"language {requested!r} is not offered by this judge")
        return requested
    extension = os.path.splitext(source)[1].lstrip(".")
    for language in languages:
        if extension in language.extensions:
            return language.id
    sys.exit(f"no language for .{extension} files: give --language")


def print_event(event):
    kind = event.WhichOneof("event")
    if kind == "queued":
        print(f"queued at position {event.queued.position}")
    elif kind == "compiling":
        print("compiling")
    elif kind == "compiled":
        c = event.compiled
        print(f"compiled: {'ok' if c.ok else 'failed'}{' (cached)' if c.cached else ''}"
              f" in {c.time_ms:.0f} ms")
        if c.output:
            print("  " + c.output.rstrip().replace("\n", "\n  "))
    elif kind == "test_done":
        t = event.test_done
        print(f"  {t.name:<24} {verdict_name(t.verdict):<3} {t.time_ms:7.1f} ms "
              f"{t.memory_kib:8d} KiB{'  ' + t.message if t.message else ''}")
    elif kind == "finished":
        r = event.finished
        score = f", score {r.score:g}" if r.HasField("score") else ""
        print(f"verdict {verdict_name(r.verdict)}{score}: {len(r.tests)} tests, "
              f"max {r.time_ms:.1f} ms, {r.memory_kib} KiB"
              f"{'  (' + r.message + ')' if r.message else ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", help="the source file to judge")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--problem", help="a problem folder in the daemon's problems directory")
    where.add_argument("--upload", metavar="DIR", help="a local problem package folder to upload")
    parser.add_argument("--address", default="127.0.0.1:50051", help="judged's HOST:PORT")
    parser.add_argument("--tls-ca", metavar="PEM", help="CA certificate: connect with TLS")
    parser.add_argument("--language", help="a language id (default: from the file's extension)")
    parser.add_argument("--run-all-tests", action="store_true", help="go on after a failed test")
    parser.add_argument("--expect", metavar="VERDICT",
                        help="exit 0 only for this final verdict (AC, WA, ...)")
    args = parser.parse_args()
    if args.expect and args.expect not in judge_pb2.Verdict.keys():
        parser.error(f"--expect: one of {', '.join(judge_pb2.Verdict.keys()[1:])}")

    stub, metadata = connect(args)
    try:
        languages = stub.ListLanguages(judge_pb2.ListLanguagesRequest(), metadata=metadata,
                                       timeout=30).languages
        print("languages: " + " ".join(language.id for language in languages))
        language = pick_language(languages, args.language, args.source)

        if args.upload:
            problem = upload_problem(stub, metadata, args.upload)
        else:
            problem = judge_pb2.ProblemRef(name=args.problem)
        with open(args.source, "rb") as f:
            source = judge_pb2.SourceFile(name=os.path.basename(args.source), content=f.read())
        request = judge_pb2.JudgeRequest(language=language, sources=[source], problem=problem,
                                         run_all_tests=args.run_all_tests)

        final = None
        for event in stub.Judge(request, metadata=metadata):
            print_event(event)
            if event.HasField("finished"):
                final = event.finished
    except grpc.RpcError as e:
        # UNAVAILABLE: no daemon at the address, or it is shutting down (submit again);
        # UNAUTHENTICATED: JUDGE_TOKEN missing or unknown; INVALID_ARGUMENT: the request, named.
        print(f"judged at {args.address}: {e.code().name}: {e.details()}", file=sys.stderr)
        return 2
    except OSError as e:  # the source file or the package folder
        print(f"{e.filename}: {e.strerror}", file=sys.stderr)
        return 2

    if final is None:
        print("the stream ended without a final verdict", file=sys.stderr)
        return 2
    if args.expect and verdict_name(final.verdict) != args.expect:
        print(f"expected {args.expect}, got {verdict_name(final.verdict)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
