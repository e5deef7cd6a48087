# Loops: nested break/continue/else, while-else, for-from loops, range with
# negative, zero and run-time steps, loop variables after the loop, early
# returns, try/finally inside loops, loops over C and Python values.

def range_step(int a, int b, int s):
    cdef int i
    out = []
    for i in range(a, b, s):
        out.append(i)
    return out

def range_step_ll(long long a, long long b, long long s):
    cdef long long i
    cdef long long n = 0
    cdef long long last = -1
    for i in range(a, b, s):
        n += 1
        last = i
    return (n, last)

def range_step_py(a, b, s):
    out = []
    for i in range(a, b, s):
        out.append(i)
    return out

def range_count(int n):
    cdef int i, c = 0
    for i in range(n):
        c += 1
    return c

def range_unsigned(unsigned int n):
    cdef unsigned int i
    cdef unsigned long long s = 0
    for i in range(n):
        s += i
    return s

def range_near_max(int start):
    # the loop must stop at INT_MAX without wrapping around
    cdef int i
    cdef int c = 0
    for i in range(start, 2147483647):
        c += 1
    return (c, i)

def range_down_to_min(int start):
    cdef int i
    cdef int c = 0
    for i in range(start, -2147483648, -1):
        c += 1
    return c

def loop_var_after(int n):
    cdef int i = 99
    for i in range(n):
        pass
    return i

def loop_var_after_step(int a, int b, int s):
    cdef int i = -99
    for i in range(a, b, s):
        pass
    return i

def loop_var_after_break(int n, int stop):
    cdef int i = -1
    for i in range(n):
        if i == stop:
            break
    return i

def py_loop_var_after(n):
    i = "unset"
    for i in range(n):
        pass
    return i

def modify_loop_var(int n):
    # assigning to the loop variable does not change the iteration
    cdef int i
    out = []
    for i in range(n):
        out.append(i)
        i += 10
    return out

def modify_bound(int n):
    # the range bound is evaluated once
    cdef int i, c = 0
    for i in range(n):
        n -= 1
        c += 1
    return (c, n)

def nested_else(int n):
    cdef int i, j
    out = []
    for i in range(n):
        for j in range(n):
            if j == i:
                break
        else:
            out.append(("no-break", i))
            continue
        out.append(("break", i, j))
    else:
        out.append("outer-done")
    return out

def while_else_loop(int n, int stop):
    cdef int i = 0
    while i < n:
        i += 1
        if i == stop:
            break
    else:
        return ("else", i)
    return ("break", i)

def while_continue_else(int n):
    cdef int i = 0, s = 0
    while i < n:
        i += 1
        if i % 2:
            continue
        s += i
    else:
        s = -s
    return s

def for_else_empty(int n):
    cdef int i
    for i in range(n):
        return "looped"
    else:
        return "empty"

def continue_in_else(int n):
    cdef int i, j, c = 0
    for i in range(n):
        for j in range(3):
            pass
        else:
            c += 1
            continue
        c += 100
    return c

def for_from_up(int n):
    cdef int i
    out = []
    for i from 0 <= i < n:
        out.append(i)
    return out

def for_from_incl(int a, int b):
    cdef int i
    out = []
    for i from a <= i <= b:
        out.append(i)
    return out

def for_from_down(int n):
    cdef int i
    out = []
    for i from n > i >= 0:
        out.append(i)
    return out

def for_from_by(int n, int step):
    cdef int i
    out = []
    for i from 0 <= i < n by step:
        out.append(i)
    return out

def for_from_after(int n):
    cdef int i
    for i from 0 <= i < n:
        pass
    return i

def early_return_nested(int n, int target):
    cdef int i, j
    for i in range(n):
        for j in range(n):
            if i * n + j == target:
                return (i, j)
    return None

def finally_in_loop(int n):
    cdef int i
    log = []
    for i in range(n):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            log.append(i)
        finally:
            log.append("f%d" % i)
    return log

def return_in_finally_loop(int n):
    cdef int i
    log = []
    for i in range(n):
        try:
            if i == 2:
                return log
        finally:
            log.append(i)
    return log

def try_except_loop(list items):
    out = []
    for x in items:
        try:
            out.append(10 // x)
        except ZeroDivisionError:
            out.append("div0")
            continue
        except TypeError:
            out.append("type")
            break
    return out

def while_true_break(int n):
    cdef int i = 0
    while True:
        i += 3
        if i > n:
            break
    return i

def while_cond_side(int n):
    cdef int i = n
    cdef int c = 0
    while i > 0 and c < 100:
        i //= 2
        c += 1
    return c

def loop_over_list(list xs):
    cdef double s = 0
    for x in xs:
        s += x
    return s

def loop_over_tuple_unpack(list pairs):
    out = []
    for a, b in pairs:
        out.append(a * b)
    return out

def enumerate_loop(list xs):
    out = []
    for i, x in enumerate(xs):
        if i % 2 == 0:
            out.append(x)
    return out

def enumerate_start(list xs):
    return [i for i, x in enumerate(xs, 10)]

def zip_loop(list a, list b):
    cdef int s = 0
    for x, y in zip(a, b):
        s += x * y
    return s

def reversed_step(int n):
    cdef int i
    return [i for i in reversed(range(n))]

def sum_generator(int n):
    return sum(i * i for i in range(n))

def nested_comprehension(int n):
    return [[i * j for j in range(i)] for i in range(n)]

def cond_comprehension(int n):
    return [i for i in range(n) if i % 3 == 0 if i % 2 == 0]

def dict_comp(int n):
    return {i: i * i for i in range(n)}

def set_comp(list xs):
    return {x % 3 for x in xs}

def count_down_unsigned(unsigned int n):
    cdef unsigned int i = n
    cdef int c = 0
    while i > 0:
        i -= 1
        c += 1
    return c

def nested_while_break(int n):
    cdef int i = 0, j, c = 0
    while i < n:
        j = 0
        while True:
            if j >= i:
                break
            c += 1
            j += 1
        i += 1
    return c

def loop_with_pass_and_else(int n):
    cdef int i
    r = []
    for i in range(n):
        if i < 2:
            pass
        elif i < 4:
            r.append(i)
        else:
            break
    else:
        r.append("end")
    return r

def range_len(int a, int b, int s):
    return len(range(a, b, s))

def range_index(int n):
    r = range(0, n, 2)
    return (r[0], r[-1], r[1:3][0] if len(r) > 2 else None)
