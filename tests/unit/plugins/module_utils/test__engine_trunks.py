# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The trunk engine: trunks by name, defaults of a new trunk, NSO code updates, the domain that cannot change."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_trunks import TRUNK_FIELDS, TrunkAPI, TrunkWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, UPDATE
from ansible_collections.exotel.trunking.plugins.module_utils._engine_trunks import TrunkEngine, default_domain, same_domain
from ansible_collections.exotel.trunking.plugins.module_utils._errors import TaskFailure
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    DOMAIN,
    OTHER_TRUNK_SID,
    TRUNK_NAME,
    TRUNK_SID,
    TRUNKS,
    EngineContext,
    api_trunk,
    conversation,
    make_client,
    normalised,
    predicted,
)
from ansible_collections.exotel.trunking.tests.unit.utils import ACCOUNT_SID, duplicate

CREATE_BODY = {'trunk_name': TRUNK_NAME, 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN}
LIST0 = ('GET', TRUNKS.path() + '?offset=0&page_size=50', None)


def trunk(**kwargs):
    return normalised(api_trunk(**kwargs), TRUNK_FIELDS)


def engine(check_mode=False):
    return TrunkEngine(TrunkAPI(make_client()), EngineContext(check_mode=check_mode), ACCOUNT_SID)


def test_default_domain_and_same_domain():
    assert default_domain('ameyo5m') == 'ameyo5m.pstn.exotel.com'
    assert same_domain('A.pstn.Exotel.com', 'a.PSTN.exotel.COM') is True
    assert same_domain(None, '') is True
    assert same_domain('a.pstn.exotel.com', 'b.pstn.exotel.com') is False


def test_identity_view_and_messages():
    eng = engine()
    assert eng.key(trunk()) == TRUNK_NAME and eng.identity(trunk()) == TRUNK_SID
    assert eng.view(trunk()) == {'trunk_name': TRUNK_NAME, 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN}
    assert [eng.what(a, TRUNK_NAME) for a in (CREATE, UPDATE, DELETE)] == ['the trunk creation', 'the NSO code change', 'the trunk deletion']


def test_read_lists_every_trunk_whatever_the_parent(rsps):
    TRUNKS.listed(rsps, [api_trunk()])
    assert engine().read('ignored') == [trunk()]
    assert conversation(rsps.calls) == [LIST0]


def test_plan_create_predicts_the_defaults_of_a_new_trunk():
    changes, dummy = engine().plan(None, [], [TrunkWant(TRUNK_NAME, None, None)])
    assert [(c.action, c.key) for c in changes] == [(CREATE, TRUNK_NAME)]
    assert changes[0].after == predicted(TRUNK_FIELDS, trunk_name=TRUNK_NAME, nso_code='ANY-ANY', domain_name=DOMAIN)


def test_plan_update_nso_code_only():
    changes, unchanged = engine().plan(None, [trunk()], [TrunkWant(TRUNK_NAME, 'IN-IN', DOMAIN.upper())])
    assert [(c.action, c.body) for c in changes] == [(UPDATE, {'nso_code': 'IN-IN'})]
    assert changes[0].after == trunk(nso_code='IN-IN') and unchanged == []


@pytest.mark.parametrize('want', [TrunkWant(TRUNK_NAME, None, None), TrunkWant(TRUNK_NAME, 'ANY-ANY', DOMAIN)])
def test_plan_nothing_when_as_wanted(want):
    assert engine().plan(None, [trunk()], [want]) == ([], [trunk()])


def test_plan_a_different_domain_fails_before_any_write(rsps):
    with pytest.raises(TaskFailure) as info:
        engine().plan(None, [trunk()], [TrunkWant(TRUNK_NAME, None, 'x.pstn.exotel.com')])
    assert info.value.msg.startswith('trunk outbound_trunk exists with domain_name %s, not x.pstn.exotel.com; Exotel cannot change' % DOMAIN)
    assert info.value.result == {'trunk': trunk()}
    assert len(rsps.calls) == 0


def test_plan_purge_deletes_other_trunks_sorted_by_name():
    items = [trunk(name='zeta', sid='s3'), trunk(), trunk(name='alpha', sid='s2')]
    changes, dummy = engine().plan(None, items, [TrunkWant(TRUNK_NAME, None, None)], purge=True)
    assert [(c.action, c.key) for c in changes] == [(DELETE, 'alpha'), (DELETE, 'zeta')]


