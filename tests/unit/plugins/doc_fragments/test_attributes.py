# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The attributes doc fragments, the exotel action group of meta/runtime.yml and the modules that claim it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import os

import pytest
import yaml

from ansible_collections.exotel.trunking.plugins.doc_fragments.attributes import ModuleDocFragment

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules')) if name.endswith('.py') and name != '__init__.py')
GROUP = 'exotel.trunking.exotel'
FRAGMENTS = {'DOCUMENTATION': 'exotel.trunking.attributes', 'INFO_MODULE': 'exotel.trunking.attributes.info_module'}
ACTIONGROUP = 'exotel.trunking.attributes.actiongroup_exotel'


def runtime():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        return yaml.safe_load(handle)


def module_doc(name):
    module = importlib.import_module('ansible_collections.exotel.trunking.plugins.modules.%s' % name)
    return yaml.safe_load(module.DOCUMENTATION)


@pytest.mark.parametrize('fragment', sorted(FRAGMENTS))
def test_fragment_is_yaml_with_the_behaviour_attributes(fragment):
    doc = yaml.safe_load(getattr(ModuleDocFragment, fragment))
    assert sorted(doc) == ['attributes']
    assert sorted(doc['attributes']) == ['action', 'check_mode', 'diff_mode', 'idempotent']
    assert doc['attributes']['action']['support'] == 'full'
    for attribute in doc['attributes'].values():
        assert attribute['description'] and attribute['support'] in ('full', 'partial', 'none', 'N/A')


def test_action_group_membership_is_the_exotel_group_of_runtime_yml():
    doc = yaml.safe_load(ModuleDocFragment.ACTIONGROUP_EXOTEL)
    assert sorted(doc['attributes']) == ['action_group']
    assert doc['attributes']['action_group']['support'] == 'full'
    assert doc['attributes']['action_group']['membership'] == [GROUP]
    assert 'group/%s' % GROUP in doc['attributes']['action_group']['description']
    assert GROUP.rsplit('.', 1)[1] in runtime()['action_groups']


def test_info_modules_do_not_claim_diff_support():
    doc = yaml.safe_load(ModuleDocFragment.INFO_MODULE)
    assert doc['attributes']['diff_mode']['support'] == 'N/A'
    assert yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['attributes']['diff_mode']['support'] == 'full'


def test_the_exotel_group_lists_every_module_once():
    group = runtime()['action_groups']['exotel']
    assert sorted(group) == MODULES
    assert len(group) == len(set(group))


@pytest.mark.parametrize('name', MODULES)
def test_each_module_uses_the_attributes_fragment_of_its_kind(name):
    extends = module_doc(name)['extends_documentation_fragment']
    wanted = FRAGMENTS['INFO_MODULE' if name.endswith('_info') else 'DOCUMENTATION']
    assert [f for f in extends if f.startswith('exotel.trunking.attributes')] == [wanted, ACTIONGROUP]


@pytest.mark.parametrize('name', MODULES)
def test_each_module_has_the_action_plugin_that_the_action_attribute_claims(name):
    assert os.path.isfile(os.path.join(ROOT, 'plugins', 'action', name + '.py'))
