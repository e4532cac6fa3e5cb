# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""An account's trunks as data: the planner behind the ``exotel_trunks`` resource module.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

The work happens in four steps, each a function of this file:

1. :func:`parse_config` checks every entry of ``config`` before any request and turns
   it into value objects (:class:`TrunkConfig`); every problem is reported at once,
   each naming the trunk, the kind, the index and the rule.
2. :meth:`Estate.read` reads everything in scope: the account's trunks, then each
   trunk's items of every kind (one list request per 50 items).
3. :meth:`Estate.plan` compares, through the per-kind engines, and orders the
   changes: trunks that go are removed first (their credentials before them), then
   numbers are unmapped, then each trunk in name order is created or updated before its
   items; so a number can move between two listed trunks in one run, or from a trunk
   that ``overridden`` deletes. A number held by a trunk that keeps it (in scope, or
   found account-wide with one ``trunk-maps`` look-up) is not planned but reported as
   not done, naming the holder; a credential that would need a password, or a domain
   that cannot change, fails the whole plan before any write.
4. :meth:`Estate.apply` performs the list (in check mode: predicts it) through the same
   engines, reconciling lost answers, and reports what was done and what was not.

Shapes (``config``, ``gathered``, ``before``, ``after``): a trunk is ``{trunk_name,
nso_code, domain_name, phone_numbers, whitelisted_ips, destination_uris, credentials,
settings}`` with every key present; items are dicts sorted by their key, except that a
number stored without a mode is a bare string; settings are a ``{name: value}`` dict.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api_credentials import CredentialWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_destination_uris import DestinationURIWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import PhoneNumberWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_settings import SettingWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_trunks import TrunkWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_whitelisted_ips import WhitelistedIPWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE
from ansible_collections.exotel.trunking.plugins.module_utils._engine_credentials import PASSWORD_MARK
from ansible_collections.exotel.trunking.plugins.module_utils._engine_phone_numbers import NumberHeldElsewhere
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelError, InputError, TaskFailure, TrunkNotFound
from ansible_collections.exotel.trunking.plugins.module_utils._validators import (
    check_domain_name,
    check_friendly_name,
    check_ip,
    check_mask,
    check_non_negative,
    check_nso_code,
    check_password,
    check_setting_name,
    check_setting_value,
    check_trunk_name,
    check_user_name,
    destination_key,
    destination_text,
    ip_key,
    parse_destination,
    parse_phone_number_element,
)

# The item kinds of a trunk: the config key, and the order in which a trunk's items are read and shown.
PHONE_NUMBERS = 'phone_numbers'
WHITELISTED_IPS = 'whitelisted_ips'
DESTINATION_URIS = 'destination_uris'
CREDENTIALS = 'credentials'
SETTINGS = 'settings'
ITEM_KINDS = (PHONE_NUMBERS, WHITELISTED_IPS, DESTINATION_URIS, CREDENTIALS, SETTINGS)
STATES = ('merged', 'replaced', 'overridden', 'deleted', 'gathered')
PURGING_STATES = ('replaced', 'overridden')


class TrunkConfig:
    """One entry of ``config``: the trunk as wanted. ``items[kind]`` is a list of value objects, or None when omitted."""

    def __init__(self, index, name, nso_code=None, domain_name=None, items=None):
        self.index = index
        self.name = name
        self.nso_code = nso_code
        self.domain_name = domain_name
        self.items = items or {}

    @property
    def where(self):
        return 'config[%d] (trunk %s)' % (self.index, self.name)


# -- 1. parsing ------------------------------------------------------------------------------------

def _parse_phone_number(element, where):
    return PhoneNumberWant(*parse_phone_number_element(element, where))


def _parse_whitelisted_ip(element, where):
    """``"a.b.c.d"`` (mask 32), ``"a.b.c.d/nn"`` or ``{ip, mask}``."""
    if isinstance(element, str):
        address, slash, prefix = element.strip().partition('/')
        if slash and not prefix.isdigit():
            raise InputError('%s %r is not valid: expected a.b.c.d or a.b.c.d/nn with nn from 16 to 32' % (where, element))
        return WhitelistedIPWant(check_ip(address, where), check_mask(int(prefix), '%s mask' % where) if slash else 32)
    if not isinstance(element, dict):
        raise InputError('%s: %r is neither an IPv4 address string ("a.b.c.d" or "a.b.c.d/nn") nor a dict with ip and mask'
                         % (where, element))
    _check_keys(element, ('ip', 'mask'), 'ip', where)
    mask = element.get('mask')
    return WhitelistedIPWant(check_ip(element['ip'], '%s ip' % where), check_mask(32 if mask is None else mask, '%s mask' % where))