def test_check_mode_apply_sends_nothing(rsps):
    eng = engine(check_mode=True)
    changes, dummy = eng.plan(None, [trunk(name='old', sid=OTHER_TRUNK_SID)], [TrunkWant(TRUNK_NAME, None, None)], purge=True)
    outcomes = [eng.apply(c) for c in changes]
    assert [o.item['trunk_name'] for o in outcomes] == [TRUNK_NAME, 'old']
    assert all(o.changed for o in outcomes)
    assert len(rsps.calls) == 0


def test_create_posts_the_defaults_and_returns_exotels_trunk(rsps):
    TRUNKS.created(rsps, api_trunk(), body=CREATE_BODY)
    eng = engine()
    outcome = eng.apply(eng.plan(None, [], [TrunkWant(TRUNK_NAME, None, None)])[0][0])
    assert outcome.item == trunk() and outcome.changed
    assert conversation(rsps.calls) == [('POST', TRUNKS.path(), CREATE_BODY)]


def test_update_puts_the_nso_code_to_the_trunk(rsps):
    TRUNKS.updated(rsps, api_trunk(nso_code='IN-IN'), body={'nso_code': 'IN-IN'})
    eng = engine()
    outcome = eng.apply(eng.plan(None, [trunk()], [TrunkWant(TRUNK_NAME, 'IN-IN', None)])[0][0])
    assert outcome.item == trunk(nso_code='IN-IN') and outcome.before == trunk()


def test_delete_by_sid(rsps):
    TRUNKS.deleted(rsps, api_trunk())
    eng = engine()
    outcome = eng.apply(eng.plan_absent(None, [trunk()], TRUNK_NAME)[0])
    assert outcome.changed and outcome.item == trunk()
    assert conversation(rsps.calls) == [('DELETE', TRUNKS.path() + '?trunk_sid=' + TRUNK_SID, None)]


def test_lost_create_answer_is_found_by_name_and_not_resent(rsps):
    TRUNKS.lost(rsps, 'POST')
    TRUNKS.listed(rsps, [api_trunk()])
    eng = engine()
    outcome = eng.apply(eng.plan(None, [], [TrunkWant(TRUNK_NAME, None, None)])[0][0])
    assert outcome.item == trunk()
    assert [c[0] for c in conversation(rsps.calls)] == ['POST', 'GET']
    assert 'whether the trunk creation took effect' in eng.ctx.warnings[0]


def test_lost_create_answer_not_applied_is_resent_once(rsps):
    TRUNKS.lost(rsps, 'POST')
    TRUNKS.listed(rsps, [])
    TRUNKS.created(rsps, api_trunk(), body=CREATE_BODY)
    eng = engine()
    outcome = eng.apply(eng.plan(None, [], [TrunkWant(TRUNK_NAME, None, None)])[0][0])
    assert outcome.item == trunk()
    assert [c[0] for c in conversation(rsps.calls)] == ['POST', 'GET', 'POST']
    assert eng.ctx.clock.sleeps == [0.5]


def test_lost_delete_answer_confirmed_by_sid(rsps):
    TRUNKS.lost(rsps, 'DELETE')
    TRUNKS.listed(rsps, [api_trunk(name=TRUNK_NAME, sid=OTHER_TRUNK_SID)])  # same name, another trunk: ours is gone
    eng = engine()
    outcome = eng.apply(eng.plan_absent(None, [trunk()], TRUNK_NAME)[0])
    assert outcome.changed and outcome.item == trunk()
    assert len(rsps.calls) == 2


def test_duplicate_answer_adopts_the_trunk_made_meanwhile(rsps):
    TRUNKS.fails(rsps, 'POST', duplicate('Unable to create trunk with name outbound_trunk'))
    TRUNKS.listed(rsps, [api_trunk()])
    eng = engine()
    outcome = eng.apply(eng.plan(None, [], [TrunkWant(TRUNK_NAME, None, None)])[0][0])
    assert outcome.changed is False and outcome.item == trunk()
    assert 'reported the trunk outbound_trunk as a duplicate' in eng.ctx.warnings[0]
