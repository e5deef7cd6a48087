// cypyx native addon: a thin N-API layer over the LLVM 14 C API.
//
// It knows nothing about Cython. It parses LLVM IR text, optimizes it with the new pass
// manager for the host CPU, emits a relocatable object to memory, loads objects into one
// process-wide ORC LLJIT, and turns N-API callback symbols of the loaded code into JS
// functions. See src/native/addon.ts for the typed JS surface.
//
// Exports:
//   hostInfo()                      -> { triple, cpu, features, llvmVersion, libmvec, llvmOptions }
//   compile(irText, { optLevel, name }) -> Uint8Array (ELF relocatable object)
//   load(objectBytes, symbols)      -> { handle, fns: { [symbol]: Function } }
//   release(handle)                 -> undefined
//
// Error policy: C++ exceptions are disabled (node-addon-api's noexcept config). Every
// argument is validated before anything can throw; every LLVM error becomes exactly one
// pending JS Error carrying the LLVM diagnostic text, and the function returns at once.
//
// Threads: compile() uses its own LLVMContext per call and no shared mutable state except
// the once-initialized target/host info, so it may run in any worker thread. load() and
// release() use the process-wide JIT under a mutex; loading is meant for the thread that
// calls the functions (JS functions belong to the env that created them).

#include <napi.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Object.h>
#include <llvm-c/Support.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <llvm/Config/llvm-config.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------
// Process-wide LLVM initialization and host description (native state only, no JS state).

struct HostDesc {
  std::string triple;
  std::string cpu;
  std::string features;
  std::string initError;  // non-empty if the native target could not be initialized
  // glibc's vector math library, loaded into the process so that JIT'd fast-math code
  // can call its functions (_ZGVdN4v_exp, ...): node does not link it.
  bool libmvec = false;
};

// LLVM command-line options, set once per process before the first compile (they are
// process-wide; hostInfo() reports them, so cache keys cover them).
//   -enable-interleaved-mem-accesses=false: the loop vectorizer's interleave groups
//   (stride-2/3 accesses loaded wide and shuffled apart) made nbody's 5-iteration position
//   update a vector loop with alias checks that never pays off: 8-10% slower than gcc -O3
//   on that kernel, and 7 ms more to compile. Measured without them: the same time on
//   interleaved RGB-to-gray and complex-multiply loops (in cache and out).
const char* const kLLVMOptions[] = {"-enable-interleaved-mem-accesses=false"};

std::once_flag gInitOnce;
HostDesc gHost;

std::string TakeLLVMString(char* s) {
  std::string out = s ? s : "";
  if (s) LLVMDisposeMessage(s);
  return out;
}

// Disposes an optional LLVM message and clears the pointer, so a later call that leaves
// it untouched on success cannot lead to a second free.
void DisposeMessage(char*& msg) {
  if (msg) LLVMDisposeMessage(msg);
  msg = nullptr;
}

std::string TakeErrorMessage(LLVMErrorRef err) {
  char* msg = LLVMGetErrorMessage(err);  // consumes err
  std::string out = msg ? msg : "unknown LLVM error";
  if (msg) LLVMDisposeErrorMessage(msg);
  return out;
}

const HostDesc& Host() {
  std::call_once(gInitOnce, [] {
    if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter() ||
        LLVMInitializeNativeAsmParser()) {
      gHost.initError = "LLVM native target initialization failed";
    }
    gHost.triple = TakeLLVMString(LLVMGetDefaultTargetTriple());
    gHost.cpu = TakeLLVMString(LLVMGetHostCPUName());
    gHost.features = TakeLLVMString(LLVMGetHostCPUFeatures());
    gHost.libmvec = LLVMLoadLibraryPermanently("libmvec.so.1") == 0;
    std::vector<const char*> argv{"cypyx"};
    for (const char* o : kLLVMOptions) argv.push_back(o);
    LLVMParseCommandLineOptions(static_cast<int>(argv.size()), argv.data(), nullptr);
  });
  return gHost;
}

