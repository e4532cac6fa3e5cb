# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The credential engine: update_password, the password mark in diffs, and no password in any outcome."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_credentials import CredentialAPI, CredentialWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, UPDATE
from ansible_collections.exotel.trunking.plugins.module_utils._engine_credentials import PASSWORD_MARK, CredentialEngine, same_name
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelOutcomeUnknownError, TaskFailure
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    CREDENTIAL_FIELDS,
    CREDENTIALS,
    TRUNK_SID,
    EngineContext,
    api_credential,
    conversation,
    make_client,
    predicted,
)
from ansible_collections.exotel.trunking.tests.unit.utils import duplicate

PASSWORD = 'Zq7_unique_pw_9431'
USER = 'voice_ai_user'


def engine(update_password='always', check_mode=False, max_retries=2):
    return CredentialEngine(CredentialAPI(make_client()), EngineContext(check_mode=check_mode, max_retries=max_retries),
                            update_password=update_password)


def assert_no_password(outcome):
    """Neither the item, nor what it started from, nor any performed change's before/after holds the password."""
    shown = [outcome.item, outcome.before] + [(c.before, c.after) for c in outcome.performed]
    assert PASSWORD not in repr(shown)
    assert PASSWORD not in repr(outcome.performed)


@pytest.mark.parametrize('left, right, same', [(None, '', True), ('', None, True), ('a', 'a', True), ('a', None, False), ('a', 'b', False)])
def test_same_name_treats_null_and_empty_alike(left, right, same):
    assert same_name(left, right) is same


def test_identity_and_view():
    eng = engine()
    assert eng.key(api_credential()) == USER and eng.want_key(CredentialWant(USER, None, None)) == USER
    assert eng.view(api_credential()) == {'user_name': USER, 'friendly_name': 'voice_ai_platform'}


def test_a_create_needs_a_password():
    with pytest.raises(TaskFailure) as info:
        engine().plan(TRUNK_SID, [], [CredentialWant(USER, None, 'fn')])
    assert info.value.msg == "user_name 'voice_ai_user': no such credential on trunk %s, and password is required to create one" % TRUNK_SID


@pytest.mark.parametrize('update_password, wanted, body', [
    ('always', CredentialWant(USER, PASSWORD, None), {'password': PASSWORD}),
    ('on_create', CredentialWant(USER, PASSWORD, None), {}),
    ('always', CredentialWant(USER, None, None), {}),
    ('on_create', CredentialWant(USER, PASSWORD, 'new_name'), {'friendly_name': 'new_name'}),
    ('always', CredentialWant(USER, PASSWORD, 'new_name'), {'friendly_name': 'new_name', 'password': PASSWORD}),
    ('on_create', CredentialWant(USER, None, 'voice_ai_platform'), {}),
    ('on_create', CredentialWant(USER, None, ''), {'friendly_name': ''}),
])
def test_plan_update(update_password, wanted, body):
    assert engine(update_password).plan_update(api_credential(), wanted) == body


def test_plan_update_right_after_a_create_is_empty():
    assert engine().plan_update(api_credential(friendly_name=None), CredentialWant(USER, PASSWORD, 'x'), created=True) == {}


def test_predictions_never_hold_the_password():
    eng = engine()
    assert eng.predict_create(TRUNK_SID, CredentialWant(USER, PASSWORD, '')) == predicted(CREDENTIAL_FIELDS, user_name=USER, trunk_sid=TRUNK_SID)
    assert eng.predict_update(api_credential(), {'password': PASSWORD}) == api_credential()
    assert eng.predict_update(api_credential(), {'friendly_name': ''})['friendly_name'] is None


def test_update_done_never_trusts_a_re_read_for_a_password():
    eng = engine()
    assert eng.update_done(api_credential(), {'password': PASSWORD}) is False
    assert eng.update_done(None, {'friendly_name': 'x'}) is False
    assert eng.update_done(api_credential(friendly_name=None), {'friendly_name': ''}) is True
    assert eng.update_done(api_credential(), {'friendly_name': 'x'}) is False


