# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The modules of the collection as :class:`ModuleSpec` objects: options, input checks, and the glue to the engines.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Each spec turns the module's options into value objects, reads through a per-kind
engine, plans, applies and shapes the result. The module file
(``plugins/modules/<name>.py``) and the action plugin of the same name
(``plugins/action/<name>.py``) both run the same spec, so there is one implementation
of each module whichever path runs it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api_credentials import CredentialAPI, CredentialWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_destination_uris import DestinationURIAPI, DestinationURIWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import PhoneNumberAPI, PhoneNumberWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_settings import SettingAPI, SettingWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_trunks import TrunkAPI, TrunkWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_whitelisted_ips import WhitelistedIPAPI, WhitelistedIPWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, apply_changes
from ansible_collections.exotel.trunking.plugins.module_utils._engine_credentials import CredentialEngine
from ansible_collections.exotel.trunking.plugins.module_utils._engine_destination_uris import DestinationURIEngine
from ansible_collections.exotel.trunking.plugins.module_utils._engine_phone_numbers import NumberHeldElsewhere, PhoneNumberEngine
from ansible_collections.exotel.trunking.plugins.module_utils._engine_settings import SettingEngine
from ansible_collections.exotel.trunking.plugins.module_utils._engine_trunks import TrunkEngine
from ansible_collections.exotel.trunking.plugins.module_utils._engine_whitelisted_ips import WhitelistedIPEngine
from ansible_collections.exotel.trunking.plugins.module_utils._estate import STATES, parse_config, run_estate
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAuthError,
    ExotelError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    ExotelRateLimitError,
    ExotelTransportError,
    TaskFailure,
    TrunkNotFound,
)
from ansible_collections.exotel.trunking.plugins.module_utils._runner import ModuleSpec, error_result
from ansible_collections.exotel.trunking.plugins.module_utils._validators import (
    check_domain_name,
    check_e164,
    check_friendly_name,
    check_ip,
    check_mask,
    check_non_negative,
    check_nso_code,
    check_password,
    check_setting_name,
    check_setting_value,
    check_sid,
    check_trunk_name,
    check_user_name,
    destination_text,
    parse_destination,
    parse_phone_numbers,
)

STATE = dict(type='str', default='present', choices=['present', 'absent'])
TRUNK_SID = dict(type='str', required=True)
MSG_LIST_MAX = 20  # bulk failures spelled out in ``msg``; all of them are in ``not_done``


# -- engines -----------------------------------------------------------------------------------------

def trunk_engine(ctx):
    return TrunkEngine(TrunkAPI(ctx.client), ctx, ctx.account_sid)


def phone_number_engine(ctx):
    return PhoneNumberEngine(PhoneNumberAPI(ctx.client), ctx)


def whitelisted_ip_engine(ctx):
    return WhitelistedIPEngine(WhitelistedIPAPI(ctx.client), ctx)


def destination_uri_engine(ctx):
    return DestinationURIEngine(DestinationURIAPI(ctx.client), ctx)


def credential_engine(ctx, update_password='always'):
    return CredentialEngine(CredentialAPI(ctx.client), ctx, update_password=update_password)


def setting_engine(ctx):
    return SettingEngine(SettingAPI(ctx.client), ctx)


# -- one item: present / absent ---------------------------------------------------------------------

def ensure_present(ctx, engine, parent, items, want, result_key):
    """Make ``want`` exist among ``items`` (read by the caller); the single-item modules' present."""
    found = engine.matches(items, engine.want_key(want))
    changes = engine.plan_present(parent, items, want)
    if not changes:
        current = found[0]
        return ctx.result({'changed': False, result_key: current}, current, current)
    outcome = engine.apply(changes[0])
    return ctx.result({'changed': outcome.changed, result_key: outcome.item}, outcome.before, engine.diff_view(outcome.item, outcome.sent))


def ensure_absent(ctx, engine, parent, items, key, result_key):
    """Remove every item with ``key``; the result shows the first one removed."""
    changes = engine.plan_absent(parent, items, key)
    removed = None
    for change in changes:
        outcome = engine.apply(change)
        if removed is None and outcome.changed:
            removed = outcome.item
    if removed is None:
        return ctx.result({'changed': False, result_key: None}, {}, {})
    return ctx.result({'changed': True, result_key: removed}, changes[0].before, {})


def read_or_nothing(engine, parent):
    """A trunk's items for ``state=absent``: a trunk that does not exist holds nothing."""
    try:
        return engine.read(parent)
    except TrunkNotFound:
        return []


