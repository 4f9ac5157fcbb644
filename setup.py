"""Build hook: ship the sample workspace and the built-in templates inside the wheel.

The canonical copies live at the top level (inputs/, templates/) where clerks and
reviewers find them; the wheel carries them as generator/_bundled/ so that
`wuhua init` works from a non-editable install.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildPyWithSamples(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # editable installs read inputs/ and templates/ in place
        for name in ("inputs", "templates"):
            target = Path(self.build_lib) / "generator" / "_bundled" / name
            shutil.copytree(HERE / name, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithSamples})
