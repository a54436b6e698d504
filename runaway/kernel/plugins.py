"""Compiled functions of plugged parts (abuse kinds, user parts), called through an address.

The model's kernel is compiled once and cached; the parts that differ from one scenario to
the next (the abuse kind, extra sub-models a user registers) are separate compiled functions
whose machine-code addresses travel in the packed integer parameters. The kernel calls them
through :func:`call_part`, a numba intrinsic that casts the address to a C function pointer.
Cost: one indirect call (~1 ns); no recompilation of the kernel for a new part; a part written
in a user's own file works with the cached kernel.

A part function is written as a plain Python function that numba can compile::

    def heat_source(time, y, mode, fp, ip, params, iparams, bus, dy):
        ...

with ``time`` [s], ``y`` the state vector, ``mode`` the integer mode flags, ``fp``/``ip`` the
model's packed parameters (for shared helpers such as :func:`runaway.kernel.electrical`),
``params``/``iparams`` the part's own float and integer blocks, ``bus`` the shared
intermediate quantities (:mod:`runaway.kernel.bus`) and ``dy`` the time derivative being
assembled. :func:`part_function` turns it into a :class:`PartFunction`.

References
----------
S. K. Lam, A. Pitrou, S. Seibert, Numba: a LLVM-based Python JIT compiler, Proc. LLVM-HPC
(2015), DOI 10.1145/2833157.2833162 (``cfunc``, ``carray`` and ``intrinsic``).
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from llvmlite import ir
from numba import carray, cfunc, njit, types
from numba.core.errors import TypingError
from numba.extending import intrinsic

_F8P = types.CPointer(types.float64)
_I8P = types.CPointer(types.int64)
#: C signature of every part function: (time, y, n_y, mode, n_mode, fp, n_fp, ip, n_ip,
#: params offset, params size, iparams offset, iparams size, bus, n_bus, dy).
C_SIGNATURE = types.void(
    types.float64,
    _F8P,
    types.int64,
    _I8P,
    types.int64,
    _F8P,
    types.int64,
    _I8P,
    types.int64,
    types.int64,
    types.int64,
    types.int64,
    types.int64,
    _F8P,
    types.int64,
    _F8P,
)


@intrinsic
def call_part(typingctx, address, time, y, mode, fp, ip, block, bus, dy):
    """Call the part function at ``address`` (an int64 from :attr:`PartFunction.address`).

    ``block`` holds (params offset, params size, iparams offset, iparams size) of the part.
    The arrays must be one-dimensional and C-contiguous, float64 (``y``, ``fp``, ``bus``,
    ``dy``) or int64 (``mode``, ``ip``, ``block``), and ``time`` a float64: the part reads
    them through raw pointers, so anything else is refused when the caller is compiled.
    """
    for label, value, dtype in (
        ("y", y, types.float64),
        ("mode", mode, types.int64),
        ("fp", fp, types.float64),
        ("ip", ip, types.int64),
        ("block", block, types.int64),
        ("bus", bus, types.float64),
        ("dy", dy, types.float64),
    ):
        if not (
            isinstance(value, types.Array)
            and value.ndim == 1
            and value.dtype == dtype
            and value.layout == "C"
        ):
            raise TypingError(f"call_part: {label} must be a 1-d C-contiguous {dtype} array")
    if time != types.float64 or address != types.int64:
        raise TypingError("call_part: time must be float64 and address int64")
    signature = types.void(address, time, y, mode, fp, ip, block, bus, dy)

    def codegen(context, builder, sig, args):
        address_v, time_v, y_v, mode_v, fp_v, ip_v, block_v, bus_v, dy_v = args

        def data_and_size(index, value):
            array = context.make_array(sig.args[index])(context, builder, value)
            return array.data, builder.extract_value(array.shape, 0)

        y_data, y_size = data_and_size(2, y_v)
        mode_data, mode_size = data_and_size(3, mode_v)
        fp_data, fp_size = data_and_size(4, fp_v)
        ip_data, ip_size = data_and_size(5, ip_v)
        block_data, _ = data_and_size(6, block_v)
        bus_data, bus_size = data_and_size(7, bus_v)
        dy_data, _ = data_and_size(8, dy_v)
        block = [builder.load(builder.gep(block_data, [ir.IntType(64)(i)])) for i in range(4)]
        i64, f64 = ir.IntType(64), ir.DoubleType()
        c_type = ir.FunctionType(
            ir.VoidType(),
            [f64, f64.as_pointer(), i64, i64.as_pointer(), i64, f64.as_pointer(), i64]
            + [i64.as_pointer(), i64, i64, i64, i64, i64, f64.as_pointer(), i64]
            + [f64.as_pointer()],
        )
        pointer = builder.inttoptr(address_v, c_type.as_pointer())
        builder.call(
            pointer,
            [time_v, y_data, y_size, mode_data, mode_size, fp_data, fp_size, ip_data, ip_size]
            + block
            + [bus_data, bus_size, dy_data],
        )
        return context.get_dummy_value()

    return signature, codegen


class PartFunction:
    """A part's compiled function, built on first use.

    Parameters
    ----------
    function : callable
        ``f(time, y, mode, fp, ip, params, iparams, bus, dy)`` in numba's nopython subset.
    cache : bool
        Cache the machine code on disk (numba ``cache=True``); for functions defined in a
        package's modules. Functions defined in scripts or tests compile in ~0.3 s per process.
    """

    def __init__(self, function: Callable, cache: bool = True):
        self.function = function
        self.cache = cache
        self._compiled = None

    @property
    def name(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"

    @property
    def address(self) -> int:
        """Address of the C-callable machine code [int] (compiles on first access)."""
        if self._compiled is None:
            self._compiled = _c_wrapper(self.function, self.cache and _importable(self.function))
        return self._compiled.address

    def __repr__(self) -> str:
        return f"PartFunction({self.name})"


def _importable(function: Callable) -> bool:
    """Whether numba can find ``function`` again in another process (a cached wrapper refers
    to it by module): its module must be a real, importable file, not a script or exec'd text."""
    module = sys.modules.get(function.__module__)
    source = getattr(module, "__file__", None)
    return module is not None and function.__module__ != "__main__" and bool(source)