def remove_credentials(ctx, trunk_sid):
    """Before a trunk goes: remove its SIP credentials (Exotel's guidance; its documents disagree on whether they go with it)."""
    engine = credential_engine(ctx)
    for change in engine.plan(trunk_sid, read_or_nothing(engine, trunk_sid), [], purge=True)[0]:
        engine.apply(change)


def stateful(action_present, action_absent):
    """``describe_failure`` for a module with ``state``: the message prefix for each state."""
    def describe(params):
        return (action_absent if params['state'] == 'absent' else action_present) % params
    return describe


# -- exotel_trunk -----------------------------------------------------------------------------------

def _validate_trunk(params):
    check_trunk_name(params['trunk_name'])
    check_nso_code(params['nso_code'])
    if params['domain_name'] is not None:
        check_domain_name(params['domain_name'])


def _run_trunk(ctx):
    params = ctx.params
    engine = trunk_engine(ctx)
    trunks = engine.read()
    if params['state'] == 'absent':
        for trunk in engine.matches(trunks, params['trunk_name']):
            remove_credentials(ctx, trunk['trunk_sid'])
        return ensure_absent(ctx, engine, None, trunks, params['trunk_name'], 'trunk')
    return ensure_present(ctx, engine, None, trunks, TrunkWant(params['trunk_name'], params['nso_code'], params['domain_name']), 'trunk')


EXOTEL_TRUNK = ModuleSpec(
    'exotel_trunk',
    dict(trunk_name=dict(type='str', required=True), nso_code=dict(type='str', default='ANY-ANY'), domain_name=dict(type='str'), state=STATE),
    _run_trunk, validate=_validate_trunk,
    describe_failure=stateful('Cannot create or update trunk %(trunk_name)s', 'Cannot delete trunk %(trunk_name)s'))


def _validate_trunk_info(params):
    if params['trunk_sid'] is not None:
        check_sid(params['trunk_sid'], 'trunk_sid')
    if params['trunk_name'] is not None:
        check_trunk_name(params['trunk_name'])


def _run_trunk_info(ctx):
    trunk_sid, name = ctx.params['trunk_sid'], ctx.params['trunk_name']
    trunks = TrunkAPI(ctx.client).list(trunk_sid)
    if name is not None:
        trunks = [t for t in trunks if t['trunk_name'] == name]
    return dict(changed=False, trunks=trunks)


EXOTEL_TRUNK_INFO = ModuleSpec(
    'exotel_trunk_info', dict(trunk_sid=dict(type='str'), trunk_name=dict(type='str')),
    _run_trunk_info, validate=_validate_trunk_info, describe_failure=lambda params: 'Cannot list the trunks')


# -- exotel_trunk_phone_number ------------------------------------------------------------------------

def _validate_phone_number(params):
    check_sid(params['trunk_sid'], 'trunk_sid')
    check_e164(params['phone_number'], 'phone_number')


def _run_phone_number(ctx):
    params = ctx.params
    engine = phone_number_engine(ctx)
    trunk_sid, number = params['trunk_sid'], params['phone_number']
    if params['state'] == 'absent':
        try:
            here = engine.locate(trunk_sid, number, confirm_absence=True)[0]
        except TrunkNotFound:
            here = None
        return ensure_absent(ctx, engine, trunk_sid, [here] if here else [], number, 'mapping')
    here, elsewhere = engine.locate(trunk_sid, number)
    if elsewhere:
        raise NumberHeldElsewhere(number, trunk_sid, elsewhere)
    if here is None and not TrunkAPI(ctx.client).exists(trunk_sid):
        raise TrunkNotFound(trunk_sid)
    return ensure_present(ctx, engine, trunk_sid, [here] if here else [], PhoneNumberWant(number, params['mode']), 'mapping')


EXOTEL_TRUNK_PHONE_NUMBER = ModuleSpec(
    'exotel_trunk_phone_number',
    dict(trunk_sid=TRUNK_SID, phone_number=dict(type='str', required=True), mode=dict(type='str', choices=['pstn', 'flow']), state=STATE),
    _run_phone_number, validate=_validate_phone_number,
    describe_failure=stateful('Cannot map %(phone_number)s to trunk %(trunk_sid)s', 'Cannot remove %(phone_number)s from trunk %(trunk_sid)s'))


# -- exotel_trunk_phone_numbers (bulk) --------------------------------------------------------------

def _validate_phone_numbers(params):
    check_sid(params['trunk_sid'], 'trunk_sid')
    parse_phone_numbers(params['phone_numbers'])


