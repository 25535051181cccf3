#!/usr/bin/python3
"""A platform backend on RabbitMQ: publish submissions for judged queue workers, follow results.

    queue_backend.py AMQP_URL PROBLEM_NAME LANGUAGE SOURCE...

Publishes one judge.v1.JudgeRequest per SOURCE to the submissions queue (live priority), then
prints each submission's final verdict from the results exchange. Uses Debian's python3-pika and
python3-protobuf, and the stubs the build generates (see README.md beside this file).
"""
import os
import pathlib
import sys
import uuid

import pika

sys.path.insert(0, os.environ.get("JUDGE_PYTHON_STUBS") or
                str(pathlib.Path(__file__).resolve().parents[2] / "build/examples/python_client/gen"))
from judge.v1 import judge_pb2  # noqa: E402

LIVE, REJUDGE = 5, 1  # priorities: live contest work is delivered before rejudges


def main(url, problem, language, *sources):
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    # Declared as the workers declare them (judge/queue/topology.h); declaring is idempotent.
    channel.exchange_declare("judge.dead", "fanout", durable=True)
    channel.queue_declare("judge.dead", durable=True)
    channel.queue_bind("judge.dead", "judge.dead")
    channel.queue_declare("judge.submissions", durable=True,
                          arguments={"x-max-priority": 9, "x-dead-letter-exchange": "judge.dead"})
    channel.exchange_declare("judge.results", "topic", durable=True)
    # Our own results queue, bound to this batch's ids only ("#" would follow every submission).
    batch = uuid.uuid4().hex[:12]
    results = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(results, "judge.results", routing_key=f"{batch}.*")
    channel.confirm_delivery()

    pending = {}
    for n, source in enumerate(sources):
        request = judge_pb2.JudgeRequest(submission_id=f"{batch}.{n}", language=language)
        request.problem.name = problem
        request.sources.add(name=pathlib.Path(source).name, content=pathlib.Path(source).read_bytes())
        channel.basic_publish("", "judge.submissions", request.SerializeToString(),
                              pika.BasicProperties(delivery_mode=2, priority=LIVE,
                                                   type="judge.v1.JudgeRequest"))
        pending[request.submission_id] = source

    best_attempt = {}
    for method, properties, body in channel.consume(results, inactivity_timeout=300):
        if method is None:
            sys.exit("no results for 300 s: are judged workers running with broker_url set?")
        event = judge_pb2.JudgeEvent.FromString(body)
        channel.basic_ack(method.delivery_tag)
        if event.WhichOneof("event") == "finished" and event.submission_id in pending:
            # A worker that died after publishing may have its submission judged again: keep one.
            if best_attempt.get(event.submission_id, 0) >= event.finished.attempt:
                continue
            best_attempt[event.submission_id] = event.finished.attempt
            verdict = judge_pb2.Verdict.Name(event.finished.verdict)
            print(f"{pending.pop(event.submission_id)}: {verdict} {event.finished.message}".rstrip())
            if not pending:
                break
    connection.close()


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
