"""pyaot in a setuptools build (setup.py / setup.cfg projects): each
PyaotPackage is compiled by pyaot when build_ext runs (bdist_wheel and
`pip wheel` run it), into the build directory as the backend lays it out
(compiling.py): one .so inside the package directory, data files beside
it, and no .py files of the package unless ship_sources.

    from setuptools import setup
    from pyaot_build.setuptools import PyaotPackage, build_ext

    setup(ext_modules=[PyaotPackage("shapes")], cmdclass={"build_ext": build_ext})

An in-place build_ext (setup.py develop, editable installs) compiles
nothing: the sources stay importable.
"""
import os

from setuptools import Extension
from setuptools.command.build_ext import build_ext as setuptools_build_ext
from setuptools.errors import CompileError

from . import compiling, project


class PyaotPackage(Extension):
    """A top-level package that pyaot compiles into one .so.
    exclude: fnmatch patterns below the package's parent ("shapes/tests")."""

    def __init__(self, package, opt_level=2, exclude=(), ship_sources=False):
        # The name makes build_ext's own paths and checks see the .so where
        # it goes: inside the package directory.
        super().__init__(package + ".__init__", sources=[])
        self.package = package
        self.opt_level = opt_level
        self.exclude = list(exclude)
        self.ship_sources = ship_sources


class build_ext(setuptools_build_ext):
    """setuptools' build_ext that builds PyaotPackage extensions with pyaot."""

    def build_extension(self, ext):
        if not isinstance(ext, PyaotPackage):
            return super().build_extension(ext)
        if self.inplace:
            self.announce(f"pyaot: {ext.package} stays source in an in-place build", level=2)
            return None
        source = self.get_finalized_command("build_py").get_package_dir(ext.package)
        target = project.Target(os.path.abspath(source), ext.package)
        try:
            compiling.build_target(target, self.build_lib, ext.opt_level, ext.exclude,
                                   ext.ship_sources)
        except project.BuildError as error:
            raise CompileError(str(error)) from None
        return None
