#!/usr/bin/env python3
"""Drains N no-op PgQueuer jobs (issue 19), for comparison with deploy/bench-delivery.sh.

Installs PgQueuer's schema into the database when missing, enqueues N jobs of a no-op
entrypoint in batches of 1,000, then times DEQUEUERS QueueManagers (one connection
each, as PgQueuer's own benchmark tool runs its dequeue workers) fetching BATCH jobs at
a time in drain mode, until the queue is empty and every job's completion is logged.
Runs on uvloop when it is there, as `pgq run` does. Prints one line:
    pgqueuer: N jobs drained in S s: R jobs/s

Usage: bench-pgqueuer.py DSN [N] [DEQUEUERS] [BATCH]   (defaults 20000 4 10)
"""
import argparse
import asyncio
import sys
import time
from collections.abc import Coroutine
from typing import Any

import asyncpg
from pgqueuer import AsyncpgDriver, Job, Queries, QueueManager
from pgqueuer.domain.types import QueueExecutionMode

ENTRYPOINT = "noop"
ENQUEUE_BATCH = 1000


async def enqueue(queries: Queries, count: int) -> None:
    await queries.clear_queue()
    for start in range(0, count, ENQUEUE_BATCH):
        size = min(ENQUEUE_BATCH, count - start)
        await queries.enqueue([ENTRYPOINT] * size, [None] * size, [0] * size)


async def drain(dsn: str, dequeuers: int, batch: int) -> int:
    """Runs the QueueManagers until the queue is empty; returns the jobs they ran."""
    ran = 0
    connections = [await asyncpg.connect(dsn) for _ in range(dequeuers)]
    try:
        managers = [QueueManager(Queries(AsyncpgDriver(c))) for c in connections]
        for manager in managers:

            @manager.entrypoint(ENTRYPOINT)
            async def noop(job: Job) -> None:
                nonlocal ran
                ran += 1

        await asyncio.gather(
            *(m.run(batch_size=batch, mode=QueueExecutionMode.drain) for m in managers)
        )
    finally:
        for c in connections:
            await c.close()
    return ran


async def main(dsn: str, count: int, dequeuers: int, batch: int) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        queries = Queries(AsyncpgDriver(connection))
        if not await queries.schema_is_installed():
            await queries.install()
        await enqueue(queries, count)
        queued = sum(s.count for s in await queries.queue_size())
        if queued != count:
            raise RuntimeError(f"enqueued {count} jobs but the queue holds {queued}")
        start = time.perf_counter()
        ran = await drain(dsn, dequeuers, batch)
        seconds = time.perf_counter() - start
        left = sum(s.count for s in await queries.queue_size())
    finally:
        await connection.close()
    if ran != count or left:
        raise RuntimeError(f"ran {ran} of {count} jobs and {left} are left in the queue")
    print(f"pgqueuer: {count} jobs drained in {seconds:.2f} s: {count / seconds:.0f} jobs/s")


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    try:
        import uvloop  # a dependency of pgqueuer, which `pgq run` uses
    except ImportError:
        asyncio.run(coroutine)
    else:
        uvloop.run(coroutine)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dsn", help="postgres://user:password@host:port/database")
    parser.add_argument("count", nargs="?", type=int, default=20000)
    parser.add_argument("dequeuers", nargs="?", type=int, default=4)
    parser.add_argument("batch", nargs="?", type=int, default=10)
    args = parser.parse_args()
    if min(args.count, args.dequeuers, args.batch) < 1:
        parser.error("N, DEQUEUERS and BATCH must be positive")
    try:
        run(main(args.dsn, args.count, args.dequeuers, args.batch))
    except KeyboardInterrupt:
        sys.exit("bench-pgqueuer: interrupted")
    except Exception as error:  # any failure: one clear line and a nonzero exit
        sys.exit(f"bench-pgqueuer: error: {type(error).__name__}: {error}")
