"""The python `mcp` client side of mcpdash's benchmarks.

    python bench_client.py health URL [URL ...]   initialize + ping every URL with asyncio.gather;
                                                  prints the elapsed seconds and the failures
"""
import asyncio
import sys
import time

import httpx2
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client


async def check(url, client):
    async with streamable_http_client(url, http_client=client) as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            await session.initialize()
            await session.send_ping()


async def health(urls):
    async with httpx2.AsyncClient(timeout=30, limits=httpx2.Limits(max_connections=1000)) as client:
        started = time.perf_counter()
        results = await asyncio.gather(*(check(url, client) for url in urls), return_exceptions=True)
        elapsed = time.perf_counter() - started
    failures = [r for r in results if isinstance(r, BaseException)]
    print(f"{elapsed:.4f} {len(failures)}")
    if failures:
        print(repr(failures[0]), file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "health":
        asyncio.run(health(sys.argv[2:]))
