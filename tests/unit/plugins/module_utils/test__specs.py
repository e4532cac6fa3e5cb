# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module specs: every module is a ModuleSpec, info_spec, stateful(), and the bulk module's failure pieces.

Most of the specs' behaviour is proven through the modules (tests/unit/plugins/modules); this file covers what
those tests reach only indirectly.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils import _specs
from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import PhoneNumberWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_whitelisted_ips import WhitelistedIPWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, UPDATE, Change
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelForbiddenError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    ExotelRateLimitError,
    ExotelTransportError,
    InputError,
    TaskFailure,
    TrunkNotFound,
)
from ansible_collections.exotel.trunking.plugins.module_utils._runner import CONNECTION_OPTIONS, ModuleSpec, RunContext, execute
from ansible_collections.exotel.trunking.plugins.module_utils._validators import check_ip
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    TRUNK_SID,
    WHITELISTED_IPS,
    EngineContext,
    api_mapping,
    api_whitelisted_ip,
)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN

MODULES_DIR = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'modules')
SPECS = dict((value.name, value) for value in vars(_specs).values() if isinstance(value, ModuleSpec))
PARAMS = dict(CONN, region='singapore', validate_certs=True, timeout=30.0, max_retries=5, requests_per_minute=0)


def test_every_module_has_exactly_one_spec_named_after_it():
    modules = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith('.py') and name != '__init__.py')
    assert sorted(SPECS) == modules


@pytest.mark.parametrize('name', sorted(SPECS))
def test_no_spec_redefines_a_connection_option(name):
    assert not set(SPECS[name].options) & set(CONNECTION_OPTIONS)
    assert callable(SPECS[name].run) and callable(SPECS[name].describe_failure)


def test_stateful_picks_the_prefix_for_the_state():
    describe = _specs.stateful('Cannot add %(ip)s', 'Cannot remove %(ip)s')
    assert describe({'state': 'present', 'ip': '1.2.3.4'}) == 'Cannot add 1.2.3.4'
    assert describe({'state': 'absent', 'ip': '1.2.3.4'}) == 'Cannot remove 1.2.3.4'


# -- info_spec ------------------------------------------------------------------------------------

def make_info_spec():
    return _specs.info_spec('exotel_things_info', _specs.whitelisted_ip_engine, 'things', 'ip', check_ip,
                            lambda value: WhitelistedIPWant(value, None), 'things')


def test_info_spec_options_and_failure_prefix():
    spec = make_info_spec()
    assert spec.name == 'exotel_things_info'
    assert spec.options == {'trunk_sid': {'type': 'str', 'required': True}, 'ip': {'type': 'str'}}
    assert spec.describe_failure({'trunk_sid': TRUNK_SID}) == 'Cannot list the things of trunk %s' % TRUNK_SID


@pytest.mark.parametrize('params, fragment', [
    (dict(trunk_sid='a/b', ip=None), "trunk_sid 'a/b' is not a valid Exotel identifier"),
    (dict(trunk_sid=TRUNK_SID, ip='1.2.3.0/24'), "ip '1.2.3.0/24' is a network, not an address"),
])
def test_info_spec_validates_before_any_request(rsps, params, fragment):
    result = execute(make_info_spec(), dict(PARAMS, **params))
    assert result['failed'] is True and fragment in result['msg']
    assert len(rsps.calls) == 0


def test_info_spec_lists_and_filters_by_the_kinds_key(rsps):
    WHITELISTED_IPS.listed(rsps, [api_whitelisted_ip(ip='10.0.0.1', ident='1'), api_whitelisted_ip()])
    WHITELISTED_IPS.listed(rsps, [api_whitelisted_ip(ip='10.0.0.1', ident='1'), api_whitelisted_ip()])
    spec = make_info_spec()
    assert [i['id'] for i in execute(spec, dict(PARAMS, trunk_sid=TRUNK_SID, ip=None))['things']] == ['1', '1153']
    assert execute(spec, dict(PARAMS, trunk_sid=TRUNK_SID, ip='44.248.146.11')) == {'changed': False, 'things': [api_whitelisted_ip()]}


# -- ensure_present / ensure_absent ------------------------------------------------------------------

class Ctx(EngineContext):
    def __init__(self, check_mode=False, diff_mode=True):
        super(Ctx, self).__init__(check_mode=check_mode)
        self.diff_mode = diff_mode

    result = RunContext.result


def test_ensure_present_unchanged_shows_the_item_on_both_sides():
    ctx = Ctx()
    engine = _specs.whitelisted_ip_engine(type('C', (), {'client': None})())
    engine.ctx = ctx
    item = api_whitelisted_ip()
    result = _specs.ensure_present(ctx, engine, TRUNK_SID, [item], WhitelistedIPWant('44.248.146.11', 32), 'whitelisted_ip')
    assert result == {'changed': False, 'whitelisted_ip': item, 'diff': {'before': item, 'after': item}}


def test_ensure_absent_in_check_mode_reports_the_first_removed():
    ctx = Ctx(check_mode=True)
    engine = _specs.whitelisted_ip_engine(type('C', (), {'client': None})())
    engine.ctx = ctx
    items = [api_whitelisted_ip(ident='9'), api_whitelisted_ip(ident='3')]
    result = _specs.ensure_absent(ctx, engine, TRUNK_SID, items, '44.248.146.11', 'whitelisted_ip')
    assert result == {'changed': True, 'whitelisted_ip': items[1], 'diff': {'before': items[1], 'after': {}}}


def test_read_or_nothing_treats_a_missing_trunk_as_empty():
    class Engine:
        def read(self, parent):
            raise TrunkNotFound(parent)
    assert _specs.read_or_nothing(Engine(), TRUNK_SID) == []


