# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Action plugin of exotel.trunking.exotel_trunk_info: on the controller it runs the module in-process, elsewhere as a module."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_INFO
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction


class ActionModule(ExotelAction):
    SPEC = EXOTEL_TRUNK_INFO
