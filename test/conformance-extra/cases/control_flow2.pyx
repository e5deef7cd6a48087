# Branching and exception flow: if/elif chains on C values (switch-like),
# `in` on constant tuples, short-circuit side effects, try/except/else/
# finally, re-raise, assert, exceptions crossing cdef boundaries.

cdef int calls = 0

cdef bint noisy(bint v):
    global calls
    calls += 1
    return v

def short_circuit(bint a, bint b):
    global calls
    calls = 0
    r1 = noisy(a) and noisy(b)
    n1 = calls
    calls = 0
    r2 = noisy(a) or noisy(b)
    return (r1, n1, r2, calls)

def switch_like(int x):
    if x == 1:
        return "one"
    elif x == 2 or x == 3:
        return "two-three"
    elif x in (4, 5, 6):
        return "four-six"
    elif x == -1:
        return "minus"
    else:
        return "other"

def char_switch(char c):
    if c == 97:
        return 1
    elif c in (98, 99):
        return 2
    return 0

def in_tuple_double(double x):
    return x in (0.5, 1.5, 2.5)

def not_in_tuple(int x):
    return x not in (1, 2, 3)

def nested_if(int a, int b):
    if a > 0:
        if b > 0:
            r = "++"
        elif b < 0:
            r = "+-"
        else:
            r = "+0"
    elif a < 0:
        r = "-" + ("+" if b > 0 else "-" if b < 0 else "0")
    else:
        r = "0"
    return r

def cond_expr_chain(int x):
    return "neg" if x < 0 else "zero" if x == 0 else "small" if x < 10 else "big"

def try_else_finally(int x):
    log = []
    try:
        log.append("try")
        if x == 0:
            raise ValueError("zero")
        log.append(100 // x)
    except ValueError as e:
        log.append("except " + str(e))
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log

def finally_return_overrides(int x):
    try:
        if x:
            raise KeyError("k")
        return "try"
    finally:
        return "finally"

def finally_reraises(int x):
    try:
        if x > 0:
            raise IndexError("idx %d" % x)
    finally:
        x = -1
    return x

def reraise(int x):
    try:
        if x < 0:
            raise ValueError("neg")
        return x
    except ValueError:
        raise

def raise_from_except(int x):
    try:
        return 10 // x
    except ZeroDivisionError:
        raise ArithmeticError("wrapped")

def except_tuple(obj):
    try:
        return int(obj)
    except (ValueError, TypeError) as e:
        return type(e).__name__

def except_base(int x):
    try:
        if x == 1:
            raise KeyError("a")
        if x == 2:
            raise IndexError("b")
        return "none"
    except LookupError as e:
        return "lookup " + type(e).__name__

def assert_positive(int x):
    assert x > 0, "x must be positive, got %d" % x
    return x

def assert_plain(int x):
    assert x != 0
    return 1 // x

cdef int inner_raise(int x) except -1:
    if x > 3:
        raise ValueError("inner %d" % x)
    return x

cdef int middle(int x) except -1:
    return inner_raise(x) + inner_raise(x + 1)

def outer(int x):
    try:
        return middle(x)
    except ValueError as e:
        return str(e)

def outer_uncaught(int x):
    return middle(x)

def raise_in_loop(int n):
    cdef int i
    total = 0
    for i in range(n):
        try:
            if i % 3 == 2:
                raise RuntimeError(i)
            total += i
        except RuntimeError as e:
            total += 1000
    return total

def nested_try(int x):
    log = []
    try:
        try:
            if x == 1:
                raise ValueError("v")
            if x == 2:
                raise TypeError("t")
        except ValueError:
            log.append("inner-v")
        finally:
            log.append("inner-f")
    except TypeError:
        log.append("outer-t")
    return log

def raise_types(int k):
    if k == 0:
        raise ZeroDivisionError("custom zero")
    if k == 1:
        raise OverflowError("custom overflow")
    if k == 2:
        raise NotImplementedError("nie")
    if k == 3:
        raise AttributeError("attr")
    if k == 4:
        raise RuntimeError()
    if k == 5:
        raise Exception("plain")
    return k

def pass_statements(int x):
    if x:
        pass
    else:
        pass
    while False:
        pass
    return x
