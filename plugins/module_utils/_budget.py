# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""One request budget per Exotel account, shared by every process on the host.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel allows 200 requests per minute per account on the trunk APIs. Ansible sends
them from many processes at once (one forked worker per task and host, several
``ansible-playbook`` runs), so a budget kept in one process's memory is not enough.
:class:`RequestBudget` records every request in a small ledger file that all
processes of the same user on this host share under a file lock.

**Key.** One budget per ``(scheme, host, port, account_sid)``. The scheme and host are
lower-cased and a missing port becomes the scheme's default (80 or 443), so
``https://API.exotel.com`` and ``https://api.exotel.com:443`` share a budget. The
file name is a SHA-256 of the key and the host name, so neither the account sid
nor the URL appears in clear, and two hosts that share a home directory over NFS
(whose monotonic clocks cannot be compared) keep separate ledgers. No credential is
ever part of the key, the file name or the file.

**Directory**, the first that applies:

1. the ``directory`` argument;
2. the environment variable ``EXOTEL_TRUNKING_BUDGET_DIR``;
3. ``$XDG_RUNTIME_DIR/exotel.trunking`` when ``XDG_RUNTIME_DIR`` is set (a per-user tmpfs
   on systemd hosts: local, cleared at logout and reboot, the best home for it);
4. ``$XDG_CACHE_HOME/exotel.trunking``, else ``~/.cache/exotel.trunking``.

The last directory in the path is created with mode 0700. It is refused when it is a
symlink, not a directory, not owned by the effective user, or group/world accessible
and ``chmod 0700`` does not fix that. A refused or unusable directory, a platform
without ``fcntl`` (Windows), or any I/O error later on makes the budget fall back to
a per-process ledger with the same behaviour (:attr:`RequestBudget.shared` is then
False and :attr:`RequestBudget.reason` says why). The budget never fails a task.