def part_function(function: Callable | None = None, *, cache: bool = True):
    """Decorator: make ``function`` a :class:`PartFunction` (see the module docstring).

    Examples
    --------
    >>> @part_function(cache=False)
    ... def constant_power(time, y, mode, fp, ip, params, iparams, bus, dy):
    ...     bus[B_ABUSE_HEAT_RATE] = params[0]  # doctest: +SKIP
    """
    if function is None:
        return lambda f: PartFunction(f, cache)
    return PartFunction(function, cache)


#: The C wrapper of every part function. Compiled from this text under this file's name, with
#: the part's compiled function as the global ``inner`` (not a closure variable, whose pickle
#: differs between processes and would defeat numba's cache).
_WRAPPER = """
def wrapper(time, y, n_y, mode, n_mode, fp, n_fp, ip, n_ip, f0, fn, i0, i_n, bus, n_bus, dy):
    fp_view = carray(fp, n_fp)
    ip_view = carray(ip, n_ip)
    inner(
        time,
        carray(y, n_y),
        carray(mode, n_mode),
        fp_view,
        ip_view,
        fp_view[f0 : f0 + fn],
        ip_view[i0 : i0 + i_n],
        carray(bus, n_bus),
        carray(dy, n_y),
    )
"""


@functools.cache
def _module_digest(module_name: str) -> str:
    """Digest of a part's module source and of runaway's compiled sources [hex]."""
    from runaway.kernel.cache import source_fingerprint

    module = sys.modules.get(module_name)
    source = Path(getattr(module, "__file__", None) or "")
    digest = hashlib.sha256(source.read_bytes() if source.is_file() else module_name.encode())
    digest.update(source_fingerprint().encode())
    return digest.hexdigest()[:16]


def _c_wrapper(function: Callable, cache: bool):
    # the part's own function is compiled without a cache of its own: its machine code is
    # linked into the wrapper, whose cache entry is named after a digest of the part's module
    # and of runaway's compiled sources, so an edit to either compiles both afresh
    namespace = {"carray": carray, "inner": njit(cache=False)(function), "__name__": __name__}
    exec(compile(_WRAPPER, __file__, "exec"), namespace)  # noqa: S102 (fixed text above)
    wrapper = namespace["wrapper"]
    wrapper.__qualname__ = "{}__{}__{}".format(
        function.__module__.replace(".", "_"),
        function.__qualname__.replace(".", "_").replace("<", "").replace(">", ""),
        _module_digest(function.__module__),
    )
    wrapper.__name__ = wrapper.__qualname__
    return cfunc(C_SIGNATURE, cache=cache)(wrapper)


__all__ = ["C_SIGNATURE", "PartFunction", "call_part", "part_function"]