def _is_fatal(exc):
    """Errors after which every following write would fail too: stop instead of trying the rest."""
    if isinstance(exc, TrunkNotFound):
        return True
    if isinstance(exc, (ExotelAuthError, ExotelRateLimitError)):  # includes 403/1003, Exotel's answer for a foreign trunk
        return True
    return isinstance(exc, ExotelTransportError) and not isinstance(exc, ExotelOutcomeUnknownError)


def _bulk_reason(change, exc):
    if isinstance(exc, TrunkNotFound):
        return 'trunk %s no longer exists (or is not visible to these credentials)' % exc.trunk_sid
    if isinstance(exc, ExotelNotFoundError) and change.action != CREATE:
        return 'the mapping of %s (id %s) disappeared before its mode could be changed' % (change.key, change.before['id'])
    return exc.msg if isinstance(exc, TaskFailure) else str(exc)


def _bulk_entry(change, mode, **extra):
    entry = dict(phone_number=change.key, action=change.action, mode=mode)
    entry.update(extra)
    return entry


def _wanted_mode(change):
    return change.before['mode'] if change.action == DELETE else change.want.mode


def _bulk_failure_msg(trunk_sid, done, not_done, stopped):
    attempted = [e for e in not_done if not e['reason'].startswith('not attempted')]
    skipped = len(not_done) - len(attempted)
    listed = ['%s (%s): %s' % (e['phone_number'], e['action'], e['reason']) for e in attempted[:MSG_LIST_MAX]]
    more = len(attempted) - MSG_LIST_MAX
    text = ('%d of %d changes to trunk %s were applied, %d %s not (see done and not_done). Failed: %s%s'
            % (len(done), len(done) + len(not_done), trunk_sid, len(not_done), 'was' if len(not_done) == 1 else 'were',
               '; '.join(listed), ' ... and %d more' % more if more > 0 else ''))
    if stopped:
        text += '. The run stopped at that error; %d change%s not attempted' % (skipped, ' was' if skipped == 1 else 's were')
    return text + '. Fix the cause and run the task again: it applies only what is still missing'


def _diff_view(trunk_sid, mappings):
    """A compact, stable diff side: one ``number: mode`` entry per mapping, sorted by phone number."""
    return dict(trunk_sid=trunk_sid, phone_numbers=dict((m['phone_number'], m['mode']) for m in sorted(mappings, key=lambda m: m['phone_number'])))


def _run_phone_numbers(ctx):
    params = ctx.params
    trunk_sid = params['trunk_sid']
    engine = phone_number_engine(ctx)
    current = engine.read(trunk_sid)
    wants = [PhoneNumberWant(number, mode) for number, mode in parse_phone_numbers(params['phone_numbers'])]
    changes, unchanged = engine.plan(trunk_sid, current, wants, purge=params['purge'])
    applied, failures, skipped, fatal = apply_changes(changes, _is_fatal)

    after = dict((m['phone_number'], m) for m in current)
    counts = dict(created=0, updated=0, deleted=0, unchanged=len(unchanged))
    done = []
    for change, outcome in applied:
        if change.action == DELETE:
            after.pop(change.key, None)
        else:
            after[change.key] = outcome.item
        if not outcome.performed:
            if change.action != DELETE:  # someone else made it meanwhile, already as wanted
                counts['unchanged'] += 1
            continue
        action = outcome.performed[0].action
        counts[{'create': 'created', 'update': 'updated', 'delete': 'deleted'}[action]] += 1
        done.append(dict(phone_number=change.key, action=action, mode=change.before['mode'] if action == DELETE else outcome.item['mode']))

    mappings = sorted(after.values(), key=lambda m: m['phone_number'])
    result = ctx.result(dict(changed=bool(done), mappings=mappings, **counts), _diff_view(trunk_sid, current), _diff_view(trunk_sid, mappings))
    if not failures:
        return result
    not_done = []
    for change, exc in failures:
        extra = {}
        if isinstance(exc, NumberHeldElsewhere):
            extra['other_mapping'] = exc.other
        elif isinstance(exc, ExotelError):
            extra['error'] = exc.details()
        not_done.append(_bulk_entry(change, _wanted_mode(change), reason=_bulk_reason(change, exc), **extra))
    not_done.extend(_bulk_entry(change, _wanted_mode(change), reason='not attempted: the run stopped at an earlier error') for change in skipped)
    result.update(done=done, not_done=not_done)
    if isinstance(fatal, ExotelError):
        result['error'] = error_result(fatal)['error']
    raise TaskFailure(_bulk_failure_msg(trunk_sid, done, not_done, fatal is not None), **result)


