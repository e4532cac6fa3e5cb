# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests
import responses

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_phone_numbers as module
from ansible_collections.exotel.trunking.tests.unit.plugins import exotel_conversations as exo
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import PHONE_NUMBERS, trunk_map
from ansible_collections.exotel.trunking.tests.unit.utils import (
    BASE,
    CONN,
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
COLL = BASE + '/trunks/' + TRUNK + '/phone-numbers'
COLL_PATH = '/v2/accounts/exotel_test/trunks/' + TRUNK + '/phone-numbers'
TRUNK_MAPS = BASE + '/trunk-maps'
STAMP = '2026-01-23T10:26:54Z'
LATER = '2026-01-23T11:00:00Z'

A, B, C, D, E = '+919000000001', '+919000000002', '+919000000003', '+919000000004', '+919000000005'


def args(phone_numbers, **kwargs):
    params = dict(CONN, trunk_sid=TRUNK, phone_numbers=phone_numbers)
    params.update(kwargs)
    return params


def api_mapping(number, mapping_id, mode=None, updated=STAMP, trunk=TRUNK):
    return exo.api_mapping(number, mapping_id, mode, trunk=trunk, created=STAMP, updated=updated)


def norm(number, mapping_id, mode=None, updated=STAMP, dates=True, trunk=TRUNK):
    return {'id': mapping_id, 'phone_number': number, 'trunk_sid': trunk, 'mode': mode,
            'date_created': STAMP if dates else None, 'date_updated': updated if dates else None}


# -- conversation pieces (on the shared builders of exotel_conversations) ----------------------------

def trunk_page(rsps, items, offset=0, next_page=False):
    PHONE_NUMBERS.listed(rsps, items, offset=offset, next_page=next_page)


def post(rsps, number, mapping_id, mode=None, answer=None, status=200):
    body = {'phone_number': number}
    if mode is not None:
        body['mode'] = mode
    if answer is None:
        PHONE_NUMBERS.created(rsps, api_mapping(number, mapping_id, mode), body=body)
    else:
        PHONE_NUMBERS.fails(rsps, 'POST', answer, status=status, sent=body)


def put(rsps, number, mapping_id, mode):
    PHONE_NUMBERS.updated(rsps, api_mapping(number, mapping_id, mode, updated=LATER), body={'phone_number': number, 'mode': mode})


def delete(rsps, number, mapping_id, mode=None):
    PHONE_NUMBERS.deleted(rsps, api_mapping(number, mapping_id, mode))


def lookup(rsps, number, trunk=None, mapping_id=None, mode=None):
    trunk_map(rsps, number, trunk=trunk, ident=mapping_id, mode=mode)


def conversation(calls):
    """(method, path+query, body) of every call, in order."""
    out = []
    for call in calls:
        url = call.request.url.replace(BASE, '')
        out.append((call.request.method, url, body_of(call)))
    return out


def counts(result):
    return dict((k, result[k]) for k in ('created', 'updated', 'deleted', 'unchanged'))


# -- creating ---------------------------------------------------------------------------------------

def test_create_many_mixed_strings_and_dicts_one_read_then_only_posts(rsps):
    trunk_page(rsps, [])
    post(rsps, A, '41501')
    post(rsps, B, '41502', mode='flow')
    post(rsps, C, '41503', mode='pstn')
    # Input order is not sorted: writes go out sorted by phone number.
    result = run_module(module, args([{'phone_number': C, 'mode': 'pstn'}, A, {'phone_number': B, 'mode': 'flow'}]))
    assert result['changed'] is True
    assert counts(result) == dict(created=3, updated=0, deleted=0, unchanged=0)
    assert conversation(rsps.calls) == [
        ('GET', '/trunks/%s/phone-numbers?offset=0&page_size=50' % TRUNK, None),
        ('POST', '/trunks/%s/phone-numbers' % TRUNK, {'phone_number': A}),
        ('POST', '/trunks/%s/phone-numbers' % TRUNK, {'phone_number': B, 'mode': 'flow'}),
        ('POST', '/trunks/%s/phone-numbers' % TRUNK, {'phone_number': C, 'mode': 'pstn'}),
    ]
    assert result['mappings'] == [norm(A, '41501'), norm(B, '41502', 'flow'), norm(C, '41503', 'pstn')]
    assert 'done' not in result and 'not_done' not in result
    assert_calls_safe(rsps.calls, result)


def test_create_keeps_unlisted_mappings_without_purge(rsps):
    trunk_page(rsps, [api_mapping(E, '41400', 'flow')])
    post(rsps, A, '41501')
    result = run_module(module, args([A]))
    assert counts(result) == dict(created=1, updated=0, deleted=0, unchanged=0)
    assert [m['phone_number'] for m in result['mappings']] == [A, E]
    assert len(writes(rsps.calls)) == 1


def test_read_follows_every_page_once(rsps):
    page1 = [api_mapping('+91900000%04d' % i, str(42000 + i)) for i in range(50)]
    page2 = [api_mapping('+91900000%04d' % i, str(42000 + i)) for i in range(50, 60)]
    trunk_page(rsps, page1, next_page=True)
    trunk_page(rsps, page2, offset=50)
    wanted = ['+91900000%04d' % i for i in range(60)]
    result = run_module(module, args(wanted))
    assert result['changed'] is False
    assert result['unchanged'] == 60
    assert len(rsps.calls) == 2
    assert [m['phone_number'] for m in result['mappings']] == sorted(wanted)


# -- idempotency ------------------------------------------------------------------------------------

def test_idempotent_rerun_sends_no_write(rsps):
    trunk_page(rsps, [api_mapping(C, '41503', 'pstn'), api_mapping(B, '41502', 'flow'), api_mapping(A, '41501', None)])
    result = run_module(module, args([A, {'phone_number': B, 'mode': 'flow'}, {'phone_number': C, 'mode': 'pstn'}], purge=True))
    assert result['changed'] is False
    assert counts(result) == dict(created=0, updated=0, deleted=0, unchanged=3)
    assert len(rsps.calls) == 1
    assert writes(rsps.calls) == []
    assert result['mappings'] == [norm(A, '41501'), norm(B, '41502', 'flow'), norm(C, '41503', 'pstn')]


def test_null_mode_equals_pstn_and_no_mode_leaves_mode_alone(rsps):
    trunk_page(rsps, [api_mapping(A, '41501', None), api_mapping(B, '41502', 'flow')])
    result = run_module(module, args([{'phone_number': A, 'mode': 'pstn'}, B]))
    assert result['changed'] is False
    assert result['unchanged'] == 2
    assert writes(rsps.calls) == []


def test_mode_change_puts_phone_number_and_mode(rsps):
    trunk_page(rsps, [api_mapping(A, '41501', None), api_mapping(B, '41502', 'flow')])
    put(rsps, A, '41501', 'flow')
    put(rsps, B, '41502', 'pstn')
    result = run_module(module, args([{'phone_number': A, 'mode': 'flow'}, {'phone_number': B, 'mode': 'pstn'}]))
    assert counts(result) == dict(created=0, updated=2, deleted=0, unchanged=0)
    assert [(c[0], c[1]) for c in conversation(rsps.calls)[1:]] == [
        ('PUT', '/trunks/%s/phone-numbers/41501' % TRUNK), ('PUT', '/trunks/%s/phone-numbers/41502' % TRUNK)]
    assert result['mappings'] == [norm(A, '41501', 'flow', updated=LATER), norm(B, '41502', 'pstn', updated=LATER)]


# -- purge -----------------------------------------------------------------------------------------

def test_purge_deletes_exactly_the_extras(rsps):
    trunk_page(rsps, [api_mapping(E, '41505'), api_mapping(D, '41504', 'flow'), api_mapping(B, '41502'), api_mapping(A, '41501')])
    delete(rsps, D, '41504', 'flow')
    delete(rsps, E, '41505')
    result = run_module(module, args([A, B], purge=True))
    assert result['changed'] is True
    assert counts(result) == dict(created=0, updated=0, deleted=2, unchanged=2)
    assert conversation(rsps.calls)[1:] == [
        ('DELETE', '/trunks/%s/phone-numbers?id=41504' % TRUNK, None),
        ('DELETE', '/trunks/%s/phone-numbers?id=41505' % TRUNK, None),
    ]
    assert [m['phone_number'] for m in result['mappings']] == [A, B]


def test_purge_with_empty_list_removes_everything(rsps):
    trunk_page(rsps, [api_mapping(A, '41501')])
    delete(rsps, A, '41501')
    result = run_module(module, args([], purge=True))
    assert counts(result) == dict(created=0, updated=0, deleted=1, unchanged=0)
    assert result['mappings'] == []


def test_empty_list_without_purge_is_a_no_op(rsps):
    trunk_page(rsps, [api_mapping(A, '41501')])
    result = run_module(module, args([]))
    assert result['changed'] is False
    assert result['mappings'] == [norm(A, '41501')]


def test_writes_go_creates_then_updates_then_deletes(rsps):
    trunk_page(rsps, [api_mapping(A, '41501'), api_mapping(E, '41505')])
    post(rsps, B, '41502')
    put(rsps, A, '41501', 'flow')
    delete(rsps, E, '41505')
    result = run_module(module, args([{'phone_number': A, 'mode': 'flow'}, B], purge=True))
    assert [c[0] for c in conversation(rsps.calls)] == ['GET', 'POST', 'PUT', 'DELETE']
    assert counts(result) == dict(created=1, updated=1, deleted=1, unchanged=0)


# -- check mode and diff ---------------------------------------------------------------------------

def test_check_mode_sends_no_write_and_predicts_exact_counts(rsps):
    trunk_page(rsps, [api_mapping(A, '41501'), api_mapping(B, '41502'), api_mapping(E, '41505')])
    result = run_module(module, args([A, {'phone_number': B, 'mode': 'flow'}, C, D], purge=True), check_mode=True)
    assert result['changed'] is True
    assert counts(result) == dict(created=2, updated=1, deleted=1, unchanged=1)
    assert len(rsps.calls) == 1
    assert result['mappings'] == [
        norm(A, '41501'), norm(B, '41502', 'flow'),
        norm(C, None, dates=False), norm(D, None, dates=False)]


def test_check_mode_idempotent_reports_no_change(rsps):
    trunk_page(rsps, [api_mapping(A, '41501')])
    result = run_module(module, args([A]), check_mode=True)
    assert result['changed'] is False
    assert counts(result) == dict(created=0, updated=0, deleted=0, unchanged=1)


def test_diff_is_sorted_by_phone_number_and_same_in_check_mode(rsps):
    trunk_page(rsps, [api_mapping(E, '41505', 'flow'), api_mapping(B, '41502')])
    trunk_page(rsps, [api_mapping(E, '41505', 'flow'), api_mapping(B, '41502')])
    post(rsps, C, '41503')
    post(rsps, A, '41501', mode='flow')
    delete(rsps, E, '41505', 'flow')
    wanted = [C, B, {'phone_number': A, 'mode': 'flow'}]
    predicted = run_module(module, args(wanted, purge=True), check_mode=True, diff=True)
    real = run_module(module, args(wanted, purge=True), diff=True)
    expected = {
        'before': {'trunk_sid': TRUNK, 'phone_numbers': {B: None, E: 'flow'}},
        'after': {'trunk_sid': TRUNK, 'phone_numbers': {A: 'flow', B: None, C: None}},
    }
    for result in (predicted, real):
        assert result['diff'] == expected
        assert list(result['diff']['before']['phone_numbers']) == [B, E]
        assert list(result['diff']['after']['phone_numbers']) == [A, B, C]
        assert counts(result) == dict(created=2, updated=0, deleted=1, unchanged=1)
    assert len(writes(rsps.calls)) == 3


def test_no_diff_key_without_diff_mode(rsps):
    trunk_page(rsps, [])
    result = run_module(module, args([]))
    assert 'diff' not in result


# -- validation ------------------------------------------------------------------------------------

def test_invalid_elements_are_reported_together_with_zero_requests(rsps):
    bad = [
        '+91 98765 43210',                              # 0: spaces
        A,                                              # 1: fine
        919876543210,                                   # 2: not a string
        {'phone_number': B, 'mode': 'PSTN'},            # 3: bad mode
        {'number': C},                                  # 4: unknown key
        {'mode': 'flow'},                               # 5: no phone_number
        ['+919000000009'],                              # 6: a list
        D,                                              # 7: fine ...
        {'phone_number': D, 'mode': 'flow'},            # 8: ... but D twice with different modes
        E, E,                                           # 9, 10: E twice
    ]
    result = run_module(module, args(bad))
    assert result.failed_exit
    assert len(rsps.calls) == 0
    msg = result['msg']
    assert msg.startswith('phone_numbers has 8 invalid elements (nothing was changed)')
    for index in (0, 2, 3, 4, 5, 6, 8, 10):
        assert 'phone_numbers[%d]' % index in msg
    assert "did you mean '+919876543210'" in msg
    assert "mode 'PSTN' is not valid" in msg
    assert 'unknown key(s) number' in msg
    assert 'phone_number is required' in msg
    assert 'phone_numbers[7], phone_numbers[8]: %s is listed with different modes (flow, unset)' % D in msg
    assert 'phone_numbers[9], phone_numbers[10]: %s is listed more than once' % E in msg
    assert "phone_numbers[1]" not in msg
    # Reported in index order
    assert msg.index('phone_numbers[0]') < msg.index('phone_numbers[2]') < msg.index('phone_numbers[10]')


@pytest.mark.parametrize('phone_numbers', [[A, A], [{'phone_number': A, 'mode': 'flow'}, {'phone_number': A, 'mode': 'pstn'}]])
def test_duplicates_fail_before_any_request(rsps, phone_numbers):
    result = run_module(module, args(phone_numbers))
    assert result.failed_exit
    assert 'phone_numbers[0], phone_numbers[1]' in result['msg']
    assert len(rsps.calls) == 0


def test_bad_trunk_sid_fails_before_any_request(rsps):
    result = run_module(module, dict(args([A]), trunk_sid='../x'))
    assert result.failed_exit
    assert 'trunk_sid' in result['msg']
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('answer,status', [(not_found(), 404), (forbidden(), 403)])
def test_unknown_trunk_fails_cleanly_after_one_read(rsps, answer, status):
    rsps.add(responses.GET, COLL, json=answer, status=status)
    result = run_module(module, args([A]))
    assert result.failed_exit
    assert result['msg'] == "trunk_sid %r: no such trunk in this account (or it is not visible to these credentials)" % TRUNK
    assert len(rsps.calls) == 1


# -- partial failures ------------------------------------------------------------------------------

def test_number_on_another_trunk_is_reported_and_the_rest_is_done(rsps):
    trunk_page(rsps, [api_mapping(E, '41505')])
    post(rsps, A, '41501')
    post(rsps, B, None, answer=duplicate('Unable to create DidTrunkMapping with TrunkSid %s' % TRUNK))
    lookup(rsps, B, trunk=OTHER, mapping_id='41000', mode='flow')
    post(rsps, C, '41503')
    delete(rsps, E, '41505')
    result = run_module(module, args([A, B, C], purge=True))
    assert result.failed_exit
    assert result['changed'] is True
    assert counts(result) == dict(created=2, updated=0, deleted=1, unchanged=0)
    assert result['done'] == [
        {'phone_number': A, 'action': 'create', 'mode': None},
        {'phone_number': C, 'action': 'create', 'mode': None},
        {'phone_number': E, 'action': 'delete', 'mode': None},
    ]
    assert len(result['not_done']) == 1
    failed = result['not_done'][0]
    assert failed['phone_number'] == B and failed['action'] == 'create'
    assert failed['other_mapping']['trunk_sid'] == OTHER and failed['other_mapping']['id'] == '41000'
    assert OTHER in result['msg'] and B in result['msg'] and '41000' in result['msg']
    assert result['msg'].startswith('3 of 4 changes to trunk %s were applied, 1 was not' % TRUNK)
    assert 'run the task again' in result['msg']
    assert [m['phone_number'] for m in result['mappings']] == [A, C]
    assert len(writes(rsps.calls)) == 4


def test_rejected_number_does_not_block_the_others(rsps):
    trunk_page(rsps, [])
    post(rsps, A, None, status=400, answer=error(400, 1002, 'Invalid parameter', 'Invalid PhoneNumber', method='POST'))
    post(rsps, B, '41502')
    result = run_module(module, args([A, B]))
    assert result.failed_exit
    assert counts(result)['created'] == 1
    assert result['not_done'][0]['phone_number'] == A
    assert result['not_done'][0]['error']['error_code'] == 1002
    assert 'Invalid PhoneNumber' in result['msg']


def test_fatal_error_stops_the_run_and_lists_what_was_not_attempted(rsps):
    trunk_page(rsps, [])
    post(rsps, A, '41501')
    post(rsps, B, None, status=401, answer=unauthorized(method='POST'))
    result = run_module(module, args([A, B, C, D]))
    assert result.failed_exit
    assert len(writes(rsps.calls)) == 2
    assert result['done'] == [{'phone_number': A, 'action': 'create', 'mode': None}]
    assert [(e['phone_number'], e['reason'].startswith('not attempted')) for e in result['not_done']] == [
        (B, False), (C, True), (D, True)]
    assert result['error']['kind'] == 'auth'
    assert result['created'] == 1
    assert '2 changes were not attempted' in result['msg']
    assert_calls_safe(rsps.calls, result)


def test_rerun_after_partial_failure_finishes_the_job(rsps):
    # Second run: A is already there, B is still missing.
    trunk_page(rsps, [api_mapping(A, '41501')])
    post(rsps, B, '41502')
    result = run_module(module, args([A, B]))
    assert not result.failed_exit
    assert counts(result) == dict(created=1, updated=0, deleted=0, unchanged=1)


# -- lost answers ----------------------------------------------------------------------------------

def test_lost_answer_on_post_is_reconciled_by_rereading_never_resent(rsps):
    trunk_page(rsps, [])
    PHONE_NUMBERS.lost(rsps, 'POST', exc=requests.exceptions.ConnectionError('Connection aborted.', 'RemoteDisconnected'))
    lookup(rsps, A, trunk=TRUNK, mapping_id='41501', mode=None)
    result = run_module(module, args([A]))
    assert not result.failed_exit
    assert result['created'] == 1
    assert len(writes(rsps.calls)) == 1
    assert result['mappings'] == [norm(A, '41501', dates=False)]
    assert any('re-reading' in w for w in warnings_of(result))


def test_lost_answer_on_delete_is_confirmed_by_rereading(rsps):
    trunk_page(rsps, [api_mapping(A, '41501'), api_mapping(B, '41502')])
    PHONE_NUMBERS.lost(rsps, 'DELETE', exc=requests.exceptions.ReadTimeout('read timed out'), query={'id': '41502'})
    lookup(rsps, B)
    trunk_page(rsps, [api_mapping(A, '41501')])
    result = run_module(module, args([A], purge=True))
    assert not result.failed_exit
    assert result['deleted'] == 1
    assert len(writes(rsps.calls)) == 1


def test_duplicate_because_mapped_here_meanwhile_counts_as_unchanged(rsps):
    trunk_page(rsps, [])
    post(rsps, A, None, answer=duplicate('Unable to create DidTrunkMapping with TrunkSid %s' % TRUNK))
    lookup(rsps, A, trunk=TRUNK, mapping_id='41501', mode=None)
    result = run_module(module, args([A]))
    assert not result.failed_exit
    assert counts(result) == dict(created=0, updated=0, deleted=0, unchanged=1)
    assert len(writes(rsps.calls)) == 1


def test_rate_limit_is_retried_with_retry_after(rsps, sleeps):
    trunk_page(rsps, [])
    rsps.add(responses.POST, COLL, status=429, headers={'Retry-After': '3'}, json=error(429, 429, 'Too Many Requests', 'Rate limit exceeded'))
    post(rsps, A, '41501')
    result = run_module(module, args([A]))
    assert not result.failed_exit
    assert result['created'] == 1
    assert sleeps == [3.0]
