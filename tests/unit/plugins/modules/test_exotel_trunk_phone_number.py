# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_phone_number as module
from ansible_collections.exotel.trunking.tests.unit.plugins import exotel_conversations as exo
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import PHONE_NUMBERS, trunk_map
from ansible_collections.exotel.trunking.tests.unit.utils import (
    BASE,
    CONN,
    TOKEN,
    assert_calls_safe,
    body_of,
    duplicate,
    error,
    forbidden,
    not_found,
    run_module,
    unauthorized,
    warnings_of,
    writes,
)

TRUNK = 'trmum1f708622631150902801a1n'
OTHER = 'trmum17d8e9a37a3732ecbf91a3u'
NUM = '+919876543210'
MAP_ID = '41512'
TRUNK_MAPS = BASE + '/trunk-maps'
TRUNKS = BASE + '/trunks'
COLL = BASE + '/trunks/' + TRUNK + '/phone-numbers'
COLL_PATH = '/v2/accounts/exotel_test/trunks/' + TRUNK + '/phone-numbers'
CREATED = '2026-01-23T10:26:54Z'
UPDATED = '2026-01-23T11:00:00Z'


def args(**kwargs):
    params = dict(CONN, trunk_sid=TRUNK, phone_number=NUM)
    params.update(kwargs)
    return params


def api_mapping(mode=None, mapping_id=MAP_ID, number=NUM, trunk=TRUNK, updated=CREATED):
    return exo.api_mapping(number, mapping_id, mode, trunk=trunk, created=CREATED, updated=updated)


def normalised(mode=None, mapping_id=MAP_ID, number=NUM, trunk=TRUNK, dates=True, updated=CREATED):
    return {'id': mapping_id, 'phone_number': number, 'trunk_sid': trunk, 'mode': mode,
            'date_created': CREATED if dates else None, 'date_updated': updated if dates else None}


# -- conversation pieces (on the shared builders of exotel_conversations) -------------------------------

def lookup_mapped(rsps, mode=None, trunk=TRUNK, mapping_id=MAP_ID):
    trunk_map(rsps, NUM, trunk=trunk, ident=mapping_id, mode=mode)


def lookup_unmapped(rsps):
    trunk_map(rsps, NUM)


def trunk_listed(rsps, exists=True):
    exo.trunk_exists(rsps, exists, trunk=TRUNK)


def trunk_page(rsps, items, offset=0, next_page=False, status=200, body=None):
    if body is None:
        PHONE_NUMBERS.listed(rsps, items, offset=offset, next_page=next_page)
    else:
        PHONE_NUMBERS.fails(rsps, 'GET', body, status=status, query={'offset': str(offset), 'page_size': '50'})


def post_ok(rsps, body, mode=None):
    PHONE_NUMBERS.created(rsps, api_mapping(mode=mode), body=body)


def assert_one_write(rsps, method, url_path, body):
    done = writes(rsps.calls)
    assert len(done) == 1, [(c.request.method, c.request.url) for c in done]
    assert done[0].request.method == method
    assert done[0].request.path_url == url_path
    assert body_of(done[0]) == body


def assert_no_traceback(result):
    assert 'exception' not in result
    assert 'Traceback' not in result.stdout


# -- present -----------------------------------------------------------------------------------------

