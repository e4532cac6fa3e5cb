# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The destination-URI engine: parsed identity, duplicates, routing set after a create, Exotel's refusals explained."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_destination_uris import DestinationURIAPI, DestinationURIWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, UPDATE
from ansible_collections.exotel.trunking.plugins.module_utils._engine_destination_uris import DestinationURIEngine
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    DESTINATION_URI_FIELDS,
    DESTINATION_URIS,
    TRUNK_SID,
    EngineContext,
    api_destination_uri,
    conversation,
    make_client,
    predicted,
)
from ansible_collections.exotel.trunking.tests.unit.utils import batch, item_error

TLS = '44.248.146.11:5061;transport=tls'
POST_BODY = {'destinations': [{'destination': TLS}]}


def want(destination=TLS, priority=None, weight=None):
    return DestinationURIWant(destination, priority, weight)


def engine(check_mode=False):
    return DestinationURIEngine(DestinationURIAPI(make_client()), EngineContext(check_mode=check_mode))


def test_identity_is_the_parsed_destination():
    eng = engine()
    assert eng.key(api_destination_uri()) == ('44.248.146.11', 5061, 'tls')
    assert eng.key({'destination': 'sip:Odd Thing'}) == 'odd thing'
    assert eng.want_key(want('SIP:44.248.146.11:5061;TRANSPORT=TLS')) == eng.key(api_destination_uri())
    assert eng.describe_want(want()) == TLS
    assert eng.view(api_destination_uri()) == {'destination': 'sip:' + TLS, 'priority': 0, 'weight': 1}


def test_sort_order_of_mixed_keys_never_compares_none_with_text():
    # Parsed keys are (host, port, transport-or-None); unparsed ones are text, sorted as a host of their own.
    eng = engine()
    keys = [('b.example.com', 5060, None), 'zzz', ('a.example.com', 5061, 'tls'), ('a.example.com', 5061, None), 'aaa']
    assert sorted(keys, key=eng.sort_key) == [('a.example.com', 5061, None), ('a.example.com', 5061, 'tls'), 'aaa',
                                              ('b.example.com', 5060, None), 'zzz']


@pytest.mark.parametrize('item, wanted, body', [
    (api_destination_uri(), want(), {}),
    (api_destination_uri(priority=3, weight=7), want(), {}),
    (api_destination_uri(), want(weight=5), {'priority': 0, 'weight': 5}),
    (api_destination_uri(priority=2), want(priority=1), {'priority': 1, 'weight': 1}),
    (api_destination_uri(), want(priority=0, weight=1), {}),
])
def test_plan_update_sends_both_fields_when_either_differs(item, wanted, body):
    assert engine().plan_update(item, wanted) == body


def test_plan_create_predicts_exotels_defaults_and_prefix():
    changes, dummy = engine().plan(TRUNK_SID, [], [want(weight=3)])
    assert changes[0].action == CREATE
    assert changes[0].after == predicted(DESTINATION_URI_FIELDS, destination='sip:' + TLS, type='public', priority=0, weight=3,
                                         trunk_sid=TRUNK_SID)


def test_plan_duplicates_warn_and_purge_removes_every_other(rsps):
    eng = engine()
    items = [api_destination_uri(ident='2600'), api_destination_uri(), api_destination_uri(destination='sip:b.example.com:5060', ident='9')]
    changes, unchanged = eng.plan(TRUNK_SID, items, [want()], purge=True)
    assert unchanged == [api_destination_uri()]
    assert [(c.action, c.before['id']) for c in changes] == [(DELETE, '9')]
    assert eng.ctx.warnings == ['2 destination URIs on trunk %s match %s (ids 2543, 2600); managing the oldest, id 2543' % (TRUNK_SID, TLS)]
    assert len(rsps.calls) == 0


def test_check_mode_sends_nothing(rsps):
    eng = engine(check_mode=True)
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [], want(priority=1))[0])
    assert outcome.item['priority'] == 1 and [c.action for c in outcome.performed] == [CREATE]
    assert len(rsps.calls) == 0


def test_create_with_defaults_is_one_post(rsps):
    DESTINATION_URIS.created(rsps, api_destination_uri(), body=POST_BODY)
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [], want())[0])
    assert outcome.item == api_destination_uri() and len(rsps.calls) == 1


def test_create_with_routing_posts_then_puts(rsps):
    DESTINATION_URIS.created(rsps, api_destination_uri(), body=POST_BODY)
    DESTINATION_URIS.updated(rsps, api_destination_uri(priority=1, weight=5), body={'priority': 1, 'weight': 5})
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [], want(priority=1, weight=5))[0])
    assert outcome.item == api_destination_uri(priority=1, weight=5) and outcome.before is None
    assert [c.action for c in outcome.performed] == [CREATE, UPDATE]
    assert [c[0] for c in conversation(rsps.calls)] == ['POST', 'PUT']


def test_create_refused_not_whitelisted_says_what_to_do(rsps):
    DESTINATION_URIS.fails(rsps, 'POST', batch([item_error(description='Destination not whitelisted')]))
    eng = engine()
    with pytest.raises(ExotelAPIError) as info:
        eng.apply(eng.plan_present(TRUNK_SID, [], want())[0])
    assert str(info.value).endswith('. Exotel accepts an IP destination only after that IP is whitelisted on the same trunk: add it first '
                                    'with exotel.trunking.exotel_trunk_whitelisted_ip (trunk_sid=%s, ip=44.248.146.11), or use an FQDN '
                                    'destination' % TRUNK_SID)


def test_create_refused_invalid_host_explains(rsps):
    DESTINATION_URIS.fails(rsps, 'POST', batch([item_error(description=' Destination is not a valid Ip or Fqdn ')]))
    eng = engine()
    with pytest.raises(ExotelAPIError) as info:
        eng.apply(eng.plan_present(TRUNK_SID, [], want())[0])
    assert 'documentation (RFC 5737), private and loopback addresses may be refused' in str(info.value)


def test_create_other_refusal_is_left_as_is(rsps):
    DESTINATION_URIS.fails(rsps, 'POST', batch([item_error(description='Something else')]))
    eng = engine()
    with pytest.raises(ExotelAPIError) as info:
        eng.apply(eng.plan_present(TRUNK_SID, [], want())[0])
    assert str(info.value).endswith('[request_id 0123456789abcdef0123456789abcdef]')


def test_lost_create_answer_is_found_and_never_posted_twice(rsps):
    DESTINATION_URIS.lost(rsps, 'POST', status=504)
    DESTINATION_URIS.listed(rsps, [api_destination_uri()])
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [], want())[0])
    assert outcome.item == api_destination_uri()
    assert [c[0] for c in conversation(rsps.calls)] == ['POST', 'GET']


def test_update_and_delete(rsps):
    DESTINATION_URIS.updated(rsps, api_destination_uri(weight=5), body={'priority': 0, 'weight': 5})
    DESTINATION_URIS.deleted(rsps, api_destination_uri(weight=5))
    eng = engine()
    updated = eng.apply(eng.plan_present(TRUNK_SID, [api_destination_uri()], want(weight=5))[0])
    removed = eng.apply(eng.plan_absent(TRUNK_SID, [updated.item], ('44.248.146.11', 5061, 'tls'))[0])
    assert updated.item['weight'] == 5 and removed.changed and removed.item == api_destination_uri(weight=5)
