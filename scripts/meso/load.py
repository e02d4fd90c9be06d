"""Stage 1: load the Kconfig model and configuration files with kconfiglib.

Every assignment in a loaded file is checked after loading: an unknown
symbol, a malformed or out-of-range value, or a value that did not take
effect (hidden by a dependency, overridden) is an error naming the file,
the line and the symbol - Zephyr's rule, not kconfiglib's warning.
"""
import difflib
import os
import re

import kconfiglib

from .errors import ConfigError

_SET = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
_UNSET = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set$")
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_INT = re.compile(r"^-?[0-9]+$")
_HEX = re.compile(r"^0[xX][0-9a-fA-F]+$")


def load_kconfig(srctree):
    """Parse srctree/Kconfig; a problem in the model itself is fatal."""
    path = os.path.join(srctree, "Kconfig")
    old = os.getcwd()
    os.environ["srctree"] = srctree
    try:
        kconf = kconfiglib.Kconfig(path, warn_to_stderr=False,
                                   suppress_traceback=True)
    except kconfiglib.KconfigError as e:
        raise ConfigError("Kconfig: {}".format(e))
    except OSError as e:
        raise ConfigError("Kconfig: {}".format(e))
    finally:
        os.chdir(old)
    if kconf.warnings:
        raise ConfigError(["Kconfig: " + w for w in kconf.warnings])
    kconf.warn = False
    return kconf


def _read_assignments(path, display):
    """Yield (line, name, value) for each assignment; collect bad lines."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        raise ConfigError("{}: no such file".format(display))
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError("{}: cannot read: {}".format(display, e))
    assignments, errors = [], []
    for nr, line in enumerate(lines, 1):
        line = line.rstrip()
        m = _SET.match(line)
        if m:
            assignments.append((nr, m.group(1), m.group(2)))
            continue
        m = _UNSET.match(line)
        if m:
            assignments.append((nr, m.group(1), "n"))
            continue
        if line and not line.lstrip().startswith("#"):
            errors.append((nr, "{}:{}: not an assignment: '{}' (expected "
                          "CONFIG_NAME=value or '# CONFIG_NAME is not set')"
                          .format(display, nr, line)))
    return assignments, errors


def _active_range(sym):
    for low, high, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            return low.str_value, high.str_value
    return None


def _why_not_taken(sym, want):
    """Explain why assigning `want` to sym left another value."""
    if sym.orig_type in (kconfiglib.INT, kconfiglib.HEX):
        rng = _active_range(sym)
        if sym.visibility and rng:
            lo, hi = (int(x, 0) for x in rng)
            if not lo <= int(want, 0) <= hi:
                return "outside its range [{}, {}]".format(*rng)
    if not sym.visibility:
        deps = sym.direct_dep
        if sym.choice is not None:
            deps = sym.choice.direct_dep
        return "its dependencies are not met: {}".format(
            kconfiglib.expr_str(deps) if deps is not sym.kconfig.y else "n")
    if sym.choice is not None and want == "n":
        others = [s.name for s in sym.choice.syms if s is not sym]
        return ("it is a choice member: select another one instead "
                "(one of {})".format(", ".join("CONFIG_" + o + "=y"
                                               for o in others)))
    if sym.choice is not None and want == "y":
        sel = sym.choice.selection
        return "another choice member is selected ({})".format(
            "CONFIG_" + sel.name if sel else "none")
    if sym.orig_type == kconfiglib.BOOL and want == "n" and sym.rev_dep \
            is not sym.kconfig.n:
        return "it is selected by {}".format(kconfiglib.expr_str(sym.rev_dep))
    return "the value is fixed by the model"


def _check_value(sym, raw):
    """Return (normalized_value, error) for a raw right-hand side."""
    t = sym.orig_type
    if t == kconfiglib.BOOL:
        if raw not in ("y", "n"):
            return None, "'{}' is not a bool value (y or n)".format(raw)
        return raw, None
    if t == kconfiglib.STRING:
        m = _STRING.match(raw)
        if not m:
            return None, "malformed string {} (expected a double-quoted " \
                         "string)".format(raw)
        return kconfiglib.unescape(m.group(1)), None
    if t == kconfiglib.INT:
        if not _INT.match(raw):
            return None, "'{}' is not a decimal number".format(raw)
        return raw, None
    if t == kconfiglib.HEX:
        if not _HEX.match(raw):
            return None, "'{}' is not a hexadecimal number (0x...)" \
                         .format(raw)
        return raw, None
    return raw, None


def _same(sym, want):
    have = sym.str_value
    if sym.orig_type in (kconfiglib.INT, kconfiglib.HEX):
        try:
            return int(have, 0) == int(want, 0)
        except ValueError:
            return False
    return have == want


def _suggest(kconf, name):
    close = difflib.get_close_matches(name, kconf.syms.keys(), n=1)
    return " (did you mean CONFIG_{}?)".format(close[0]) if close else ""


def apply_config(kconf, path, display=None, replace=True):
    """Load `path` onto kconf and check that every assignment took effect.

    replace=True loads a whole configuration (symbols not named get their
    defaults); replace=False merges a fragment onto what is loaded.
    """
    display = display or path
    assignments, errors = _read_assignments(path, display)
    checked = []
    for nr, name, raw in assignments:
        where = "{}:{}: CONFIG_{}".format(display, nr, name)
        sym = kconf.syms.get(name)
        if sym is None or not sym.nodes:
            errors.append((nr, "{}: unknown symbol{}".format(
                where, _suggest(kconf, name))))
            continue
        value, problem = _check_value(sym, raw)
        if problem:
            errors.append((nr, "{}={}: {}".format(where, raw, problem)))
            continue
        checked.append((nr, where, raw, sym, value))
    try:
        kconf.load_config(path, replace=replace)
    except (OSError, kconfiglib.KconfigError) as e:
        raise ConfigError("{}: {}".format(display, e))
    for nr, where, raw, sym, value in checked:
        if not _same(sym, value):
            errors.append((nr, "{}={} did not take effect (value is {}): {}"
                           .format(where, raw, sym.str_value or '""',
                                   _why_not_taken(sym, value))))
    if errors:
        raise ConfigError([msg for _nr, msg in sorted(errors)])