// ---------------------------------------------------------------------------------------
// JS helpers (never throw twice: callers return immediately after one of these).

Napi::Value ThrowError(Napi::Env env, const std::string& msg) {
  Napi::Error::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value ThrowTypeError(Napi::Env env, const std::string& msg) {
  Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

// ---------------------------------------------------------------------------------------
// compile

struct DiagCollector {
  std::string errors;
};

void CollectDiagnostic(LLVMDiagnosticInfoRef di, void* ctx) {
  auto* dc = static_cast<DiagCollector*>(ctx);
  if (LLVMGetDiagInfoSeverity(di) != LLVMDSError) return;  // warnings/remarks ignored
  std::string d = TakeLLVMString(LLVMGetDiagInfoDescription(di));
  if (!dc->errors.empty()) dc->errors += "\n";
  dc->errors += d;
}

// RAII owners so every early return disposes what was created.
struct ContextOwner {
  LLVMContextRef ctx = LLVMContextCreate();
  ~ContextOwner() { LLVMContextDispose(ctx); }
};
struct ModuleOwner {
  LLVMModuleRef mod = nullptr;
  ~ModuleOwner() { if (mod) LLVMDisposeModule(mod); }
};
struct TargetMachineOwner {
  LLVMTargetMachineRef tm = nullptr;
  ~TargetMachineOwner() { if (tm) LLVMDisposeTargetMachine(tm); }
};
struct PassOptionsOwner {
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  ~PassOptionsOwner() { LLVMDisposePassBuilderOptions(opts); }
};
struct MemoryBufferOwner {
  LLVMMemoryBufferRef buf = nullptr;
  ~MemoryBufferOwner() { if (buf) LLVMDisposeMemoryBuffer(buf); }
};

// Returns an empty string on success; otherwise the error text.
std::string CompileToObject(const std::string& ir, const std::string& name, int optLevel,
                            std::vector<uint8_t>& out) {
  const HostDesc& host = Host();
  if (!host.initError.empty()) return host.initError;

  ContextOwner context;
  DiagCollector diags;
  LLVMContextSetDiagnosticHandler(context.ctx, CollectDiagnostic, &diags);

  // std::string guarantees a NUL after size(), which the IR lexer relies on. The parser
  // takes ownership of (and disposes) the buffer object, not of the bytes.
  LLVMMemoryBufferRef irBuf =
      LLVMCreateMemoryBufferWithMemoryRange(ir.c_str(), ir.size(), name.c_str(), 1);
  ModuleOwner module;
  char* msg = nullptr;
  if (LLVMParseIRInContext(context.ctx, irBuf, &module.mod, &msg)) {
    module.mod = nullptr;
    std::string m = TakeLLVMString(msg);
    return "LLVM IR parse error: " + (m.empty() ? diags.errors : m);
  }
  DisposeMessage(msg);

  if (LLVMVerifyModule(module.mod, LLVMReturnStatusAction, &msg)) {
    return "LLVM IR verification failed (" + name + "): " + TakeLLVMString(msg);
  }
  DisposeMessage(msg);

  LLVMTargetRef target = nullptr;
  if (LLVMGetTargetFromTriple(host.triple.c_str(), &target, &msg)) {
    return "LLVM target lookup failed: " + TakeLLVMString(msg);
  }
  DisposeMessage(msg);

  static const LLVMCodeGenOptLevel kCodeGenLevel[4] = {
      LLVMCodeGenLevelNone, LLVMCodeGenLevelLess, LLVMCodeGenLevelDefault,
      LLVMCodeGenLevelAggressive};
  TargetMachineOwner tm;
  tm.tm = LLVMCreateTargetMachine(target, host.triple.c_str(), host.cpu.c_str(),
                                  host.features.c_str(), kCodeGenLevel[optLevel],
                                  LLVMRelocPIC, LLVMCodeModelDefault);
  if (!tm.tm) return "LLVM could not create a target machine for " + host.triple;

  LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm.tm);
  LLVMSetModuleDataLayout(module.mod, dl);
  LLVMDisposeTargetData(dl);
  LLVMSetTarget(module.mod, host.triple.c_str());

  PassOptionsOwner popts;
  LLVMPassBuilderOptionsSetLoopVectorization(popts.opts, optLevel >= 2);
  LLVMPassBuilderOptionsSetSLPVectorization(popts.opts, optLevel >= 2);
  LLVMPassBuilderOptionsSetLoopUnrolling(popts.opts, optLevel >= 1);
  LLVMPassBuilderOptionsSetLoopInterleaving(popts.opts, optLevel >= 2);
  const std::string pipeline = "default<O" + std::to_string(optLevel) + ">";
  if (LLVMErrorRef err = LLVMRunPasses(module.mod, pipeline.c_str(), tm.tm, popts.opts)) {
    return "LLVM optimization failed: " + TakeErrorMessage(err);
  }
  if (!diags.errors.empty()) return "LLVM optimization error: " + diags.errors;

  MemoryBufferOwner obj;
  if (LLVMTargetMachineEmitToMemoryBuffer(tm.tm, module.mod, LLVMObjectFile, &msg, &obj.buf)) {
    obj.buf = nullptr;
    return "LLVM code generation failed: " + TakeLLVMString(msg);
  }
  DisposeMessage(msg);
  if (!diags.errors.empty()) return "LLVM code generation error: " + diags.errors;

  const char* start = LLVMGetBufferStart(obj.buf);
  size_t size = LLVMGetBufferSize(obj.buf);
  out.assign(reinterpret_cast<const uint8_t*>(start),
             reinterpret_cast<const uint8_t*>(start) + size);
  return std::string();
}

Napi::Value Compile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    return ThrowTypeError(env, "compile(irText, options?): irText must be a string");
  }
  int optLevel = 2;
  std::string name = "cypyx_module";
  if (info.Length() >= 2 && !info[1].IsUndefined() && !info[1].IsNull()) {
    if (!info[1].IsObject()) {
      return ThrowTypeError(env, "compile(irText, options?): options must be an object");
    }
    Napi::Object opts = info[1].As<Napi::Object>();
    Napi::Value ol = opts.Get("optLevel");
    if (env.IsExceptionPending()) return env.Undefined();
    if (!ol.IsUndefined()) {
      double v = ol.IsNumber() ? ol.As<Napi::Number>().DoubleValue() : -1;
      if (!(v == 0 || v == 1 || v == 2 || v == 3)) {
        return ThrowTypeError(env, "compile: options.optLevel must be 0, 1, 2 or 3");
      }
      optLevel = static_cast<int>(v);
    }
    Napi::Value nm = opts.Get("name");
    if (env.IsExceptionPending()) return env.Undefined();
    if (!nm.IsUndefined()) {
      if (!nm.IsString()) return ThrowTypeError(env, "compile: options.name must be a string");
      name = nm.As<Napi::String>().Utf8Value();
    }
  }
  std::string ir = info[0].As<Napi::String>().Utf8Value();

  std::vector<uint8_t> bytes;
  std::string err = CompileToObject(ir, name, optLevel, bytes);
  if (!err.empty()) return ThrowError(env, err);

  Napi::Uint8Array result = Napi::Uint8Array::New(env, bytes.size());
  if (env.IsExceptionPending()) return env.Undefined();
  if (!bytes.empty()) std::memcpy(result.Data(), bytes.data(), bytes.size());
  return result;
}

