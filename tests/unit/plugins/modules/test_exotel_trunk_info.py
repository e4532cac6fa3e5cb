# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_info: each test replays the exact HTTP conversation."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_info
from ansible_collections.exotel.trunking.tests.unit.plugins import exotel_conversations as exo
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import TRUNK_FIELDS as KEYS, TRUNKS
from ansible_collections.exotel.trunking.tests.unit.utils import (
    API_URL,
    CONN,
    assert_calls_safe,
    forbidden,
    not_found,
    run_module,
)

TRUNKS_PATH = TRUNKS.path()


def api_trunk(i):
    return exo.api_trunk(name='trunk_%d' % i, sid='trmum1%018x1a1n' % i)


def norm(data):
    return exo.normalised(data, KEYS)


def add_list(rsps, items, offset=0, next_page=False, extra=None, metadata=True):
    TRUNKS.listed(rsps, items, offset=offset, next_page=next_page, query=extra, metadata=metadata)


def urls(rsps):
    return [(c.request.method, c.request.url[len(API_URL):]) for c in rsps.calls]


def run(**kwargs):
    return run_module(exotel_trunk_info, dict(CONN, **kwargs))


def test_all_trunks_every_page(rsps):
    page1 = [api_trunk(i) for i in range(50)]
    page2 = [api_trunk(i) for i in range(50, 53)]
    add_list(rsps, page1, next_page=True)
    add_list(rsps, page2, offset=50)
    result = run()
    assert result['changed'] is False
    assert result['trunks'] == [norm(t) for t in page1 + page2]
    assert 'phone_numbers' not in result['trunks'][0]
    assert urls(rsps) == [('GET', TRUNKS_PATH + '?offset=0&page_size=50'), ('GET', TRUNKS_PATH + '?offset=50&page_size=50')]
    assert_calls_safe(rsps.calls, result)


def test_empty_account_without_metadata(rsps):
    add_list(rsps, [], metadata=False)
    result = run()
    assert result['trunks'] == []


def test_by_sid_uses_server_filter(rsps):
    wanted = api_trunk(2)
    add_list(rsps, [wanted], extra={'trunk_sid': wanted['trunk_sid']})
    result = run(trunk_sid=wanted['trunk_sid'])
    assert result['trunks'] == [norm(wanted)]
    assert urls(rsps) == [('GET', TRUNKS_PATH + '?trunk_sid=%s&offset=0&page_size=50' % wanted['trunk_sid'])]


def test_by_sid_filters_client_side_when_server_ignores_filter(rsps):
    wanted = api_trunk(2)
    add_list(rsps, [api_trunk(1), wanted, api_trunk(3)], extra={'trunk_sid': wanted['trunk_sid']})
    result = run(trunk_sid=wanted['trunk_sid'])
    assert result['trunks'] == [norm(wanted)]


@pytest.mark.parametrize('status, body', [(404, not_found()), (403, forbidden())])
def test_unknown_sid_gives_empty_list(rsps, status, body):
    TRUNKS.fails(rsps, 'GET', body, status=status)
    result = run(trunk_sid='trmum1000000000000000000001a1n')
    assert result.get('failed') is not True
    assert result['trunks'] == []


def test_by_name(rsps):
    add_list(rsps, [api_trunk(1), api_trunk(2)])
    result = run(trunk_name='trunk_2')
    assert result['trunks'] == [norm(api_trunk(2))]


def test_by_name_not_found(rsps):
    add_list(rsps, [api_trunk(1)])
    assert run(trunk_name='nope')['trunks'] == []


def test_by_sid_and_name_must_both_match(rsps):
    wanted = api_trunk(2)
    add_list(rsps, [wanted], extra={'trunk_sid': wanted['trunk_sid']})
    assert run(trunk_sid=wanted['trunk_sid'], trunk_name='trunk_1')['trunks'] == []


def test_check_mode_reads(rsps):
    add_list(rsps, [api_trunk(1)])
    result = run_module(exotel_trunk_info, CONN, check_mode=True)
    assert result['trunks'] == [norm(api_trunk(1))]


def test_list_error_fails_cleanly(rsps):
    TRUNKS.fails(rsps, 'GET', not_found())
    result = run()
    assert result['failed'] is True
    assert result['msg'].startswith('Cannot list the trunks: GET %s failed: HTTP 404' % TRUNKS_PATH)


@pytest.mark.parametrize('bad, fragment', [
    (dict(trunk_sid='../x'), "trunk_sid '../x' is not a valid Exotel identifier"),
    (dict(trunk_name='bad name'), "trunk_name 'bad name' is not valid"),
    (dict(trunk_name='x' * 17), 'is not valid: use 1 to 16 characters'),
])
def test_validation_errors_send_no_request(rsps, bad, fragment):
    result = run(**bad)
    assert result['failed'] is True
    assert fragment in result['msg']
    assert len(rsps.calls) == 0
