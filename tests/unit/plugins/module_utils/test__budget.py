# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""RequestBudget: rolling window, holds, server hints, the shared ledger and its failure modes.

Every test runs on a fake clock (no real sleep, no wall-clock assertion). The cross-process
tests start real processes on one ledger directory with a fake clock shared through
shared memory, whose ``sleep`` only moves that fake time forward.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import errno
import http.client
import multiprocessing
import os
import random
import signal
import stat
import struct
import zlib

import pytest
from requests.structures import CaseInsensitiveDict

from ansible_collections.exotel.trunking.plugins.module_utils import _budget
from ansible_collections.exotel.trunking.plugins.module_utils._budget import (
    MARGIN,
    MAX_HOLD,
    WINDOW,
    RequestBudget,
    budget_key,
    default_directory,
)
from ansible_collections.exotel.trunking.tests.emulator import exotel_emulator

URL = 'https://api.in.exotel.com'
ACCOUNT = 'exotel_test'
TOKEN = 'emulator_token_s3cr3t'
EPOCH = 1769000000.0
SPACING = WINDOW + MARGIN     # the N+1st request waits this long after the first


class FakeClock:
    """monotonic(), time() and sleep(); sleep moves both clocks forward and records the delay."""

    def __init__(self, mono=1000.0, wall=EPOCH):
        self.mono = mono
        self.wall = wall
        self.sleeps = []

    def monotonic(self):
        return self.mono

    def time(self):
        return self.wall

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds):
        self.mono += seconds
        self.wall += seconds


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No test touches the real home or runtime directory, and per-process ledgers start empty."""
    monkeypatch.setenv('EXOTEL_TRUNKING_BUDGET_DIR', str(tmp_path / 'default-dir'))
    monkeypatch.setattr(_budget, '_MEMORY', {})


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def ledger_dir(tmp_path):
    return str(tmp_path / 'ledger')


def make(clock, directory, per_minute=3, url=URL, account=ACCOUNT):
    return RequestBudget(url, account, per_minute, clock, directory=directory)


def write_ledger(budget, sent=(), hold=0.0, boot=None):
    """Put a ledger in place as another process would have left it."""
    state = _budget._State(sorted(sent), hold, _budget.boot_id() if boot is None else boot)
    with open(budget.ledger_path, 'wb') as handle:
        handle.write(state.encode())


def read_ledger(budget):
    with open(budget.ledger_path, 'rb') as handle:
        data = handle.read()
    state = _budget._State.decode(data)
    assert state.boot == _budget.boot_id(), 'not a valid ledger: %r' % data
    return state


# -- key and file name ------------------------------------------------------------------------------

@pytest.mark.parametrize('url', ['https://api.in.exotel.com', 'HTTPS://API.In.Exotel.COM', 'https://api.in.exotel.com:443',
                                 'https://api.in.exotel.com/', 'https://key:%s@api.in.exotel.com/v2/accounts' % TOKEN])
def test_key_normalises_scheme_host_and_default_port_and_drops_credentials(url):
    assert budget_key(url, ACCOUNT) == ('https', 'api.in.exotel.com', 443, ACCOUNT)


def test_key_keeps_explicit_ports_and_http_default():
    assert budget_key('http://127.0.0.1', ACCOUNT) == ('http', '127.0.0.1', 80, ACCOUNT)
    assert budget_key('http://127.0.0.1:8080', ACCOUNT) == ('http', '127.0.0.1', 8080, ACCOUNT)
    assert budget_key('https://[::1]:8443', ACCOUNT)[1:3] == ('::1', 8443)


def test_equivalent_urls_share_one_ledger_and_other_keys_do_not(clock, ledger_dir):
    one = make(clock, ledger_dir, url='https://api.in.exotel.com')
    same = make(clock, ledger_dir, url='HTTPS://api.in.exotel.com:443/')
    assert one.shared and one.ledger_path == same.ledger_path
    others = [make(clock, ledger_dir, account='other'), make(clock, ledger_dir, url='https://api.exotel.com'),
              make(clock, ledger_dir, url='https://api.in.exotel.com:8443'), make(clock, ledger_dir, url='http://api.in.exotel.com')]
    paths = set(b.ledger_path for b in others)
    assert len(paths) == 4 and one.ledger_path not in paths


def test_file_names_and_contents_never_show_the_account_url_or_a_credential(clock, ledger_dir):
    budget = make(clock, ledger_dir, url='https://key:%s@api.in.exotel.com' % TOKEN)
    budget.acquire()
    budget.hold_for(5)
    names = os.listdir(ledger_dir)
    assert len(names) == 1 and names[0].endswith('.ledger')
    for name in names:
        for secret in (ACCOUNT, 'exotel.com', TOKEN, 'key'):
            assert secret not in name
        with open(os.path.join(ledger_dir, name), 'rb') as handle:
            content = handle.read()
        for secret in (ACCOUNT, 'exotel', TOKEN):
            assert secret.encode() not in content


# -- rolling window and margin ----------------------------------------------------------------------

def test_fourth_request_in_the_window_waits_for_the_first_to_leave_it(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=3)
    for step in (0, 10, 10):
        clock.advance(step)
        assert budget.acquire() == 0.0
    clock.advance(5)                      # 25 s after the first request
    assert budget.acquire() == SPACING - 25
    assert clock.sleeps == [SPACING - 25]
    assert budget.waited == SPACING - 25
    assert len(read_ledger(budget).sent) == 3   # the first one left the window


def test_margin_holds_the_slot_past_exactly_sixty_seconds(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=2)
    budget.acquire()
    budget.acquire()
    clock.advance(WINDOW)
    assert budget.try_acquire() == pytest.approx(MARGIN)
    clock.advance(MARGIN)
    assert budget.try_acquire() == 0.0
    assert clock.sleeps == []


def test_server_counting_jittered_arrivals_never_sees_more_than_the_limit(clock, ledger_dir):
    """Up to MARGIN seconds of latency jitter between requests keeps the server's rolling count <= per_minute."""
    limit = 10
    budget = make(clock, ledger_dir, per_minute=limit)
    rnd = random.Random(7)
    arrivals = []
    for dummy in range(300):
        budget.acquire()
        arrivals.append(budget.last_granted + rnd.uniform(0, MARGIN * 0.999))
        clock.advance(rnd.choice([0, 0, 0.5, 3]))
    arrivals.sort()
    # the server's rule: a request is allowed when fewer than `limit` others arrived in the 60 s before it
    for index in range(limit, len(arrivals)):
        assert arrivals[index] - arrivals[index - limit] >= WINDOW
    assert clock.sleeps and max(clock.sleeps) <= SPACING