// ---------------------------------------------------------------------------------------
// The process-wide JIT.
//
// Lifetime at exit: the LLJIT is created lazily and deliberately NEVER disposed. Disposing
// it while resource trackers are alive deadlocked in the prototype, and at process exit
// there is nothing to gain from tearing it down (the OS reclaims the memory; the default
// in-process LLJIT owns no threads). Instead, each env registers a cleanup hook that
// removes the trackers loaded by that env, so Worker threads that come and go do not leak
// code, and the main env's trackers are released before anything else happens to the JIT.

struct Loaded {
  LLVMOrcResourceTrackerRef rt;
  napi_env owner;
};

std::mutex gJitMutex;
LLVMOrcLLJITRef gJit = nullptr;
std::string gJitCreateError;
std::unordered_map<uint32_t, Loaded> gLoaded;
uint32_t gNextHandle = 1;
thread_local std::string tSessionError;

// ORC reports materialization failures here (by default it prints to stderr). Capture the
// text so the JS Error carries it; the lookup that triggered it fails as well.
void SessionErrorReporter(void*, LLVMErrorRef err) {
  std::string m = TakeErrorMessage(err);
  if (!tSessionError.empty()) tSessionError += "\n";
  tSessionError += m;
}

// Requires gJitMutex. Returns nullptr and sets gJitCreateError on failure.
LLVMOrcLLJITRef GetJit() {
  if (gJit || !gJitCreateError.empty()) return gJit;
  const HostDesc& host = Host();
  if (!host.initError.empty()) {
    gJitCreateError = host.initError;
    return nullptr;
  }
  LLVMOrcLLJITRef jit = nullptr;
  if (LLVMErrorRef err = LLVMOrcCreateLLJIT(&jit, nullptr)) {
    gJitCreateError = "LLVM could not create the JIT: " + TakeErrorMessage(err);
    return nullptr;
  }
  LLVMOrcExecutionSessionSetErrorReporter(LLVMOrcLLJITGetExecutionSession(jit),
                                          SessionErrorReporter, nullptr);
  LLVMOrcDefinitionGeneratorRef gen = nullptr;
  if (LLVMErrorRef err = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
          &gen, LLVMOrcLLJITGetGlobalPrefix(jit), nullptr, nullptr)) {
    gJitCreateError = "LLVM could not search the process for symbols: " + TakeErrorMessage(err);
    LLVMErrorRef e2 = LLVMOrcDisposeLLJIT(jit);  // no trackers exist yet: safe
    if (e2) LLVMConsumeError(e2);
    return nullptr;
  }
  LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(jit), gen);  // JD owns gen
  gJit = jit;
  return gJit;
}

