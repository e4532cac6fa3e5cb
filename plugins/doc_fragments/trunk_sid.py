# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The trunk_sid option of every module that works on the items of one trunk
    DOCUMENTATION = r'''
options:
  trunk_sid:
    description:
      - SID of the trunk, as returned by M(exotel.trunking.exotel_trunk) in RV(exotel.trunking.exotel_trunk#module:trunk.trunk_sid)
        (for example V(trmum1f708622631150902801a1n)).
      - Only letters, digits, V(_) and V(-) are accepted; anything else is rejected before any request is sent.
      - A trunk that does not exist, or is not visible to these credentials, fails the task, except when the task
        removes something; there is then nothing to remove, and the task reports no change.
    type: str
    required: true
'''
