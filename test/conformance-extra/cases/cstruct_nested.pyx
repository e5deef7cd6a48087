# Nested structs, struct fields that are arrays or arrays of structs, struct
# returns from cdef functions, copy semantics, pointers to structs.
from libc.math cimport sqrt

cdef struct Vec2:
    double x
    double y

cdef struct Box:
    Vec2 lo
    Vec2 hi

cdef struct Scene:
    int nboxes
    Box[3] boxes
    double[4] weights
    Vec2 origin

cdef struct Poly:
    int n
    Vec2[5] pts

cdef Vec2 vadd(Vec2 a, Vec2 b):
    cdef Vec2 r
    r.x = a.x + b.x
    r.y = a.y + b.y
    return r

cdef Vec2 vscale(Vec2 a, double k):
    return Vec2(a.x * k, a.y * k)

cdef Box make_box(double x0, double y0, double x1, double y1):
    cdef Box b
    b.lo = Vec2(x0, y0)
    b.hi.x = x1
    b.hi.y = y1
    return b

cdef double box_area(Box b):
    return (b.hi.x - b.lo.x) * (b.hi.y - b.lo.y)

def box(double x0, double y0, double x1, double y1):
    return make_box(x0, y0, x1, y1)

def area(Box b):
    return box_area(b)

def box_center(Box b):
    return vscale(vadd(b.lo, b.hi), 0.5)

def scene(int n):
    cdef Scene s
    cdef int i
    s.nboxes = n
    for i in range(3):
        s.boxes[i] = make_box(i, i, i + 1 + i, i + 2)
    for i in range(4):
        s.weights[i] = 0.25 * (i + 1)
    s.origin.x = -1
    s.origin.y = 1
    return s

def scene_total(Scene s):
    cdef double t = 0
    cdef int i
    for i in range(s.nboxes):
        t += box_area(s.boxes[i]) * s.weights[i]
    return t + s.origin.x + s.origin.y

def poly_perimeter(list xs, list ys):
    cdef Poly p
    cdef int i, j
    p.n = len(xs)
    for i in range(p.n):
        p.pts[i].x = xs[i]
        p.pts[i].y = ys[i]
    cdef double per = 0, dx, dy
    for i in range(p.n):
        j = (i + 1) % p.n
        dx = p.pts[j].x - p.pts[i].x
        dy = p.pts[j].y - p.pts[i].y
        per += sqrt(dx * dx + dy * dy)
    return per

def poly_roundtrip(Poly p):
    cdef int i
    for i in range(p.n):
        p.pts[i].x += 1
    return p

def copy_is_deep(double v):
    # assigning a struct copies its array fields too
    cdef Scene a
    cdef Scene b
    cdef int i
    for i in range(4):
        a.weights[i] = v
    a.boxes[0] = make_box(0, 0, v, v)
    a.nboxes = 1
    a.origin = Vec2(0, 0)
    b = a
    b.weights[0] = -1
    b.boxes[0].hi.x = 100
    return (a.weights[0], b.weights[0], a.boxes[0].hi.x, b.boxes[0].hi.x)

def pass_by_value(double v):
    cdef Box b = make_box(0, 0, v, v)
    cdef Box c = b
    c.lo.x = 5
    return (box_area(b), box_area(c), b.lo.x)

cdef void shift(Box* b, double d):
    b.lo.x += d
    b.hi.x += d
    b[0].lo.y += d
    b[0].hi.y = b[0].hi.y + d

def shifted(Box b, double d):
    shift(&b, d)
    return b

cdef void shift_all(Box* bs, int n, double d):
    cdef int i
    for i in range(n):
        shift(&bs[i], d)
        shift(bs + i, d)

def shift_many(double d):
    cdef Box[3] bs
    cdef int i
    for i in range(3):
        bs[i] = make_box(i, 0, i + 1, 1)
    shift_all(bs, 3, d)
    return [bs[i].lo.x for i in range(3)] + [bs[i].hi.y for i in range(3)]

def ptr_field_chain(double v):
    cdef Scene s
    cdef Scene* ps = &s
    cdef Box* pb = &ps.boxes[1]
    cdef Vec2* pv = &pb.hi
    s.nboxes = 2
    pv.x = v
    pv[0].y = v * 2
    ps.boxes[1].lo = Vec2(1, 1)
    return (s.boxes[1].hi.x, s.boxes[1].hi.y, box_area(s.boxes[1]))

def struct_in_dict(double x):
    cdef Box b = make_box(x, x, x + 1, x + 2)
    return {'box': b, 'center': vscale(vadd(b.lo, b.hi), 0.5)}

cpdef Vec2 cp_add(Vec2 a, Vec2 b):
    return vadd(a, b)

def struct_kw(double a, double b):
    cdef Box bx = Box(hi=Vec2(a, b), lo=Vec2(y=0, x=0))
    return bx

def swap_boxes(Box a, Box b):
    a, b = b, a
    return (a, b)