// Requires gJitMutex. Removes and releases a tracker; returns an error text or "".
std::string RemoveTracker(LLVMOrcResourceTrackerRef rt) {
  std::string out;
  if (LLVMErrorRef err = LLVMOrcResourceTrackerRemove(rt)) out = TakeErrorMessage(err);
  LLVMOrcReleaseResourceTracker(rt);
  return out;
}

// Parses the object bytes (without the JIT) so that garbage is rejected before it reaches
// the linker, and collects the names of the symbols the object defines. A requested symbol
// must be defined by this very object: otherwise the JIT lookup would happily return a
// same-named symbol of another loaded module or of the process (e.g. `exp`).
std::string InspectObject(const uint8_t* data, size_t size,
                          std::unordered_set<std::string>& defined) {
  MemoryBufferOwner mb;
  mb.buf = LLVMCreateMemoryBufferWithMemoryRange(reinterpret_cast<const char*>(data), size,
                                                 "cypyx_object", 0);
  char* msg = nullptr;
  // No LLVMContext: it is only needed for bitcode, which is rejected here.
  LLVMBinaryRef bin = LLVMCreateBinary(mb.buf, nullptr, &msg);
  if (!bin) return "not an object file: " + TakeLLVMString(msg);
  DisposeMessage(msg);
  std::string err;
  LLVMBinaryType type = LLVMBinaryGetType(bin);
  if (type != LLVMBinaryTypeELF64L && type != LLVMBinaryTypeELF64B &&
      type != LLVMBinaryTypeELF32L && type != LLVMBinaryTypeELF32B &&
      type != LLVMBinaryTypeMachO64L && type != LLVMBinaryTypeMachO32L &&
      type != LLVMBinaryTypeCOFF) {
    err = "not a relocatable object file";
  } else {
    LLVMSymbolIteratorRef sym = LLVMObjectFileCopySymbolIterator(bin);
    LLVMSectionIteratorRef sect = LLVMObjectFileCopySectionIterator(bin);
    for (; !LLVMObjectFileIsSymbolIteratorAtEnd(bin, sym); LLVMMoveToNextSymbol(sym)) {
      LLVMMoveToContainingSection(sect, sym);
      if (LLVMObjectFileIsSectionIteratorAtEnd(bin, sect)) continue;  // undefined symbol
      const char* name = LLVMGetSymbolName(sym);
      if (name && *name) defined.insert(name);
    }
    LLVMDisposeSectionIterator(sect);
    LLVMDisposeSymbolIterator(sym);
  }
  LLVMDisposeBinary(bin);
  return err;
}

