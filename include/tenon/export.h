/*
 * tenon/export.h: how a provider plugin declares the functions it offers to
 * other plugins, in a header it shares with its consumers.
 *
 *     #define TENON_EXPORT_storage_put(X, ...) \
 *         X(__VA_ARGS__, "storage", int, (const char *, const char *))
 *     TENON_DECLARE_EXPORT(storage_put);
 *
 * The spec gives the provider's plugin name, the return type and the argument
 * types (types only, no parameter names; the spelling is the signature, as
 * for hooks). TENON_DECLARE_EXPORT(name) defines `name_fn`, the function
 * pointer type. The provider registers its implementation with
 * TENON_EXPORT(name, fn); a consumer obtains it with TENON_IMPORT (see
 * <tenon/plugin.h>), checked against the same declaration.
 */
#ifndef TENON_EXPORT_H
#define TENON_EXPORT_H

#include <tenon/abi.h>

/** The provider plugin named by an export's declaration, as a string literal. */
#define TENON_EXPORT_PROVIDER(name) TENON_EXPORT_##name(TENON__EXPORT_PROVIDER_X, name)
/** The signature string literal of a declared export, e.g. "int(const char *)". */
#define TENON_EXPORT_SIGNATURE(name) TENON_EXPORT_##name(TENON__EXPORT_SIGNATURE_X, name)

#define TENON__EXPORT_PROVIDER_X(name, provider, ret, args) provider
#define TENON__EXPORT_SIGNATURE_X(name, provider, ret, args) #ret #args

/** Defines `name_fn` from the export's spec macro TENON_EXPORT_<name>. */
#define TENON_DECLARE_EXPORT(name) TENON_EXPORT_##name(TENON__DECLARE_EXPORT_X, name)
#define TENON__DECLARE_EXPORT_X(name, provider, ret, args) typedef ret(*name##_fn) args

#endif /* TENON_EXPORT_H */