**Ledger.** One file, ``budget-<hash>.ledger``, holds the send times of the last window
and a "hold until" deadline (from a ``Retry-After`` or an exhausted
``X-RateLimit-Remaining``). All times are ``time.monotonic()`` values: CLOCK_MONOTONIC
is system-wide on Linux (and on macOS), so values from different processes compare,
and wall-clock steps (NTP, DST, an admin's ``date -s``) do not matter. The file is
binary and small (8 bytes a request): magic ``XTB1``, a digest of the boot id, the
hold deadline, the entry count, the entries (little-endian doubles), then a CRC-32 of
all that. Every access holds ``fcntl.flock`` on the file itself (exclusive to change
it, shared to only read it); the kernel drops the lock when a holder dies. Changes are
written in place (one ``pwrite``, then ``ftruncate``): renaming a temp file over the
ledger costs about half a millisecond on ext4, which flushes the data of a file
renamed over another. A holder that dies mid-write leaves a file whose CRC does not
match, and a ledger that does not decode is read as empty: it never wedges or crashes
anyone. Entries from the future (a ledger left from before a reboot: the monotonic
clock restarted) and ledgers of another boot (Linux boot id) are discarded. When a
budget creates a new ledger, ledgers nobody wrote for a day are removed, so the
directory stays small even when every test run talks to a fresh emulator port. Each
request costs one open, lock, small read and, when granted, one small write; a process
that does not pace (``per_minute=0``) only reads.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import hashlib
import json
import math
import os
import socket
import stat
import struct
import threading
import time
import zlib

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: per-process budget
    fcntl = None

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, keeps import sanity quiet
    from urlparse import urlsplit  # type: ignore

WINDOW = 60.0
# Safety margin added to the window. The ledger records when a request is about to be
# sent; the server counts when it arrives. If request i+N arrives sooner after request i
# than it was sent (its latency was lower: a reused keep-alive connection against a fresh
# TLS handshake, a SYN retransmit on the earlier one) or the server rounds its times to
# whole seconds, a server counting arrivals in its own rolling minute would see N+1
# requests although we sent only N per 60 s. Keeping N requests per 62 s absorbs up to
# 2 s of latency jitter and rounding, for about 3 % of throughput.
MARGIN = 2.0
MAX_HOLD = 60.0          # never hold longer than this for one hint (the client clamps Retry-After alike)
FUTURE_SLACK = 1.0       # entries up to this far ahead of our clock are kept (read-order jitter, never a reboot)
MAX_ENTRIES = 10000      # more than any sane per_minute; bounds what a garbage ledger can cost
STALE_AFTER = 86400.0    # a ledger nobody wrote for a day is removed when a new one is created next to it
EPOCH_THRESHOLD = 10 ** 9  # X-RateLimit-Reset above this is an epoch timestamp, else seconds from now
ENV_DIR = 'EXOTEL_TRUNKING_BUDGET_DIR'
SUBDIR = 'exotel.trunking'
MAGIC = b'XTB1'
HEADER = struct.Struct('<4s16sdI')   # magic, boot digest, hold, count
CRC = struct.Struct('<I')
MAX_BYTES = HEADER.size + 8 * MAX_ENTRIES + CRC.size
DEFAULT_PORTS = {'http': 80, 'https': 443}

_O_NOFOLLOW = getattr(os, 'O_NOFOLLOW', 0)
_O_CLOEXEC = getattr(os, 'O_CLOEXEC', 0)

_MEMORY = {}                 # per-process ledgers by file name: the fallback, shared by all budgets of this process
_MEMORY_LOCK = threading.Lock()
_BOOT_ID = []                # cached once per process


class _SystemClock:
    """The default clock: the real monotonic and wall clocks and a real sleep."""

    @staticmethod
    def monotonic():
        return time.monotonic()

    @staticmethod
    def time():
        return time.time()

    @staticmethod
    def sleep(seconds):
        time.sleep(seconds)


def boot_id():
    """A 16-byte digest of this boot's id on Linux (it changes at every reboot), else 16 zero bytes."""
    if not _BOOT_ID:
        try:
            with open('/proc/sys/kernel/random/boot_id', 'rb') as handle:
                _BOOT_ID.append(hashlib.sha256(handle.read().strip()).digest()[:16])
        except OSError:
            _BOOT_ID.append(b'\0' * 16)
    return _BOOT_ID[0]


def budget_key(base_url, account_sid):
    """``(scheme, host, port, account_sid)`` for a base URL; credentials and path are ignored."""
    parts = urlsplit(str(base_url).strip())
    scheme = (parts.scheme or 'https').lower()
    host = (parts.hostname or '').lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = DEFAULT_PORTS.get(scheme, 0)
    return (scheme, host, port, str(account_sid))


def default_directory(environ=None):
    """The ledger directory to use when none is given (see the module docstring)."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(ENV_DIR)
    if explicit:
        return os.path.abspath(explicit)
    runtime = environ.get('XDG_RUNTIME_DIR')
    if runtime and os.path.isabs(runtime):
        return os.path.join(runtime, SUBDIR)
    cache = environ.get('XDG_CACHE_HOME')
    if not cache or not os.path.isabs(cache):
        home = os.path.expanduser('~')
        if not os.path.isabs(home):
            return None
        cache = os.path.join(home, '.cache')
    return os.path.join(cache, SUBDIR)


def prepare_directory(path):
    """Create ``path`` (mode 0700) and check it. Returns None when usable, else the reason."""
    if not path:
        return 'no home directory'
    try:
        try:
            os.makedirs(path, 0o700)
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return '%s is a symlink' % path
        if not stat.S_ISDIR(info.st_mode):
            return '%s is not a directory' % path
        if info.st_uid != os.geteuid():
            return '%s is not owned by uid %d' % (path, os.geteuid())
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, 0o700)
            if stat.S_IMODE(os.lstat(path).st_mode) & 0o077:
                return '%s is accessible to group or others' % path
    except OSError as exc:
        return '%s: %s' % (path, exc.strerror or exc)
    return None


def sweep(directory, keep):
    """Remove ledgers nobody wrote for a day (every test run against a fresh emulator port leaves one)."""
    cutoff = time.time() - STALE_AFTER  # file times are the kernel's wall clock, whatever clock the budget uses
    try:
        entries = os.scandir(directory)
    except OSError:
        return
    with entries:
        for entry in entries:
            if entry.name.startswith('budget-') and entry.name.endswith('.ledger') and entry.name != keep:
                try:
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)
                except OSError:
                    pass  # gone already, or not ours to remove: either way nothing to do


def _number(value):
    """A finite float from a header value, or None."""
    if value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return number


def _header(headers, name):
    """Case-insensitive header lookup in any mapping (requests' CaseInsensitiveDict or a plain dict)."""
    if not headers:
        return None
    value = headers.get(name)
    if value is not None:
        return value
    lower = name.lower()
    for key, item in headers.items():
        if str(key).lower() == lower:
            return item
    return None


class _State:
    """The ledger's contents: send times (sorted, monotonic), a hold deadline and the boot digest."""

    __slots__ = ('sent', 'hold', 'boot')

    def __init__(self, sent=None, hold=0.0, boot=b''):
        self.sent = sent if sent is not None else []
        self.hold = hold
        self.boot = boot

    @classmethod
    def decode(cls, data):
        """Parse a ledger; anything unexpected gives an empty one (a corrupt file resets itself).

        Bytes after the CRC are ignored: a writer that died between its write and its
        truncate leaves the new ledger followed by the tail of the old one.
        """
        if len(data) < HEADER.size + CRC.size:
            return cls()
        magic, boot, hold, count = HEADER.unpack_from(data)
        end = HEADER.size + 8 * count
        if magic != MAGIC or count > MAX_ENTRIES or len(data) < end + CRC.size:
            return cls()
        if CRC.unpack_from(data, end)[0] != zlib.crc32(data[:end]) & 0xffffffff:
            return cls()
        sent = list(struct.unpack_from('<%dd' % count, data, HEADER.size))
        if math.isnan(hold) or any(map(math.isnan, sent)):
            return cls()
        sent.sort()
        return cls(sent, hold, boot)

    def encode(self):
        body = HEADER.pack(MAGIC, self.boot, self.hold, len(self.sent)) + struct.pack('<%dd' % len(self.sent), *self.sent)
        return body + CRC.pack(zlib.crc32(body) & 0xffffffff)

    def prune(self, now, boot):
        """Drop what no longer counts at ``now``: old entries, entries from the future, another boot's data."""
        if self.boot != boot:
            self.sent = []
            self.hold = 0.0
            self.boot = boot
        oldest = now - (WINDOW + MARGIN)
        newest = now + FUTURE_SLACK
        if self.sent and (self.sent[0] <= oldest or self.sent[-1] > newest):
            self.sent = [t for t in self.sent if oldest < t <= newest]
        if len(self.sent) > MAX_ENTRIES:
            del self.sent[:-MAX_ENTRIES]
        if self.hold <= now or self.hold > now + MAX_HOLD + FUTURE_SLACK:
            self.hold = 0.0


class _MemoryLedger:
    """Per-process ledger: the fallback when no file ledger can be used."""

    shared = False

    def __init__(self, name):
        with _MEMORY_LOCK:
            entry = _MEMORY.get(name)
            if entry is None:
                entry = _MEMORY[name] = [threading.Lock(), _State()]
        self._entry = entry

    def read(self):
        with self._entry[0]:
            state = self._entry[1]
            return _State(list(state.sent), state.hold, state.boot)

    def update(self, change):
        with self._entry[0]:
            result, dummy = change(self._entry[1])
            return result


class _FileLedger:
    """The shared ledger: one small file, read and written under ``flock`` on itself."""

    shared = True

    def __init__(self, directory, name):
        self.path = os.path.join(directory, name + '.ledger')

    def read(self):
        try:
            fd = os.open(self.path, os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                return _State()
            raise
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            return _State.decode(os.read(fd, MAX_BYTES))
        finally:
            os.close(fd)  # also releases the lock

    def update(self, change):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW | _O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            old = os.read(fd, MAX_BYTES)   # a regular file gives all of it in one read
            state = _State.decode(old)
            result, dirty = change(state)
            if dirty:
                data = state.encode()
                written = os.pwrite(fd, data, 0)
                if written != len(data):
                    raise OSError(errno.EIO, 'short write to the request ledger')
                if len(data) < len(old):
                    os.ftruncate(fd, len(data))
            return result
        finally:
            os.close(fd)  # also releases the lock


class RequestBudget:
    """At most ``per_minute`` requests per rolling minute for one account, across processes.

    :param base_url: ``scheme://host[:port]`` of the API (a path or credentials in it are ignored).
    :param account_sid: the Exotel account.
    :param per_minute: requests per rolling minute; 0 turns pacing off (holds are still honoured).
    :param clock: any object with ``monotonic()``, ``time()`` (epoch seconds) and ``sleep(seconds)``;
        None means the real clocks.
    :param directory: ledger directory; None picks one (see the module docstring).

    Attributes: ``key`` (scheme, host, port, account_sid); ``shared`` (True when the ledger is
    the shared file); ``reason`` (why it is not, or None); ``waited`` (seconds slept in total);
    ``last_granted`` (monotonic time of the last slot granted to this object).

    With ``per_minute=0`` the budget only honours holds: it does not record its own requests
    (pacing is off for it), so it reads the ledger under a shared lock and never writes it.
    """

    def __init__(self, base_url, account_sid, per_minute, clock=None, directory=None):
        self.key = budget_key(base_url, account_sid)
        self.per_minute = max(int(per_minute or 0), 0)
        self.clock = clock if clock is not None else _SystemClock()
        self.waited = 0.0
        self.last_granted = None
        self._boot = boot_id()
        digest = hashlib.sha256(json.dumps(['exotel.trunking budget', 1, socket.gethostname()] + list(self.key)).encode('utf-8'))
        self._name = 'budget-' + digest.hexdigest()[:32]
        path = directory if directory else default_directory()
        self.reason = 'fcntl is not available on this platform' if fcntl is None else prepare_directory(path)
        self._ledger = _MemoryLedger(self._name) if self.reason else _FileLedger(path, self._name)
        if self._ledger.shared and not os.path.exists(self._ledger.path):
            sweep(path, os.path.basename(self._ledger.path))

    @property
    def shared(self):
        return self._ledger.shared

    @property
    def ledger_path(self):
        """The shared ledger file, or None (per-process ledger)."""
        return self._ledger.path if self._ledger.shared else None

    # -- ledger access that never fails the task ---------------------------------------------------
    def _fallback(self, exc):
        self.reason = 'ledger unusable (%s), using a per-process budget' % (getattr(exc, 'strerror', None) or exc)
        self._ledger = _MemoryLedger(self._name)

    def _update(self, change):
        try:
            return self._ledger.update(change)
        except OSError as exc:
            if not self._ledger.shared:
                raise  # pragma: no cover - the memory ledger does no I/O
            self._fallback(exc)
            return self._ledger.update(change)

    def _read(self):
        try:
            return self._ledger.read()
        except OSError as exc:
            if not self._ledger.shared:
                raise  # pragma: no cover - the memory ledger does no I/O
            self._fallback(exc)
            return self._ledger.read()

    # -- public API ---------------------------------------------------------------------------------
    def try_acquire(self):
        """Take a slot if one is free now: returns 0.0 when granted, else the seconds to wait first."""
        return self._try(None)[0]

    def _try(self, floor):
        """``(wait, now)``: ``now`` is the time the decision was taken at, never before ``floor``.

        The ledger records the clock's own reading: with a real clock it is ``now``.
        """
        if self.per_minute <= 0:
            state = self._read()
            reading, now = self._times(floor)
            state.prune(now, self._boot)
            if state.hold > now:
                return state.hold - now, now
            self.last_granted = reading
            return 0.0, now
        decided = []

        def grant(state):
            reading, now = self._times(floor)  # read under the lock, so the ledger stays in time order
            decided.append(now)
            state.prune(now, self._boot)
            wait = state.hold - now
            if len(state.sent) >= self.per_minute:
                wait = max(wait, state.sent[-self.per_minute] + WINDOW + MARGIN - now)
            if wait > 0:
                return wait, False
            state.sent.append(reading)
            self.last_granted = reading
            return 0.0, True

        wait = self._update(grant)
        return wait, decided[-1]

    def _times(self, floor):
        """The clock's reading, and the time to decide at: the reading, or ``floor`` if the clock is behind it."""
        reading = self.clock.monotonic()
        return reading, (reading if floor is None or reading >= floor else floor)

    def acquire(self):
        """Block until a request may be sent and record it; returns the seconds slept.

        Sleeps through ``clock.sleep`` and never while holding the lock. After a sleep of
        ``s`` it takes the time as at least ``s`` later, even if the clock says otherwise:
        a real sleep never returns early, and a test's sleep that returns at once without
        moving its clock on then costs one recorded sleep instead of a busy loop.
        """
        slept = 0.0
        floor = None
        while True:
            wait, now = self._try(floor)
            if wait <= 0:
                break
            self.clock.sleep(wait)
            slept += wait
            floor = now + wait
        self.waited += slept
        return slept

    def hold_for(self, seconds):
        """Hold back every process of this budget for ``seconds`` (clamped to 0..60; garbage is ignored)."""
        seconds = _number(seconds)
        if seconds is None or seconds <= 0:
            return
        seconds = min(seconds, MAX_HOLD)

        def hold(state):
            now = self.clock.monotonic()
            state.prune(now, self._boot)
            until = now + seconds
            if until <= state.hold:
                return None, False
            state.hold = until
            return None, True

        self._update(hold)

    def observe(self, headers):
        """Read ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset`` from a response's headers.

        When nothing remains, hold every process until the reset: an epoch timestamp when
        larger than 10**9, else seconds from now (a server following the other convention is
        still read right). Missing or garbage values are ignored.
        """
        remaining = _number(_header(headers, 'X-RateLimit-Remaining'))
        if remaining is None or remaining < 0 or remaining >= 1:
            return
        reset = _number(_header(headers, 'X-RateLimit-Reset'))
        if reset is None or reset < 0:
            return
        if reset > EPOCH_THRESHOLD:
            reset -= self.clock.time()  # to a delay now; hold_for turns it into a monotonic deadline
        self.hold_for(reset)