Napi::Value Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    return ThrowTypeError(env, "load(objectBytes, symbols): objectBytes must be a Uint8Array");
  }
  if (!info[1].IsArray()) {
    return ThrowTypeError(env, "load(objectBytes, symbols): symbols must be an array of strings");
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  Napi::Array symArr = info[1].As<Napi::Array>();
  std::vector<std::string> symbols;
  symbols.reserve(symArr.Length());
  for (uint32_t i = 0; i < symArr.Length(); i++) {
    Napi::Value s = symArr.Get(i);
    if (env.IsExceptionPending()) return env.Undefined();
    if (!s.IsString()) return ThrowTypeError(env, "load: every symbol must be a string");
    symbols.push_back(s.As<Napi::String>().Utf8Value());
    if (symbols.back().empty()) return ThrowTypeError(env, "load: empty symbol name");
  }
  if (bytes.ByteLength() == 0) return ThrowTypeError(env, "load: objectBytes is empty");
  {
    std::unordered_set<std::string> defined;
    std::string err = InspectObject(bytes.Data(), bytes.ByteLength(), defined);
    if (!err.empty()) return ThrowError(env, "load: " + err);
    for (const std::string& s : symbols) {
      // Mach-O prefixes C symbols with '_'; accept both spellings.
      if (!defined.count(s) && !defined.count("_" + s)) {
        return ThrowError(env, "load: symbol '" + s + "' is not defined by the object");
      }
    }
  }

  std::vector<napi_callback> addrs(symbols.size());
  uint32_t handle = 0;
  {
    std::lock_guard<std::mutex> lock(gJitMutex);
    LLVMOrcLLJITRef jit = GetJit();
    if (!jit) return ThrowError(env, gJitCreateError);

    LLVMOrcResourceTrackerRef rt =
        LLVMOrcJITDylibCreateResourceTracker(LLVMOrcLLJITGetMainJITDylib(jit));
    // The JIT takes ownership of the buffer (a copy: the JS bytes may be collected).
    LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(
        reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength(), "cypyx_object");
    tSessionError.clear();
    if (LLVMErrorRef err = LLVMOrcLLJITAddObjectFileWithRT(jit, rt, buf)) {
      std::string m = TakeErrorMessage(err);
      RemoveTracker(rt);
      return ThrowError(env, "LLVM could not add the object to the JIT: " + m);
    }
    for (size_t i = 0; i < symbols.size(); i++) {
      LLVMOrcExecutorAddress addr = 0;
      // The first lookup materializes (links) the whole object.
      if (LLVMErrorRef err = LLVMOrcLLJITLookup(jit, &addr, symbols[i].c_str())) {
        std::string m = TakeErrorMessage(err);
        if (!tSessionError.empty() && m.find(tSessionError) == std::string::npos) {
          m = tSessionError + "\n" + m;
        }
        tSessionError.clear();
        RemoveTracker(rt);
        return ThrowError(env, "LLVM JIT lookup of '" + symbols[i] + "' failed: " + m);
      }
      if (addr == 0) {
        RemoveTracker(rt);
        return ThrowError(env, "LLVM JIT lookup of '" + symbols[i] + "' returned address 0");
      }
      addrs[i] = reinterpret_cast<napi_callback>(static_cast<uintptr_t>(addr));
    }
    handle = gNextHandle++;
    gLoaded.emplace(handle, Loaded{rt, static_cast<napi_env>(env)});
  }

  Napi::Object fns = Napi::Object::New(env);
  for (size_t i = 0; i < symbols.size(); i++) {
    napi_value fn;
    napi_status st = napi_create_function(env, symbols[i].c_str(), symbols[i].size(), addrs[i],
                                          nullptr, &fn);
    if (st != napi_ok) {
      std::lock_guard<std::mutex> lock(gJitMutex);
      auto it = gLoaded.find(handle);
      if (it != gLoaded.end()) {
        RemoveTracker(it->second.rt);
        gLoaded.erase(it);
      }
      if (env.IsExceptionPending()) return env.Undefined();
      return ThrowError(env, "napi_create_function failed for '" + symbols[i] + "'");
    }
    fns.Set(symbols[i], Napi::Value(env, fn));
    if (env.IsExceptionPending()) return env.Undefined();
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("handle", Napi::Number::New(env, handle));
  result.Set("fns", fns);
  return result;
}

// release(handle): frees the code of one load(). The JS functions returned by that load()
// must not be called afterwards: their code is gone (a call crashes the process or runs
// whatever is mapped there). Keeping functions and their module alive is the caller's job.
Napi::Value Release(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) {
    return ThrowTypeError(env, "release(handle): handle must be a number");
  }
  double h = info[0].As<Napi::Number>().DoubleValue();
  if (!(h >= 1 && h <= 4294967295.0) || h != static_cast<double>(static_cast<uint32_t>(h))) {
    return ThrowTypeError(env, "release(handle): invalid handle");
  }
  std::string err;
  {
    std::lock_guard<std::mutex> lock(gJitMutex);
    auto it = gLoaded.find(static_cast<uint32_t>(h));
    if (it == gLoaded.end()) {
      err = "release: unknown or already released handle " + std::to_string(static_cast<uint32_t>(h));
    } else {
      std::string m = RemoveTracker(it->second.rt);
      gLoaded.erase(it);
      if (!m.empty()) err = "LLVM could not remove the loaded code: " + m;
    }
  }
  if (!err.empty()) return ThrowError(env, err);
  return env.Undefined();
}

