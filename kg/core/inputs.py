"""Input files checked before they are read: a regular file inside its folder, no larger than a limit.

Every command checks the files it reads with :func:`check_input` (curated
data, and the ontology, shapes, queries, RDF and texts named on the command
line), so a clean build, an incremental rebuild and the other commands accept
and reject the same files with the same line:

* a regular file is read;
* a symlink is followed only to a regular file inside the same root folder
  (a data folder may link one file to another of its own);
* a symlink leaving the folder, a symlink loop, a dangling symlink, a folder,
  a device, a pipe or a socket is a :class:`~kg.core.errors.DataError` (a
  pipe would have the command wait for ever);
* a file larger than ``max_bytes`` is a :class:`~kg.core.errors.LimitError`
  (exit 3), which names the option that raises the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kg.core.errors import DataError, LimitError, OntologyError

#: The default largest input file: far above any curated file (the first source's facts are 0.1 MB).
DEFAULT_MAX_FILE_BYTES = 64 * 2**20
#: What a message about the size limit tells the user to give.
LIMIT_OPTION = "--max-file-size"


def check_input(path: Path, shown: str, root: Path | None = None,
                max_bytes: int | None = DEFAULT_MAX_FILE_BYTES) -> int:
    """Check that ``path`` is a regular file, inside ``root`` when given (see the module docstring); return
    its size. A file given on the command line (``root`` None) may be a symlink to anywhere."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise DataError(shown, "file not found") from None
    except OSError as exc:
        raise DataError(shown, f"cannot be read ({exc.strerror})") from None
    if stat.S_ISLNK(st.st_mode):
        try:
            target = Path(path).resolve(strict=True)
        except FileNotFoundError:
            raise DataError(shown, "a symlink to nothing (its target does not exist)", os.readlink(path)) from None
        except (RuntimeError, OSError):  # a loop: RuntimeError in Python 3.11, OSError (ELOOP) later
            raise DataError(shown, "a symlink loop") from None
        if root is not None and not target.is_relative_to(Path(root).resolve()):
            raise DataError(shown, "a symlink leaving the data folder (only links to files inside it are read)",
                            os.readlink(path))
        st = os.stat(target)
    if stat.S_ISDIR(st.st_mode):
        raise DataError(shown, "a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise DataError(shown, "not a regular file (a device, pipe or socket)")
    if max_bytes is not None and st.st_size > max_bytes:
        raise LimitError(shown, f"{st.st_size} bytes, over the limit of {max_bytes} (raise it with "
                                f"{LIMIT_OPTION})")
    return st.st_size


def check_project_file(path: Path, what: str) -> None:
    """:func:`check_input` for the ontology or shapes a build reads (``what``: "ontology", "shapes"): not
    found, a folder, a pipe are the project's files' fault, an :class:`~kg.core.errors.OntologyError`."""
    try:
        check_input(Path(path), str(path), max_bytes=None)
    except DataError as exc:
        raise OntologyError(exc.where, exc.message.replace("file not found", f"{what} file not found"),
                            exc.value) from None


def parse_size(text: str) -> int:
    """A size as a user writes it: ``64M``, ``2G``, ``500K``, ``1048576`` (bytes; K, M, G are powers of 1024).

    >>> parse_size("64M"), parse_size("2g"), parse_size("1000")
    (67108864, 2147483648, 1000)
    """
    t = text.strip().upper().removesuffix("B")
    scale = {"K": 2**10, "M": 2**20, "G": 2**30}.get(t[-1:], 1)
    digits = t[:-1] if scale != 1 else t
    if not digits.isdigit() or int(digits) == 0:
        raise ValueError(f"not a size (such as 64M, 2G or 1048576): {text!r}")
    return int(digits) * scale
