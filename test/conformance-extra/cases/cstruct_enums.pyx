# Enums: anonymous enums, implicit values after explicit ones, negative
# values, cpdef enums, enum arithmetic and bit flags, enums in structs and
# as parameters, casts to and from int, sizeof.

cdef enum:
    SMALL = 4
    MEDIUM
    LARGE = SMALL * 4

cdef enum Dir:
    NORTH
    EAST
    SOUTH
    WEST

cdef enum Level:
    LOW = -1
    MID
    HIGH = 10
    HIGHER

cpdef enum Flag:
    F_READ = 1
    F_WRITE = 2
    F_EXEC = 4

ctypedef enum Shape:
    CIRCLE = 3
    SQUARE
    TRIANGLE = 7

cdef struct Robot:
    Dir facing
    int x
    int y

cdef Dir turn_right(Dir d):
    return <Dir>((d + 1) % 4)

cdef Dir turn_left(Dir d):
    if d == NORTH:
        return WEST
    return <Dir>(d - 1)

def anon():
    cdef int buf[MEDIUM]
    buf[0] = 1
    return (SMALL, MEDIUM, LARGE, sizeof(buf))

def levels():
    return [LOW, MID, HIGH, HIGHER]

def shapes():
    cdef Shape s = SQUARE
    return (CIRCLE, s, TRIANGLE, s + 1)

def flags(bint r, bint w, bint x):
    cdef int f = 0
    if r:
        f |= F_READ
    if w:
        f |= F_WRITE
    if x:
        f = f | F_EXEC
    return f

def has_flag(int f, int which):
    return (f & which) != 0

def flag_value(Flag f):
    return f

def all_flags():
    return F_READ | F_WRITE | F_EXEC

def walk(list cmds):
    cdef Robot r
    r.facing = NORTH
    r.x = 0
    r.y = 0
    for c in cmds:
        if c == 'R':
            r.facing = turn_right(r.facing)
        elif c == 'L':
            r.facing = turn_left(r.facing)
        else:
            if r.facing == NORTH:
                r.y += 1
            elif r.facing == SOUTH:
                r.y -= 1
            elif r.facing == EAST:
                r.x += 1
            else:
                r.x -= 1
    return r

def dir_from_int(int i):
    cdef Dir d = <Dir>i
    return (d, d == WEST, d > EAST)

def enum_arith():
    cdef Dir d = SOUTH
    cdef int k = d * 10 + WEST
    cdef double h = d / 4
    return (k, h, -d, d << 2, WEST - NORTH)

def enum_param(Dir d):
    return turn_right(d)

def sizes():
    cdef Dir d = EAST
    return (sizeof(Dir), sizeof(Flag), sizeof(Level), sizeof(d), sizeof(Robot))

def enum_array():
    cdef Dir[4] ds = [WEST, SOUTH, EAST, NORTH]
    cdef int i, s = 0
    for i in range(4):
        s = s * 10 + ds[i]
    return (s, ds[0])

def enum_compare(int a, int b):
    cdef Level x = <Level>a
    cdef Level y = <Level>b
    return (x < y, x == y, x >= HIGH, y == LOW)
