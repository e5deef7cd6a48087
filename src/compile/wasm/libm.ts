// libm functions written in wasm, for functions that were JS imports (a call out of
// wasm per element in a hot loop: `exp` made a sigmoid kernel 3-4× slower than native).
//
// They must not change a result: cypyx's wasm code called `Math.exp`, and V8's Math.exp
// is fdlibm's __ieee754_exp (V8's src/base/ieee754.cc: the same argument reduction,
// polynomial and scaling, plus exp(1) = e exactly). The function below is that algorithm
// step for step in IEEE double arithmetic (no fused multiply-add, no reassociation), so
// it gives Math.exp's bits for every input (test/wasm/libm.test.ts compares them over
// millions of inputs and every special case). Like Math.exp, it can differ from glibc's
// exp (the native back end) in the last bit for a few inputs.
import type binaryenNS from 'binaryen';

type B = typeof binaryenNS;
type X = number;

/** The internal wasm function computing exp(x) as V8's Math.exp does; added once. */
export function addExp(b: B, m: binaryenNS.Module, name: string): void {
  const f64 = b.f64;
  const i32 = b.i32;
  // locals: 0 x (parameter, reduced in place); 1 hx; 2 sign; 3 k; 4 hi; 5 lo; 6 t; 7 c; 8 y; 9 2^k
  const X0 = 0;
  const HX = 1;
  const SGN = 2;
  const K = 3;
  const HI = 4;
  const LO = 5;
  const T = 6;
  const C = 7;
  const Y = 8;
  const P2K = 9;
  const x = () => m.local.get(X0, f64);
  const g = (i: number, t = f64) => m.local.get(i, t);
  const c = (v: number) => m.f64.const(v);
  const ic = (v: number) => m.i32.const(v);
  const ret = (v: X) => m.return(v);
  // a double from its high word (low word zero)
  const fromHigh = (hi: X) => m.f64.reinterpret(m.i64.shl(m.i64.extend_u(hi), m.i64.const(32n)));
  const ln2Hi = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
  const ln2Lo = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
  const body: X[] = [
    // hx = high word of |x|, sign = its sign bit
    m.local.set(HX, m.i32.wrap(m.i64.shr_u(m.i64.reinterpret(x()), m.i64.const(32n)))),
    m.local.set(SGN, m.i32.shr_u(g(HX, i32), ic(31))),
    m.local.set(HX, m.i32.and(g(HX, i32), ic(0x7fffffff))),
    // |x| >= 709.78...: NaN, ±inf, overflow, underflow
    m.if(
      m.i32.ge_u(g(HX, i32), ic(0x40862e42)),
      m.block(null, [
        m.if(
          m.i32.ge_u(g(HX, i32), ic(0x7ff00000)),
          m.block(null, [
            // NaN: x + x; exp(+inf) = inf; exp(-inf) = 0
            m.if(m.f64.ne(x(), x()), ret(m.f64.add(x(), x()))),
            ret(m.select(g(SGN, i32), c(0), x())),
          ]),
        ),
        m.if(m.f64.gt(x(), c(7.09782712893383973096e2)), ret(c(Infinity))),
        m.if(m.f64.lt(x(), c(-7.45133219101941108420e2)), ret(c(0))),
      ]),
    ),
    // argument reduction: x = k ln2 + (hi - lo)
    m.if(
      m.i32.gt_u(g(HX, i32), ic(0x3fd62e42)),
      m.block(null, [
        m.if(
          m.i32.lt_u(g(HX, i32), ic(0x3ff0a2b2)),
          // 0.5 ln2 < |x| < 1.5 ln2: k = ±1 (exp(1) is e exactly, as in V8)
          m.block(null, [
            m.if(m.f64.eq(x(), c(1)), ret(c(2.718281828459045))),
            m.local.set(HI, m.f64.sub(x(), m.select(g(SGN, i32), c(-ln2Hi), c(ln2Hi)))),
            m.local.set(LO, m.select(g(SGN, i32), c(-ln2Lo), c(ln2Lo))),
            m.local.set(K, m.i32.sub(ic(1), m.i32.shl(g(SGN, i32), ic(1)))),
          ]),
          m.block(null, [
            // k = (int)(x / ln2 ± 0.5), truncated toward zero, and t = k as a double; |k| < 1100
            // here, so t + 1.5 * 2^52 is exact and its low 32 bits are k
            m.local.set(T, m.f64.trunc(m.f64.add(m.f64.mul(c(1.44269504088896338700), x()), m.select(g(SGN, i32), c(-0.5), c(0.5))))),
            m.local.set(K, m.i32.wrap(m.i64.reinterpret(m.f64.add(g(T), c(6755399441055744))))),
            m.local.set(HI, m.f64.sub(x(), m.f64.mul(g(T), c(ln2Hi)))),
            m.local.set(LO, m.f64.mul(g(T), c(ln2Lo))),
          ]),
        ),
        m.local.set(X0, m.f64.sub(g(HI), g(LO))),
      ]),
      // |x| < 2^-28: 1 + x (k stays 0 otherwise)
      m.if(m.i32.lt_u(g(HX, i32), ic(0x3e300000)), ret(m.f64.add(c(1), x()))),
    ),
    // x in [-0.5 ln2, 0.5 ln2]: the rational approximation
    m.local.set(T, m.f64.mul(x(), x())),
    m.local.set(
      P2K,
      m.if(
        m.i32.ge_s(g(K, i32), ic(-1021)),
        fromHigh(m.i32.add(ic(0x3ff00000), m.i32.shl(g(K, i32), ic(20)))),
        fromHigh(m.i32.add(ic(0x3ff00000), m.i32.shl(m.i32.add(g(K, i32), ic(1000)), ic(20)))),
      ),
    ),
    m.local.set(
      C,
      m.f64.sub(
        x(),
        m.f64.mul(
          g(T),
          m.f64.add(
            c(1.66666666666666019037e-1),
            m.f64.mul(
              g(T),
              m.f64.add(
                c(-2.77777777770155933842e-3),
                m.f64.mul(g(T), m.f64.add(c(6.61375632143793436117e-5), m.f64.mul(g(T), m.f64.add(c(-1.65339022054652515390e-6), m.f64.mul(g(T), c(4.13813679705723846039e-8)))))),
              ),
            ),
          ),
        ),
      ),
    ),
    m.if(m.i32.eqz(g(K, i32)), ret(m.f64.sub(c(1), m.f64.sub(m.f64.div(m.f64.mul(x(), g(C)), m.f64.sub(g(C), c(2))), x())))),
    m.local.set(Y, m.f64.sub(c(1), m.f64.sub(m.f64.sub(g(LO), m.f64.div(m.f64.mul(x(), g(C)), m.f64.sub(c(2), g(C)))), g(HI)))),
    m.if(
      m.i32.ge_s(g(K, i32), ic(-1021)),
      m.block(null, [
        // 2^1024 is not a double: y * 2 * 2^1023
        m.if(m.i32.eq(g(K, i32), ic(1024)), ret(m.f64.mul(m.f64.mul(g(Y), c(2)), c(8.988465674311579539e307)))),
        ret(m.f64.mul(g(Y), g(P2K))),
      ]),
    ),
    // subnormal results: y * 2^(k+1000) * 2^-1000
    ret(m.f64.mul(m.f64.mul(g(Y), g(P2K)), c(9.33263618503218878990e-302))),
  ];
  m.addFunction(name, b.createType([f64]), f64, [i32, i32, i32, f64, f64, f64, f64, f64, f64], m.block(null, body, b.unreachable));
}