def test_steady_rate_approaches_the_limit(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=200)
    start = clock.monotonic()
    for dummy in range(1000):
        budget.acquire()
    elapsed = clock.monotonic() - start
    assert 4 * SPACING <= elapsed < 5 * SPACING   # 1000 requests = 5 windows' worth, the first 200 free


def test_per_minute_zero_never_waits_and_never_writes(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=0)
    for dummy in range(500):
        assert budget.acquire() == 0.0
    assert clock.sleeps == []
    assert budget.shared and not os.path.exists(budget.ledger_path)


def test_per_minute_zero_still_honours_a_hold_from_another_process(clock, ledger_dir):
    unpaced = make(clock, ledger_dir, per_minute=0)
    make(clock, ledger_dir, per_minute=200).hold_for(12)
    assert unpaced.acquire() == 12
    assert clock.sleeps == [12]


def test_budgets_with_different_limits_share_the_count(clock, ledger_dir):
    big = make(clock, ledger_dir, per_minute=5)
    small = make(clock, ledger_dir, per_minute=2)
    for dummy in range(3):
        big.acquire()
    assert small.try_acquire() == pytest.approx(SPACING)      # three sent already, it allows two
    assert big.try_acquire() == 0.0


class StoppedClock(FakeClock):
    """A fake whose sleep returns at once without moving time on (a recording-only sleep)."""

    def sleep(self, seconds):
        self.sleeps.append(seconds)


def test_a_sleep_that_does_not_move_the_clock_costs_one_sleep_not_a_busy_loop(ledger_dir):
    clock = StoppedClock()
    budget = make(clock, ledger_dir, per_minute=1)
    budget.hold_for(30)
    assert budget.acquire() == 30
    assert clock.sleeps == [30]
    assert budget.acquire() == SPACING        # the slot taken at the stopped time still counts
    assert budget.acquire() == SPACING
    assert clock.sleeps == [30, SPACING, SPACING]
    unpaced = make(clock, ledger_dir, per_minute=0)
    unpaced.hold_for(5)
    assert unpaced.acquire() == 5
    assert clock.sleeps == [30, SPACING, SPACING, 5]


