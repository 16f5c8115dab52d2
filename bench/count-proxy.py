#!/usr/bin/env python3
"""A TCP proxy that counts the bytes each way between its clients and one upstream.

    count-proxy.py LISTEN_PORT UPSTREAM_HOST:PORT COUNTS_FILE

Prints nothing; on SIGTERM writes "<bytes client->upstream> <bytes upstream->client>" to
COUNTS_FILE and exits. Counting at the TCP level (HTTP headers, bodies, TLS if any) measures
what really crossed the wire, whichever client (JVM, skopeo, dockerd) made the requests.
"""
import asyncio, signal, sys

port, upstream, counts_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
up_host, up_port = upstream.rsplit(":", 1)
sent = [0, 0]  # [to upstream, from upstream]


async def pipe(reader, writer, index):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            sent[index] += len(data)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def handle(client_reader, client_writer):
    try:
        up_reader, up_writer = await asyncio.open_connection(up_host, int(up_port))
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, up_writer, 0), pipe(up_reader, client_writer, 1))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()
    with open(counts_file, "w") as f:
        f.write(f"{sent[0]} {sent[1]}\n")


asyncio.run(main())
