"""Bench only (bench/compare.sh): keeps the Python zscaler-mcp server on loopback.

Put this directory on PYTHONPATH and Python imports it at start-up. It wraps
socket.getaddrinfo so that the Zscaler host names in ZSCALER_BENCH_HOSTS resolve to
127.0.0.1 and the emulator's port (ZSCALER_BENCH_EMULATOR_PORT) instead of 443; TLS
still verifies those names, which the emulator's bench certificate carries. Every other
name except the loopback ones fails to resolve, so nothing in the run can reach the
internet (not the real Zscaler cloud, not tiktoken's download of its BPE file).
"""

import os
import socket

_PORT = int(os.environ["ZSCALER_BENCH_EMULATOR_PORT"])
_MAPPED = {
    name.strip().lower().rstrip(".")
    for name in os.environ["ZSCALER_BENCH_HOSTS"].split(",")
    if name.strip()
}
_LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
_real_getaddrinfo = socket.getaddrinfo


def _bench_getaddrinfo(host, port, *args, **kwargs):
    if isinstance(host, bytes):
        name = host.decode("ascii", "replace")
    else:
        name = host or ""
    name = name.lower().rstrip(".")
    if name in _MAPPED:
        return _real_getaddrinfo("127.0.0.1", _PORT, *args, **kwargs)
    if name in _LOOPBACK:
        return _real_getaddrinfo(host, port, *args, **kwargs)
    raise socket.gaierror(socket.EAI_NONAME, f"bench: {name} is not served on loopback")


socket.getaddrinfo = _bench_getaddrinfo
