"""Command line of the generator: the configuration verbs make calls.

    defconfig FILE        .config from a (minimal) defconfig; --product
                          NAME looks up NAME_defconfig in every tree
    merge FRAGMENT...     merge fragments onto .config; --fragment NAME
                          looks up configs/fragments/NAME.config
    olddefconfig          refresh .config, new symbols at their defaults
    oldconfig             refresh .config, asking for new symbols
    savedefconfig OUT     write the minimal configuration
    menuconfig            kconfiglib's terminal menu on .config
    gen [--print-map]     validate .config and render gen/
    list-defconfigs       the products and fragments, tree by tree

--external DIR[:DIR...] adds external trees (MESO_EXTERNAL, scripts/meso/
trees.py): their products, fragments, boards and guest applications.

Every problem is printed as "meso: error: ..." with a non-zero exit; a
Python traceback never reaches a user (MESO_DEBUG=1 shows one).
"""
import argparse
import glob
import os
import signal
import sys

from .errors import ConfigError

HEADER = "# meso product configuration; edit with 'make menuconfig'\n"


class Tree:
    """Where things are: the source trees, the output tree, the config."""

    def __init__(self, srctree, objtree, externals=()):
        from .trees import Trees
        self.srctree = os.path.abspath(srctree)
        self.objtree = os.path.abspath(objtree)
        self.config = os.path.join(self.objtree, ".config")
        self.gendir = os.path.join(self.objtree, "gen")
        self.trees = Trees(self.srctree, externals)

    def named(self, kind, name, suffix):
        """A product or fragment by name, looked up in every tree."""
        return self.trees.find(kind, name + suffix, name)

    def show(self, path):
        rel = os.path.relpath(path)
        return rel if not rel.startswith("../..") else path


def _kconfig(tree):
    from .load import load_kconfig
    return load_kconfig(tree.srctree)


def _need_config(tree):
    if not os.path.exists(tree.config):
        raise ConfigError("no configuration {}: run 'make <product>_defconfig' "
                          "(see 'make list-defconfigs') or 'make menuconfig' "
                          "first".format(tree.show(tree.config)))


def _loaded(tree):
    from .load import apply_config
    _need_config(tree)
    kconf = _kconfig(tree)
    apply_config(kconf, tree.config, tree.show(tree.config))
    return kconf


def _write_config(kconf, tree):
    os.makedirs(tree.objtree, exist_ok=True)
    tmp = tree.config + ".tmp"
    kconf.write_config(tmp, header=HEADER, save_old=False)
    os.replace(tmp, tree.config)


def cmd_defconfig(tree, args):
    from .load import apply_config
    if bool(args.file) == bool(args.product):
        raise ConfigError("defconfig: give a file or --product NAME")
    path = args.file or tree.named("product", args.product, "_defconfig")
    kconf = _kconfig(tree)
    apply_config(kconf, path, tree.show(path))
    _write_config(kconf, tree)


def cmd_merge(tree, args):
    from .load import apply_config
    paths = [tree.named("fragment", f, ".config") for f in args.fragment] + \
        args.fragments
    if not paths:
        raise ConfigError("merge: give fragment files or --fragment NAME")
    kconf = _loaded(tree)
    for frag in paths:
        apply_config(kconf, frag, tree.show(frag), replace=False)
    _write_config(kconf, tree)


def cmd_olddefconfig(tree, args):
    _write_config(_loaded(tree), tree)


def cmd_oldconfig(tree, args):
    import oldconfig
    kconf = _loaded(tree)
    while True:
        oldconfig.conf_changed = False
        for node in kconf.node_iter():
            oldconfig.oldconfig(node)
        if not oldconfig.conf_changed:
            break
    _write_config(kconf, tree)


def cmd_savedefconfig(tree, args):
    kconf = _loaded(tree)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    kconf.write_min_config(args.out, header="")


def _end_with_terminal(menuconfig):
    """kconfiglib's menu reads keys in a loop; once its terminal is gone
    (window closed, tmux session killed) every read fails at once and,
    where SIGHUP is ignored (nohup, some job runners), the loop spins at
    full CPU forever.  SIGHUP, or a run of failed reads (a blocking read
    fails only when the terminal is gone), ends it without saving.
    Returns the list that then holds why; curses's own clean-up on the
    lost terminal raises an error of its own on the way out."""
    gone = []

    def end(why):
        gone.append(why)
        raise KeyboardInterrupt(why)
    signal.signal(signal.SIGHUP, lambda signum, frame: end("SIGHUP"))
    read_key = menuconfig._getch_compat
    failed = [0]

    def read_key_or_end(win):
        key = read_key(win)
        failed[0] = failed[0] + 1 if key == -1 else 0
        if failed[0] >= 10:
            end("end of input")
        return key
    menuconfig._getch_compat = read_key_or_end
    return gone