def _parse_destination_uri(element, where):
    """``"host:port[;transport=...]"`` or ``{destination, priority, weight}``."""
    if isinstance(element, str):
        parse_destination(element, where)
        return DestinationURIWant(destination_text(element), None, None)
    if not isinstance(element, dict):
        raise InputError('%s: %r is neither a destination string (host:port[;transport=tls]) nor a dict with destination, '
                         'priority and weight' % (where, element))
    _check_keys(element, ('destination', 'priority', 'weight'), 'destination', where)
    parse_destination(element['destination'], '%s destination' % where)
    return DestinationURIWant(destination_text(element['destination']),
                              check_non_negative(element.get('priority'), '%s priority' % where),
                              check_non_negative(element.get('weight'), '%s weight' % where))


def _parse_credential(element, where):
    """``{user_name, password, friendly_name}`` (Ansible's option checks have already run on it)."""
    if not isinstance(element, dict):
        raise InputError('%s: %r is not a dict with user_name, password and friendly_name' % (where, element))
    check_user_name(element.get('user_name'), '%s user_name' % where)
    if element.get('password') is not None:
        check_password(element['password'], '%s password' % where)
    if element.get('friendly_name') is not None:
        check_friendly_name(element['friendly_name'], '%s friendly_name' % where)
    return CredentialWant(element['user_name'], element.get('password'), element.get('friendly_name'))


def _check_keys(element, allowed, required, where):
    unknown = sorted(str(k) for k in element if k not in allowed)
    if unknown:
        raise InputError('%s: unknown key(s) %s; allowed keys are %s' % (where, ', '.join(unknown), ', '.join(allowed)))
    if element.get(required) is None:
        raise InputError('%s: %s is required in a dict element' % (where, required))


# For each list kind: the element parser and the key that must be unique within a trunk.
_LIST_KINDS = (
    (PHONE_NUMBERS, _parse_phone_number, lambda want: want.phone_number),
    (WHITELISTED_IPS, _parse_whitelisted_ip, lambda want: ip_key(want.ip)),
    (DESTINATION_URIS, _parse_destination_uri, lambda want: destination_key(want.destination)),
    (CREDENTIALS, _parse_credential, lambda want: want.user_name),
)


def _parse_list(entry, kind, parse, key_of, where, problems):
    values = entry.get(kind)
    if values is None:
        return None
    if not isinstance(values, list):
        problems.append('%s %s must be a list, got %r' % (where, kind, values))
        return None
    wants, seen = [], {}
    for index, element in enumerate(values):
        element_where = '%s %s[%d]' % (where, kind, index)
        try:
            want = parse(element, element_where)
        except InputError as exc:
            problems.append(str(exc))
            continue
        key = key_of(want)
        if key in seen:
            problems.append('%s: listed again (first at %s[%d]); list each item once' % (element_where, kind, seen[key]))
            continue
        seen[key] = index
        wants.append((index, want))
    return wants


def _parse_settings(entry, where, problems):
    values = entry.get(SETTINGS)
    if values is None:
        return None
    if not isinstance(values, dict):
        problems.append('%s settings must be a dict of setting name to value, got %r' % (where, values))
        return None
    wants = []
    for index, name in enumerate(sorted(values, key=str)):
        element_where = '%s settings.%s' % (where, name)
        try:
            check_setting_name(name, '%s name' % element_where)
            wants.append((index, SettingWant(name, check_setting_value(name, values[name], element_where))))
        except InputError as exc:
            problems.append(str(exc))
    return wants


