# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The generic engine on a tiny fake kind and a fake API (no HTTP): plan, apply, reconcile, apply_changes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils import _engine
from ansible_collections.exotel.trunking.plugins.module_utils._engine import (
    CREATE,
    DELETE,
    UPDATE,
    Change,
    Engine,
    Outcome,
    apply_changes,
    id_order,
    reconcile,
)
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelDuplicateError,
    ExotelForbiddenError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    TaskFailure,
    TrunkNotFound,
)
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import EngineContext

PARENT = 'trunk1'
Want = namedtuple('Want', ['name', 'size'])


def lost():
    return ExotelOutcomeUnknownError('POST /things: HTTP 502; the write may or may not have been applied')


class FakeAPI:
    """Items in memory; ``faults[method]`` is a list of exceptions raised by the next calls.

    A fault given as ``('applied', exc)`` performs the write and then raises (a lost answer to a write that took effect).
    """

    def __init__(self, items=()):
        self.items = [dict(i) for i in items]
        self.calls = []
        self.faults = {}
        self.next_id = 100

    def _fault(self, method):
        queue = self.faults.get(method) or []
        if not queue:
            return None, False
        fault = queue.pop(0)
        if isinstance(fault, tuple):
            return fault[1], True
        return fault, False

    def list(self, parent):
        self.calls.append(('list', parent))
        exc, dummy = self._fault('list')
        if exc:
            raise exc
        return [dict(i) for i in self.items]

    def create(self, parent, want):
        self.calls.append(('create', parent, want))
        exc, applied = self._fault('create')
        if exc and not applied:
            raise exc
        self.next_id += 1
        created = dict(id=str(self.next_id), name=want.name, size=0, parent=parent)
        self.items.append(created)
        if exc:
            raise exc
        return dict(created)

    def update(self, parent, item, body):
        self.calls.append(('update', parent, item['id'], dict(body)))
        exc, applied = self._fault('update')
        if exc and not applied:
            raise exc
        for stored in self.items:
            if stored['id'] == item['id']:
                stored.update(body)
                answer = dict(stored)
        if exc:
            raise exc
        return answer

    def delete(self, parent, item_id):
        self.calls.append(('delete', parent, item_id))
        exc, applied = self._fault('delete')
        if exc and not applied:
            raise exc
        gone = [i for i in self.items if i['id'] == item_id]
        self.items = [i for i in self.items if i['id'] != item_id]
        if exc:
            raise exc
        return dict(gone[0], size=None, deleted=True)

    def writes(self):
        return [c for c in self.calls if c[0] != 'list']


class ThingEngine(Engine):
    """Things named ``name`` with a ``size`` that a create cannot set (a follow-up update does)."""

    kind = 'thing'
    label = 'thing'

    def key(self, item):
        return item['name']

    def want_key(self, want):
        return want.name

    def view(self, item):
        return dict(name=item['name'], size=item['size'])

    def plan_update(self, item, want, created=False):
        return {'size': want.size} if want.size is not None and item['size'] != want.size else {}

    def predict_create(self, parent, want):
        return dict(id=None, name=want.name, size=want.size or 0, parent=parent)

    def write_update(self, parent, item, body):
        return self.api.update(parent, item, body)


def thing(name, size=1, ident='1'):
    return dict(id=ident, name=name, size=size, parent=PARENT)


def make(items=(), check_mode=False, max_retries=2):
    ctx = EngineContext(check_mode=check_mode, max_retries=max_retries)
    api = FakeAPI(items)
    return ThingEngine(api, ctx), api, ctx


# -- reconcile ------------------------------------------------------------------------------------

class Script:
    """``write()`` raising the given exceptions first, then answering ``'written'``; ``read()`` answering ``states`` in turn."""

    def __init__(self, failures, states=()):
        self.failures = list(failures)
        self.states = list(states)
        self.writes = 0
        self.reads = 0

    def write(self):
        self.writes += 1
        if self.failures:
            raise self.failures.pop(0)
        return 'written'

    def read(self):
        self.reads += 1
        return self.states.pop(0)


def test_reconcile_returns_the_writes_answer_without_reading():
    ctx, script = EngineContext(), Script([])
    assert reconcile(ctx, script.write, script.read, bool, 'the thing') == ('written', False)
    assert (script.writes, script.reads, ctx.clock.sleeps, ctx.warnings) == (1, 0, [], [])


