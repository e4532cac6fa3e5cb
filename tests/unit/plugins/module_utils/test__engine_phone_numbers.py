# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The phone-number engine: locating one number account-wide (trunk-maps) and its fallback to listing the trunk."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import responses

from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import PhoneNumberAPI, PhoneNumberWant, normalise
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, UPDATE
from ansible_collections.exotel.trunking.plugins.module_utils._engine_phone_numbers import NumberHeldElsewhere, PhoneNumberEngine
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelDuplicateError,
    ExotelRateLimitError,
    TrunkNotFound,
)
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    MAPPING_FIELDS,
    OTHER_TRUNK_SID,
    PHONE_NUMBERS,
    EngineContext,
    api_mapping,
    conversation,
    make_client,
    predicted,
    trunk_map,
)
from ansible_collections.exotel.trunking.tests.unit.utils import (
    BASE,
    duplicate,
    error,
    forbidden,
    listing,
    not_found,
    single,
    unauthorized,
)

TRUNK = 'trmum1f708622631150902801a1n'
NUM = '+919876543210'
COLL = BASE + '/trunks/' + TRUNK + '/phone-numbers'


def engine(client, check_mode=False):
    return PhoneNumberEngine(PhoneNumberAPI(client), EngineContext(check_mode=check_mode))


@pytest.fixture
def client():
    return make_client(max_retries=2)


@pytest.fixture
def mock(rsps):
    """The strict replay of conftest (every registration used, nothing else sent)."""
    return rsps


# -- trunk-maps look-up and its fallback ------------------------------------------------------------------------

def lookup_answer(mock, **kwargs):
    trunk_map(mock, NUM, **kwargs)


def list_answer(mock, items):
    PHONE_NUMBERS.listed(mock, items)


MAPPED = {'id': '41512', 'phone_number': NUM, 'trunk_sid': TRUNK, 'date_created': 'c', 'date_updated': 'u', 'mode': None}


@pytest.mark.parametrize('answer', [
    dict(json=single({'unexpected': True})),
    dict(json=single({'exophone': '+910000000000', 'trunk_sid': TRUNK, 'phone_number_id': '1', 'mode': None})),
    dict(json=single({'exophone': NUM, 'trunk_sid': '', 'phone_number_id': '1', 'mode': None})),
    dict(json=listing([])),
    dict(status=400, json=error(400, 1001, 'Mandatory Parameter missing', 'Exophone is mandatory')),
    dict(status=405, json=error(405, 405, 'Method Not Allowed')),
    dict(body='not json'),
], ids=['unknown-shape', 'other-number', 'no-trunk', 'list-shape', 'http-400', 'http-405', 'not-json'])
def test_find_falls_back_to_listing_when_trunk_maps_is_unusable(client, mock, answer):
    lookup_answer(mock, **answer)
    list_answer(mock, [MAPPED])
    mine, other = engine(client).locate(TRUNK, NUM)
    assert mine == normalise(MAPPED) and other is None
    assert len(mock.calls) == 2


def test_find_does_not_fall_back_when_trunk_maps_answers_5xx(client, mock):
    # Design decision (PhoneNumberAPI.lookup): a 5xx after every retry means the API is down, so no listing.
    mock.add(responses.GET, BASE + '/trunk-maps', status=500, json=error(500, 500, 'Internal Server Error'))
    with pytest.raises(ExotelAPIError) as info:
        engine(client).locate(TRUNK, NUM)
    assert info.value.http_status == 500
    assert len(mock.calls) == 1


def test_find_trusts_trunk_maps_not_found_without_confirm(client, mock):
    lookup_answer(mock, status=404, json=not_found())
    assert engine(client).locate(TRUNK, NUM) == (None, None)
    assert len(mock.calls) == 1


def test_find_with_confirm_absence_lists_the_trunk(client, mock):
    lookup_answer(mock, status=404, json=not_found())
    list_answer(mock, [dict(MAPPED, phone_number='+918040264208')])
    assert engine(client).locate(TRUNK, NUM, confirm_absence=True) == (None, None)
    assert len(mock.calls) == 2


def test_find_reports_mapping_on_another_trunk(client, mock):
    lookup_answer(mock, json=single({'exophone': NUM, 'trunk_sid': 'other', 'phone_number_id': 7, 'mode': 'flow'}))
    mine, other = engine(client).locate(TRUNK, NUM)
    assert mine is None
    assert other == {'id': '7', 'phone_number': NUM, 'trunk_sid': 'other', 'mode': 'flow', 'date_created': None, 'date_updated': None}