def _parse_entry(index, entry, problems):
    name = entry.get('trunk_name')
    where = 'config[%d] (trunk %s)' % (index, name)
    before = len(problems)
    for check, option in ((check_trunk_name, 'trunk_name'), (check_nso_code, 'nso_code'), (check_domain_name, 'domain_name')):
        if option == 'trunk_name' or entry.get(option) is not None:
            try:
                check(entry.get(option), '%s %s' % (where, option))
            except InputError as exc:
                problems.append(str(exc))
    items = dict((kind, _parse_list(entry, kind, parse, key_of, where, problems)) for kind, parse, key_of in _LIST_KINDS)
    items[SETTINGS] = _parse_settings(entry, where, problems)
    if len(problems) > before:
        return None
    return TrunkConfig(index, name, entry.get('nso_code'), entry.get('domain_name'), items)


def parse_config(config, state):
    """Check every entry of ``config``; returns ``[TrunkConfig]`` in input order or raises one InputError listing every problem."""
    if config is None:
        if state in ('merged', 'replaced', 'overridden', 'deleted'):
            raise InputError('config is required with state=%s (a list of trunks; with state=overridden, [] means "no trunks")' % state)
        return []
    problems, trunks, names, numbers = [], [], {}, {}
    for index, entry in enumerate(config):
        trunk = _parse_entry(index, entry, problems)
        if trunk is None:
            continue
        if trunk.name in names:
            problems.append('%s: trunk_name %s is listed twice (config[%d] and config[%d]); list each trunk once'
                            % (trunk.where, trunk.name, names[trunk.name], index))
            continue
        names[trunk.name] = index
        for item_index, want in trunk.items[PHONE_NUMBERS] or []:
            holder = numbers.setdefault(want.phone_number, (trunk, item_index))
            if holder[0] is not trunk:
                problems.append('%s phone_numbers[%d]: %s is also listed for trunk %s (config[%d] phone_numbers[%d]); '
                                'a number can be mapped to only one trunk'
                                % (trunk.where, item_index, want.phone_number, holder[0].name, holder[0].index, holder[1]))
        trunks.append(trunk)
    if problems:
        raise InputError('config has %d problem%s (nothing was changed): %s'
                         % (len(problems), '' if len(problems) == 1 else 's', '; '.join(problems)))
    return trunks


# -- views -----------------------------------------------------------------------------------------

class TrunkState:
    """A trunk as read (or as it will be): the normalised trunk and its items of every kind."""

    def __init__(self, trunk, items=None):
        self.trunk = trunk
        self.items = items if items is not None else dict((kind, []) for kind in ITEM_KINDS)

    def copy(self):
        return TrunkState(self.trunk, dict((kind, list(items)) for kind, items in self.items.items()))


