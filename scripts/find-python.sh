#!/bin/sh
# find-python.sh - print a Python 3 that imports kconfiglib and jinja2.
#
# The python3 first on PATH may be a separate interpreter (pyenv) without
# Debian's python3-kconfiglib and python3-jinja2; Debian's own comes first.
# Prints nothing and exits 1 when no interpreter has both.
for py in /usr/bin/python3 python3; do
	if command -v "$py" >/dev/null 2>&1 &&
	   "$py" -c 'import kconfiglib, jinja2' >/dev/null 2>&1; then
		command -v "$py"
		exit 0
	fi
done
exit 1
