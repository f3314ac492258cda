"""tqc: a translation quality checker for Chinese -> English.

Python API::

    import tqc
    report = tqc.check(chinese_text, english_text, glossary="terms.tsv")
    print(tqc.render(report, "json"))
"""
__version__ = "0.1.0"


def check(source_text, target_text, glossary=None, config=None):
    """Run the whole pipeline on two texts; see :func:`tqc.pipeline.check`."""
    from .pipeline import check as _check

    return _check(source_text, target_text, glossary=glossary, config=config)


def render(report, format="text", **options):
    """Render a Report in any output format (``tqc.reporters.FORMATS``)."""
    from .reporters import render as _render

    return _render(report, format, **options)


__all__ = ["__version__", "check", "render"]