# -- hold_for ------------------------------------------------------------------------------------------

def test_hold_for_holds_back_every_budget_on_the_key(clock, ledger_dir):
    first = make(clock, ledger_dir, per_minute=200)
    second = make(clock, ledger_dir, per_minute=200)
    other_account = make(clock, ledger_dir, per_minute=200, account='another')
    first.hold_for(30)
    assert second.try_acquire() == pytest.approx(30)
    assert other_account.try_acquire() == 0.0
    assert second.acquire() == pytest.approx(30)
    assert first.try_acquire() == 0.0


def test_hold_for_is_clamped_and_never_shortened(clock, ledger_dir):
    budget = make(clock, ledger_dir)
    budget.hold_for(3600)
    assert budget.try_acquire() == MAX_HOLD
    clock.advance(MAX_HOLD)
    budget.hold_for(30)
    budget.hold_for(5)
    assert budget.try_acquire() == 30


@pytest.mark.parametrize('value', [None, '', 'soon', 'nan', 'inf', -5, 0, '0'])
def test_hold_for_ignores_garbage_and_non_positive_values(clock, ledger_dir, value):
    budget = make(clock, ledger_dir)
    budget.hold_for(value)
    assert budget.try_acquire() == 0.0


def test_a_hold_survives_a_wall_clock_step(clock, ledger_dir):
    budget = make(clock, ledger_dir)
    budget.observe({'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': str(int(EPOCH) + 20)})
    clock.wall -= 3600          # NTP or an admin steps the wall clock back an hour
    assert budget.try_acquire() == 20
    clock.wall += 7200
    assert budget.try_acquire() == 20


# -- observe -------------------------------------------------------------------------------------------

