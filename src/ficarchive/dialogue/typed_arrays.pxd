# The C functions of `typed_arrays.py`, for the typed modules that cimport
# them (a call through the interpreter to `zeros` cost some 450 instructions,
# and a text's slot index made a few dozen arrays).

cdef object _zeros(str code, Py_ssize_t n)
cdef void *_buffer_of(object values, Py_UCS4 code) except *
