"""The one compiled part: pipelines/parse/_fastcss.pyx (selector lists matched in C over the
Lexbor tree selectolax builds). Everything else is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
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
)
