# pyaot compiles the package shapes into one .so when build_ext runs; its
# data files (shapes/polygons/units.json) ship beside it.
from setuptools import setup

from pyaot_build.setuptools import PyaotPackage, build_ext

setup(ext_modules=[PyaotPackage("shapes")], cmdclass={"build_ext": build_ext})