EXOTEL_TRUNK_PHONE_NUMBERS = ModuleSpec(
    'exotel_trunk_phone_numbers',
    dict(trunk_sid=TRUNK_SID, phone_numbers=dict(type='list', elements='raw', required=True), purge=dict(type='bool', default=False)),
    _run_phone_numbers, validate=_validate_phone_numbers,
    describe_failure=lambda params: 'Cannot map numbers to trunk %s' % params['trunk_sid'])


# -- trunk items: whitelisted IPs, destination URIs, credentials, settings ----------------------------

def _run_item(ctx, engine, want, key, result_key):
    parent = ctx.params['trunk_sid']
    if ctx.params['state'] == 'absent':
        return ensure_absent(ctx, engine, parent, read_or_nothing(engine, parent), key, result_key)
    return ensure_present(ctx, engine, parent, engine.read(parent), want, result_key)


def _validate_whitelisted_ip(params):
    check_sid(params['trunk_sid'], 'trunk_sid')
    check_ip(params['ip'], 'ip')
    if params['state'] == 'present':
        check_mask(params['mask'], 'mask')


def _run_whitelisted_ip(ctx):
    want = WhitelistedIPWant(check_ip(ctx.params['ip']), ctx.params['mask'])
    engine = whitelisted_ip_engine(ctx)
    return _run_item(ctx, engine, want, engine.want_key(want), 'whitelisted_ip')


EXOTEL_TRUNK_WHITELISTED_IP = ModuleSpec(
    'exotel_trunk_whitelisted_ip',
    dict(trunk_sid=TRUNK_SID, ip=dict(type='str', required=True), mask=dict(type='int', default=32), state=STATE),
    _run_whitelisted_ip, validate=_validate_whitelisted_ip,
    describe_failure=stateful('Cannot whitelist %(ip)s/%(mask)s on trunk %(trunk_sid)s', 'Cannot remove %(ip)s from the whitelist of trunk %(trunk_sid)s'))


def _validate_destination_uri(params):
    check_sid(params['trunk_sid'], 'trunk_sid')
    parse_destination(params['destination'], 'destination')
    if params['state'] == 'present':
        check_non_negative(params['priority'], 'priority')
        check_non_negative(params['weight'], 'weight')


def _run_destination_uri(ctx):
    params = ctx.params
    want = DestinationURIWant(destination_text(params['destination']), params['priority'], params['weight'])
    engine = destination_uri_engine(ctx)
    return _run_item(ctx, engine, want, engine.want_key(want), 'destination_uri')


EXOTEL_TRUNK_DESTINATION_URI = ModuleSpec(
    'exotel_trunk_destination_uri',
    dict(trunk_sid=TRUNK_SID, destination=dict(type='str', required=True), priority=dict(type='int'), weight=dict(type='int'), state=STATE),
    _run_destination_uri, validate=_validate_destination_uri,
    describe_failure=stateful('Cannot set destination %(destination)s on trunk %(trunk_sid)s',
                              'Cannot remove destination %(destination)s from trunk %(trunk_sid)s'))


def _validate_credential(params):
    check_sid(params['trunk_sid'], 'trunk_sid')
    check_user_name(params['user_name'], 'user_name')
    if params['state'] == 'present':
        if params['password'] is not None:
            check_password(params['password'], 'password')
        if params['friendly_name'] is not None:
            check_friendly_name(params['friendly_name'], 'friendly_name')


def _run_credential(ctx):
    params = ctx.params
    want = CredentialWant(params['user_name'], params['password'], params['friendly_name'])
    return _run_item(ctx, credential_engine(ctx, params['update_password']), want, params['user_name'], 'credential')


EXOTEL_TRUNK_CREDENTIAL = ModuleSpec(
    'exotel_trunk_credential',
    dict(trunk_sid=TRUNK_SID, user_name=dict(type='str', required=True), password=dict(type='str', no_log=True),
         update_password=dict(type='str', default='always', choices=['always', 'on_create'], no_log=False),
         friendly_name=dict(type='str'), state=STATE),
    _run_credential, validate=_validate_credential,
    describe_failure=stateful('Cannot set credential %(user_name)s on trunk %(trunk_sid)s', 'Cannot delete credential %(user_name)s of trunk %(trunk_sid)s'))


def _validate_setting(params):
    check_sid(params['trunk_sid'], 'trunk_sid')
    check_setting_name(params['name'])
    if params['state'] == 'present':
        check_setting_value(params['name'], params['value'])