def test_create_without_mode_posts_no_mode_key(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    post_ok(rsps, {'phone_number': NUM})
    result = run_module(module, args())
    assert result['changed'] is True
    assert result['mapping'] == normalised(None)
    assert len(rsps.calls) == 3
    assert_one_write(rsps, 'POST', COLL_PATH, {'phone_number': NUM})
    assert 'mode' not in body_of(writes(rsps.calls)[0])
    assert writes(rsps.calls)[0].request.headers['Content-Type'] == 'application/json'
    assert_calls_safe(rsps.calls, result)


def test_create_with_mode_posts_mode(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    post_ok(rsps, {'phone_number': NUM, 'mode': 'flow'}, mode='flow')
    result = run_module(module, args(mode='flow'))
    assert result['changed'] is True
    assert result['mapping'] == normalised('flow')
    assert len(rsps.calls) == 3
    assert_one_write(rsps, 'POST', COLL_PATH, {'phone_number': NUM, 'mode': 'flow'})
    assert_calls_safe(rsps.calls, result)


@pytest.mark.parametrize('mode', [None, 'flow'])
def test_idempotent_rerun_makes_no_write(rsps, mode):
    lookup_mapped(rsps, mode='flow')
    params = args(mode=mode) if mode else args()
    result = run_module(module, params)
    assert result['changed'] is False
    assert result['mapping'] == normalised('flow', dates=False)
    assert len(rsps.calls) == 1
    assert writes(rsps.calls) == []
    assert_calls_safe(rsps.calls, result)


def test_mode_change_puts_phone_number_and_mode(rsps):
    lookup_mapped(rsps, mode='pstn')
    PHONE_NUMBERS.updated(rsps, api_mapping(mode='flow', updated=UPDATED))
    result = run_module(module, args(mode='flow'))
    assert result['changed'] is True
    assert result['mapping'] == normalised('flow', updated=UPDATED)
    assert len(rsps.calls) == 2
    assert_one_write(rsps, 'PUT', COLL_PATH + '/' + MAP_ID, {'phone_number': NUM, 'mode': 'flow'})
    assert_calls_safe(rsps.calls, result)


def test_null_mode_equals_pstn_so_no_write(rsps):
    lookup_mapped(rsps, mode=None)
    result = run_module(module, args(mode='pstn'))
    assert result['changed'] is False
    assert result['mapping']['mode'] is None  # reported as Exotel stores it
    assert len(rsps.calls) == 1


def test_null_mode_to_flow_is_a_change(rsps):
    lookup_mapped(rsps, mode=None)
    PHONE_NUMBERS.updated(rsps, api_mapping(mode='flow'))
    result = run_module(module, args(mode='flow'))
    assert result['changed'] is True
    assert_one_write(rsps, 'PUT', COLL_PATH + '/' + MAP_ID, {'phone_number': NUM, 'mode': 'flow'})


# -- absent ------------------------------------------------------------------------------------------

def test_absent_deletes_by_id_in_query(rsps):
    lookup_mapped(rsps, mode='flow')
    PHONE_NUMBERS.deleted(rsps, api_mapping(mode='flow'))
    result = run_module(module, args(state='absent'))
    assert result['changed'] is True
    assert result['mapping'] == normalised('flow')
    assert len(rsps.calls) == 2
    assert_one_write(rsps, 'DELETE', COLL_PATH + '?id=' + MAP_ID, None)
    assert_calls_safe(rsps.calls, result)


def test_absent_when_gone_confirms_by_listing_and_reports_no_change(rsps):
    lookup_unmapped(rsps)
    trunk_page(rsps, [api_mapping(number='+918040264208', mapping_id='41523')])
    result = run_module(module, args(state='absent'))
    assert result['changed'] is False
    assert result['mapping'] is None
    assert len(rsps.calls) == 2
    assert writes(rsps.calls) == []


@pytest.mark.parametrize('answer', [(404, not_found), (403, forbidden)])
def test_absent_on_unknown_trunk_is_no_change(rsps, answer):
    lookup_unmapped(rsps)
    trunk_page(rsps, [], status=answer[0], body=answer[1]())
    result = run_module(module, args(state='absent'))
    assert result['changed'] is False
    assert result.get('failed') is not True
    assert len(rsps.calls) == 2


def test_absent_when_mapped_to_another_trunk_leaves_it_alone(rsps):
    lookup_mapped(rsps, trunk=OTHER, mapping_id='999')
    result = run_module(module, args(state='absent'))
    assert result['changed'] is False
    assert result['mapping'] is None
    assert len(rsps.calls) == 1


def test_absent_confirm_listing_follows_three_pages(rsps):
    lookup_unmapped(rsps)
    page1 = [api_mapping(number='+91800000%04d' % i, mapping_id=str(50000 + i)) for i in range(50)]
    page2 = [api_mapping(number='+91800001%04d' % i, mapping_id=str(51000 + i)) for i in range(50)]
    page3 = [api_mapping(number='+91800002%04d' % i, mapping_id=str(52000 + i)) for i in range(3)] + [api_mapping(mode='flow')]
    trunk_page(rsps, page1, offset=0, next_page=True)
    trunk_page(rsps, page2, offset=50, next_page=True)
    trunk_page(rsps, page3, offset=100)
    PHONE_NUMBERS.deleted(rsps, api_mapping(mode='flow'))
    result = run_module(module, args(state='absent'))
    assert result['changed'] is True
    assert result['mapping']['id'] == MAP_ID
    assert len(rsps.calls) == 5
    assert [c.request.params.get('offset') for c in rsps.calls[1:4]] == ['0', '50', '100']
    assert_one_write(rsps, 'DELETE', COLL_PATH + '?id=' + MAP_ID, None)


# -- check mode: same reads, zero writes, same changed --------------------------------------------------

def test_check_mode_create_predicts_change_without_post(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    result = run_module(module, args(mode='flow'), check_mode=True)
    assert result['changed'] is True
    assert result['mapping'] == dict(normalised('flow', dates=False), id=None)
    assert len(rsps.calls) == 2
    assert writes(rsps.calls) == []


def test_check_mode_idempotent_reports_no_change(rsps):
    lookup_mapped(rsps, mode=None)
    result = run_module(module, args(mode='pstn'), check_mode=True)
    assert result['changed'] is False
    assert len(rsps.calls) == 1


def test_check_mode_mode_change_predicts_change_without_put(rsps):
    lookup_mapped(rsps, mode='pstn')
    result = run_module(module, args(mode='flow'), check_mode=True)
    assert result['changed'] is True
    assert result['mapping']['mode'] == 'flow'
    assert len(rsps.calls) == 1
    assert writes(rsps.calls) == []


def test_check_mode_absent_predicts_change_without_delete(rsps):
    lookup_mapped(rsps, mode='flow')
    result = run_module(module, args(state='absent'), check_mode=True)
    assert result['changed'] is True
    assert result['mapping'] == normalised('flow', dates=False)
    assert len(rsps.calls) == 1


def test_check_mode_absent_when_gone_reports_no_change(rsps):
    lookup_unmapped(rsps)
    trunk_page(rsps, [])
    result = run_module(module, args(state='absent'), check_mode=True)
    assert result['changed'] is False
    assert len(rsps.calls) == 2


# -- diff --------------------------------------------------------------------------------------------

def test_diff_on_create_has_empty_before(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    post_ok(rsps, {'phone_number': NUM})
    result = run_module(module, args(), diff=True)
    assert result['diff'] == {'before': {}, 'after': normalised(None)}


def test_diff_on_mode_change_shows_before_and_after(rsps):
    lookup_mapped(rsps, mode='pstn')
    result = run_module(module, args(mode='flow'), check_mode=True, diff=True)
    before = normalised('pstn', dates=False)
    assert result['diff'] == {'before': before, 'after': dict(before, mode='flow')}


def test_diff_on_absent_has_empty_after(rsps):
    lookup_mapped(rsps, mode='flow')
    PHONE_NUMBERS.deleted(rsps, api_mapping(mode='flow'))
    result = run_module(module, args(state='absent'), diff=True)
    assert result['diff'] == {'before': normalised('flow', dates=False), 'after': {}}


def test_diff_when_already_absent_is_empty_both_sides(rsps):
    lookup_unmapped(rsps)
    trunk_page(rsps, [])
    result = run_module(module, args(state='absent'), diff=True)
    assert result['diff'] == {'before': {}, 'after': {}}


def test_no_diff_key_without_diff_mode(rsps):
    lookup_mapped(rsps, mode='flow')
    result = run_module(module, args())
    assert 'diff' not in result


# -- duplicates and conflicts ------------------------------------------------------------------------

@pytest.mark.parametrize('http_code', [200, 409], ids=['quirk-200-with-409-body', 'real-409'])
def test_duplicate_on_post_is_reconciled_by_rereading(rsps, http_code):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    PHONE_NUMBERS.fails(rsps, 'POST', duplicate('Unable to create DidTrunkMapping with TrunkSid %s' % TRUNK, http_code=http_code))
    lookup_mapped(rsps, mode=None)
    result = run_module(module, args())
    assert result.get('failed') is not True, result.get('msg')
    assert result['changed'] is False
    assert result['mapping'] == normalised(None, dates=False)
    assert len(rsps.calls) == 4
    assert len(writes(rsps.calls)) == 1
    assert_no_traceback(result)


def test_duplicate_then_mode_differs_updates_the_mode(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    PHONE_NUMBERS.fails(rsps, 'POST', duplicate('Unable to create DidTrunkMapping with TrunkSid %s' % TRUNK))
    lookup_mapped(rsps, mode='pstn')
    PHONE_NUMBERS.updated(rsps, api_mapping(mode='flow'))
    result = run_module(module, args(mode='flow'))
    assert result['changed'] is True
    assert result['mapping']['mode'] == 'flow'
    assert [c.request.method for c in writes(rsps.calls)] == ['POST', 'PUT']


def test_number_mapped_to_another_trunk_fails_naming_it_without_write(rsps):
    lookup_mapped(rsps, mode='flow', trunk=OTHER, mapping_id='41999')
    result = run_module(module, args(mode='flow'))
    assert result['failed'] is True
    assert OTHER in result['msg']
    assert '41999' in result['msg']
    assert result['other_mapping']['trunk_sid'] == OTHER
    assert len(rsps.calls) == 1
    assert_no_traceback(result)


def test_duplicate_because_of_another_trunk_fails_naming_it(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    PHONE_NUMBERS.fails(rsps, 'POST', duplicate('Unable to create DidTrunkMapping with TrunkSid %s' % OTHER))
    lookup_mapped(rsps, trunk=OTHER, mapping_id='41999')
    result = run_module(module, args())
    assert result['failed'] is True
    assert OTHER in result['msg'] and '41999' in result['msg']
    assert len(writes(rsps.calls)) == 1


# -- unknown trunk and auth ----------------------------------------------------------------------------

def test_unknown_trunk_from_trunk_listing_fails_cleanly(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps, exists=False)
    result = run_module(module, args())
    assert result['failed'] is True
    assert 'no such trunk' in result['msg'] and TRUNK in result['msg']
    assert writes(rsps.calls) == []


@pytest.mark.parametrize('answer', [(404, not_found), (403, forbidden)], ids=['404-1000', '403-1003'])
def test_unknown_trunk_error_on_post_says_trunk_not_found(rsps, answer):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    PHONE_NUMBERS.fails(rsps, 'POST', answer[1](method='POST'), status=answer[0])
    result = run_module(module, args())
    assert result['failed'] is True
    assert 'no such trunk' in result['msg'] and TRUNK in result['msg']
    assert len(writes(rsps.calls)) == 1
    assert result['error']['http_status'] == answer[0]
    assert_no_traceback(result)


@pytest.mark.parametrize('answer', [(404, not_found), (403, forbidden)], ids=['404-1000', '403-1003'])
def test_unknown_trunk_error_on_trunk_listing_says_trunk_not_found(rsps, answer):
    lookup_unmapped(rsps)
    exo.TRUNKS.fails(rsps, 'GET', answer[1](), status=answer[0])
    result = run_module(module, args())
    assert result['failed'] is True
    assert 'no such trunk' in result['msg']
    assert len(rsps.calls) == 2


def test_401_hints_at_credentials_and_region_without_leaking_token(rsps):
    trunk_map(rsps, NUM, status=401, json=unauthorized())
    result = run_module(module, args())
    assert result['failed'] is True
    assert 'api_key' in result['msg'] and 'api_token' in result['msg'] and 'region' in result['msg']
    assert result['error']['kind'] == 'auth'
    assert len(rsps.calls) == 1
    assert_calls_safe(rsps.calls, result)
    assert TOKEN not in result.stdout


# -- retries and transport failures ----------------------------------------------------------------------

def test_429_then_200_honours_retry_after_and_warns(rsps, sleeps):
    rsps.add(responses.GET, TRUNK_MAPS, status=429, headers={'Retry-After': '7'},
             json=error(429, 429, 'Too Many Requests', 'Rate limit exceeded'))
    lookup_mapped(rsps, mode='flow')
    result = run_module(module, args())
    assert result['changed'] is False
    assert sleeps == [7.0]
    assert len(rsps.calls) == 2
    assert any('429' in w and 'Retry-After' in w for w in warnings_of(result))


def test_lost_response_after_post_rereads_and_does_not_resend(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    PHONE_NUMBERS.lost(rsps, 'POST', exc=requests.exceptions.ConnectionError('Connection aborted.', 'RemoteDisconnected'))
    lookup_mapped(rsps, mode=None)
    result = run_module(module, args())
    assert result['changed'] is True
    assert result['mapping'] == normalised(None, dates=False)
    assert len(writes(rsps.calls)) == 1
    assert len(rsps.calls) == 4
    assert any('re-reading' in w for w in warnings_of(result))


def test_malformed_json_on_post_is_outcome_unknown_then_reread_finds_it(rsps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    rsps.add(responses.POST, COLL, body='{"request_id": "x", "respo', content_type='application/json')
    lookup_mapped(rsps, mode='flow')
    result = run_module(module, args(mode='flow'))
    assert result['changed'] is True
    assert result['mapping']['mode'] == 'flow'
    assert len(writes(rsps.calls)) == 1
    assert_no_traceback(result)


def test_lost_response_with_nothing_on_reread_resends_post_once(rsps, sleeps):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    PHONE_NUMBERS.lost(rsps, 'POST', exc=requests.exceptions.ReadTimeout('read timed out'))
    lookup_unmapped(rsps)
    trunk_page(rsps, [])
    post_ok(rsps, {'phone_number': NUM})
    result = run_module(module, args())
    assert result['changed'] is True
    assert result['mapping'] == normalised(None)
    posts = writes(rsps.calls)
    assert [c.request.method for c in posts] == ['POST', 'POST']
    assert body_of(posts[0]) == body_of(posts[1]) == {'phone_number': NUM}
    assert len(rsps.calls) == 6
    assert len(sleeps) == 1


def test_lost_response_on_put_rereads_and_does_not_resend(rsps):
    lookup_mapped(rsps, mode='pstn')
    PHONE_NUMBERS.lost(rsps, 'PUT', extra=(MAP_ID,), exc=requests.exceptions.ConnectionError('Connection aborted.'))
    lookup_mapped(rsps, mode='flow')
    result = run_module(module, args(mode='flow'))
    assert result['changed'] is True
    assert result['mapping']['mode'] == 'flow'
    assert len(writes(rsps.calls)) == 1
    assert len(rsps.calls) == 3


def test_lost_response_on_put_with_old_mode_on_reread_resends_once(rsps):
    lookup_mapped(rsps, mode='pstn')
    PHONE_NUMBERS.fails(rsps, 'PUT', error(504, 504, 'Gateway Timeout', method='PUT'), extra=(MAP_ID,))
    lookup_mapped(rsps, mode='pstn')
    PHONE_NUMBERS.updated(rsps, api_mapping(mode='flow'))
    result = run_module(module, args(mode='flow'))
    assert result['changed'] is True
    assert [c.request.method for c in writes(rsps.calls)] == ['PUT', 'PUT']


def test_lost_response_on_delete_rereads_and_reports_removed(rsps):
    lookup_mapped(rsps, mode='flow')
    PHONE_NUMBERS.lost(rsps, 'DELETE', exc=requests.exceptions.ConnectionError('Connection aborted.'), query={'id': MAP_ID})
    lookup_unmapped(rsps)
    trunk_page(rsps, [])
    result = run_module(module, args(state='absent'))
    assert result['changed'] is True
    assert result['mapping'] == normalised('flow', dates=False)
    assert len(writes(rsps.calls)) == 1
    assert len(rsps.calls) == 4


@pytest.mark.parametrize('refused', [
    requests.exceptions.ConnectionError(MaxRetryError(None, '/', reason=NewConnectionError(None, 'Failed to establish a new connection'))),
    requests.exceptions.ConnectionError(ConnectionRefusedError(111, 'Connection refused')),
    requests.exceptions.ConnectTimeout('connect timed out'),
], ids=['new-connection-error', 'connection-refused', 'connect-timeout'])
def test_connection_refused_on_post_is_retried_safely(rsps, sleeps, refused):
    lookup_unmapped(rsps)
    trunk_listed(rsps)
    PHONE_NUMBERS.lost(rsps, 'POST', exc=refused)
    post_ok(rsps, {'phone_number': NUM})
    result = run_module(module, args())
    assert result['changed'] is True
    assert [c.request.method for c in rsps.calls] == ['GET', 'GET', 'POST', 'POST']
    assert len(sleeps) == 1
    assert any('retry 1 of 5' in w for w in warnings_of(result))


# -- invalid input: zero requests --------------------------------------------------------------------------

@pytest.mark.parametrize('number', ['919876543210', '+0919876543210', '+12345', '+1234567890123456', 'abc', '+91987654321x', ''])
def test_bad_e164_fails_before_any_request(rsps, number):
    result = run_module(module, args(phone_number=number))
    assert result['failed'] is True
    assert 'phone_number' in result['msg'] and repr(number) in result['msg'] and 'E.164' in result['msg']
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('number', ['+91 98765 43210', '+91-98765-43210', '+91 (987) 654.3210'])
def test_bad_e164_with_separators_suggests_compact_form(rsps, number):
    result = run_module(module, args(phone_number=number))
    assert result['failed'] is True
    assert "did you mean '+919876543210'?" in result['msg']
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('sid', ['../x', 'a/b', 'a?b', '', 'x' * 65])
def test_path_like_trunk_sid_fails_before_any_request(rsps, sid):
    result = run_module(module, args(trunk_sid=sid))
    assert result['failed'] is True
    assert 'trunk_sid' in result['msg'] and 'not a valid Exotel identifier' in result['msg']
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('url', ['ftp://api.test', 'api.test', 'https://', 'https://api.test?x=1', 'https://api.test#f', 'https://api.test:99999'])
def test_bad_api_url_fails_before_any_request(rsps, url):
    result = run_module(module, args(api_url=url))
    assert result['failed'] is True
    assert 'api_url' in result['msg']
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('url', ['https://someuser:hunter2secret@api.test', 'https://someuser@api.test', 'https://:hunter2secret@api.test'])
def test_api_url_with_credentials_fails_without_echoing_them(rsps, url):
    result = run_module(module, args(api_url=url))
    assert result['failed'] is True
    assert 'must not contain credentials' in result['msg']
    assert 'hunter2secret' not in result.stdout
    assert 'someuser' not in result.stdout
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('option,value,fragment', [
    ('timeout', 0, 'timeout'),
    ('timeout', -1.5, 'timeout'),
    ('max_retries', -1, 'max_retries'),
    ('requests_per_minute', -1, 'requests_per_minute'),
    ('account_sid', 'a/../b', 'account_sid'),
    ('mode', 'voice', 'mode'),
    ('state', 'gone', 'state'),
])
def test_invalid_option_fails_before_any_request(rsps, option, value, fragment):
    result = run_module(module, args(**{option: value}))
    assert result['failed'] is True
    assert fragment in result['msg'] and str(value) in result['msg']
    assert len(rsps.calls) == 0


def test_token_never_in_output_even_in_invocation(rsps):
    lookup_mapped(rsps, mode='flow')
    result = run_module(module, args())
    assert TOKEN not in result.stdout
    assert_calls_safe(rsps.calls, result)


@pytest.mark.parametrize('extra', [dict(mode='voice'), dict(timeout='abc')], ids=['bad-choice', 'bad-type'])
def test_api_url_credentials_never_echoed_on_argspec_error(rsps, extra):
    result = run_module(module, args(api_url='https://someuser:hunter2secret@api.test', **extra))
    assert result['failed'] is True
    assert 'hunter2secret' not in result.stdout
    assert 'someuser' not in result.stdout
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('option,value', [('phone_number', NUM + '\n'), ('trunk_sid', TRUNK + '\n'), ('account_sid', 'exotel_test\n')])
def test_trailing_newline_is_rejected_before_any_request(rsps, option, value):
    result = run_module(module, args(**{option: value}))
    assert result.get('failed') is True, 'accepted %r' % value
    assert option in result['msg']
    assert len(rsps.calls) == 0


def test_delete_answered_404_means_already_gone(rsps):
    lookup_mapped(rsps, mode='flow')
    PHONE_NUMBERS.fails(rsps, 'DELETE', not_found(method='DELETE'))
    result = run_module(module, args(state='absent'))
    assert result['changed'] is False
    assert result['mapping'] is None
    assert len(writes(rsps.calls)) == 1


def test_outcome_unknown_that_cannot_be_confirmed_fails_with_rerun_hint(rsps, sleeps):
    lookup_mapped(rsps, mode='pstn')
    PHONE_NUMBERS.fails(rsps, 'PUT', error(503, 503, 'Service Unavailable', method='PUT'), extra=(MAP_ID,))
    lookup_mapped(rsps, mode='pstn')
    result = run_module(module, args(mode='flow', max_retries=0))
    assert result['failed'] is True
    assert 'run the task again to reconcile' in result['msg']
    assert result['error']['kind'] == 'outcome_unknown'
    assert len(writes(rsps.calls)) == 1
    assert 'exception' not in result
