# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The whitelisted-IP engine: entries by address, the mask updated in place, numeric address order."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_whitelisted_ips import WhitelistedIPAPI, WhitelistedIPWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, UPDATE
from ansible_collections.exotel.trunking.plugins.module_utils._engine_whitelisted_ips import WhitelistedIPEngine
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    TRUNK_SID,
    WHITELISTED_IP_FIELDS,
    WHITELISTED_IPS,
    EngineContext,
    api_whitelisted_ip,
    conversation,
    make_client,
    predicted,
)
from ansible_collections.exotel.trunking.tests.unit.utils import duplicate, not_found

IP = '44.248.146.11'


def engine(check_mode=False):
    return WhitelistedIPEngine(WhitelistedIPAPI(make_client()), EngineContext(check_mode=check_mode))


def test_key_compares_addresses_and_keeps_what_does_not_parse():
    eng = engine()
    assert eng.key({'ip': ' 44.248.146.11 '}) == IP
    assert eng.key({'ip': 'not-an-ip'}) == 'not-an-ip'
    assert eng.want_key(WhitelistedIPWant(IP, 32)) == IP
    assert eng.view(api_whitelisted_ip()) == {'ip': IP, 'mask': 32}


def test_sort_order_is_numeric_with_unparsable_keys_last():
    eng = engine()
    keys = ['10.0.0.10', 'zz', '9.0.0.1', '10.0.0.9', 'aa']
    assert sorted(keys, key=eng.sort_key) == ['9.0.0.1', '10.0.0.9', '10.0.0.10', 'aa', 'zz']


def test_plan_create_update_nothing_and_purge_in_address_order():
    items = [api_whitelisted_ip(ip='10.0.0.10', ident='3'), api_whitelisted_ip(ip='9.9.9.9', ident='2'),
             api_whitelisted_ip(ip=IP, mask=24, ident='1'), api_whitelisted_ip(ip='bogus', ident='4')]
    wants = [WhitelistedIPWant('50.0.0.1', 32), WhitelistedIPWant(IP, 32), WhitelistedIPWant('9.9.9.9', 32), WhitelistedIPWant('8.8.8.8', 16)]
    changes, unchanged = engine().plan(TRUNK_SID, items, wants, purge=True)
    assert [(c.action, c.key) for c in changes] == [(CREATE, '8.8.8.8'), (CREATE, '50.0.0.1'), (UPDATE, IP), (DELETE, '10.0.0.10'), (DELETE, 'bogus')]
    assert changes[0].after == predicted(WHITELISTED_IP_FIELDS, ip='8.8.8.8', mask=16, trunk_sid=TRUNK_SID)
    assert changes[2].body == {'ip': IP, 'mask': 32} and changes[2].after == api_whitelisted_ip(mask=32, ident='1')
    assert unchanged == [items[1]]


def test_check_mode_apply_sends_nothing(rsps):
    eng = engine(check_mode=True)
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [api_whitelisted_ip()], WhitelistedIPWant(IP, 24))[0])
    assert outcome.item == api_whitelisted_ip(mask=24) and outcome.changed
    assert len(rsps.calls) == 0


def test_create_posts_and_returns_exotels_entry(rsps):
    WHITELISTED_IPS.created(rsps, api_whitelisted_ip(), body={'ip': IP, 'mask': 32})
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [], WhitelistedIPWant(IP, 32))[0])
    assert outcome.item == api_whitelisted_ip()
    assert len(rsps.calls) == 1


def test_update_puts_ip_and_mask(rsps):
    WHITELISTED_IPS.updated(rsps, api_whitelisted_ip(mask=24), body={'ip': IP, 'mask': 24})
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [api_whitelisted_ip()], WhitelistedIPWant(IP, 24))[0])
    assert outcome.item['mask'] == 24 and outcome.before == api_whitelisted_ip()


def test_lost_update_answer_is_resent_only_when_the_mask_is_not_in_place(rsps):
    WHITELISTED_IPS.lost(rsps, 'PUT', extra=('1153',))
    WHITELISTED_IPS.listed(rsps, [api_whitelisted_ip()])
    WHITELISTED_IPS.updated(rsps, api_whitelisted_ip(mask=24), body={'ip': IP, 'mask': 24})
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [api_whitelisted_ip()], WhitelistedIPWant(IP, 24))[0])
    assert outcome.item['mask'] == 24
    assert [c[0] for c in conversation(rsps.calls)] == ['PUT', 'GET', 'PUT']


def test_duplicate_answer_adopts_and_sets_the_mask(rsps):
    WHITELISTED_IPS.fails(rsps, 'POST', duplicate('Unable to Whitelist-ip with ip 44.248.146.11'))
    WHITELISTED_IPS.listed(rsps, [api_whitelisted_ip(mask=24)])
    WHITELISTED_IPS.updated(rsps, api_whitelisted_ip(), body={'ip': IP, 'mask': 32})
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [], WhitelistedIPWant(IP, 32))[0])
    assert outcome.changed and outcome.item == api_whitelisted_ip() and outcome.before == api_whitelisted_ip(mask=24)


def test_delete_that_vanished_meanwhile(rsps):
    WHITELISTED_IPS.deleted(rsps, api_whitelisted_ip(), gone=True)
    eng = engine()
    outcome = eng.apply(eng.plan_absent(TRUNK_SID, [api_whitelisted_ip()], IP)[0])
    assert outcome.changed is False and outcome.item is None


@pytest.mark.parametrize('check_mode', [False, True])
def test_delete(rsps, check_mode):
    if not check_mode:
        WHITELISTED_IPS.deleted(rsps, api_whitelisted_ip())
    eng = engine(check_mode=check_mode)
    outcome = eng.apply(eng.plan_absent(TRUNK_SID, [api_whitelisted_ip()], IP)[0])
    assert outcome.changed and outcome.item == api_whitelisted_ip()
    assert len(rsps.calls) == (0 if check_mode else 1)


def test_read_of_unknown_trunk_is_not_found_on_reconcile(rsps):
    WHITELISTED_IPS.lost(rsps, 'DELETE')
    WHITELISTED_IPS.fails(rsps, 'GET', not_found(), status=404)
    eng = engine()
    outcome = eng.apply(eng.plan_absent(TRUNK_SID, [api_whitelisted_ip()], IP)[0])
    assert outcome.changed and outcome.item == api_whitelisted_ip()