@pytest.mark.parametrize('status,body,cls', [(401, unauthorized(), ExotelAuthError), (429, error(429, 429, 'Too Many Requests'), ExotelRateLimitError)])
def test_find_does_not_hide_auth_or_rate_limit_errors(mock, status, body, cls):
    client = make_client(max_retries=0)
    lookup_answer(mock, status=status, json=body)
    with pytest.raises(cls):
        engine(client).locate(TRUNK, NUM)
    assert len(mock.calls) == 1


@pytest.mark.parametrize('status,body', [(404, not_found()), (403, forbidden())])
def test_list_of_unknown_trunk_raises_trunk_not_found(client, mock, status, body):
    mock.add(responses.GET, COLL, status=status, json=body)
    with pytest.raises(TrunkNotFound):
        PhoneNumberAPI(client).list(TRUNK)


def test_normalise_keeps_fixed_keys_stringifies_id_and_keeps_a_null_mode():
    assert normalise({'id': 41512, 'phone_number': NUM, 'trunk_sid': TRUNK, 'mode': None, 'extra': 1}) == {
        'id': '41512', 'phone_number': NUM, 'trunk_sid': TRUNK, 'mode': None, 'date_created': None, 'date_updated': None}


# -- identity, plan and predictions -------------------------------------------------------------------------------

def test_identity_view_and_messages(client):
    eng = engine(client)
    assert eng.key(api_mapping()) == NUM and eng.want_key(PhoneNumberWant(NUM, None)) == NUM
    assert eng.view(api_mapping(mode='flow')) == {'phone_number': NUM, 'mode': 'flow'}
    assert [eng.what(a, NUM) for a in (CREATE, UPDATE, DELETE)] == [
        'the mapping of %s' % NUM, 'the mode change of %s' % NUM, 'the removal of %s' % NUM]


@pytest.mark.parametrize('stored, wanted, body', [
    (None, None, {}), (None, 'pstn', {}), ('pstn', None, {}), (None, 'flow', {'mode': 'flow'}), ('flow', 'pstn', {'mode': 'pstn'}),
])
def test_plan_update_compares_a_null_mode_as_pstn(client, stored, wanted, body):
    assert engine(client).plan_update(api_mapping(mode=stored), PhoneNumberWant(NUM, wanted)) == body


def test_update_done_compares_a_null_mode_as_pstn(client):
    eng = engine(client)
    assert eng.update_done(api_mapping(mode=None), {'mode': 'pstn'}) is True
    assert eng.update_done(api_mapping(mode='pstn'), {'mode': 'flow'}) is False
    assert eng.update_done(None, {'mode': 'flow'}) is False


def test_plan_predicts_a_create_without_mode_as_null_and_sorts_by_number(client):
    changes, unchanged = engine(client).plan(TRUNK, [api_mapping('+919000000009', '9')], [
        PhoneNumberWant('+919000000005', None), PhoneNumberWant('+919000000001', 'flow'), PhoneNumberWant('+919000000009', None)])
    assert [(c.action, c.key) for c in changes] == [(CREATE, '+919000000001'), (CREATE, '+919000000005')]
    assert changes[1].after == predicted(MAPPING_FIELDS, phone_number='+919000000005', trunk_sid=TRUNK)
    assert changes[0].after['mode'] == 'flow'
    assert unchanged == [api_mapping('+919000000009', '9')]


def test_check_mode_apply_sends_nothing(client, mock):
    eng = engine(client, check_mode=True)
    outcomes = [eng.apply(c) for c in eng.plan(TRUNK, [api_mapping(mode='pstn'), api_mapping('+919000000001', '2')],
                                               [PhoneNumberWant(NUM, 'flow')], purge=True)[0]]
    assert [(o.performed[0].action, o.item['mode']) for o in outcomes] == [(UPDATE, 'flow'), (DELETE, None)]
    assert len(mock.calls) == 0


# -- apply: writes and reconcile ----------------------------------------------------------------------------------

def test_create_result_is_exotels_answer(client, mock):
    PHONE_NUMBERS.created(mock, api_mapping(), body={'phone_number': NUM})
    eng = engine(client)
    outcome = eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, None))[0])
    assert outcome.item == api_mapping() and outcome.changed


def test_set_mode_result_is_exotels_answer(client, mock):
    PHONE_NUMBERS.updated(mock, api_mapping(mode='flow', updated='later'), body={'phone_number': NUM, 'mode': 'flow'})
    eng = engine(client)
    outcome = eng.apply(eng.plan_present(TRUNK, [api_mapping()], PhoneNumberWant(NUM, 'flow'))[0])
    assert outcome.item == api_mapping(mode='flow', updated='later') and outcome.before == api_mapping()


