# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The collection version, sent in the User-Agent.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. A unit test keeps it equal to ``version`` in galaxy.yml.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

COLLECTION_VERSION = '2.0.0'
