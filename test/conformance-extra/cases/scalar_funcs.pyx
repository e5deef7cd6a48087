# Functions: module globals and `global`, defaults, keyword-only
# arguments and arity errors, cpdef/cdef/def calling each other,
# recursion, except -1 / except? -1 / except * / no except clause,
# nogil functions and with gil blocks.

cdef int counter = 0
cdef double total = 0.0
cdef long long big_total = 0
cdef bint flag = False
limit = 10
name_list = []

def bump(int by=1):
    global counter
    counter += by
    return counter

def get_counter():
    return counter

def reset():
    global counter, total, flag
    counter = 0
    total = 0.0
    flag = False

def add_total(double x):
    global total
    total += x
    return total

def toggle():
    global flag
    flag = not flag
    return flag

def add_big(long long x):
    global big_total
    big_total += x
    return big_total

def read_limit():
    return limit

def set_limit(v):
    global limit
    old = limit
    limit = v
    return old

def remember(s):
    name_list.append(s)
    return len(name_list)

def shadow_global(int counter):
    # the parameter shadows the module global
    return counter * 2

def defaults(int a, int b=2, double c=0.5, bint d=True):
    return (a, b, c, d)

def kwonly(int a, *, int b, int c=3):
    return a * 100 + b * 10 + c

def kwonly_after_default(int a=1, *, double scale=1.0):
    return a * scale

def mixed_objs(a, b=None, *, c="x"):
    return (a, b, c)

def none_default(x=None):
    if x is None:
        return "none"
    return x

def str_default(str s="abc", int n=2):
    return s * n

cpdef int twice(int x):
    return 2 * x

cpdef double cp_default(double x, double y=10.0):
    return x + y

cdef int cdef_default(int x, int y=5):
    return x - y

def call_cdef_default(int x):
    return (cdef_default(x), cdef_default(x, 1), cdef_default(x, y=2))

cpdef long long fact(int n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

def fact_list(int n):
    return [fact(i) for i in range(n)]

cdef int depth(int n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)

def call_depth(int n):
    return depth(n)

def py_recursive(n):
    if n <= 1:
        return 1
    return n * py_recursive(n - 1)

cdef int hanoi_moves(int n, int a, int b, int c):
    if n == 0:
        return 0
    return hanoi_moves(n - 1, a, c, b) + 1 + hanoi_moves(n - 1, c, b, a)

def hanoi(int n):
    return hanoi_moves(n, 1, 2, 3)

cdef int check_pos(int x) except -1:
    if x < 0:
        raise ValueError("negative: %d" % x)
    return x

cdef int maybe_neg(int x) except? -1:
    if x == 0:
        raise ValueError("zero")
    return x

cdef void void_raise(int x) except *:
    if x > 5:
        raise OverflowError("too big")

cdef int no_except(int x):
    if x < 0:
        raise ValueError("lost")
    return x + 1

cdef double dbl_except(double x) except? -1.0:
    if x != x:
        raise ValueError("nan input")
    return x * 2

def use_check_pos(int x):
    return check_pos(x) + 1

def use_maybe_neg(int x):
    return maybe_neg(x)

def use_void_raise(int x):
    void_raise(x)
    return "ok"

def use_no_except(int x):
    cdef int r = no_except(x)
    return r

def use_dbl_except(double x):
    return dbl_except(x)

def catch_check_pos(int x):
    try:
        return check_pos(x)
    except ValueError as e:
        return "caught: " + str(e)

def catch_void(int x):
    try:
        void_raise(x)
    except OverflowError:
        return "overflow"
    return "fine"

cpdef int cp_raise(int x) except -1:
    if x == 13:
        raise KeyError(x)
    return x

cdef int nogil_sum(int n) nogil:
    cdef int i, s = 0
    for i in range(n):
        s += i
    return s

def nogil_block(int n):
    cdef int r
    with nogil:
        r = nogil_sum(n)
    return r

cdef int nogil_except(int x) nogil except -1:
    if x < 0:
        with gil:
            raise ValueError("negative in nogil")
    return x * 3

def use_nogil_except(int x):
    cdef int r
    with nogil:
        r = nogil_except(x)
    return r

def with_gil_print(int n):
    cdef int i, s = 0
    with nogil:
        for i in range(n):
            s += i
        with gil:
            print("s =", s)
    return s

cdef inline int sq(int x) nogil:
    return x * x

def inline_use(int x):
    return sq(x) + sq(x + 1)

def early_return(int x):
    if x > 0:
        return "pos"
    elif x < 0:
        return "neg"

def returns_none_implicitly(int x):
    cdef int y = x + 1

def multiple_returns(int x):
    return x, x * 2, x * 3

def one(int x):
    return x

def one_obj(x):
    return x

def zero():
    return 1

def two(int x, int y):
    return x - y

def kwo(*, int x):
    return x