class Estate:
    """The account's trunks in scope: read, plan, apply, report. ``engines`` maps 'trunk' and each item kind to its engine."""

    def __init__(self, ctx, engines, state, trunks_config):
        self.ctx = ctx
        self.engines = engines
        self.state = state
        self.config = trunks_config
        self.account = {}        # trunk_sid -> trunk_name of every trunk of the account
        self.model = {}          # trunk_name -> TrunkState, for the trunks in scope that exist
        self.before = {}

    # -- views -------------------------------------------------------------------------------------
    def item_view(self, kind, item):
        view = self.engines[kind].view(item)
        if kind == PHONE_NUMBERS and view['mode'] is None:
            return view['phone_number']
        return view

    def trunk_view(self, state):
        view = self.engines['trunk'].view(state.trunk)
        for kind in ITEM_KINDS:
            engine = self.engines[kind]
            items = sorted(state.items[kind], key=lambda item, engine=engine: engine.sort_key(engine.key(item)))
            if kind == SETTINGS:
                view[kind] = dict((item['name'], item['value']) for item in items)
            else:
                view[kind] = [self.item_view(kind, item) for item in items]
        return view

    def views(self, model):
        return [self.trunk_view(model[name]) for name in sorted(model)]

    # -- 2. reading --------------------------------------------------------------------------------
    def read(self):
        """Read the account's trunks and, for every trunk in scope, its items of every kind."""
        trunks = self.engines['trunk'].read()
        self.account = dict((t['trunk_sid'], t['trunk_name']) for t in trunks)
        named = set(trunk.name for trunk in self.config)
        if self.state == 'overridden' or (self.state == 'gathered' and not self.config):
            named = set(t['trunk_name'] for t in trunks)
        for trunk in trunks:
            if trunk['trunk_name'] in named:
                self.model[trunk['trunk_name']] = self.read_trunk(trunk)
        self.before = dict((name, state.copy()) for name, state in self.model.items())

    def read_trunk(self, trunk):
        state = TrunkState(trunk)
        for kind in ITEM_KINDS:
            try:
                state.items[kind] = self.engines[kind].read(trunk['trunk_sid'])
            except TrunkNotFound:
                state.items[kind] = []  # deleted meanwhile: it holds nothing
        return state

    # -- 3. planning -------------------------------------------------------------------------------
    def plan(self):
        """``(changes, item_failures)``: the ordered changes, and items that cannot be done (a number held elsewhere).

        Raises TaskFailure, before any write, for what makes the whole plan impossible (a domain that cannot
        change, a credential that would have to be created without a password).
        """
        problems, failures = [], []
        if self.state == 'deleted':
            changes = []
            for trunk in sorted(self.config, key=lambda t: t.name):
                if trunk.name in self.model:
                    changes.extend(self.removal(trunk.name))
            return changes, failures
        removals, removed = [], set()
        listed = dict((trunk.name, trunk) for trunk in self.config)
        if self.state == 'overridden':
            for name in sorted(self.model):
                if name not in listed:
                    removals.extend(self.removal(name))
                    removed.add(name)
        purge = self.state in PURGING_STATES
        unmaps, per_trunk = [], []
        for trunk in sorted(self.config, key=lambda t: t.name):
            trunk_changes, trunk_unmaps = self.plan_trunk(trunk, purge, problems)
            per_trunk.extend(trunk_changes)
            unmaps.extend(trunk_unmaps)
        if problems:
            raise TaskFailure('config cannot be applied (nothing was changed): %s' % '; '.join(problems),
                              before=self.views(self.model), changes=[])
        per_trunk = self.check_numbers(per_trunk, unmaps, removed, failures)
        return removals + unmaps + per_trunk, failures

    def removal(self, name):
        """Removing a trunk: its credentials first (Exotel's guidance; its documents disagree on whether they go
        with the trunk), then the trunk, which takes everything else with it."""
        state = self.model[name]
        credentials = self.engines[CREDENTIALS]
        changes = [self.tag(change, name) for change in credentials.plan(None, state.items[CREDENTIALS], [], purge=True)[0]]
        trunk = self.engines['trunk']
        return changes + [self.tag(change, name) for change in trunk.plan_absent(None, [state.trunk], name)]

    @staticmethod
    def tag(change, name):
        change.trunk_name = name
        return change

    def plan_trunk(self, trunk, purge, problems):
        """The changes of one listed trunk (the trunk first, then its items) and its number unmaps."""
        engine = self.engines['trunk']
        state = self.model.get(trunk.name)
        want = TrunkWant(trunk.name, trunk.nso_code, trunk.domain_name)
        try:
            changes = engine.plan_present(None, [state.trunk] if state else [], want)
        except TaskFailure as exc:
            problems.append('%s: %s' % (trunk.where, exc.msg))
            return [], []
        changes = [self.tag(change, trunk.name) for change in changes]
        parent = state.trunk['trunk_sid'] if state else None
        items = state.items if state else dict((kind, []) for kind in ITEM_KINDS)
        planned = {}
        for kind in ITEM_KINDS:
            wants = trunk.items.get(kind)
            if wants is None:
                planned[kind] = ([], [])
                continue
            if kind == CREDENTIALS and self.check_passwords(trunk, items[kind], wants, problems):
                planned[kind] = ([], [])
                continue
            kind_changes = self.engines[kind].plan(parent, items[kind], [want for dummy, want in wants], purge=purge)[0]
            kind_changes = [self.tag(change, trunk.name) for change in kind_changes]
            planned[kind] = ([c for c in kind_changes if c.action != DELETE], [c for c in kind_changes if c.action == DELETE])
        # Order within a trunk: numbers, IPs and credentials before the destinations that may need the IPs; the
        # destinations' removals before the IPs' removals; settings last.
        for kind, part in ((PHONE_NUMBERS, 0), (WHITELISTED_IPS, 0), (CREDENTIALS, 0), (DESTINATION_URIS, 1), (DESTINATION_URIS, 0),
                           (WHITELISTED_IPS, 1), (CREDENTIALS, 1), (SETTINGS, 1), (SETTINGS, 0)):
            changes.extend(planned[kind][part])
        return changes, planned[PHONE_NUMBERS][1]

    def check_passwords(self, trunk, current, wants, problems):
        """Add a problem for every credential that would have to be created without a password; True when there was one."""
        engine = self.engines[CREDENTIALS]
        existing = set(engine.key(item) for item in current)
        found = False
        for index, want in wants:
            if want.user_name not in existing and not want.password:
                problems.append('%s credentials[%d]: user_name %s does not exist on the trunk yet, and password is required to '
                                'create it' % (trunk.where, index, want.user_name))
                found = True
        return found

    def holder_of(self, number):
        """The in-scope trunk that holds ``number`` now, or None."""
        for name, state in self.model.items():
            for item in state.items[PHONE_NUMBERS]:
                if item['phone_number'] == number:
                    return name, item
        return None

    def check_numbers(self, changes, unmaps, removed, failures):
        """Drop the number creates that cannot succeed (the number is held by another trunk that keeps it).

        A number is free to map when its holder unmaps it earlier in the run, or when the holder is a trunk that
        this run deletes (Exotel removes a trunk's numbers with it).
        """
        freed = set((change.trunk_name, change.key) for change in unmaps)
        freed.update((name, item['phone_number']) for name in removed for item in self.model[name].items[PHONE_NUMBERS])
        kept = []
        for change in changes:
            if change.kind == 'phone_number' and change.action == CREATE:
                reason = self.held_elsewhere(change, freed)
                if reason:
                    failures.append((change, reason))
                    continue
            kept.append(change)
        return kept

    def held_elsewhere(self, change, freed):
        holder = self.holder_of(change.key)
        if holder is not None:
            name, item = holder
            if name == change.trunk_name or (name, change.key) in freed:
                return None
            return ('%s is mapped to trunk %s (%s, mapping id %s), which keeps it: list it under one trunk only, or give %s '
                    'its phone_numbers without it (with state replaced or overridden) to move it'
                    % (change.key, name, item['trunk_sid'], item['id'], name))
        if self.state == 'overridden':
            return None  # every trunk of the account is in scope
        found, mapping = self.engines[PHONE_NUMBERS].api.lookup(change.key)
        if found and mapping['trunk_sid'] != change.parent:
            name = self.account.get(mapping['trunk_sid'], 'unknown to this account')
            return ('%s is mapped to trunk %s (%s, mapping id %s), which is not in config: remove it there first, or list that '
                    'trunk too' % (change.key, name, mapping['trunk_sid'], mapping['id']))
        return None

    # -- 4. applying -------------------------------------------------------------------------------
    def apply(self, changes):
        """Perform (or in check mode predict) ``changes`` in order; stop at the first failure except a number held elsewhere.

        Returns ``(done, failed, stopped_at)``: ``[(change, outcome)]``, ``[(change, reason, exc)]`` and the
        exception that stopped the run (None when it ran to the end).
        """
        sids = dict((name, state.trunk['trunk_sid']) for name, state in self.model.items())
        done, failed = [], []
        for change in changes:
            if change.kind != 'trunk':
                change.parent = sids.get(change.trunk_name)
            try:
                outcome = change.engine.apply(change)
            except (ExotelError, TaskFailure, TrunkNotFound) as exc:
                failed.append((change, exc.msg if isinstance(exc, TaskFailure) else str(exc), exc))
                if isinstance(exc, NumberHeldElsewhere):
                    continue
                return done, failed, exc
            if change.kind == 'trunk' and change.action == CREATE:
                sids[change.trunk_name] = outcome.item['trunk_sid']
            self.record(change, outcome)
            done.append((change, outcome))
        return done, failed, None

    def record(self, change, outcome):
        """Bring the model in line with an outcome."""
        name = change.trunk_name
        if change.kind == 'trunk':
            if change.action == DELETE:
                self.model.pop(name, None)
            elif name in self.model:
                self.model[name].trunk = outcome.item
            else:
                self.model[name] = TrunkState(outcome.item)
            return
        state = self.model[name]
        kind = _CONFIG_KEY[change.kind]
        engine = change.engine
        items = state.items[kind]
        if change.action != CREATE:
            gone = engine.identity(change.before)
            items = [item for item in items if engine.identity(item) != gone]
        if change.action != DELETE:
            items.append(outcome.item)
        state.items[kind] = items

    # -- reporting ---------------------------------------------------------------------------------
    def report(self, change, after=None):
        """A change as the result lists it: ``{action, kind, trunk_name, key, before, after}``."""
        kind = change.kind
        if kind == 'trunk':
            before = self.engines['trunk'].view(change.before) if change.before else None
            after_view = self.engines['trunk'].view(after) if after else None
        else:
            engine = change.engine
            before = engine.view(change.before) if change.before else None
            after_view = engine.view(after) if after else None
            if after_view is not None and kind == 'credential' and self.sends_password(change):
                after_view['password'] = PASSWORD_MARK
        return dict(action=change.action, kind=kind, trunk_name=change.trunk_name, key=self.key_text(change, after),
                    before=before, after=after_view)

    @staticmethod
    def sends_password(change):
        """Whether a credential change sends a password (shown as a mark: Exotel never returns passwords)."""
        if change.action == CREATE:
            return bool(change.want is not None and change.want.password)
        return 'password' in change.body

    @staticmethod
    def key_text(change, after):
        item = after or change.before or change.after
        if change.kind == 'whitelisted_ip':
            return '%s/%s' % (item['ip'], item['mask'])
        if change.kind == 'destination_uri':
            return item['destination']
        return change.key


