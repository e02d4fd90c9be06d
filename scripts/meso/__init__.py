"""meso's configuration generator.

Four stages, one module each, run in this order by cli.py:

    load      Kconfig + .config (kconfiglib), every assignment checked
    model     one frozen Product built from the symbols
    validate  every rule, all errors collected, nothing written on failure
    render    Jinja2 templates fed only the validated model and its plan

plan.py derives what the templates need (vectors, TPR values, bitmaps,
boot memory maps, map geometry) from a validated Product.
"""