def test_diff_view_marks_a_sent_password():
    eng = engine()
    assert eng.diff_view(api_credential(), frozenset(['password'])) == dict(api_credential(), password=PASSWORD_MARK)
    assert eng.diff_view(api_credential(), frozenset(['friendly_name'])) == api_credential()
    assert eng.diff_view(None, frozenset(['password'])) is None
    assert eng.create_sent(CredentialWant(USER, PASSWORD, None)) == frozenset(['user_name', 'password'])


def test_check_mode_create_predicts_and_marks_the_password(rsps):
    eng = engine(check_mode=True)
    outcome = eng.apply(eng.plan(TRUNK_SID, [], [CredentialWant(USER, PASSWORD, 'fn')])[0][0])
    assert outcome.item == predicted(CREDENTIAL_FIELDS, user_name=USER, friendly_name='fn', trunk_sid=TRUNK_SID)
    assert 'password' in outcome.sent and eng.diff_view(outcome.item, outcome.sent)['password'] == PASSWORD_MARK
    assert len(rsps.calls) == 0
    assert_no_password(outcome)


def test_create_sends_the_password_once_and_returns_exotels_item(rsps):
    CREDENTIALS.created(rsps, api_credential(), body={'user_name': USER, 'password': PASSWORD, 'friendly_name': 'voice_ai_platform'})
    eng = engine()
    outcome = eng.apply(eng.plan(TRUNK_SID, [], [CredentialWant(USER, PASSWORD, 'voice_ai_platform')])[0][0])
    assert outcome.item == api_credential() and [c.action for c in outcome.performed] == [CREATE]
    assert len(rsps.calls) == 1
    assert_no_password(outcome)


def test_always_puts_the_password(rsps):
    CREDENTIALS.updated(rsps, api_credential(), body={'password': PASSWORD})
    eng = engine()
    outcome = eng.apply(eng.plan(TRUNK_SID, [api_credential()], [CredentialWant(USER, PASSWORD, None)])[0][0])
    assert outcome.changed and outcome.sent == frozenset(['password'])
    assert_no_password(outcome)


def test_lost_put_with_a_password_is_resent_after_the_re_read(rsps):
    CREDENTIALS.lost(rsps, 'PUT', extra=('1234',))
    CREDENTIALS.listed(rsps, [api_credential()])
    CREDENTIALS.updated(rsps, api_credential(), body={'password': PASSWORD})
    eng = engine()
    outcome = eng.apply(eng.plan(TRUNK_SID, [api_credential()], [CredentialWant(USER, PASSWORD, None)])[0][0])
    assert outcome.changed and [c[0] for c in conversation(rsps.calls)] == ['PUT', 'GET', 'PUT']
    assert_no_password(outcome)


def test_lost_put_answers_stop_after_max_retries(rsps):
    for dummy in range(2):
        CREDENTIALS.lost(rsps, 'PUT', extra=('1234',))
        CREDENTIALS.listed(rsps, [api_credential()])
    eng = engine(max_retries=1)
    with pytest.raises(ExotelOutcomeUnknownError) as info:
        eng.apply(eng.plan(TRUNK_SID, [api_credential()], [CredentialWant(USER, PASSWORD, None)])[0][0])
    assert PASSWORD not in str(info.value) and PASSWORD not in repr(eng.ctx.warnings)
    assert len(rsps.calls) == 4


def test_duplicate_create_adopts_the_existing_credential(rsps):
    CREDENTIALS.fails(rsps, 'POST', duplicate('Unable to create Credential with user_name voice_ai_user'))
    CREDENTIALS.listed(rsps, [api_credential()])
    eng = engine('on_create')
    outcome = eng.apply(eng.plan(TRUNK_SID, [], [CredentialWant(USER, PASSWORD, None)])[0][0])
    assert outcome.changed is False and outcome.item == api_credential()
    assert_no_password(outcome)


def test_purge_and_delete(rsps):
    CREDENTIALS.deleted(rsps, api_credential(user_name='old', ident='1200'))
    eng = engine()
    changes, dummy = eng.plan(TRUNK_SID, [api_credential(), api_credential(user_name='old', ident='1200')],
                              [CredentialWant(USER, None, None)], purge=True)
    assert [(c.action, c.key) for c in changes] == [(DELETE, 'old')]
    assert eng.apply(changes[0]).item == api_credential(user_name='old', ident='1200')
    assert UPDATE not in [c.action for c in changes]