def test_reconcile_lost_answer_confirmed_by_the_re_read_is_not_resent():
    ctx, script = EngineContext(), Script([lost()], states=['there'])
    assert reconcile(ctx, script.write, script.read, lambda state: state == 'there', 'the new thing') == ('there', True)
    assert (script.writes, script.reads) == (1, 1)
    assert ctx.warnings == ['exotel.trunking: POST /things: HTTP 502; the write may or may not have been applied; '
                            're-reading to find out whether the new thing took effect']
    assert ctx.clock.sleeps == []


def test_reconcile_resends_only_after_the_re_read_shows_the_change_missing():
    ctx, script = EngineContext(), Script([lost()], states=[None])
    assert reconcile(ctx, script.write, script.read, bool, 'x') == ('written', False)
    assert (script.writes, script.reads) == (2, 1)
    assert ctx.clock.sleeps == [0.5]


@pytest.mark.parametrize('max_retries', [0, 1, 3])
def test_reconcile_never_writes_more_than_max_retries_more_times(max_retries):
    ctx = EngineContext(max_retries=max_retries)
    script = Script([lost() for dummy in range(10)], states=[None] * 10)
    with pytest.raises(ExotelOutcomeUnknownError):
        reconcile(ctx, script.write, script.read, bool, 'x')
    assert script.writes == max_retries + 1
    assert script.reads == max_retries + 1
    assert ctx.clock.sleeps == [0.5 * 2 ** i for i in range(max_retries)]


def test_reconcile_backoff_is_capped(monkeypatch):
    monkeypatch.setattr(_engine, 'BACKOFF_MAX', 1.5)
    ctx = EngineContext(max_retries=4)
    script = Script([lost() for dummy in range(4)], states=[None] * 4)
    reconcile(ctx, script.write, script.read, bool, 'x')
    assert ctx.clock.sleeps == [0.5, 1.0, 1.5, 1.5]


def test_reconcile_does_not_swallow_other_errors():
    ctx, script = EngineContext(), Script([ExotelAPIError('POST /things failed: HTTP 400')])
    with pytest.raises(ExotelAPIError):
        reconcile(ctx, script.write, script.read, bool, 'x')
    assert (script.writes, script.reads) == (1, 0)


# -- small pieces ---------------------------------------------------------------------------------

def test_id_order_numeric_first_by_value_then_text():
    items = [{'id': 'b'}, {'id': '10'}, {'id': None}, {'id': '9'}, {'id': 2}, {'id': 'a'}]
    assert [i['id'] for i in sorted(items, key=id_order)] == [2, '9', '10', None, 'a', 'b']


def test_change_and_outcome():
    engine, dummy, dummy2 = make()
    change = Change(engine, CREATE, PARENT, 'a')
    assert change.kind == 'thing' and change.body == {} and change.before is None
    assert repr(change) == "Change(create thing 'a' on 'trunk1')"
    assert Outcome(None, [], None).changed is False
    assert Outcome({}, [change], None, sent=['x']).changed is True
    assert Outcome({}, [change], None, sent=['x']).sent == frozenset(['x'])


def test_base_engine_hooks_that_a_kind_must_fill():
    base = Engine(FakeAPI(), EngineContext())
    for call in (lambda: base.key({}), lambda: base.want_key(None), lambda: base.view({}), lambda: base.predict_create(PARENT, None),
                 lambda: base.write_update(PARENT, {}, {})):
        with pytest.raises(NotImplementedError):
            call()


def test_base_engine_defaults():
    base = Engine(FakeAPI(), EngineContext())
    base.label = 'thing'
    assert base.describe(('a', 1)) == "('a', 1)"
    assert base.sort_key('k') == 'k'
    assert base.plan_update({}, None) == {}
    assert base.identity({'id': '7'}) == '7'
    assert base.create_problem(PARENT, None) is None
    assert base.create_sent(None) == frozenset()
    assert base.diff_view({'a': 1}, frozenset(['a'])) == {'a': 1}
    assert base.predict_update({'a': 1, 'b': 2}, {'b': 3, 'c': 4}) == {'a': 1, 'b': 3}
    assert base.update_done({'a': 1, 'b': 3}, {'b': 3, 'c': 4}) is True
    assert base.update_done({'a': 1, 'b': 2}, {'b': 3}) is False
    assert base.update_done(None, {'b': 3}) is False
    assert [base.what(action, 'k') for action in (CREATE, UPDATE, DELETE)] == [
        'the new thing', 'the change to the thing', 'the removal of the thing']


# -- plan -----------------------------------------------------------------------------------------

