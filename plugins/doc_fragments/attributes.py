# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Standard attributes of modules that change state
    DOCUMENTATION = r'''
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - On the controller (C(local) connection, no C(async), no C(become)) the whole module runs inside Ansible's worker
        process, in the controller's Python; elsewhere it is executed as a module. Both give the same result.
      - See R(Where the modules run,ansible_collections.exotel.trunking.docsite.execution_guide).
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode reads the same state and makes the same comparison as a real run; only the write is skipped.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: full
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
    support: full
'''

    # Attributes of read-only info modules
    INFO_MODULE = r'''
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - On the controller (C(local) connection, no C(async), no C(become)) the whole module runs inside Ansible's worker
        process, in the controller's Python; elsewhere it is executed as a module. Both give the same result.
      - See R(Where the modules run,ansible_collections.exotel.trunking.docsite.execution_guide).
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - This action does not modify state.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: N/A
    details:
      - This action does not modify state.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
    support: full
'''

    # Membership of the action group exotel.trunking.exotel (every module includes it)
    ACTIONGROUP_EXOTEL = r'''
attributes:
  action_group:
    description: Use C(group/exotel.trunking.exotel) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - exotel.trunking.exotel
'''