# -- the bulk module's failure pieces ------------------------------------------------------------------

@pytest.mark.parametrize('exc, fatal', [
    (TrunkNotFound(TRUNK_SID), True),
    (ExotelAuthError('401'), True),
    (ExotelForbiddenError('403'), True),
    (ExotelRateLimitError('429'), True),
    (ExotelTransportError('refused'), True),
    (ExotelOutcomeUnknownError('lost'), False),
    (ExotelAPIError('400'), False),
    (ExotelNotFoundError('404'), False),
    (TaskFailure('held elsewhere'), False),
])
def test_is_fatal(exc, fatal):
    assert _specs._is_fatal(exc) is fatal


def change(action, number='+919000000001'):
    engine = _specs.phone_number_engine(type('C', (), {'client': None})())
    before = None if action == CREATE else api_mapping(number, '41501', 'flow')
    return Change(engine, action, TRUNK_SID, number, before=before, want=PhoneNumberWant(number, 'pstn'))


def test_bulk_reason():
    assert _specs._bulk_reason(change(CREATE), TrunkNotFound(TRUNK_SID)) == (
        'trunk %s no longer exists (or is not visible to these credentials)' % TRUNK_SID)
    assert _specs._bulk_reason(change(UPDATE), ExotelNotFoundError('404')) == (
        'the mapping of +919000000001 (id 41501) disappeared before its mode could be changed')
    assert _specs._bulk_reason(change(CREATE), ExotelNotFoundError('POST failed: HTTP 404')) == 'POST failed: HTTP 404'
    assert _specs._bulk_reason(change(CREATE), TaskFailure('held elsewhere', other_mapping={})) == 'held elsewhere'


def test_wanted_mode_of_a_delete_is_the_mode_it_had():
    assert _specs._wanted_mode(change(DELETE)) == 'flow'
    assert _specs._wanted_mode(change(CREATE)) == 'pstn'


def test_diff_view_is_sorted_by_number():
    mappings = [api_mapping('+919000000002', '2', 'flow'), api_mapping('+919000000001', '1')]
    assert _specs._diff_view(TRUNK_SID, mappings) == {'trunk_sid': TRUNK_SID,
                                                      'phone_numbers': {'+919000000001': None, '+919000000002': 'flow'}}
    assert list(_specs._diff_view(TRUNK_SID, mappings)['phone_numbers']) == ['+919000000001', '+919000000002']


def entry(number, action='create', reason='POST failed'):
    return dict(phone_number=number, action=action, mode=None, reason=reason)


def test_bulk_failure_message_counts_and_lists_the_failures():
    done = [entry('+919000000001')]
    not_done = [entry('+919000000002', reason='HTTP 400'), entry('+919000000003', 'delete', 'not attempted: the run stopped')]
    msg = _specs._bulk_failure_msg(TRUNK_SID, done, not_done, stopped=True)
    assert msg == ('1 of 3 changes to trunk %s were applied, 2 were not (see done and not_done). Failed: +919000000002 (create): HTTP 400. '
                   'The run stopped at that error; 1 change was not attempted. Fix the cause and run the task again: it applies only '
                   'what is still missing' % TRUNK_SID)


def test_bulk_failure_message_singular_and_not_stopped():
    msg = _specs._bulk_failure_msg(TRUNK_SID, [], [entry('+919000000002', reason='HTTP 400')], stopped=False)
    assert msg.startswith('0 of 1 changes to trunk %s were applied, 1 was not (see done and not_done). Failed: +919000000002 (create): HTTP 400.'
                          % TRUNK_SID)
    assert 'stopped' not in msg


def test_bulk_failure_message_spells_out_at_most_twenty():
    not_done = [entry('+9190000000%02d' % i, reason='r%d' % i) for i in range(25)]
    msg = _specs._bulk_failure_msg(TRUNK_SID, [], not_done, stopped=False)
    assert msg.count(' (create): ') == _specs.MSG_LIST_MAX == 20
    assert '+919000000019 (create): r19 ... and 5 more' in msg and '+919000000020' not in msg


def test_bulk_failure_message_several_skipped():
    not_done = [entry('+919000000001', reason='HTTP 401')] + [entry('+91900000001%d' % i, reason='not attempted: x') for i in range(3)]
    assert '3 changes were not attempted' in _specs._bulk_failure_msg(TRUNK_SID, [], not_done, stopped=True)


# -- exotel_trunks glue ---------------------------------------------------------------------------------

def test_trunks_spec_validates_its_config_before_any_request(rsps):
    result = execute(_specs.EXOTEL_TRUNKS, dict(PARAMS, config=[{'trunk_name': 'bad name'}], state='merged', update_password='on_create'))
    assert result['failed'] is True and 'bad name' in result['msg']
    assert len(rsps.calls) == 0


def test_trunks_spec_builds_one_engine_per_kind(monkeypatch):
    seen = {}

    def fake_run_estate(ctx, engines, state, config):
        seen.update(engines=engines, state=state, config=config)
        return {'changed': False}

    monkeypatch.setattr(_specs, 'run_estate', fake_run_estate)
    params = dict(PARAMS, config=[], state='gathered', update_password='always')
    assert execute(_specs.EXOTEL_TRUNKS, params) == {'changed': False}
    assert sorted(seen['engines']) == ['credentials', 'destination_uris', 'phone_numbers', 'settings', 'trunk', 'whitelisted_ips']
    assert seen['engines']['credentials'].update_password == 'always'
    assert (seen['state'], seen['config']) == ('gathered', [])


def test_input_error_class_is_what_validation_raises():
    with pytest.raises(InputError):
        _specs._validate_phone_numbers({'trunk_sid': TRUNK_SID, 'phone_numbers': ['123']})
