"""What the typed modules (`SOURCES` in setup.py) use of the `cython` module, as no-ops, for plain
Python without Cython installed: types index like arrays, declarations give
their value, and directives and decorators hand back what they decorate."""


class _Type:
    def __getitem__(self, dims):
        return self


double = int = uint = uchar = ushort = longlong = ulonglong = bint = Py_ssize_t = Py_UCS4 = _Type()
p_void = p_char = p_double = p_int = p_longlong = _Type()


def _keep(function):
    return function


def _directive(*args, **kwargs):
    return _keep


def fused_type(*types):
    return _Type()


def declare(type_, value=None):
    return value


boundscheck = wraparound = cdivision = locals = exceptval = initializedcheck = _directive
cfunc = ccall = cclass = inline = _keep
compiled = False
