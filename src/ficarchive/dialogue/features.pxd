# The C attributes of `features.py`'s typed classes (Cython reads this file
# beside the .py when it compiles it, and when `beam.py` cimports `Rows`).

cdef class Rows:
    cdef public Py_ssize_t count
    cdef public int[::1] offsets
    cdef public int[::1] ids
    cdef public double[::1] values
    cpdef bint has(self, Py_ssize_t j, int feature)


cdef class FeatureBuilder:
    cdef public list names
    cdef public dict ids
    cdef int[::1] gender
    cdef public int narrator_id
    cdef long long[::1] first_named
    cdef long long[::1] starts
    cdef long long[::1] ends
    cdef int[::1] subject
    cdef int[::1] mention_offsets
    cdef long long[::1] chains
    cdef int[::1] chain_offsets
    cdef object prepare
    cdef int[::1] ready
    cdef int[::1] family_title
    cdef int[::1] constant_count
    cdef int[::1] constant_ids
    cdef double[::1] constant_values
    cdef int[::1] marks
    cdef int[::1] members
    cdef double[::1] scores
    cdef object out_ids_array
    cdef object out_values_array
    cdef int[::1] out_ids
    cdef double[::1] out_values
    cdef object zero_offsets
    cdef _prepare(self, int c)
    cdef _mark(self, names, int bit)
    cdef _unmark(self, around)
