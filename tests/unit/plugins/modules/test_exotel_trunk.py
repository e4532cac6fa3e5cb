# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk: each test replays the exact HTTP conversation (method, path, query, JSON body)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk
from ansible_collections.exotel.trunking.tests.unit.plugins import exotel_conversations as exo
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import CREDENTIALS, TRUNK_FIELDS as KEYS, TRUNKS, api_trunk
from ansible_collections.exotel.trunking.tests.unit.utils import (
    ACCOUNT_SID,
    CONN,
    assert_calls_safe,
    duplicate,
    error,
    run_module,
    unauthorized,
    writes,
)

SID = exo.TRUNK_SID
OTHER_SID = 'trmum15f77c83605998cdb9d1a1n'
NAME = exo.TRUNK_NAME
DOMAIN = '%s.pstn.exotel.com' % ACCOUNT_SID
TRUNKS_PATH = TRUNKS.path()


def norm(data):
    return exo.normalised(data, KEYS)


def add_list(rsps, items, offset=0, next_page=False):
    TRUNKS.listed(rsps, items, offset=offset, next_page=next_page)


def conversation(rsps):
    return exo.conversation(rsps.calls)


LIST0 = ('GET', TRUNKS_PATH + '?offset=0&page_size=50', None)
CREDS_PATH = CREDENTIALS.path(SID)
CREDS0 = ('GET', CREDS_PATH + '?offset=0&page_size=50', None)


def add_credentials(rsps, items):
    """The trunk's credentials, read before a deletion (they are removed before the trunk)."""
    CREDENTIALS.listed(rsps, items, trunk=SID)


CREATE_BODY = {'trunk_name': NAME, 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN}


def run(module_args, check_mode=False, diff=False):
    return run_module(exotel_trunk, module_args, check_mode=check_mode, diff=diff)


def args(**kwargs):
    return dict(dict(CONN, trunk_name=NAME), **kwargs)


# -- present ---------------------------------------------------------------------------------------

def test_create(rsps):
    add_list(rsps, [api_trunk(name='other', sid=OTHER_SID)])
    TRUNKS.created(rsps, api_trunk(), body=CREATE_BODY)
    result = run(args(), diff=True)
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert result['diff'] == {'before': {}, 'after': norm(api_trunk())}
    assert conversation(rsps) == [LIST0, ('POST', TRUNKS_PATH, CREATE_BODY)]
    assert rsps.calls[1].request.headers['Content-Type'] == 'application/json'
    assert_calls_safe(rsps.calls, result)


def test_create_with_explicit_domain(rsps):
    body = dict(CREATE_BODY, domain_name='ameyo5m.pstn.exotel.com')
    add_list(rsps, [])
    TRUNKS.created(rsps, api_trunk(domain='ameyo5m.pstn.exotel.com'), body=body)
    result = run(args(domain_name='ameyo5m.pstn.exotel.com'))
    assert result['changed'] is True
    assert result['trunk']['domain_name'] == 'ameyo5m.pstn.exotel.com'
    assert 'diff' not in result
    assert conversation(rsps) == [LIST0, ('POST', TRUNKS_PATH, body)]


def test_idempotent_rerun_makes_no_write(rsps):
    add_list(rsps, [api_trunk()])
    result = run(args(domain_name=DOMAIN), diff=True)
    assert result['changed'] is False
    assert result['trunk'] == norm(api_trunk())
    assert result['diff'] == {'before': norm(api_trunk()), 'after': norm(api_trunk())}
    assert conversation(rsps) == [LIST0]
    assert_calls_safe(rsps.calls, result)


def test_finds_trunk_on_a_later_page(rsps):
    add_list(rsps, [api_trunk(name='t%d' % i, sid='trmum1%018d1a1n' % i) for i in range(50)], next_page=True)
    add_list(rsps, [api_trunk()], offset=50)
    result = run(args())
    assert result['changed'] is False
    assert result['trunk']['trunk_sid'] == SID
    assert [c[1] for c in conversation(rsps)] == [TRUNKS_PATH + '?offset=0&page_size=50', TRUNKS_PATH + '?offset=50&page_size=50']