def cmd_menuconfig(tree, args):
    import menuconfig
    kconf = _kconfig(tree)
    if os.path.exists(tree.config):
        from .load import apply_config
        apply_config(kconf, tree.config, tree.show(tree.config))
    os.environ["KCONFIG_CONFIG"] = tree.config
    kconf.warn = False
    gone = _end_with_terminal(menuconfig)
    try:
        menuconfig.menuconfig(kconf)
    except BaseException:
        if not gone:
            raise
        try:
            sys.stderr.write("meso: menuconfig: terminal gone ({}); {} not "
                             "saved\n".format(gone[0], tree.show(tree.config)))
        except OSError:
            pass
        sys.exit(129)


def cmd_gen(tree, args):
    from . import board, model, render, validate
    kconf = _loaded(tree)
    brd = board.load_board(tree.trees, kconf.syms["BOARD"].str_value)
    product, errors = model.build_product(kconf, brd)
    errors += validate.validate(product, tree.srctree, tree.objtree, tree.trees)
    if errors:
        raise ConfigError(errors)
    files = render.outputs(product, kconf, ".config", tree.srctree,
                           tree.objtree, tree.trees)
    written, removed = render.write_outputs(tree.gendir, files)
    if args.verbose:
        for rel in written:
            print("  updated gen/" + rel)
        for rel in removed:
            print("  removed gen/" + rel)
    if args.print_map:
        sys.stdout.write(files["partition-map.txt"].split("\n", 1)[1])


def _about(path):
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    return first[1:].strip() if first.startswith("#") else ""


def cmd_list_defconfigs(tree, args):
    for kind, title in (("product", "Products (make <name>)"),
                        ("fragment", "Fragments (make <name>.config, after a defconfig)")):
        entries = tree.trees.listing(kind)
        names = [os.path.basename(p) for _label, p in entries]
        label = None
        for root, path in entries:
            if root != label:
                label = root
                print("{} from {}:".format(title, "meso" if root == "meso" else root))
            name = os.path.basename(path)
            clash = "  [clash: defined in more than one tree]" if names.count(name) > 1 else ""
            print("  {:28} {}{}".format(name, _about(path), clash))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="mesoconf")
    parser.add_argument("--srctree", default=".")
    parser.add_argument("--objtree", default=".")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--external", default="",
                        help="external trees, separated by ':' (MESO_EXTERNAL)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("defconfig")
    p.add_argument("file", nargs="?")
    p.add_argument("--product", help="NAME: configs/NAME_defconfig of a tree")
    p = sub.add_parser("merge")
    p.add_argument("fragments", nargs="*")
    p.add_argument("--fragment", action="append", default=[],
                   help="NAME: configs/fragments/NAME.config of a tree")
    sub.add_parser("olddefconfig")
    sub.add_parser("oldconfig")
    sub.add_parser("savedefconfig").add_argument("out")
    sub.add_parser("menuconfig")
    sub.add_parser("gen").add_argument("--print-map", action="store_true")
    sub.add_parser("list-defconfigs")
    args = parser.parse_args(argv)
    handler = globals()["cmd_" + args.cmd.replace("-", "_")]
    try:
        tree = Tree(args.srctree, args.objtree,
                    [p for p in args.external.split(":") if p])
        handler(tree, args)
    except ConfigError as e:
        for msg in e.messages:
            sys.stderr.write("meso: error: {}\n".format(msg))
        n = len(e.messages)
        if n > 1:
            sys.stderr.write("meso: {} errors, nothing written\n".format(n))
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 141
    except KeyboardInterrupt:
        sys.stderr.write("meso: interrupted\n")
        return 130
    except Exception as e:  # never a traceback for a user
        if os.environ.get("MESO_DEBUG"):
            raise
        sys.stderr.write("meso: internal error: {}: {} (run with MESO_DEBUG=1 "
                         "and report it)\n".format(type(e).__name__, e))
        return 2
    return 0