def test_lost_create_answer_found_on_this_trunk_is_not_resent(client, mock):
    PHONE_NUMBERS.lost(mock, 'POST')
    trunk_map(mock, NUM, trunk=TRUNK)
    eng = engine(client)
    outcome = eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, None))[0])
    assert outcome.item['trunk_sid'] == TRUNK and outcome.changed
    assert [c[0] for c in conversation(mock.calls)] == ['POST', 'GET']


def test_lost_create_answer_found_on_another_trunk_fails_naming_it(client, mock):
    PHONE_NUMBERS.lost(mock, 'POST')
    trunk_map(mock, NUM, trunk=OTHER_TRUNK_SID, ident='77')
    eng = engine(client)
    with pytest.raises(NumberHeldElsewhere) as info:
        eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, None))[0])
    assert info.value.other['trunk_sid'] == OTHER_TRUNK_SID and info.value.number == NUM
    assert info.value.result == {'mapping': None, 'other_mapping': info.value.other}
    assert 'already mapped to another trunk, %s (mapping id 77)' % OTHER_TRUNK_SID in info.value.msg


def test_lost_create_answer_missing_everywhere_is_resent(client, mock):
    PHONE_NUMBERS.lost(mock, 'POST')
    trunk_map(mock, NUM)
    PHONE_NUMBERS.listed(mock, [])
    PHONE_NUMBERS.created(mock, api_mapping(), body={'phone_number': NUM})
    eng = engine(client)
    outcome = eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, None))[0])
    assert outcome.item == api_mapping()
    assert [c[0] for c in conversation(mock.calls)] == ['POST', 'GET', 'GET', 'POST']


def test_duplicate_answer_mapped_elsewhere_fails(client, mock):
    PHONE_NUMBERS.fails(mock, 'POST', duplicate('Unable to map phone number'))
    trunk_map(mock, NUM, trunk=OTHER_TRUNK_SID)
    eng = engine(client)
    with pytest.raises(NumberHeldElsewhere):
        eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, None))[0])


def test_duplicate_answer_mapped_here_meanwhile_is_managed(client, mock):
    PHONE_NUMBERS.fails(mock, 'POST', duplicate('Unable to map phone number'))
    trunk_map(mock, NUM, trunk=TRUNK, mode=None)
    PHONE_NUMBERS.updated(mock, api_mapping(mode='flow'), body={'phone_number': NUM, 'mode': 'flow'})
    eng = engine(client)
    outcome = eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, 'flow'))[0])
    assert outcome.changed and outcome.item == api_mapping(mode='flow')


def test_duplicate_answer_already_as_wanted_is_no_change(client, mock):
    PHONE_NUMBERS.fails(mock, 'POST', duplicate('Unable to map phone number'))
    trunk_map(mock, NUM, trunk=TRUNK, mode='flow')
    eng = engine(client)
    outcome = eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, 'flow'))[0])
    assert outcome.changed is False and outcome.item['mode'] == 'flow'


def test_duplicate_answer_but_mapped_nowhere_fails_with_the_duplicate(client, mock):
    PHONE_NUMBERS.fails(mock, 'POST', duplicate('Unable to map phone number'))
    trunk_map(mock, NUM)
    PHONE_NUMBERS.listed(mock, [])
    eng = engine(client)
    with pytest.raises(ExotelDuplicateError):
        eng.apply(eng.plan_present(TRUNK, [], PhoneNumberWant(NUM, None))[0])


def test_lost_delete_answer_confirmed_by_the_look_up(client, mock):
    PHONE_NUMBERS.lost(mock, 'DELETE')
    trunk_map(mock, NUM)
    PHONE_NUMBERS.listed(mock, [])
    eng = engine(client)
    outcome = eng.apply(eng.plan_absent(TRUNK, [api_mapping()], NUM)[0])
    assert outcome.changed and outcome.item == api_mapping()


def test_delete_that_vanished_meanwhile(client, mock):
    PHONE_NUMBERS.deleted(mock, api_mapping(), gone=True)
    eng = engine(client)
    outcome = eng.apply(eng.plan_absent(TRUNK, [api_mapping()], NUM)[0])
    assert (outcome.changed, outcome.item) == (False, None)


def test_find_on_a_vanished_trunk_is_none(client, mock):
    trunk_map(mock, NUM)
    PHONE_NUMBERS.fails(mock, 'GET', not_found(), status=404)
    assert engine(client).find(TRUNK, NUM) is None