def test_plan_create_update_nothing_in_that_order_sorted_by_key():
    engine, api, dummy = make()
    items = [thing('b', 1, '1'), thing('c', 2, '2')]
    changes, unchanged = engine.plan(PARENT, items, [Want('z', None), Want('c', 5), Want('b', 1), Want('a', 3)])
    assert [(c.action, c.key) for c in changes] == [(CREATE, 'a'), (CREATE, 'z'), (UPDATE, 'c')]
    assert unchanged == [thing('b', 1, '1')]
    create_a = changes[0]
    assert create_a.after == {'id': None, 'name': 'a', 'size': 3, 'parent': PARENT} and create_a.want == Want('a', 3) and create_a.before is None
    update_c = changes[2]
    assert update_c.body == {'size': 5} and update_c.before == thing('c', 2, '2') and update_c.after == thing('c', 5, '2')
    assert api.calls == []


def test_plan_with_purge_deletes_everything_else_sorted_by_key():
    engine, dummy, dummy2 = make()
    items = [thing('y', 1, '3'), thing('b', 1, '1'), thing('x', 1, '2')]
    changes, unchanged = engine.plan(PARENT, items, [Want('b', None)], purge=True)
    assert [(c.action, c.key, c.before['id']) for c in changes] == [(DELETE, 'x', '2'), (DELETE, 'y', '3')]
    assert unchanged == [thing('b', 1, '1')]


def test_plan_without_purge_keeps_the_rest():
    engine, dummy, dummy2 = make()
    assert engine.plan(PARENT, [thing('x')], [])[0] == []


def test_plan_present_with_duplicates_manages_the_oldest_and_warns():
    engine, dummy, ctx = make()
    changes = engine.plan_present(PARENT, [thing('a', 1, '12'), thing('a', 1, '9')], Want('a', 2))
    assert [(c.action, c.before['id']) for c in changes] == [(UPDATE, '9')]
    assert ctx.warnings == ['2 things on trunk trunk1 match a (ids 9, 12); managing the oldest, id 9']


def test_plan_present_refuses_a_create_the_kind_says_cannot_happen():
    engine, dummy, dummy2 = make()
    engine.create_problem = lambda parent, want: 'no %s on %s' % (want.name, parent)
    with pytest.raises(TaskFailure) as info:
        engine.plan_present(PARENT, [], Want('a', 1))
    assert info.value.msg == 'no a on trunk1' and info.value.result == {}
    assert engine.plan_present(PARENT, [thing('a')], Want('a', 1)) == []


def test_plan_absent_removes_every_match_oldest_first():
    engine, dummy, dummy2 = make()
    changes = engine.plan_absent(PARENT, [thing('a', 1, '12'), thing('b', 1, '1'), thing('a', 1, '9')], 'a')
    assert [(c.action, c.before['id']) for c in changes] == [(DELETE, '9'), (DELETE, '12')]


# -- apply: check mode ----------------------------------------------------------------------------

def test_check_mode_apply_predicts_exactly_and_calls_nothing():
    engine, api, dummy = make([thing('b', 1, '1'), thing('c', 1, '2')], check_mode=True)
    changes, dummy2 = engine.plan(PARENT, api.list(PARENT), [Want('a', 3), Want('b', 4)], purge=True)
    api.calls = []
    outcomes = [engine.apply(change) for change in changes]
    assert api.calls == []
    assert [(o.changed, o.item, o.before) for o in outcomes] == [
        (True, {'id': None, 'name': 'a', 'size': 3, 'parent': PARENT}, None),
        (True, thing('b', 4, '1'), thing('b', 1, '1')),
        (True, thing('c', 1, '2'), thing('c', 1, '2')),
    ]
    assert [[c.action for c in o.performed] for o in outcomes] == [[CREATE], [UPDATE], [DELETE]]
    assert outcomes[1].sent == frozenset(['size'])


# -- apply: for real ------------------------------------------------------------------------------

def test_create_result_is_exotels_answer():
    engine, api, dummy = make()
    outcome = engine.apply(engine.plan_present(PARENT, [], Want('a', None))[0])
    assert outcome.item == {'id': '101', 'name': 'a', 'size': 0, 'parent': PARENT}
    assert [c.action for c in outcome.performed] == [CREATE] and outcome.performed[0].after == outcome.item
    assert outcome.before is None
    assert api.writes() == [('create', PARENT, Want('a', None))]


def test_create_then_updates_what_the_create_could_not_set():
    engine, api, dummy = make()
    outcome = engine.apply(engine.plan_present(PARENT, [], Want('a', 7))[0])
    assert outcome.item == {'id': '101', 'name': 'a', 'size': 7, 'parent': PARENT}
    assert [c.action for c in outcome.performed] == [CREATE, UPDATE]
    assert outcome.sent == frozenset(['size']) and outcome.before is None
    assert api.writes() == [('create', PARENT, Want('a', 7)), ('update', PARENT, '101', {'size': 7})]


