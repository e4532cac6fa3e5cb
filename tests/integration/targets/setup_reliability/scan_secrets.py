# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fail if any secret (named in $REL_SECRET_NAMES, values from the environment) occurs in the given files.

Reports the file, line number and which secret, never the value itself. Also checks the
URL-encoded and JSON-escaped forms of each value.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote  # type: ignore


def main(paths):
    secrets = {}
    for name in os.environ.get('REL_SECRET_NAMES', '').split():
        value = os.environ.get(name)
        if value:
            secrets[name] = set([value, quote(value, safe=''), value.replace('/', '\\/')])
    if not secrets:
        print('scan_secrets: no secrets defined (REL_SECRET_NAMES is empty)', file=sys.stderr)
        return 2
    leaks = 0
    scanned = 0
    for path in paths:
        with open(path, 'rb') as handle:
            for number, raw in enumerate(handle, 1):
                scanned += 1
                line = raw.decode('utf-8', 'replace')
                for name, forms in sorted(secrets.items()):
                    if any(form in line for form in forms):
                        leaks += 1
                        print('LEAK: %s appears in %s line %d' % (name, path, number), file=sys.stderr)
    print('scan_secrets: %d file(s), %d line(s), %d secret(s) checked, %d leak(s)' % (len(paths), scanned, len(secrets), leaks))
    return 1 if leaks else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