_CONFIG_KEY = {'phone_number': PHONE_NUMBERS, 'whitelisted_ip': WHITELISTED_IPS, 'destination_uri': DESTINATION_URIS,
               'credential': CREDENTIALS, 'setting': SETTINGS}


def run_estate(ctx, engines, state, config):
    """The whole of ``exotel_trunks``: parse, read, plan, apply, and the result (raises TaskFailure on failure)."""
    trunks = parse_config(config, state)
    estate = Estate(ctx, engines, state, trunks)
    estate.read()
    if state == 'gathered':
        return dict(changed=False, gathered=estate.views(estate.model))
    before = estate.views(estate.before)
    changes, failures = estate.plan()
    done, failed, stopped = estate.apply(changes)
    reports = [estate.report(change, None if change.action == DELETE else outcome.item) for change, outcome in done if outcome.changed]
    after = estate.views(estate.model)
    result = dict(changed=bool(reports), before=before, after=after, changes=reports)
    if ctx.diff_mode:
        result['diff'] = dict(before=dict((view['trunk_name'], view) for view in before),
                              after=dict((view['trunk_name'], view) for view in after))
    not_done = [dict(estate.report(change, change.after), reason=reason) for change, reason in failures]
    not_done.extend(dict(estate.report(change, change.after), reason=reason) for change, reason, dummy in failed)
    if stopped is not None:
        pending = changes[changes.index(failed[-1][0]) + 1:]
        not_done.extend(dict(estate.report(change, change.after), reason='not attempted: the run stopped at an earlier error')
                        for change in pending)
    if not not_done:
        return result
    result['not_done'] = not_done
    if isinstance(stopped, ExotelError):
        result['error'] = stopped.details()
    raise TaskFailure(_failure_msg(reports, not_done, stopped), **result)


def _failure_msg(reports, not_done, stopped):
    attempted = [entry for entry in not_done if not entry['reason'].startswith('not attempted')]
    listed = ['%s %s %s on trunk %s: %s' % (e['action'], e['kind'], e['key'], e['trunk_name'], e['reason']) for e in attempted[:20]]
    text = ('%d change%s applied, %d not (see changes and not_done). Failed: %s'
            % (len(reports), ' was' if len(reports) == 1 else 's were', len(not_done), '; '.join(listed)))
    if stopped is not None:
        text += '. The run stopped at that error'
    return text + '. Fix the cause and run the task again: it applies only what is still missing'
