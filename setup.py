"""The one compiled part: pipelines/parse/_fastcss.pyx (selector lists matched in C over the
Lexbor tree selectolax builds). Everything else is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

modules = cythonize(
    [
        Extension(
            "pipelines.parse._fastcss",
            ["pipelines/parse/_fastcss.pyx"],
            include_dirs=["pipelines/parse"],
            depends=["pipelines/parse/_lexbor_layout.h"],
        )
    ],
    compiler_directives={"language_level": 3},
)
for module in modules:
    # Without a C compiler the install goes on and select.py leaves every selector to Lexbor
    # (the same results, slower; tests/unit/test_select.py fails such a build here). Set after
    # cythonize(), which does not carry it over.
    module.optional = True

setup(ext_modules=modules)
