# The C attributes of `features.py`'s typed classes (Cython reads this file
# beside the .py when it compiles it, and when `beam.py` cimports `Rows`).

cdef double* as_doubles(object table)


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
    cdef int[::1] seen
    cdef int[::1] members
    cdef double[::1] scores
    cdef int[::1] out_ids
    cdef double[::1] out_values
    cdef Py_ssize_t out_used
    cdef int[::1] out_offsets
    cdef Py_ssize_t offsets_used
    cdef long long[::1] sentence_starts
    cdef Py_ssize_t sentence_count
    cdef long long[::1] mention_starts
    cdef int[::1] mention_members
    cdef Py_ssize_t mention_count
    cdef long long[::1] male_positions
    cdef int[::1] male_members
    cdef Py_ssize_t male_count
    cdef long long[::1] female_positions
    cdef int[::1] female_members
    cdef Py_ssize_t female_count
    cdef long long[::1] first_person
    cdef Py_ssize_t first_person_count
    cdef long long[::1] quote_starts
    cdef long long[::1] quote_ends
    cdef Py_ssize_t quote_count
    cdef int[::1] speakers
    cdef int[::1] fixed
    cdef int[::1] linked
    cdef int[::1] addressees
    cdef int[::1] addressee_offsets
    cdef long long text_length
    cdef str text
    cdef object subject_pronoun
    cdef int said_referent
    cdef Py_ssize_t cast_count
    cdef bint every_member
    cdef _prepare(self, int c)
    cdef _room(self, Py_ssize_t features, Py_ssize_t offsets)
    cdef inline Py_ssize_t _flag(self, Py_ssize_t at, int feature) noexcept
    cdef _mark_addressees(self, Py_ssize_t i, int bit)
    cdef Py_ssize_t _candidates(self, Py_ssize_t i, long long near, long long ahead)
    cdef bint _inside_quote(self, long long pos)
    cdef int _pronoun_subject(self, long long pos, bint before)
    cdef int _referent(self, long long[::1] positions, int[::1] members, Py_ssize_t count, long long pos)
