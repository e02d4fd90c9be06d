"""The source trees a product is described in: meso's own and every
external tree (MESO_EXTERNAL=path[:path...], Buildroot's BR2_EXTERNAL
idea), each with the same layout:

    configs/*_defconfig          products
    configs/fragments/*.config   fragments
    configs/boards/*.toml        board descriptions (meso's own), or
    boards/*.toml                an external tree's boards
    guests/<app>/                custom guest applications (external)
    guests/uitron/apps/<app>/    uITRON applications (meso's and external)
    external.mk                  the tree's own make fragment (optional)

A name found in two trees is an error naming both files: an OEM's tree
never silently shadows ours, nor ours theirs.
"""
import glob
import os

from .errors import ConfigError

MARKERS = ("configs", "boards", "guests", "external.mk")


class Trees:
    def __init__(self, srctree, externals=()):
        self.srctree = os.path.abspath(srctree)
        self.externals = []
        for path in externals:
            full = os.path.abspath(path)
            if not os.path.isdir(full):
                raise ConfigError("MESO_EXTERNAL: {}: no such directory".format(path))
            if not any(os.path.exists(os.path.join(full, m)) for m in MARKERS):
                raise ConfigError("MESO_EXTERNAL: {}: not a meso external tree (it has "
                                  "none of {})".format(path, ", ".join(MARKERS)))
            if full != self.srctree and full not in self.externals:
                self.externals.append(full)

    def roots(self):
        """(label, root) of each tree, meso's first."""
        return [("meso", self.srctree)] + [(p, p) for p in self.externals]

    def _candidates(self, kind, name):
        if kind == "product":
            rels = [os.path.join("configs", name)]
        elif kind == "fragment":
            rels = [os.path.join("configs", "fragments", name)]
        elif kind == "board":
            rels = [os.path.join("configs", "boards", name), os.path.join("boards", name)]
        elif kind == "uITRON application":
            rels = [os.path.join("guests", "uitron", "apps", name)]
        else:                               # a custom guest's folder
            rels = [os.path.join("guests", name)]
        found = []
        for _label, root in self.roots():
            for rel in rels:
                path = os.path.join(root, rel)
                if os.path.exists(path) and (root != self.srctree or kind != "app"):
                    found.append(path)
        return found

    def find(self, kind, name, what):
        """The one file (or folder) of that kind and name; `what` says how
        the user named it, for the messages."""
        found = self._candidates(kind, name)
        if len(found) > 1:
            raise ConfigError("{}: {} '{}' is defined twice: {} and {}".format(
                what, kind, name, found[0], found[1]))
        if not found:
            where = ", ".join(root for _label, root in self.roots()
                              if kind != "app" or root != self.srctree)
            if kind == "app":
                raise ConfigError("{}: no guests/{}/ in any external tree ({})".format(
                    what, name, where or "none given: MESO_EXTERNAL"))
            if kind == "board":
                raise ConfigError("{}: no board description {} in {}".format(what, name, where))
            raise ConfigError("no {} '{}': no {} in {} (see 'make list-defconfigs')".format(
                kind, what, name, where))
        return found[0]

    def listing(self, kind):
        """(root label, path) of every product or fragment, tree by tree."""
        pattern = {"product": os.path.join("configs", "*_defconfig"),
                   "fragment": os.path.join("configs", "fragments", "*.config")}[kind]
        return [(label, path) for label, root in self.roots()
                for path in sorted(glob.glob(os.path.join(root, pattern)))]
