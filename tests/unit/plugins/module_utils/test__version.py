# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from ansible_collections.exotel.trunking.plugins.module_utils._version import COLLECTION_VERSION

GALAXY_YML = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'galaxy.yml')


def galaxy_version():
    with open(GALAXY_YML) as handle:
        for line in handle:
            match = re.match(r'''^version:\s*['"]?([^'"\s#]+)''', line)
            if match:
                return match.group(1)
    raise AssertionError('no version: line in %s' % GALAXY_YML)


def test_collection_version_matches_galaxy_yml():
    assert COLLECTION_VERSION == galaxy_version()


def test_collection_version_is_semver():
    assert re.match(r'^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$', COLLECTION_VERSION)
