# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import responses

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_phone_number_info as module
from ansible_collections.exotel.trunking.tests.unit.plugins import exotel_conversations as exo
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import PHONE_NUMBERS
from ansible_collections.exotel.trunking.tests.unit.utils import (
    CONN,
    TOKEN,
    assert_calls_safe,
    error,
    forbidden,
    listing,
    not_found,
    run_module,
    unauthorized,
    warnings_of,
    writes,
)

TRUNK = exo.TRUNK_SID
COLL = PHONE_NUMBERS.url(TRUNK)
COLL_PATH = PHONE_NUMBERS.path(TRUNK)


def args(**kwargs):
    params = dict(CONN, trunk_sid=TRUNK)
    params.update(kwargs)
    return params


def mapping(i, mode=None):
    return exo.api_mapping('+9180%08d' % i, str(41000 + i), mode, created='2026-01-23T13:28:11Z', updated='2026-01-23T13:41:59Z')


def page(rsps, items, offset=0, next_page=False, metadata=True, status=200, body=None):
    """One list page at ``offset``; ``body`` (with ``status``) replaces Exotel's answer."""
    if body is None:
        PHONE_NUMBERS.listed(rsps, items, offset=offset, next_page=next_page, metadata=metadata)
    else:
        PHONE_NUMBERS.fails(rsps, 'GET', body, status=status, query={'offset': str(offset), 'page_size': '50'})


def test_lists_every_mapping_over_three_pages(rsps):
    all_items = [mapping(i, mode='flow' if i % 2 else None) for i in range(103)]
    page(rsps, all_items[:50], offset=0, next_page=True)
    page(rsps, all_items[50:100], offset=50, next_page=True)
    page(rsps, all_items[100:], offset=100)
    result = run_module(module, args())
    assert result['changed'] is False
    assert len(result['mappings']) == 103
    assert [m['id'] for m in result['mappings']] == [str(41000 + i) for i in range(103)]
    assert result['mappings'][0]['mode'] is None  # a stored null is reported as null
    assert result['mappings'][1]['mode'] == 'flow'
    assert len(rsps.calls) == 3
    assert [c.request.params for c in rsps.calls] == [{'offset': str(o), 'page_size': '50'} for o in (0, 50, 100)]
    assert writes(rsps.calls) == []
    assert_calls_safe(rsps.calls, result)


def test_follows_next_page_uri_offset_rather_than_counting(rsps):
    page(rsps, [mapping(0)], offset=0, body=listing([mapping(0)], path=COLL_PATH, next_page_uri=COLL_PATH + '?offset=50&page_size=50'))
    page(rsps, [mapping(1)], offset=50)
    result = run_module(module, args())
    assert [m['id'] for m in result['mappings']] == ['41000', '41001']
    assert len(rsps.calls) == 2


def test_list_without_metadata_pages_until_a_short_page(rsps):
    first = [mapping(i) for i in range(50)]
    page(rsps, first, offset=0, metadata=False)
    page(rsps, [mapping(50)], offset=50, metadata=False)
    result = run_module(module, args())
    assert len(result['mappings']) == 51
    assert len(rsps.calls) == 2


def test_empty_list_without_metadata_is_an_empty_result(rsps):
    page(rsps, [], body={'request_id': '4b15de3688c64a6184ca3777d5cfa046', 'method': 'GET', 'http_code': 200, 'response': []})
    result = run_module(module, args())
    assert result['mappings'] == []
    assert len(rsps.calls) == 1


def test_phone_number_filter_returns_only_that_mapping(rsps):
    page(rsps, [mapping(0), mapping(1, mode='flow'), mapping(2)])
    result = run_module(module, args(phone_number='+918000000001'))
    assert result['mappings'] == [{'id': '41001', 'phone_number': '+918000000001', 'trunk_sid': TRUNK, 'mode': 'flow',
                                   'date_created': '2026-01-23T13:28:11Z', 'date_updated': '2026-01-23T13:41:59Z'}]


def test_phone_number_filter_with_no_match_is_empty(rsps):
    page(rsps, [mapping(0)])
    result = run_module(module, args(phone_number='+919999999999'))
    assert result['mappings'] == []
    assert result.get('failed') is not True


def test_runs_in_check_mode_and_reads_the_same(rsps):
    page(rsps, [mapping(0)])
    result = run_module(module, args(), check_mode=True)
    assert result['changed'] is False
    assert len(result['mappings']) == 1


@pytest.mark.parametrize('answer', [(404, not_found), (403, forbidden)], ids=['404-1000', '403-1003'])
def test_unknown_trunk_says_not_found(rsps, answer):
    page(rsps, [], status=answer[0], body=answer[1]())
    result = run_module(module, args())
    assert result['failed'] is True
    assert 'no such trunk' in result['msg'] and TRUNK in result['msg']
    assert len(rsps.calls) == 1


def test_401_hints_at_credentials_and_region(rsps):
    page(rsps, [], status=401, body=unauthorized())
    result = run_module(module, args())
    assert result['failed'] is True
    assert 'api_key' in result['msg'] and 'region' in result['msg']
    assert result['msg'].startswith('Cannot list the numbers of trunk %s' % TRUNK)
    assert TOKEN not in result.stdout
    assert_calls_safe(rsps.calls, result)


def test_503_exhaustion_gives_up_after_max_retries_plus_one_attempts(rsps, sleeps):
    for dummy in range(3):
        page(rsps, [], status=503, body=error(503, 503, 'Service Unavailable'))
    result = run_module(module, args(max_retries=2))
    assert result['failed'] is True
    assert 'gave up after 2 retries' in result['msg']
    assert 'HTTP 503' in result['msg']
    assert len(rsps.calls) == 3
    assert len(sleeps) == 2
    assert len(warnings_of(result)) == 2
    assert 'exception' not in result


def test_html_502_then_success_is_retried(rsps, sleeps):
    rsps.add(responses.GET, COLL, status=502, body='<html><body>502 Bad Gateway</body></html>', content_type='text/html')
    page(rsps, [mapping(0)])
    result = run_module(module, args())
    assert len(result['mappings']) == 1
    assert len(rsps.calls) == 2
    assert len(sleeps) == 1


def test_malformed_json_on_get_fails_with_clean_message(rsps):
    rsps.add(responses.GET, COLL, body='{"request_id": "abc", "resp', content_type='application/json')
    result = run_module(module, args())
    assert result['failed'] is True
    assert 'not an Exotel JSON envelope' in result['msg']
    assert result['error']['kind'] == 'bad_response'
    assert 'exception' not in result and 'Traceback' not in result.stdout
    assert len(rsps.calls) == 1


@pytest.mark.parametrize('sid', ['../x', 'a/b'])
def test_path_like_trunk_sid_fails_before_any_request(rsps, sid):
    result = run_module(module, args(trunk_sid=sid))
    assert result['failed'] is True
    assert 'trunk_sid' in result['msg']
    assert len(rsps.calls) == 0


def test_bad_phone_number_filter_fails_before_any_request(rsps):
    result = run_module(module, args(phone_number='+91 98765 43210'))
    assert result['failed'] is True
    assert "did you mean '+919876543210'?" in result['msg']
    assert len(rsps.calls) == 0
