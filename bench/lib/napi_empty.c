/* The N-API floor: a function that reads no arguments and returns undefined.
 * Built by bench/boundary.mjs: gcc -O3 -shared -fPIC -I/usr/include/node napi_empty.c -o empty.node */
#include <node_api.h>

static napi_value empty(napi_env env, napi_callback_info info) {
    (void)env;
    (void)info;
    return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
    napi_value fn;
    napi_create_function(env, "empty", NAPI_AUTO_LENGTH, empty, NULL, &fn);
    napi_set_named_property(env, exports, "empty", fn);
    return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
