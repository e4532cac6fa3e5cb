#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_phone_numbers
short_description: Map many phone numbers (ExoPhones / DIDs) onto an Exotel SIP trunk in one task
version_added: 1.0.0
description:
  - Declares the set of phone numbers mapped onto one Exotel SIP trunk, with their routing modes, in a single task.
    Use it instead of a loop over M(exotel.trunking.exotel_trunk_phone_number) when a trunk carries tens, hundreds
    or thousands of numbers.
  - The module reads the trunk's mappings once (all pages), compares them with O(phone_numbers), and sends only the
    writes that differ. It maps the numbers that are missing, changes the mode of those whose mode differs, and,
    with O(purge=true), removes the mappings that are not listed. A second run with the same input sends no write.
  - Every element of O(phone_numbers) is checked before any request is sent; all bad elements are reported together,
    each with its index.
  - A write that fails for one number (for example because the number is mapped to another trunk) does not stop the
    others. The module carries on with the remaining numbers and then fails, listing what was done and what was not
    (RV(done), RV(not_done)). An error that would make every later write fail too (bad credentials, trunk deleted,
    rate limit still exceeded after every retry, API unreachable) stops the run at once, with the same report.
    Fix the cause and run the task again; it applies only what is still missing.
  - A write whose answer is lost (timeout, dropped connection, gateway error) is never resent blindly. The module
    re-reads that number's mapping and writes again only if the change is not there.
  - Requests are paced to O(requests_per_minute) (Exotel allows 200 requests per minute per account), so mapping
    1,000 new numbers takes about five minutes; an idempotent run needs only the read (one request per 50 mappings).
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
options:
  phone_numbers:
    description:
      - The phone numbers that must be mapped onto the trunk.
      - Each element is either a phone number in E.164 format (for example V(+919876543210)), or a dictionary with the
        key C(phone_number) and an optional key C(mode) (V(pstn) or V(flow)). Strings and dictionaries can be mixed.
      - A number given without a mode is created without one (Exotel stores C(null), which routes as V(pstn)), and the
        mode of an existing mapping is left as it is. An existing C(null) mode counts as V(pstn).
      - Numbers must be E.164 exactly as Exotel stores them, V(+) then 7 to 15 digits; spaces and punctuation are
        rejected, not removed.
      - Each number may appear only once. A number listed twice (with the same or different modes) fails the task
        before any request is sent.
      - With O(purge=true), an empty list removes every mapping from the trunk.
    type: list
    elements: raw
    required: true
  purge:
    description:
      - If V(true), mappings on the trunk whose number is not in O(phone_numbers) are removed.
      - If V(false), they are left alone.
    type: bool
    default: false
notes:
  - A number can be mapped to only one trunk of an account. A number that is mapped to another trunk is reported in
    RV(not_done) with that trunk's SID and mapping ID; the other numbers are still processed.
  - Check mode and diff mode read the trunk once and predict the writes exactly, except that check mode cannot know
    that a number which is not on this trunk is mapped to another one; it predicts a create for it.
  - The diff shows the trunk's numbers, each with its mode as Exotel stores it (V(null) for a number mapped without one),
    sorted by phone number.
  - Writes are sent one at a time in a fixed order (creates, mode changes, then removals, each sorted by phone number).
seealso:
  - module: exotel.trunking.exotel_trunk_phone_number
  - module: exotel.trunking.exotel_trunk_phone_number_info
  - name: Exotel - Map phone number to trunk
    description: Exotel's reference for the API call this module makes per new number.
    link: https://developer.exotel.com/api/map-phone-number-to-trunk
'''

EXAMPLES = r'''
- name: Map a contact centre's numbers onto a trunk, with credentials from module_defaults
  module_defaults:
    group/exotel.trunking.exotel:
      account_sid: "{{ exotel_account_sid }}"
      api_key: "{{ exotel_api_key }}"
      api_token: "{{ exotel_api_token }}"
      region: mumbai
  block:
    - name: Map the numbers; two of them route to a Voice AI flow
      exotel.trunking.exotel_trunk_phone_numbers:
        trunk_sid: trmum1f708622631150902801a1n
        phone_numbers:
          - "+919876543210"
          - "+919876543211"
          - phone_number: "+918040264208"
            mode: flow
          - phone_number: "+918040264209"
            mode: flow
      register: mapped

    - name: Show what changed
      ansible.builtin.debug:
        msg: "{{ mapped.created }} created, {{ mapped.updated }} updated, {{ mapped.unchanged }} already in place"