// Env teardown (main thread exit or Worker termination): release what this env loaded.
void EnvCleanup(void* arg) {
  napi_env env = static_cast<napi_env>(arg);
  std::lock_guard<std::mutex> lock(gJitMutex);
  for (auto it = gLoaded.begin(); it != gLoaded.end();) {
    if (it->second.owner == env) {
      RemoveTracker(it->second.rt);
      it = gLoaded.erase(it);
    } else {
      ++it;
    }
  }
}

Napi::Value HostInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const HostDesc& host = Host();
  Napi::Object o = Napi::Object::New(env);
  o.Set("triple", host.triple);
  o.Set("cpu", host.cpu);
  o.Set("features", host.features);
  o.Set("llvmVersion", LLVM_VERSION_STRING);
  o.Set("libmvec", host.libmvec);
  std::string opts;
  for (const char* x : kLLVMOptions) opts += (opts.empty() ? "" : " ") + std::string(x);
  o.Set("llvmOptions", opts);
  return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  napi_add_env_cleanup_hook(env, EnvCleanup, static_cast<napi_env>(env));
  exports.Set("hostInfo", Napi::Function::New(env, HostInfo, "hostInfo"));
  exports.Set("compile", Napi::Function::New(env, Compile, "compile"));
  exports.Set("load", Napi::Function::New(env, Load, "load"));
  exports.Set("release", Napi::Function::New(env, Release, "release"));
  return exports;
}

}  // namespace

NODE_API_MODULE(cypyx_native, Init)