def test_domain_compared_case_insensitively(rsps):
    add_list(rsps, [api_trunk()])
    result = run(args(domain_name=DOMAIN.upper().replace('.PSTN.EXOTEL.COM', '.pstn.exotel.com')))
    assert result['changed'] is False
    assert writes(rsps.calls) == []


def test_update_nso_code(rsps):
    before = api_trunk(nso_code='JIO-ANY')
    after = api_trunk(updated='2026-01-24T10:00:00Z')
    add_list(rsps, [before])
    TRUNKS.updated(rsps, after, body={'nso_code': 'ANY-ANY'})
    result = run(args(), diff=True)
    assert result['changed'] is True
    assert result['trunk'] == norm(after)
    assert result['diff'] == {'before': norm(before), 'after': norm(after)}
    assert conversation(rsps) == [LIST0, ('PUT', TRUNKS_PATH + '/' + SID, {'nso_code': 'ANY-ANY'})]


def test_update_lost_answer_is_confirmed_by_reread(rsps):
    before = api_trunk(nso_code='JIO-ANY')
    add_list(rsps, [before])
    TRUNKS.lost(rsps, 'PUT', extra=(SID,), exc=requests.exceptions.ReadTimeout('read timed out'), sent={'nso_code': 'ANY-ANY'})
    add_list(rsps, [api_trunk()])
    result = run(args(), diff=True)
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert result['diff'] == {'before': norm(before), 'after': norm(api_trunk())}
    assert [c[0] for c in conversation(rsps)] == ['GET', 'PUT', 'GET']


def test_domain_differs_fails_without_write(rsps):
    add_list(rsps, [api_trunk()])
    result = run(args(domain_name='ameyo5m.pstn.exotel.com'))
    assert result['failed'] is True
    assert result['msg'] == ('trunk outbound_trunk exists with domain_name exotel_test.pstn.exotel.com, not ameyo5m.pstn.exotel.com; '
                             'Exotel cannot change the domain of an existing trunk, so delete the trunk (state=absent) and create it '
                             'again, or set domain_name to exotel_test.pstn.exotel.com')
    assert result['trunk'] == norm(api_trunk())
    assert conversation(rsps) == [LIST0]


def test_omitted_domain_is_not_enforced_on_existing_trunk(rsps):
    add_list(rsps, [api_trunk(domain='ameyo5m.pstn.exotel.com')])
    result = run(args())
    assert result['changed'] is False
    assert result['trunk']['domain_name'] == 'ameyo5m.pstn.exotel.com'
    assert writes(rsps.calls) == []


# -- check mode ------------------------------------------------------------------------------------

def test_check_mode_create_predicts_without_write(rsps):
    add_list(rsps, [])
    result = run(args(), check_mode=True, diff=True)
    predicted = dict((k, None) for k in KEYS)
    predicted.update(trunk_name=NAME, domain_name=DOMAIN, nso_code='ANY-ANY')
    assert result['changed'] is True
    assert result['trunk'] == predicted
    assert result['diff'] == {'before': {}, 'after': predicted}
    assert conversation(rsps) == [LIST0]


