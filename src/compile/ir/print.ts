// A readable text form of the IR, for debugging (`CYPYX_DUMP_IR=1`), tests and annotate.
import type { Expr, IRFunction, ModuleIR, Stmt } from './ir.js';
import { typeName } from './types.js';

export function printModule(mod: ModuleIR): string {
  const out: string[] = [`module ${mod.name}  (state ${mod.stateSize} bytes)`];
  for (const g of mod.globals) out.push(`global ${g.name}: ${typeName(g.type)} @${g.offset} = ${String(g.init)}`);
  for (const f of [...mod.functions, mod.init]) out.push(printFunction(f));
  return out.join('\n');
}

export function printFunction(f: IRFunction): string {
  const names = (id: number) => f.locals[id]?.name ?? `%${id}`;
  const params = f.params.map((p) => `${p.name}: ${typeName(p.type)}`).join(', ');
  const head = `${f.flavor} ${f.name}(${params}) -> ${typeName(f.ret)}  [${f.tier}${f.genericReason ? ': ' + f.genericReason : ''}${f.mayRaise ? ', may raise' : ''}]`;
  const lines: string[] = [head];
  const ex = (e: Expr): string => {
    switch (e.kind) {
      case 'const':
        return typeof e.value === 'string' ? JSON.stringify(e.value) : `${String(e.value)}:${typeName(e.type)}`;
      case 'local':
        return names(e.id);
      case 'global':
        return `@${e.name}`;
      case 'bin':
        return `${e.op}.${typeName(e.type)}(${ex(e.a)}, ${ex(e.b)})`;
      case 'cmp':
        return `${e.op}(${ex(e.a)}, ${ex(e.b)})`;
      case 'neg':
      case 'bitnot':
      case 'not':
        return `${e.kind}(${ex(e.a)})`;
      case 'cast':
        return `<${typeName(e.type)}>(${ex(e.a)})`;
      case 'and':
      case 'or':
        return `(${ex(e.a)} ${e.kind} ${ex(e.b)})`;
      case 'cond':
        return `(${ex(e.cond)} ? ${ex(e.a)} : ${ex(e.b)})`;
      case 'letIn':
        return `let ${names(e.id)} = ${ex(e.value)} in ${ex(e.body)}`;
      case 'check':
        return `check(${ex(e.ok)}, ${e.exc}) ${ex(e.value)}`;
      case 'call':
        return `call ${e.fn}(${e.args.map(ex).join(', ')})`;
      case 'math':
        return `${e.fn}(${e.args.map(ex).join(', ')})`;
      case 'mvShape':
        return `${ex(e.view)}.shape[${e.dim}]`;
      case 'mvStride':
        return `${ex(e.view)}.stride[${e.dim}]`;
      case 'mvLoad':
        return `${ex(e.view)}[@${ex(e.offset)}]`;
      case 'mvMake':
        return `view(${ex(e.base)} + ${ex(e.offset)}, shape=[${e.shape.map(ex).join(', ')}], strides=[${e.strides.map(ex).join(', ')}])`;
      case 'mvIsNone':
        return `isnone(${ex(e.view)})`;
      case 'mvNone':
        return 'None:view';
      case 'py':
        return `py.${e.op}(${e.args.map(ex).join(', ')})`;
      case 'box':
        return `box(${ex(e.a)})`;
      case 'unbox':
        return `unbox<${typeName(e.type)}>(${ex(e.a)})`;
      case 'pyGlobal':
        return `$${e.name}`;
      case 'closure':
        return `closure ${e.fn}`;
      case 'addrOf':
        return `&${names(e.id)}`;
      case 'globalAddr':
        return `&@${e.name}`;
      case 'load':
        return `*${e.align ? `<align ${e.align}>` : ''}(${ex(e.ptr)})`;
      case 'ptrAdd':
        return `(${ex(e.ptr)} +${typeName(e.type)} ${ex(e.index)})`;
      case 'fieldAddr':
        return `&(${ex(e.ptr)})->#${e.field}`;
      case 'mvAddr':
        return `&${ex(e.view)}[@${ex(e.offset)}]`;
      case 'ptrView':
        return `<${typeName(e.type)}>view(${ex(e.ptr)}, shape=[${e.shape.map(ex).join(', ')}])`;
      case 'fnRef':
        return `&fn ${e.fn}`;
      case 'callPtr':
        return `call *(${ex(e.fn)})(${e.args.map(ex).join(', ')})`;
      case 'libc':
        return `${e.fn}(${e.args.map(ex).join(', ')})`;
    }
  };
  const st = (s: Stmt, ind: string): void => {
    switch (s.kind) {
      case 'set':
        lines.push(`${ind}${names(s.id)} = ${ex(s.value)}`);
        return;
      case 'setGlobal':
        lines.push(`${ind}@${s.name} = ${ex(s.value)}`);
        return;
      case 'setPyGlobal':
        lines.push(`${ind}$${s.name} = ${ex(s.value)}`);
        return;
      case 'mvStore':
        lines.push(`${ind}${ex(s.view)}[@${ex(s.offset)}] = ${ex(s.value)}`);
        return;
      case 'store':
        lines.push(`${ind}*${s.align ? `<align ${s.align}>` : ''}(${ex(s.ptr)}) = ${ex(s.value)}`);
        return;
      case 'expr':
        lines.push(`${ind}${ex(s.value)}`);
        return;
      case 'if':
        lines.push(`${ind}if ${ex(s.cond)}:`);
        s.then.forEach((x) => st(x, ind + '  '));
        if (s.else.length) {
          lines.push(`${ind}else:`);
          s.else.forEach((x) => st(x, ind + '  '));
        }
        return;
      case 'loop':
        lines.push(`${ind}loop ${s.label}:`);
        s.body.forEach((x) => st(x, ind + '  '));
        if (s.update.length) {
          lines.push(`${ind}update ${s.label}:`);
          s.update.forEach((x) => st(x, ind + '  '));
        }
        return;
      case 'block':
        lines.push(`${ind}block ${s.label}:`);
        s.body.forEach((x) => st(x, ind + '  '));
        return;
      case 'break':
      case 'continue':
        lines.push(`${ind}${s.kind} ${s.label}`);
        return;
      case 'return':
        lines.push(`${ind}return${s.value ? ' ' + ex(s.value) : ''}`);
        return;
      case 'raise':
        lines.push(`${ind}raise ${s.exc}(${s.msg.kind === 'const' ? JSON.stringify(s.msg.text) : s.msg.kind === 'format' ? JSON.stringify(s.msg.template) + ' % (' + s.msg.args.map(ex).join(', ') + ')' : ex(s.msg.value)})`);
        return;
      case 'reraise':
        lines.push(`${ind}raise`);
        return;
      case 'pyRaise':
        lines.push(`${ind}raise ${ex(s.value)}`);
        return;
      case 'try':
        lines.push(`${ind}try:`);
        s.body.forEach((x) => st(x, ind + '  '));
        for (const h of s.handlers) {
          lines.push(`${ind}except ${h.types ? h.types.map(ex).join(', ') : ''}${h.bind !== null ? ' as ' + names(h.bind) : ''}:`);
          h.body.forEach((x) => st(x, ind + '  '));
        }
        if (s.orelse.length) {
          lines.push(`${ind}else:`);
          s.orelse.forEach((x) => st(x, ind + '  '));
        }
        if (s.finally.length) {
          lines.push(`${ind}finally:`);
          s.finally.forEach((x) => st(x, ind + '  '));
        }
        return;
      case 'print':
        lines.push(`${ind}print(${s.args.map(ex).join(', ')})`);
        return;
    }
  };
  f.body.forEach((s) => st(s, '  '));
  return lines.join('\n');
}