def _run_setting(ctx):
    params = ctx.params
    return _run_item(ctx, setting_engine(ctx), SettingWant(params['name'], params['value']), params['name'], 'setting')


EXOTEL_TRUNK_SETTING = ModuleSpec(
    'exotel_trunk_setting',
    dict(trunk_sid=TRUNK_SID, name=dict(type='str', required=True), value=dict(type='str'), state=STATE),
    _run_setting, validate=_validate_setting,
    describe_failure=stateful('Cannot set %(name)s on trunk %(trunk_sid)s', 'Cannot remove setting %(name)s from trunk %(trunk_sid)s'),
    required_if=[('state', 'present', ['value'])])


# -- the info modules of trunk items --------------------------------------------------------------------

def info_spec(name, make_engine, result_key, filter_option, check_filter, want_of, noun):
    """A ``*_info`` module listing one kind of a trunk's items, optionally narrowed to one key."""
    def validate(params):
        check_sid(params['trunk_sid'], 'trunk_sid')
        if params[filter_option] is not None:
            check_filter(params[filter_option], filter_option)

    def run(ctx):
        engine = make_engine(ctx)
        items = engine.read(ctx.params['trunk_sid'])
        value = ctx.params[filter_option]
        if value is not None:
            key = engine.want_key(want_of(value))
            items = [item for item in items if engine.key(item) == key]
        return {'changed': False, result_key: items}

    return ModuleSpec(name, dict(trunk_sid=TRUNK_SID, **{filter_option: dict(type='str')}), run, validate=validate,
                      describe_failure=lambda params: 'Cannot list the %s of trunk %s' % (noun, params['trunk_sid']))


EXOTEL_TRUNK_PHONE_NUMBER_INFO = info_spec(
    'exotel_trunk_phone_number_info', phone_number_engine, 'mappings', 'phone_number', check_e164,
    lambda value: PhoneNumberWant(value, None), 'numbers')
EXOTEL_TRUNK_WHITELISTED_IP_INFO = info_spec(
    'exotel_trunk_whitelisted_ip_info', whitelisted_ip_engine, 'whitelisted_ips', 'ip', check_ip,
    lambda value: WhitelistedIPWant(value, None), 'whitelisted IPs')
EXOTEL_TRUNK_DESTINATION_URI_INFO = info_spec(
    'exotel_trunk_destination_uri_info', destination_uri_engine, 'destination_uris', 'destination', parse_destination,
    lambda value: DestinationURIWant(destination_text(value), None, None), 'destination URIs')
EXOTEL_TRUNK_CREDENTIAL_INFO = info_spec(
    'exotel_trunk_credential_info', credential_engine, 'credentials', 'user_name', check_user_name,
    lambda value: CredentialWant(value, None, None), 'credentials')


# -- exotel_trunks (the resource module) ---------------------------------------------------------------

def _run_trunks(ctx):
    params = ctx.params
    engines = dict(trunk=trunk_engine(ctx), phone_numbers=phone_number_engine(ctx), whitelisted_ips=whitelisted_ip_engine(ctx),
                   destination_uris=destination_uri_engine(ctx), credentials=credential_engine(ctx, params['update_password']),
                   settings=setting_engine(ctx))
    return run_estate(ctx, engines, params['state'], params['config'])


def _validate_trunks(params):
    parse_config(params['config'], params['state'])


TRUNK_CONFIG_OPTIONS = dict(
    trunk_name=dict(type='str', required=True),
    nso_code=dict(type='str'),
    domain_name=dict(type='str'),
    phone_numbers=dict(type='list', elements='raw'),
    whitelisted_ips=dict(type='list', elements='raw'),
    destination_uris=dict(type='list', elements='raw'),
    credentials=dict(type='list', elements='dict', options=dict(
        user_name=dict(type='str', required=True),
        password=dict(type='str', no_log=True),
        friendly_name=dict(type='str'),
    )),
    settings=dict(type='dict'),
)

EXOTEL_TRUNKS = ModuleSpec(
    'exotel_trunks',
    dict(config=dict(type='list', elements='dict', options=TRUNK_CONFIG_OPTIONS),
         state=dict(type='str', default='merged', choices=list(STATES)),
         update_password=dict(type='str', default='on_create', choices=['always', 'on_create'], no_log=False)),
    _run_trunks, validate=_validate_trunks,
    describe_failure=lambda params: 'Cannot apply the trunks (state=%s)' % params['state'])