def test_check_mode_update_predicts_without_write(rsps):
    before = api_trunk(nso_code='JIO-ANY')
    add_list(rsps, [before])
    result = run(args(), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['trunk'] == dict(norm(before), nso_code='ANY-ANY')
    assert result['diff'] == {'before': norm(before), 'after': dict(norm(before), nso_code='ANY-ANY')}
    assert conversation(rsps) == [LIST0]


def test_check_mode_unchanged(rsps):
    add_list(rsps, [api_trunk()])
    result = run(args(), check_mode=True)
    assert result['changed'] is False
    assert result['trunk'] == norm(api_trunk())
    assert conversation(rsps) == [LIST0]


def test_check_mode_absent_predicts_without_write(rsps):
    add_list(rsps, [api_trunk()])
    add_credentials(rsps, [{'id': '1234', 'user_name': 'u1', 'friendly_name': None, 'trunk_sid': SID}])
    result = run(args(state='absent'), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert result['diff'] == {'before': norm(api_trunk()), 'after': {}}
    assert conversation(rsps) == [LIST0, CREDS0]


# -- absent ----------------------------------------------------------------------------------------

def test_absent_deletes(rsps):
    add_list(rsps, [api_trunk(name='other', sid=OTHER_SID), api_trunk()])
    add_credentials(rsps, [])
    TRUNKS.deleted(rsps, api_trunk())
    result = run(args(state='absent'), diff=True)
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert result['diff'] == {'before': norm(api_trunk()), 'after': {}}
    assert conversation(rsps) == [LIST0, CREDS0, ('DELETE', TRUNKS_PATH + '?trunk_sid=' + SID, None)]
    assert_calls_safe(rsps.calls, result)


def test_absent_removes_the_credentials_before_the_trunk(rsps):
    credential = {'id': '1234', 'user_name': 'u1', 'friendly_name': None, 'trunk_sid': SID,
                  'date_created': '2026-01-23T11:37:36Z', 'date_updated': '2026-01-23T11:37:36Z'}
    add_list(rsps, [api_trunk()])
    add_credentials(rsps, [credential])
    CREDENTIALS.deleted(rsps, credential, trunk=SID)
    TRUNKS.deleted(rsps, api_trunk())
    result = run(args(state='absent'))
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert conversation(rsps) == [LIST0, CREDS0, ('DELETE', CREDS_PATH + '?id=1234', None),
                                  ('DELETE', TRUNKS_PATH + '?trunk_sid=' + SID, None)]


def test_absent_twice_is_unchanged(rsps):
    add_list(rsps, [api_trunk(name='other', sid=OTHER_SID)])
    result = run(args(state='absent'), diff=True)
    assert result['changed'] is False
    assert result['trunk'] is None
    assert result['diff'] == {'before': {}, 'after': {}}
    assert conversation(rsps) == [LIST0]


def test_absent_gone_between_read_and_delete(rsps):
    add_list(rsps, [api_trunk()])
    add_credentials(rsps, [])
    TRUNKS.deleted(rsps, api_trunk(), gone=True)
    result = run(args(state='absent'))
    assert result['changed'] is False
    assert result['trunk'] is None


def test_absent_lost_answer_is_confirmed_by_reread(rsps):
    add_list(rsps, [api_trunk()])
    add_credentials(rsps, [])
    TRUNKS.lost(rsps, 'DELETE', exc=requests.exceptions.ConnectionError('Connection aborted.'), query={'trunk_sid': SID})
    add_list(rsps, [])
    result = run(args(state='absent'))
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert len(writes(rsps.calls)) == 1
    assert 're-reading to find out whether the trunk deletion took effect' in result.stdout


# -- duplicate quirk and lost answers ----------------------------------------------------------------

@pytest.mark.parametrize('http_code', [200, 409])
def test_duplicate_on_create_is_reconciled(rsps, http_code):
    add_list(rsps, [])
    TRUNKS.fails(rsps, 'POST', duplicate('Unable to create trunk with name %s' % NAME, http_code=http_code), sent=CREATE_BODY)
    add_list(rsps, [api_trunk()])
    result = run(args(), diff=True)
    assert result.get('failed') is not True
    assert result['changed'] is False
    assert result['trunk'] == norm(api_trunk())
    assert conversation(rsps) == [LIST0, ('POST', TRUNKS_PATH, CREATE_BODY), LIST0]


def test_duplicate_then_nso_code_differs_updates(rsps):
    raced = api_trunk(nso_code='JIO-ANY')
    add_list(rsps, [])
    TRUNKS.fails(rsps, 'POST', duplicate('Unable to create trunk with name %s' % NAME))
    add_list(rsps, [raced])
    TRUNKS.updated(rsps, api_trunk(), body={'nso_code': 'ANY-ANY'})
    result = run(args(), diff=True)
    assert result['changed'] is True
    assert result['diff'] == {'before': norm(raced), 'after': norm(api_trunk())}
    assert [c[0] for c in conversation(rsps)] == ['GET', 'POST', 'GET', 'PUT']


def test_duplicate_but_trunk_not_found_fails_cleanly(rsps):
    add_list(rsps, [])
    TRUNKS.fails(rsps, 'POST', duplicate('Unable to create trunk with name %s' % NAME))
    add_list(rsps, [])
    result = run(args())
    assert result['failed'] is True
    assert result['msg'].startswith('Cannot create or update trunk outbound_trunk: POST %s failed: HTTP 200, response.code 409, '
                                    'Exotel error 1008 (Duplicate resource): Unable to create trunk with name outbound_trunk' % TRUNKS_PATH)
    assert result['error']['kind'] == 'duplicate'
    assert 'Traceback' not in result.stdout


def test_lost_answer_on_create_rereads_by_name(rsps):
    add_list(rsps, [])
    TRUNKS.lost(rsps, 'POST', exc=requests.exceptions.ReadTimeout('read timed out'), sent=CREATE_BODY)
    add_list(rsps, [api_trunk()])
    result = run(args(), diff=True)
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert result['diff'] == {'before': {}, 'after': norm(api_trunk())}
    assert conversation(rsps) == [LIST0, ('POST', TRUNKS_PATH, CREATE_BODY), LIST0]


def test_lost_answer_on_create_not_applied_writes_again(rsps):
    add_list(rsps, [])
    TRUNKS.lost(rsps, 'POST', exc=requests.exceptions.ReadTimeout('read timed out'))
    add_list(rsps, [])
    TRUNKS.created(rsps, api_trunk())
    result = run(args())
    assert result['changed'] is True
    assert result['trunk'] == norm(api_trunk())
    assert [c[0] for c in conversation(rsps)] == ['GET', 'POST', 'GET', 'POST']


# -- errors ----------------------------------------------------------------------------------------

def test_api_validation_error_is_reported(rsps):
    add_list(rsps, [])
    TRUNKS.fails(rsps, 'POST', error(400, 1002, 'Invalid parameter', 'Nso code is invalid', method='POST'))
    result = run(args())
    assert result['failed'] is True
    assert 'Cannot create or update trunk outbound_trunk' in result['msg']
    assert 'Nso code is invalid' in result['msg']
    assert result['error']['error_code'] == 1002


def test_auth_error(rsps):
    TRUNKS.fails(rsps, 'GET', unauthorized())
    result = run(args())
    assert result['failed'] is True
    assert 'Check api_key and api_token' in result['msg']
    assert_calls_safe(rsps.calls, result)


@pytest.mark.parametrize('bad, fragment', [
    (dict(trunk_name='a' * 17), "trunk_name 'aaaaaaaaaaaaaaaaa' is not valid: use 1 to 16 characters"),
    (dict(trunk_name='my-trunk'), "trunk_name 'my-trunk' is not valid"),
    (dict(trunk_name=''), "trunk_name '' is not valid"),
    (dict(nso_code='any any'), "nso_code 'any any' is not valid: expected an upper-case code"),
    (dict(domain_name='example.com'), "domain_name 'example.com' is not valid: it must be a host name ending in .pstn.exotel.com"),
    (dict(domain_name='.pstn.exotel.com'), "domain_name '.pstn.exotel.com' is not valid"),
    (dict(domain_name='a/b.pstn.exotel.com'), "domain_name 'a/b.pstn.exotel.com' is not valid"),
])
def test_validation_errors_send_no_request(rsps, bad, fragment):
    result = run(dict(args(), **bad))
    assert result['failed'] is True
    assert fragment in result['msg']
    assert len(rsps.calls) == 0


def test_validation_applies_to_state_absent_too(rsps):
    result = run(args(trunk_name='bad name', state='absent'))
    assert result['failed'] is True
    assert len(rsps.calls) == 0