def test_create_lost_answer_that_took_effect_is_adopted_from_the_re_read():
    engine, api, ctx = make()
    api.faults['create'] = [('applied', lost())]
    outcome = engine.apply(engine.plan_present(PARENT, [], Want('a', None))[0])
    assert outcome.item == {'id': '101', 'name': 'a', 'size': 0, 'parent': PARENT} and outcome.changed
    assert len([c for c in api.calls if c[0] == 'create']) == 1
    assert 're-reading to find out whether the new thing took effect' in ctx.warnings[0]


def test_create_lost_answer_that_did_not_take_effect_is_resent_at_most_max_retries_times():
    engine, api, ctx = make(max_retries=2)
    api.faults['create'] = [lost(), lost(), lost()]
    with pytest.raises(ExotelOutcomeUnknownError):
        engine.apply(engine.plan_present(PARENT, [], Want('a', None))[0])
    assert [c[0] for c in api.calls] == ['create', 'list', 'create', 'list', 'create', 'list']
    assert ctx.clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize('cls', [ExotelNotFoundError, ExotelForbiddenError])
def test_create_on_a_missing_trunk_raises_trunk_not_found_with_its_cause(cls):
    engine, api, dummy = make()
    cause = cls('POST /things failed: HTTP 404')
    api.faults['create'] = [cause]
    with pytest.raises(TrunkNotFound) as info:
        engine.apply(engine.plan_present(PARENT, [], Want('a', None))[0])
    assert info.value.trunk_sid == PARENT and info.value.cause is cause


def test_duplicate_answer_adopts_the_item_someone_else_made():
    engine, api, ctx = make()
    change = engine.plan_present(PARENT, [], Want('a', 1))[0]
    api.items.append(thing('a', 1, '50'))
    api.faults['create'] = [ExotelDuplicateError('duplicate')]
    outcome = engine.apply(change)
    assert (outcome.changed, outcome.item, outcome.before) == (False, thing('a', 1, '50'), thing('a', 1, '50'))
    assert ctx.warnings == ['Exotel reported the thing a as a duplicate; it was added by someone else meanwhile, managing that one']


def test_duplicate_answer_then_updates_the_adopted_item():
    engine, api, dummy = make()
    change = engine.plan_present(PARENT, [], Want('a', 4))[0]
    api.items.append(thing('a', 1, '50'))
    api.faults['create'] = [ExotelDuplicateError('duplicate')]
    outcome = engine.apply(change)
    assert outcome.changed and outcome.item == thing('a', 4, '50') and outcome.before == thing('a', 1, '50')
    assert api.writes()[-1] == ('update', PARENT, '50', {'size': 4})


def test_duplicate_answer_without_the_item_on_re_read_fails_with_the_duplicate():
    engine, api, dummy = make()
    dup = ExotelDuplicateError('duplicate')
    api.faults['create'] = [dup]
    with pytest.raises(ExotelDuplicateError) as info:
        engine.apply(engine.plan_present(PARENT, [], Want('a', None))[0])
    assert info.value is dup


def test_update_result_is_exotels_answer():
    engine, api, dummy = make([thing('a', 1, '7')])
    outcome = engine.apply(engine.plan_present(PARENT, api.list(PARENT), Want('a', 2))[0])
    assert outcome.item == thing('a', 2, '7') and outcome.before == thing('a', 1, '7') and outcome.sent == frozenset(['size'])
    assert outcome.performed[0].after == outcome.item


def test_update_lost_answer_confirmed_by_re_read():
    engine, api, dummy = make([thing('a', 1, '7')])
    api.faults['update'] = [('applied', lost())]
    outcome = engine.apply(engine.plan_present(PARENT, api.list(PARENT), Want('a', 2))[0])
    assert outcome.item == thing('a', 2, '7')
    assert len([c for c in api.calls if c[0] == 'update']) == 1


def test_update_re_read_of_a_vanished_trunk_counts_as_not_done():
    engine, api, dummy = make([thing('a', 1, '7')], max_retries=0)
    api.faults['update'] = [lost()]
    api.faults['list'] = [TrunkNotFound(PARENT)]
    change = engine.plan_present(PARENT, [thing('a', 1, '7')], Want('a', 2))[0]
    with pytest.raises(ExotelOutcomeUnknownError):
        engine.apply(change)


def test_update_duplicate_answer_is_an_error_by_default():
    engine, api, dummy = make([thing('a', 1, '7')])
    api.faults['update'] = [ExotelDuplicateError('duplicate')]
    with pytest.raises(ExotelDuplicateError):
        engine.apply(engine.plan_present(PARENT, api.list(PARENT), Want('a', 2))[0])