@pytest.mark.parametrize('reset,expected', [
    (str(int(EPOCH) + 12), 12.0),       # the documented convention: epoch seconds
    ('%.3f' % (EPOCH + 2.5), 2.5),
    ('7', 7.0),                         # the other one: seconds from now
    ('0.5', 0.5),
    (str(int(EPOCH) + 86400), MAX_HOLD),
    ('3600', MAX_HOLD),
])
def test_observe_exhausted_remaining_holds_until_reset(clock, ledger_dir, reset, expected):
    budget = make(clock, ledger_dir)
    budget.observe({'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset})
    assert budget.try_acquire() == pytest.approx(expected)
    assert make(clock, ledger_dir).try_acquire() == pytest.approx(expected)   # shared


@pytest.mark.parametrize('headers', [
    {'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '9'},
    {'X-RATELIMIT-REMAINING': '0', 'X-RateLimit-RESET': '9'},
    CaseInsensitiveDict({'x-ratelimit-remaining': '0', 'X-RateLimit-Reset': '9'}),
])
def test_observe_reads_headers_case_insensitively(clock, ledger_dir, headers):
    budget = make(clock, ledger_dir)
    budget.observe(headers)
    assert budget.try_acquire() == 9


@pytest.mark.parametrize('headers', [
    None,
    {},
    {'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset': '9'},
    {'X-RateLimit-Remaining': '150', 'X-RateLimit-Reset': str(int(EPOCH) + 30)},
    {'X-RateLimit-Remaining': '0'},
    {'X-RateLimit-Reset': '9'},
    {'X-RateLimit-Remaining': 'none', 'X-RateLimit-Reset': '9'},
    {'X-RateLimit-Remaining': '-1', 'X-RateLimit-Reset': '9'},
    {'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': 'soon'},
    {'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': 'nan'},
    {'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': 'inf'},
    {'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '-4'},
    {'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': ''},
    {'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': str(int(EPOCH) - 5)},   # already past
    {'X-RateLimit-Remaining': 'nan', 'X-RateLimit-Reset': '9'},
])
def test_observe_ignores_missing_garbage_and_unexhausted_hints(clock, ledger_dir, headers):
    budget = make(clock, ledger_dir)
    budget.observe(headers)
    assert budget.try_acquire() == 0.0


def _emulator_get(url, path='/v2/accounts/exotel_test/trunks'):
    host, port = url.split('//', 1)[1].split(':')
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        token = base64.b64encode(b'emulator_key:' + TOKEN.encode()).decode()
        conn.request('GET', path, headers={'Authorization': 'Basic ' + token})
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp.headers
    finally:
        conn.close()


def test_the_emulators_reset_is_read_right_in_either_convention(clock, ledger_dir):
    """The emulator sends X-RateLimit-Reset as an epoch timestamp or as seconds from now: both give the same hold.

    One server for both conventions, stopped before the tests below fork.
    """
    with exotel_emulator.EmulatorServer(host='127.0.0.1', port=0) as srv:
        srv.state.clock = clock.time
        for mode in ('epoch', 'seconds'):
            srv.state.update_config({'rate_limit': {'limit': 2, 'window': 30}, 'rate_limit_headers': mode})
            budget = make(clock, ledger_dir, per_minute=0, account=mode)   # pacing off: only the server's hints hold it back
            for step in (0, 4):
                clock.advance(step)
                status, headers = _emulator_get(srv.url)
                assert status == 200
                budget.observe(headers)
            assert headers['X-RateLimit-Remaining'] == '0'
            assert budget.try_acquire() == pytest.approx(26), mode    # the first request leaves the window at +30
            budget.acquire()
            assert _emulator_get(srv.url)[0] == 200
            clock.advance(30)


# -- a ledger left in a bad state -------------------------------------------------------------------

def _valid(sent=(1000.0, 1000.5), hold=0.0):
    return _budget._State(list(sent), hold, _budget.boot_id()).encode()


def _with_crc(body):
    return body + struct.pack('<I', zlib.crc32(body) & 0xffffffff)


CORRUPT = {
    'half written': _valid()[:30],
    'header only': _valid()[:_budget.HEADER.size],
    'crc of another content': _valid()[:-4] + b'\0\0\0\0',
    'one bit flipped': _valid()[:-5] + bytes(bytearray([_valid()[-5] ^ 1])) + _valid()[-4:],
    'garbage': b'\x00\xff\xfe garbage',
    'empty': b'',
    'old text format': b'{"v": 1, "sent": [1000, 1001]}',
    'wrong magic': _with_crc(struct.pack('<4s16sdI', b'XTB9', _budget.boot_id(), 0.0, 0)),
    'count past the end': _with_crc(struct.pack('<4s16sdI', b'XTB1', _budget.boot_id(), 0.0, 50)),
    'absurd count': _with_crc(struct.pack('<4s16sdI', b'XTB1', _budget.boot_id(), 0.0, 2 ** 31)),
    'nan entry': _valid(sent=[1000.0, float('nan')]),
    'nan hold': _valid(hold=float('nan')),
}


@pytest.mark.parametrize('name', sorted(CORRUPT))
def test_a_corrupt_ledger_is_reset_not_fatal(clock, ledger_dir, name):
    budget = make(clock, ledger_dir, per_minute=2)
    budget.acquire()
    with open(budget.ledger_path, 'wb') as handle:
        handle.write(CORRUPT[name])
    assert make(clock, ledger_dir, per_minute=0).try_acquire() == 0.0
    assert budget.acquire() == 0.0
    assert budget.shared
    assert read_ledger(budget).sent == [clock.monotonic()]


def test_a_tail_left_by_a_writer_that_died_before_truncating_is_ignored(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=2)
    budget.acquire()
    now = clock.monotonic()
    with open(budget.ledger_path, 'wb') as handle:
        handle.write(_valid(sent=[now, now]) + b'tail of a longer, older ledger')
    assert budget.try_acquire() == pytest.approx(SPACING)


def test_infinite_values_in_the_ledger_are_discarded(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=1)
    budget.acquire()
    write_ledger(budget, sent=[float('-inf'), float('inf')], hold=float('inf'))
    assert budget.acquire() == 0.0
    assert read_ledger(budget).sent == [clock.monotonic()]


def test_entries_and_holds_from_the_future_are_discarded(clock, ledger_dir):
    """A ledger from before a reboot: the monotonic clock restarted, so its times lie ahead of ours."""
    budget = make(clock, ledger_dir, per_minute=3)
    budget.acquire()
    now = clock.monotonic()
    write_ledger(budget, sent=[now + 500, now + 501, now + 502], hold=now + 5000)
    assert budget.acquire() == 0.0
    assert read_ledger(budget).sent == [now]


def test_entries_slightly_ahead_still_count(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=2)
    budget.acquire()
    now = clock.monotonic()
    write_ledger(budget, sent=[now + 0.5, now + 0.5])
    assert budget.try_acquire() == pytest.approx(SPACING + 0.5)


def test_a_ledger_of_another_boot_is_discarded(clock, ledger_dir, monkeypatch):
    monkeypatch.setattr(_budget, '_BOOT_ID', [b'this-boot-digest'])
    budget = make(clock, ledger_dir, per_minute=2)
    budget.acquire()
    now = clock.monotonic()
    write_ledger(budget, sent=[now - 1, now - 1], hold=now + 30, boot=b'an-earlier-boot!')
    assert budget.try_acquire() == 0.0
    write_ledger(budget, sent=[now - 1], hold=now + 30, boot=b'this-boot-digest')
    assert budget.try_acquire() == 30


def test_boot_id_is_read_once_per_process(monkeypatch):
    monkeypatch.setattr(_budget, '_BOOT_ID', [])
    first = _budget.boot_id()
    assert _budget.boot_id() is first and isinstance(first, bytes) and len(first) == 16


def test_the_ledger_keeps_only_the_last_window(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=1000)
    for dummy in range(100):
        budget.acquire()
        clock.advance(1)
    sent = read_ledger(budget).sent
    assert len(sent) == int(SPACING)
    assert sent[0] > clock.monotonic() - SPACING - 1


# -- directory choice and permission checks ---------------------------------------------------------

def test_default_directory_order(monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    assert default_directory({'EXOTEL_TRUNKING_BUDGET_DIR': '/srv/budget', 'XDG_RUNTIME_DIR': '/run/user/7'}) == '/srv/budget'
    assert default_directory({'XDG_RUNTIME_DIR': '/run/user/7', 'XDG_CACHE_HOME': '/c'}) == '/run/user/7/exotel.trunking'
    assert default_directory({'XDG_RUNTIME_DIR': 'relative', 'XDG_CACHE_HOME': '/c'}) == '/c/exotel.trunking'
    assert default_directory({}) == str(tmp_path / 'home' / '.cache' / 'exotel.trunking')
    assert default_directory({'EXOTEL_TRUNKING_BUDGET_DIR': ''}) == str(tmp_path / 'home' / '.cache' / 'exotel.trunking')


def test_environment_directory_is_used_and_created_private(clock, tmp_path):
    budget = RequestBudget(URL, ACCOUNT, 3, clock)
    budget.acquire()
    assert budget.shared and budget.reason is None
    directory = str(tmp_path / 'default-dir')
    assert os.path.dirname(budget.ledger_path) == directory
    assert stat.S_IMODE(os.lstat(directory).st_mode) == 0o700
    for name in os.listdir(directory):
        assert stat.S_IMODE(os.lstat(os.path.join(directory, name)).st_mode) & 0o077 == 0


def test_nested_directory_is_created_with_0700(clock, tmp_path):
    directory = str(tmp_path / 'a' / 'b' / 'exotel.trunking')
    budget = make(clock, directory)
    assert budget.shared
    assert stat.S_IMODE(os.lstat(directory).st_mode) == 0o700


def test_group_readable_directory_is_fixed(clock, ledger_dir):
    os.makedirs(ledger_dir)
    os.chmod(ledger_dir, 0o755)
    budget = make(clock, ledger_dir)
    assert budget.shared
    assert stat.S_IMODE(os.lstat(ledger_dir).st_mode) == 0o700


def test_group_readable_directory_that_cannot_be_fixed_is_refused(clock, ledger_dir, monkeypatch):
    os.makedirs(ledger_dir)
    os.chmod(ledger_dir, 0o775)
    monkeypatch.setattr(_budget.os, 'chmod', lambda path, mode: None)
    budget = make(clock, ledger_dir, per_minute=1)
    assert not budget.shared and 'group or others' in budget.reason
    assert os.listdir(ledger_dir) == []
    budget.acquire()
    assert budget.acquire() == SPACING    # still paced, in this process


def test_symlinked_directory_is_refused(clock, tmp_path):
    target = tmp_path / 'real'
    target.mkdir(mode=0o700)
    link = tmp_path / 'link'
    link.symlink_to(target)
    budget = make(clock, str(link))
    assert not budget.shared and 'symlink' in budget.reason
    assert budget.ledger_path is None
    budget.acquire()
    assert os.listdir(str(target)) == []


def test_directory_owned_by_someone_else_is_refused(clock, ledger_dir, monkeypatch):
    os.makedirs(ledger_dir, 0o700)
    real = os.geteuid()
    monkeypatch.setattr(_budget.os, 'geteuid', lambda: real + 1)
    budget = make(clock, ledger_dir)
    assert not budget.shared and 'not owned' in budget.reason


def test_a_file_in_place_of_the_directory_is_refused(clock, tmp_path):
    path = tmp_path / 'file'
    path.write_text(u'x')
    budget = make(clock, str(path))
    assert not budget.shared and 'not a directory' in budget.reason


def test_a_directory_that_cannot_be_created_is_refused(clock, tmp_path):
    parent = tmp_path / 'file'
    parent.write_text(u'x')
    budget = make(clock, str(parent / 'sub'))
    assert not budget.shared and budget.reason
    assert budget.acquire() == 0.0


def test_a_new_ledger_sweeps_ledgers_unused_for_a_day(clock, ledger_dir):
    first = make(clock, ledger_dir, account='old')
    first.acquire()
    recent = make(clock, ledger_dir, account='recent')
    recent.acquire()
    other = os.path.join(ledger_dir, 'notes.txt')
    with open(other, 'w') as handle:
        handle.write(u'not a ledger')
    day_ago = os.stat(first.ledger_path).st_mtime - _budget.STALE_AFTER - 10
    for path in (first.ledger_path, other):
        os.utime(path, (day_ago, day_ago))
    make(clock, ledger_dir, account='new-key')      # creating a new ledger sweeps the directory
    assert not os.path.exists(first.ledger_path)
    assert os.path.exists(recent.ledger_path) and os.path.exists(other)
    first.acquire()                          # a swept budget simply starts a new ledger
    assert read_ledger(first).sent == [clock.monotonic()]


# -- degraded modes --------------------------------------------------------------------------------

def test_without_fcntl_the_budget_is_per_process_with_the_same_api(clock, ledger_dir, monkeypatch):
    monkeypatch.setattr(_budget, 'fcntl', None)
    first = make(clock, ledger_dir, per_minute=2)
    second = make(clock, ledger_dir, per_minute=2)
    assert not first.shared and 'fcntl' in first.reason
    assert not os.path.exists(ledger_dir)
    first.acquire()
    second.acquire()
    assert first.try_acquire() == pytest.approx(SPACING)     # shared inside the process
    clock.advance(SPACING)
    first.hold_for(80)
    assert second.try_acquire() == MAX_HOLD
    clock.advance(MAX_HOLD)
    first.observe({'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': str(int(clock.time()) + 50)})
    assert make(clock, ledger_dir, per_minute=0).try_acquire() == pytest.approx(50)
    assert second.acquire() == pytest.approx(50)
    assert not os.path.exists(ledger_dir)


def test_an_io_error_mid_run_falls_back_instead_of_failing(clock, ledger_dir, monkeypatch):
    budget = make(clock, ledger_dir, per_minute=2)
    budget.acquire()
    assert budget.shared

    def full_disk(fd, data, offset):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_budget.os, 'pwrite', full_disk)
    assert budget.acquire() == 0.0
    assert not budget.shared and os.strerror(errno.ENOSPC) in budget.reason
    assert budget.acquire() == 0.0         # the memory ledger starts afresh
    assert budget.try_acquire() == pytest.approx(SPACING)


def test_an_unreadable_ledger_falls_back_for_an_unpaced_budget(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=0)
    os.mkdir(budget.ledger_path)          # reading it as a file fails with EISDIR
    assert budget.acquire() == 0.0
    assert not budget.shared


def test_default_clock_is_the_real_one(ledger_dir):
    budget = RequestBudget(URL, ACCOUNT, 0, directory=ledger_dir)
    assert budget.clock.monotonic() > 0 and budget.clock.time() > 10 ** 9
    assert budget.acquire() == 0.0     # per_minute=0 and no hold: no real sleep


# -- several real processes on one ledger -----------------------------------------------------------

class SharedClock:
    """A fake clock in shared memory: every process sees the same time; sleep only moves it forward."""

    def __init__(self, value):
        self.value = value
        self.last = value.value

    def monotonic(self):
        self.last = self.value.value
        return self.last

    def time(self):
        return EPOCH + self.value.value

    def sleep(self, seconds):
        # the wait was computed at the last reading; others may have moved time on since
        with self.value.get_lock():
            self.value.value = max(self.value.value, self.last + seconds)


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context('fork' if 'fork' in methods else 'spawn')


def _child_try(value, directory, per_minute, tries, start, results):
    budget = RequestBudget(URL, ACCOUNT, per_minute, SharedClock(value), directory=directory)
    start.wait(10)
    granted = sum(1 for dummy in range(tries) if budget.try_acquire() == 0.0)
    results.put((budget.shared, granted))


def _child_acquire(value, directory, per_minute, count, start, results):
    budget = RequestBudget(URL, ACCOUNT, per_minute, SharedClock(value), directory=directory)
    start.wait(10)
    times = []
    for dummy in range(count):
        budget.acquire()
        times.append(budget.last_granted)
    results.put((budget.shared, times))


def _run(target, args, processes):
    ctx = _context()
    start = ctx.Event()
    results = ctx.Queue()
    children = [ctx.Process(target=target, args=args + (start, results)) for dummy in range(processes)]
    for child in children:
        child.start()
    start.set()
    out = [results.get(timeout=60) for dummy in children]
    for child in children:
        child.join(30)
        assert child.exitcode == 0
    return out


def test_processes_at_one_instant_get_exactly_per_minute_slots(ledger_dir):
    """Six processes race for 60 slots each at a frozen time: a lost update would grant more than 25."""
    value = _context().Value('d', 1000.0)
    out = _run(_child_try, (value, ledger_dir, 25, 60), 6)
    assert all(shared for shared, dummy in out)
    assert sum(granted for dummy, granted in out) == 25
    ledgers = os.listdir(ledger_dir)
    assert len(ledgers) == 1
    with open(os.path.join(ledger_dir, ledgers[0]), 'rb') as handle:
        assert _budget._State.decode(handle.read()).sent == [1000.0] * 25


def test_processes_acquiring_together_keep_the_rolling_window(ledger_dir):
    """Four processes, five requests each, four per minute: every window holds at most four, in order."""
    per_minute = 4
    value = _context().Value('d', 1000.0)
    out = _run(_child_acquire, (value, ledger_dir, per_minute, 5), 4)
    assert all(shared for shared, dummy in out)
    times = sorted(t for dummy, child_times in out for t in child_times)
    assert len(times) == 20
    for index in range(per_minute, len(times)):
        assert times[index] - times[index - per_minute] >= SPACING
    assert value.value >= 1000.0 + 4 * SPACING      # 20 requests at 4 per window: at least 4 full waits


def _child_dies_holding_the_lock(path, locked, never):
    import fcntl  # pylint: disable=import-outside-toplevel  # POSIX only, like the shared ledger
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.pwrite(fd, b'XTB1 half a ledger', 0)
    locked.set()
    never.wait(60)      # killed long before this returns


def test_a_holder_killed_mid_write_neither_wedges_nor_breaks_the_others(clock, ledger_dir):
    budget = make(clock, ledger_dir, per_minute=2)
    budget.acquire()
    budget.acquire()
    ctx = _context()
    locked, never = ctx.Event(), ctx.Event()
    child = ctx.Process(target=_child_dies_holding_the_lock, args=(budget.ledger_path, locked, never))
    child.start()
    assert locked.wait(30)
    os.kill(child.pid, signal.SIGKILL)
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    assert budget.acquire() == 0.0            # the kernel dropped the lock; the torn ledger reads as empty
    assert budget.shared
    assert read_ledger(budget).sent == [clock.monotonic()]


def test_a_hold_in_one_process_holds_back_another(ledger_dir):
    value = _context().Value('d', 1000.0)
    RequestBudget(URL, ACCOUNT, 0, SharedClock(value), directory=ledger_dir).hold_for(30)
    out = _run(_child_try, (value, ledger_dir, 200, 3), 2)
    assert [granted for dummy, granted in out] == [0, 0]
