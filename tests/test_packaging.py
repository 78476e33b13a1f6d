"""What the wheel ships is what the checkout holds: every Python package and every data file.

The package list and the package-data globs in ``pyproject.toml`` are written by hand (the data
folders live at the top of the repository and are mapped into ``safetycase_kg.data``). A new
subpackage or a data file in a new subfolder that the list does not name installs a wheel that fails
at import or at load; ``test_wheel.py`` finds that by building and installing, this finds it in a
second and names what is missing.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def tracked(folder: Path) -> set[Path]:
    """The files git tracks under ``folder`` (generated files never ship)."""
    listed = subprocess.run(["git", "ls-files", "-z", str(folder)], cwd=ROOT, capture_output=True, check=True)
    return {ROOT / name for name in listed.stdout.decode().split("\0") if name}


def package_folder(package: str) -> Path:
    mapped = SETUPTOOLS.get("package-dir", {}).get(package)
    return ROOT / (mapped or package.replace(".", "/"))


def test_every_python_package_in_the_checkout_is_listed():
    on_disk = {str(init.parent.relative_to(ROOT)).replace("/", ".") for init in (ROOT / "safetycase_kg").rglob("__init__.py")}
    missing = on_disk - set(SETUPTOOLS["packages"])
    assert not missing, f"pyproject.toml [tool.setuptools] packages lacks {sorted(missing)}"


def test_every_data_file_in_the_checkout_is_shipped():
    folders = {package: package_folder(package) for package in SETUPTOOLS["packages"]}
    shipped: set[Path] = set()
    for package, globs in SETUPTOOLS.get("package-data", {}).items():
        for pattern in globs:
            shipped |= set(folders[package].glob(pattern))
    missing = []
    for package, folder in folders.items():
        inner = {f for p, f in folders.items() if p != package and folder in f.parents}
        for file in tracked(folder):
            if file.suffix == ".py" or any(sub in file.parents for sub in inner):
                continue
            if file not in shipped:
                missing.append(str(file.relative_to(ROOT)))
    assert not missing, f"package-data globs in pyproject.toml do not ship {sorted(missing)}"