def test_delete_result_is_the_stored_item_updated_by_exotels_answer():
    engine, api, dummy = make([thing('a', 1, '7')])
    outcome = engine.apply(engine.plan_absent(PARENT, api.list(PARENT), 'a')[0])
    assert outcome.changed and outcome.before == thing('a', 1, '7')
    assert outcome.item == dict(thing('a', 1, '7'), deleted=True)  # None values in the answer do not erase what was read
    assert api.items == []


@pytest.mark.parametrize('cls', [ExotelNotFoundError, ExotelForbiddenError])
def test_delete_that_vanished_meanwhile_is_no_change(cls):
    engine, api, dummy = make([thing('a', 1, '7')])
    api.faults['delete'] = [cls('gone')]
    outcome = engine.apply(engine.plan_absent(PARENT, api.list(PARENT), 'a')[0])
    assert (outcome.changed, outcome.item, outcome.before) == (False, None, thing('a', 1, '7'))


def test_delete_lost_answer_confirmed_by_re_read_reports_the_item_as_read():
    engine, api, dummy = make([thing('a', 1, '7')])
    api.faults['delete'] = [('applied', lost())]
    outcome = engine.apply(engine.plan_absent(PARENT, api.list(PARENT), 'a')[0])
    assert outcome.changed and outcome.item == thing('a', 1, '7')
    assert len([c for c in api.calls if c[0] == 'delete']) == 1


def test_delete_lost_answer_with_the_trunk_gone_counts_as_done():
    engine, api, dummy = make([thing('a', 1, '7')])
    api.faults['delete'] = [lost()]
    api.faults['list'] = [TrunkNotFound(PARENT)]
    outcome = engine.apply(engine.plan_absent(PARENT, [thing('a', 1, '7')], 'a')[0])
    assert outcome.changed and outcome.item == thing('a', 1, '7')


def test_find_and_find_same_treat_a_missing_trunk_as_nothing():
    engine, api, dummy = make()
    api.faults['list'] = [TrunkNotFound(PARENT), TrunkNotFound(PARENT)]
    assert engine.find(PARENT, 'a') is None
    assert engine.find_same(PARENT, thing('a')) is None


def test_find_same_matches_identity_not_key():
    engine, dummy, dummy2 = make([thing('a', 1, '9'), thing('a', 1, '7')])
    assert engine.find_same(PARENT, thing('a', 5, '7')) == thing('a', 1, '7')
    assert engine.find_same(PARENT, thing('a', 5, '8')) is None
    assert engine.find(PARENT, 'a')['id'] == '7'


# -- apply_changes --------------------------------------------------------------------------------

def test_apply_changes_records_a_failure_and_goes_on():
    engine, api, dummy = make([thing('b', 1, '1')])
    changes, dummy2 = engine.plan(PARENT, api.list(PARENT), [Want('a', None), Want('b', 2), Want('c', None)])
    failure = ExotelAPIError('POST /things failed: HTTP 400')
    api.faults['create'] = [failure]
    applied, failed, skipped, fatal = apply_changes(changes, lambda exc: False)
    assert [(c.key, o.item['name']) for c, o in applied] == [('c', 'c'), ('b', 'b')]
    assert failed == [(changes[0], failure)]
    assert (skipped, fatal) == ([], None)


def test_apply_changes_stops_at_a_fatal_error_and_lists_the_rest():
    engine, api, dummy = make()
    changes, dummy2 = engine.plan(PARENT, [], [Want('a', None), Want('b', None), Want('c', None)])
    failure = ExotelAuthError('401')
    api.faults['create'] = [failure]
    applied, failed, skipped, fatal = apply_changes(changes, lambda exc: isinstance(exc, ExotelAuthError))
    assert applied == [] and failed == [(changes[0], failure)] and skipped == changes[1:] and fatal is failure
    assert len(api.writes()) == 1


@pytest.mark.parametrize('exc', [TaskFailure('held elsewhere'), TrunkNotFound(PARENT)])
def test_apply_changes_collects_task_failures_and_missing_trunks(exc):
    engine, api, dummy = make()
    changes, dummy2 = engine.plan(PARENT, [], [Want('a', None)])
    api.faults['create'] = [exc]
    assert apply_changes(changes, lambda e: False)[1] == [(changes[0], exc)]


def test_apply_changes_lets_a_bug_through():
    engine, api, dummy = make()
    changes, dummy2 = engine.plan(PARENT, [], [Want('a', None)])
    api.faults['create'] = [KeyError('bug')]
    with pytest.raises(KeyError):
        apply_changes(changes, lambda exc: False)