- name: Make the trunk carry exactly the numbers of a file (one E.164 number per line), removing the others
  exotel.trunking.exotel_trunk_phone_numbers:
    trunk_sid: trmum1f708622631150902801a1n
    phone_numbers: "{{ lookup('ansible.builtin.file', 'dids.txt').splitlines() | map('trim') | reject('equalto', '') | list }}"
    purge: true

- name: Preview a purge without making it (run with --diff to see the numbers)
  exotel.trunking.exotel_trunk_phone_numbers:
    trunk_sid: trmum1f708622631150902801a1n
    phone_numbers: "{{ wanted_numbers }}"
    purge: true
  check_mode: true
  register: preview

- name: Remove every mapping from the trunk
  exotel.trunking.exotel_trunk_phone_numbers:
    trunk_sid: trmum1f708622631150902801a1n
    phone_numbers: []
    purge: true
'''

RETURN = r'''
mappings:
  description:
    - The trunk's mappings after the task, sorted by phone number. Built from the one read and the answers to the
      writes, without reading the trunk again.
    - In check mode, the predicted mappings; RV(mappings[].id) is V(null) for a mapping that would be created.
    - When the task fails part-way, the mappings as far as the module knows them at that point.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Exotel's numeric mapping ID (a string). It is not the phone number.
      type: str
      returned: always
      sample: "41512"
    phone_number:
      description: The phone number in E.164 format.
      type: str
      returned: always
      sample: "+919876543210"
    trunk_sid:
      description: The trunk the number is mapped to.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    mode:
      description: The routing mode as Exotel stores it, V(pstn), V(flow) or V(null) (mapped without a mode; routes as V(pstn)).
      type: str
      returned: always
      sample: flow
    date_created:
      description: When the mapping was created (ISO 8601, UTC). V(null) when Exotel's answer did not include it.
      type: str
      returned: always
      sample: "2026-01-23T10:26:54Z"
    date_updated:
      description: When the mapping was last changed (ISO 8601, UTC). V(null) when Exotel's answer did not include it.
      type: str
      returned: always
      sample: "2026-01-23T10:26:54Z"
created:
  description: How many numbers were mapped onto the trunk (in check mode, would be).
  returned: always
  type: int
  sample: 998
updated:
  description: How many mappings had their mode changed (in check mode, would have).
  returned: always
  type: int
  sample: 1
deleted:
  description: How many mappings were removed because of O(purge=true) (in check mode, would be).
  returned: always
  type: int
  sample: 0
unchanged:
  description: How many listed numbers were already mapped as requested.
  returned: always
  type: int
  sample: 1
done:
  description: The writes that were applied before the task failed, in the order they were sent.
  returned: on failure after the first write was attempted
  type: list
  elements: dict
  contains:
    phone_number:
      description: The phone number.
      type: str
      returned: always
      sample: "+919876543210"
    action:
      description: V(create), V(update) (mode change) or V(delete).
      type: str
      returned: always
      sample: create
    mode:
      description: The mode the mapping has after the write (for V(delete), the mode it had).
      type: str
      returned: always
      sample: pstn
not_done:
  description: The writes that failed or were not attempted, with the reason for each.
  returned: on failure after the first write was attempted
  type: list
  elements: dict
  contains:
    phone_number:
      description: The phone number.
      type: str
      returned: always
      sample: "+919876543299"
    action:
      description: V(create), V(update) or V(delete).
      type: str
      returned: always
      sample: create
    mode:
      description: The requested mode (V(null) when none was given).
      type: str
      returned: always
      sample: flow
    reason:
      description: Why the write failed, or V(not attempted) and why.
      type: str
      returned: always
      sample: +919876543299 is already mapped to another trunk, trmum1aaaaaaaaaaaaaaaaaa1a1n (mapping id 41501); ...
    other_mapping:
      description: For a number mapped to another trunk, that mapping (C(id), C(trunk_sid), C(mode)).
      type: dict
      returned: when the number is mapped to another trunk
    error:
      description: Structured detail of the API failure for this number.
      type: dict
      returned: when the API reported an error
error:
  description: Structured detail of the API failure that stopped the run (HTTP method, path, status, Exotel error code, request ID).
  returned: on an API failure that stopped the run
  type: dict
  sample:
    kind: auth
    method: POST
    path: /v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/phone-numbers
    http_status: 401
    code: 401
    error_code: 1010
    message: Authorization failed
    description: Authorization failed
    request_id: c6084ac2e9a44812824b42577f01937b
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_PHONE_NUMBERS


def main():
    run_module(EXOTEL_TRUNK_PHONE_NUMBERS)


if __name__ == '__main__':
    main()
